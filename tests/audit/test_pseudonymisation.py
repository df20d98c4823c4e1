"""Pseudonymisation: raw ids appear nowhere in the ledger file, the report or the JSON."""

from __future__ import annotations

import os
import stat

import pytest

from fairprint.audit import AuditConfig, run_audit
from fairprint.audit.pseudonym import Pseudonymiser, load_or_create_key
from fairprint.audit.store import save_audit
from fairprint.errors import AuditError
from fairprint.ledger import Ledger
from fairprint.report.audit_html import render_audit_html
from tests.audit.conftest import session, write_canonical

RAW_IDS = [f"A1B2C3RAWWORKER{n:02d}" for n in range(6)]


def test_key_file_is_created_private_on_first_use(key_file):
    key = load_or_create_key(key_file)
    assert len(key) == 32
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_or_create_key(key_file) == key


def test_key_file_readable_by_others_is_refused(key_file):
    load_or_create_key(key_file)
    key_file.chmod(0o644)
    with pytest.raises(AuditError, match="chmod 600"):
        load_or_create_key(key_file)


def test_pseudonyms_are_stable_per_key_and_differ_across_keys():
    one, two = Pseudonymiser(b"k" * 32), Pseudonymiser(b"j" * 32)
    assert one.pseudonymise("W1") == one.pseudonymise("W1")
    assert one.pseudonymise("W1") != two.pseudonymise("W1")
    assert "W1" not in one.pseudonymise("W1")
    assert "k" * 32 not in repr(one)


def test_raw_ids_appear_nowhere_in_ledger_bytes_report_or_json(tmp_path, key_file, registry):
    rows = [
        dict(session("x", "08:00", "09:00", task=f"TASKRAW{n}"), worker=w)
        for n, w in enumerate(RAW_IDS)
    ]
    bad = dict(session("x", "08:00", "09:00"), worker="A1B2C3RAWBADROW", status="lost")
    log = write_canonical(tmp_path / "log.csv", [*rows, bad])
    result = run_audit([log], AuditConfig(key_file=key_file), registry)
    assert result.figures["audit"]["quarantine"]["rows"] == 1
    ledger_path = tmp_path / "ledger.duckdb"
    with Ledger(ledger_path) as ledger:
        save_audit(ledger, result)
        ledger.connection.execute("CHECKPOINT")
    blobs = {
        "ledger": ledger_path.read_bytes(),
        "html": render_audit_html(result.figures).encode(),
        "json": str(result.figures).encode(),
        "quarantine": str(result.quarantine).encode(),
    }
    for name, blob in blobs.items():
        assert b"A1B2C3RAW" not in blob, name
        assert b"TASKRAW" not in blob, name


def test_pseudonym_is_the_standard_hmac_sha256():
    import hashlib
    import hmac

    key = b"0123456789abcdef0123456789abcdef"
    expected = hmac.new(key, b"worker\x00W1", hashlib.sha256).hexdigest()[:24]
    assert Pseudonymiser(key).pseudonymise("W1") == f"w_{expected}"
