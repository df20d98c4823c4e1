"""Large logs stream in small blocks: results do not depend on where the blocks fall."""

from __future__ import annotations

import hashlib
import hmac

import pyarrow as pa
import pytest

from fairprint.audit import pseudonym
from fairprint.audit.ingest import IngestContext, canonical, read_work_log
from fairprint.audit.pseudonym import Pseudonymiser
from tests.audit.conftest import session, write_canonical


def _rows(count: int) -> list[dict]:
    rows = [
        session(f"w{n % 7}", f"{8 + n % 10:02d}:00", f"{8 + n % 10:02d}:30", task=f"t{n}")
        for n in range(count)
    ]
    rows[45] = dict(rows[45], pay="lots")
    rows[170] = dict(rows[170], status="paid-ish")
    return rows


def _read(path, batch_rows: int) -> tuple[pa.Table, list[int]]:
    ctx = IngestContext(Pseudonymiser(b"k" * 32), batch_rows=batch_rows)
    table = pa.Table.from_batches(list(read_work_log(path, ctx, "csv")))
    return table, [q.line for q in ctx.quarantine]


def test_small_blocks_give_the_same_sessions_and_quarantine_lines(tmp_path, monkeypatch):
    log = write_canonical(tmp_path / "log.csv", _rows(200))
    whole, whole_lines = _read(log, batch_rows=65_536)
    monkeypatch.setattr(canonical, "_BLOCK_BYTES", 512)  # a few rows per block
    pieces, piece_lines = _read(log, batch_rows=16)
    assert pieces.num_rows == whole.num_rows == 198
    assert pieces.equals(whole)
    assert whole_lines == piece_lines == [47, 172]


def test_array_pseudonyms_equal_the_keyed_hash_even_after_cache_eviction(monkeypatch):
    monkeypatch.setattr(pseudonym, "_CACHE_SIZE", 3)
    key = b"k" * 32
    pseudo = Pseudonymiser(key)
    values = pa.array(["a", "b", "a", "é", "", "c", "d", "b"])
    for _ in range(2):  # the second pass reads the (evicted, refilled) cache
        got = pseudo.pseudonymise_array(values, "task").to_pylist()
        expected = [
            "t_" + hmac.new(key, f"task\x00{v}".encode(), hashlib.sha256).hexdigest()[:24]
            for v in values.to_pylist()
        ]
        assert got == expected


@pytest.mark.parametrize("kind", ["worker", "session"])
def test_array_and_single_pseudonyms_agree(kind):
    pseudo = Pseudonymiser(b"x" * 40)
    values = pa.array([str(n % 13) for n in range(50)])
    assert pseudo.pseudonymise_array(values, kind).to_pylist() == [
        Pseudonymiser(b"x" * 40).pseudonymise(v, kind) for v in values.to_pylist()
    ]
