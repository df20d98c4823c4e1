"""The shared row layer: one reader, one parser set, one gate for usage and work logs."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pyarrow as pa
import pytest
import zstandard

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.audit import IngestContext, Pseudonymiser, read_work_log
from fairprint.audit.ingest import QuarantinedRow as AuditQuarantinedRow
from fairprint.errors import FormatError
from fairprint.ingest import QuarantinedRow as UsageQuarantinedRow
from fairprint.rows import (
    MAX_COUNT,
    CompressedFileError,
    QuarantinedRow,
    RowError,
    as_count,
    as_float,
    as_text,
    as_time,
    gate_activities,
    loads,
)
from tests.audit.conftest import session, write_canonical


def _ctx() -> IngestContext:
    return IngestContext(pseudonymiser=Pseudonymiser(b"test-key-0123456789abcdef"))


def _sessions(path: Path, ctx: IngestContext | None = None) -> int:
    return sum(b.num_rows for b in read_work_log(path, ctx or _ctx(), "csv"))


def test_usage_and_work_logs_share_one_quarantined_row_type() -> None:
    assert UsageQuarantinedRow is QuarantinedRow is AuditQuarantinedRow


@pytest.mark.parametrize("suffix", ["gz", "zst"])
def test_work_logs_may_be_compressed_like_usage_logs(tmp_path: Path, suffix: str) -> None:
    plain = write_canonical(
        tmp_path / "log.csv", [session("w1", "10:00", "10:30"), session("w2", "11:00", "11:05")]
    )
    data = plain.read_bytes()
    packed = tmp_path / f"log.csv.{suffix}"
    packed.write_bytes(gzip.compress(data) if suffix == "gz" else zstandard.compress(data))
    assert _sessions(packed) == _sessions(plain) == 2


@pytest.mark.parametrize("suffix", ["gz", "zst"])
def test_a_truncated_work_log_fails_like_a_truncated_usage_log(tmp_path: Path, suffix: str) -> None:
    rows = [session(f"w{i}", "10:00", "10:30") for i in range(3000)]
    data = write_canonical(tmp_path / "log.csv", rows).read_bytes()
    packed = gzip.compress(data) if suffix == "gz" else zstandard.compress(data)
    cut = tmp_path / f"log.csv.{suffix}"
    cut.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(CompressedFileError, match=rf"{cut.name}: the .* data is corrupt"):
        _sessions(cut)


def test_a_multi_frame_zstd_file_is_read_whole(tmp_path: Path) -> None:
    head = write_canonical(tmp_path / "a.csv", [session("w1", "10:00", "10:30")]).read_bytes()
    tail = b"w2,US,t1,2024-06-03T11:00:00Z,2024-06-03T11:30:00Z,6.0,USD,approved,\n"
    path = tmp_path / "log.csv.zst"
    path.write_bytes(zstandard.compress(head) + zstandard.compress(tail))
    assert _sessions(path) == 2


def test_one_bad_utf8_byte_in_a_work_log_quarantines_that_row(tmp_path: Path) -> None:
    path = write_canonical(
        tmp_path / "log.csv", [session("w1", "10:00", "10:30"), session("w2", "11:00", "11:30")]
    )
    path.write_bytes(path.read_bytes().replace(b"w2,", b"w\xff2,"))
    ctx = _ctx()
    assert _sessions(path, ctx) == 1
    assert [(q.line, q.reason) for q in ctx.quarantine] == [(3, "worker: not UTF-8 text (byte 2)")]


def test_one_bad_utf8_byte_in_an_mturk_row_quarantines_that_row(tmp_path: Path) -> None:
    header = "HITId,AssignmentId,WorkerId,AssignmentStatus,Reward,WorkTimeInSeconds\n"
    path = tmp_path / "Batch_1_batch_results.csv"
    path.write_bytes(
        header.encode() + b"H1,A1,W1,Approved,$0.05,60\n" + b"H2,A2,W\xe92,Approved,$0.05,60\n"
    )
    ctx = _ctx()
    ctx.pay_currency = "USD"
    assert sum(b.num_rows for b in read_work_log(path, ctx, "mturk")) == 1
    assert [q.line for q in ctx.quarantine] == [3]
    assert "not UTF-8" in ctx.quarantine[0].reason
    assert "W\ufffd2" not in ctx.quarantine[0].raw  # the worker id is still redacted


@pytest.mark.parametrize(
    "value", [1.5, "2.4", "NaN", float("nan"), float("inf"), 2**63, 1e20, "1e23", True, -1, [1]]
)
def test_as_count_refuses_what_is_not_a_whole_count_in_range(value: object) -> None:
    with pytest.raises(RowError):
        as_count(value, "input_tokens")


def test_as_count_accepts_the_whole_range_and_whole_floats() -> None:
    assert [as_count(v, "n") for v in (0, "0200", 2.0, "3.0", MAX_COUNT, None, "")] == [
        0,
        200,
        2,
        3,
        MAX_COUNT,
        0,
        0,
    ]
    with pytest.raises(RowError, match="above the limit"):
        as_count(MAX_COUNT + 1, "n")


@pytest.mark.parametrize("value", ["inf", "nan", "-1", float("inf"), "1e400", "x", True])
def test_as_float_refuses_non_finite_negative_or_not_numbers(value: object) -> None:
    with pytest.raises(RowError):
        as_float(value, "measured_energy_kwh")


def test_one_time_parser_reads_iso_unix_and_mturk_times() -> None:
    iso = as_time("2024-11-01T07:00:00Z", "t")
    assert as_time("2024-11-01T09:00:00+02:00", "t") == iso
    assert as_time("Fri Nov 01 00:00:00 PDT 2024", "t") == iso
    assert as_time(iso.timestamp() if iso else 0, "t") == iso
    for bad in ("noon", 1e300, float("nan"), "Fri Nov 01 00:00:00 XYZ 2024"):
        with pytest.raises(RowError):
            as_time(bad, "t")


def test_as_text_removes_terminal_escapes_and_control_characters() -> None:
    assert as_text("\x1b[2J\x1b[31mteam\x1b[0m\x07 a\x00") == "team a"
    assert as_text("  ") is None


def test_loads_limits_depth_without_a_recursion_error() -> None:
    assert loads("[" * 64 + "]" * 64) is not None
    for text in ("[" * 65 + "]" * 65, "[" * 100_000 + "]" * 100_000):
        with pytest.raises(RowError, match="nested deeper than 64"):
            loads(text)


def _batch(**values: object) -> pa.RecordBatch:
    row = {f.name: None for f in ACTIVITY_SCHEMA}
    row.update(activity_id="a", source="test", requests=1)
    row.update({name: 0 for name in ("input_tokens", "cached_input_tokens", "cache_write_tokens")})
    row.update(output_tokens=0, reasoning_tokens=0)
    row.update(values)
    return pa.RecordBatch.from_pylist([row], schema=ACTIVITY_SCHEMA)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("input_tokens", 2**62),
        ("requests", -1),
        ("measured_energy_kwh", math.inf),
        ("measured_energy_kwh", math.nan),
        ("duration_s", -0.5),
    ],
)
def test_the_gate_quarantines_values_outside_the_limits(column: str, value: object) -> None:
    kept, refused = gate_activities(_batch(**{column: value}), "f.csv")
    assert kept.num_rows == 0
    assert len(refused) == 1 and refused[0].reason.startswith(f"{column}: ")
    assert json.loads(refused[0].raw)["activity_id"] == "a"


def test_the_gate_cleans_text_and_keeps_good_rows() -> None:
    kept, refused = gate_activities(_batch(team="\x1b[31mred\x1b[0m", input_tokens=5), "f")
    assert refused == [] and kept.to_pylist()[0]["team"] == "red"


def test_an_unreadable_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError):
        _sessions(tmp_path / "missing.csv")


@pytest.mark.parametrize("team", ["a\x85b", "a\x7fb", "a\x00b", "a\x1b[1mb"])
def test_the_gate_finds_every_kind_of_control_character(team: str) -> None:
    kept, _ = gate_activities(_batch(team=team), "f")
    assert kept.to_pylist()[0]["team"] == "ab"


def test_the_gate_leaves_ordinary_non_ascii_text_alone() -> None:
    kept, _ = gate_activities(_batch(team="équipe Ω 数据 ¡"), "f")
    assert kept.to_pylist()[0]["team"] == "équipe Ω 数据 ¡"


@pytest.mark.parametrize("pay", ["1e400", "1e300"])
def test_a_work_log_pay_that_is_not_finite_or_too_large_is_quarantined(
    tmp_path: Path, pay: str
) -> None:
    path = write_canonical(
        tmp_path / "log.csv",
        [session("w1", "10:00", "10:30"), {**session("w2", "11:00", "11:30"), "pay": pay}],
    )
    ctx = _ctx()
    assert _sessions(path, ctx) == 1
    assert [q.line for q in ctx.quarantine] == [3]
    assert "finite non-negative" in ctx.quarantine[0].reason
