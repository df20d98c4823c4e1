"""Fuzzing every importer: random bytes, JSON and CSV may only raise documented errors.

Documented means a ``FairprintError`` subclass (in practice ``FormatError``): anything else
would reach the user as a traceback. Importing into a real ledger, a file that fails must
leave the ledger exactly as it was. Example counts stay modest so that the suite stays fast.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairprint.activities import ACTIVITY_COLUMNS
from fairprint.audit import IngestContext, Pseudonymiser, read_work_log
from fairprint.audit.ingest import FORMATS as WORK_LOG_FORMATS
from fairprint.errors import FairprintError
from fairprint.ingest import FORMATS, read_activities
from fairprint.ledger import Ledger

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KEYS = [
    "resourceSpans", "resource", "scopeSpans", "spans", "attributes", "key", "value",
    "intValue", "stringValue", "doubleValue", "arrayValue", "kvlistValue", "values",
    "traceId", "spanId", "startTimeUnixNano", "endTimeUnixNano", "data", "results",
    "start_time", "end_time", "starting_at", "ending_at", "input_tokens", "output_tokens",
    "num_model_requests", "model", "cache_creation", "request_id", "startTime", "endTime",
    "usageDetails", "usage", "prompt_tokens", "completion_tokens", "id", "type",
    "annotations", "completed_by", "created_at", "lead_time", *ACTIVITY_COLUMNS,
]  # fmt: skip
"""Keys the importers look for, so that random documents reach past the first check."""

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["gen_ai.usage.input_tokens", "chat", "2026-01-01T00:00:00Z", "1e23"]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=5),
    ),
    max_leaves=25,
)
CELL = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["NaN", "inf", "-1", "1.5", "9223372036854775807", "2026-13-01", "\x1b[2J"]),
    st.integers(min_value=-(2**65), max_value=2**65).map(str),
)


def _csv_text(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


CSV_FILES = st.lists(
    st.sampled_from([*ACTIVITY_COLUMNS, "worker", "pay", "status", "WorkerId", "x"]),
    min_size=1,
    max_size=8,
    unique=True,
).flatmap(
    lambda header: st.lists(
        st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=6
    ).map(lambda rows: _csv_text(header, rows))
)
JSON_FILES = st.lists(JSON, min_size=1, max_size=3).map(
    lambda values: "\n".join(json.dumps(v) for v in values).encode()
)
ANY_FILE = st.one_of(st.binary(max_size=300), CSV_FILES, JSON_FILES)


def _read_usage(path: Path, format: str) -> None:
    try:
        for batch in read_activities(path, format):
            assert isinstance(batch.activities, pa.RecordBatch)
    except FairprintError:
        pass


def _read_work(path: Path, format: str) -> None:
    ctx = IngestContext(pseudonymiser=Pseudonymiser(b"fuzz-key-0123456789abcdef"))
    try:
        for batch in read_work_log(path, ctx, format):
            assert isinstance(batch, pa.RecordBatch)
    except FairprintError:
        pass


@FUZZ
@given(data=ANY_FILE)
def test_usage_importers_raise_only_documented_errors(data: bytes) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "log"
        path.write_bytes(data)
        for format in ("auto", *FORMATS):
            _read_usage(path, format)


@FUZZ
@given(data=ANY_FILE)
def test_work_log_importers_raise_only_documented_errors(data: bytes) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "log"
        path.write_bytes(data)
        for format in ("auto", *WORK_LOG_FORMATS):
            _read_work(path, format)


def _state(ledger: Ledger) -> tuple[Any, ...]:
    run = ledger.connection.execute
    return (
        run("SELECT count(*), coalesce(sum(input_tokens), 0) FROM activities").fetchone(),
        run("SELECT count(*) FROM imports").fetchone(),
        run("SELECT count(*) FROM quarantine").fetchone(),
    )


@settings(FUZZ, max_examples=15)
@given(data=ANY_FILE)
def test_a_failed_import_leaves_the_ledger_unchanged(data: bytes) -> None:
    with TemporaryDirectory() as folder:
        good = Path(folder) / "good.csv"
        good.write_text("activity_id,provider,model,input_tokens\na,acme,m,5\n")
        path = Path(folder) / "log"
        path.write_bytes(data)
        with Ledger(Path(folder) / "l.duckdb") as ledger:
            ledger.import_file(good, "csv")
            before = _state(ledger)
            try:
                ledger.import_file(path)
            except FairprintError:
                assert _state(ledger) == before
            else:
                assert _state(ledger)[1] != before[1]  # a successful import is recorded
