"""Bad rows are quarantined with file, line and reason, identifier fields redacted."""

from __future__ import annotations

import csv
import json

from fairprint.audit import AuditConfig, run_audit
from fairprint.audit.ingest._common import REDACTED
from fairprint.audit.store import save_audit
from fairprint.ledger import Ledger
from tests.audit.conftest import session, write_canonical


def test_bad_canonical_rows_are_quarantined_with_line_and_reason(tmp_path, key_file, registry):
    good = [session(f"w{n}", "08:00", "09:00") for n in range(5)]
    bad = [
        dict(session("SECRET-1", "08:00", "09:00"), pay="lots"),
        dict(session("SECRET-2", "08:00", "09:00"), status="paid-ish"),
        dict(session("SECRET-3", "10:00", "09:00")),
        dict(session("SECRET-4", "08:00", "09:00"), country="Kenya"),
        dict(session("", "08:00", "09:00")),
    ]
    log = write_canonical(tmp_path / "log.csv", [*good, *bad])
    result = run_audit([log], AuditConfig(key_file=key_file), registry)
    found = {q.line: q for q in result.quarantine}
    assert sorted(found) == [7, 8, 9, 10, 11]
    assert "pay" in found[7].reason and "not a non-negative number" in found[7].reason
    assert "status" in found[8].reason
    assert "before started" in found[9].reason
    assert "ISO 3166" in found[10].reason
    assert "worker is empty" in found[11].reason
    assert all(q.file == "log.csv" for q in result.quarantine)
    assert json.loads(found[7].raw)["worker"] == REDACTED
    assert "SECRET" not in str(result.quarantine)
    assert result.figures["audit"]["quarantine"]["rows"] == 5
    assert result.figures["population"]["workers"] == 5


def test_report_reasons_do_not_quote_cells(tmp_path, key_file, registry):
    rows = [session(f"w{n}", "08:00", "09:00") for n in range(5)]
    rows.append(dict(session("w9", "08:00", "09:00"), pay="call 555-0100"))
    log = write_canonical(tmp_path / "log.csv", rows)
    figures = run_audit([log], AuditConfig(key_file=key_file), registry).figures
    assert "555-0100" not in str(figures)


def test_mturk_rows_keep_no_task_text_in_quarantine(tmp_path, key_file, registry):
    path = tmp_path / "batch.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "AssignmentId",
                "WorkerId",
                "HITId",
                "AssignmentStatus",
                "AcceptTime",
                "SubmitTime",
                "WorkTimeInSeconds",
                "Reward",
                "Input.text",
            ]
        )
        writer.writerow(["A1", "RAWW1", "H1", "Unknown", "", "", "10", "$0.10", "private words"])
    config = AuditConfig(key_file=key_file)
    try:
        run_audit([path], config, registry)
    except Exception as exc:  # no usable session: an AuditError that names the quarantine
        assert "quarantine" in str(exc)
    from fairprint.audit.ingest import IngestContext, read_work_log
    from fairprint.audit.pseudonym import Pseudonymiser

    ctx = IngestContext(pseudonymiser=Pseudonymiser(b"x" * 32))
    assert list(read_work_log(path, ctx)) == []
    (row,) = ctx.quarantine
    assert row.line == 2 and "AssignmentStatus" in row.reason
    raw = json.loads(row.raw)
    assert "Input.text" not in raw and raw["WorkerId"] == REDACTED


def test_quarantine_is_stored_in_the_ledger_redacted(tmp_path, key_file, registry):
    rows = [session(f"w{n}", "08:00", "09:00") for n in range(5)]
    rows.append(dict(session("RAWBAD", "08:00", "09:00"), currency="dollars"))
    log = write_canonical(tmp_path / "log.csv", rows)
    result = run_audit([log], AuditConfig(key_file=key_file), registry)
    with Ledger(tmp_path / "l.duckdb") as ledger:
        save_audit(ledger, result)
        stored = ledger.connection.execute(
            "SELECT file, line, reason, raw FROM audit_quarantine"
        ).fetchall()
    assert len(stored) == 1
    assert stored[0][:2] == ("log.csv", 7)
    assert "ISO 4217" in stored[0][2]
    assert "RAWBAD" not in stored[0][3]
