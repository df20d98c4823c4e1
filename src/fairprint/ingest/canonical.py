"""The canonical CSV / JSON-lines format: fairprint's own columns, one row per activity.

Why vectorised: this is the format for large logs (and the benchmark), so rows are never
handled one by one. The file is read as text columns (pyarrow's streaming CSV reader), and
each batch is typed and checked by one DuckDB query over Arrow; rows that fail a check go to
quarantine with their line and every reason. Columns are documented in docs/formats.md.

activity_id = hash of the ``activity_id`` column when given (request ids dedupe exactly),
else of every canonical field of the row: rows identical in every field are one activity.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from fairprint.activities import ACTIVITY_COLUMNS, ACTIVITY_SCHEMA, TOKEN_COLUMNS
from fairprint.errors import FormatError
from fairprint.ingest._batch import (
    DEFAULT_BATCH_ROWS,
    ID_SEPARATOR,
    ActivityBatch,
    QuarantinedRow,
    empty_batch,
)
from fairprint.ingest._io import iter_lines, open_binary, open_text

FORMAT = "canonical"
COUNT_COLUMNS = ("requests", *TOKEN_COLUMNS)
FLOAT_COLUMNS = ("duration_s", "measured_energy_kwh")
TIME_COLUMNS = ("started_at", "ended_at")
TEXT_COLUMNS = tuple(
    c for c in ACTIVITY_COLUMNS if c not in (*COUNT_COLUMNS, *FLOAT_COLUMNS, *TIME_COLUMNS)
)
CSV_BLOCK_BYTES = 4 << 20
"""Bytes per CSV block; single-threaded parsing so that malformed rows get line numbers.
Larger blocks save a little time per batch but cost memory: 16 MiB blocks doubled the
reader's peak (~0.8 GB), so a 10M-row import passed 1 GB (``bench/import.py``)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _normalise_sql(present: list[str], default_source: str) -> str:
    """One query that types every canonical column of ``raw`` and explains bad rows."""
    selects, reasons = [], []
    for name in ACTIVITY_COLUMNS:
        q = _quote(name)
        if name == "activity_id":
            continue
        if name not in present:
            default = {"requests": "1", "source": f"'{default_source}'"}.get(
                name, "0" if name in TOKEN_COLUMNS else "NULL"
            )
            selects.append(f"{default} AS {q}")
            continue
        if name in COUNT_COLUMNS:
            fallback = "1" if name == "requests" else "0"
            selects.append(f"coalesce(TRY_CAST(trim({q}) AS BIGINT), {fallback}) AS {q}")
            reasons.append(
                f"CASE WHEN trim({q}) <> '' AND coalesce(TRY_CAST(trim({q}) AS BIGINT), -1) < 0 "
                f"THEN '{name}: ' || {q} || ' is not a non-negative whole number' END"
            )
        elif name in FLOAT_COLUMNS:
            selects.append(f"TRY_CAST(trim({q}) AS DOUBLE) AS {q}")
            reasons.append(
                f"CASE WHEN trim({q}) <> '' AND coalesce(TRY_CAST(trim({q}) AS DOUBLE), -1) < 0 "
                f"THEN '{name}: ' || {q} || ' is not a non-negative number' END"
            )
        elif name in TIME_COLUMNS:
            selects.append(f"TRY_CAST(trim({q}) AS TIMESTAMPTZ) AS {q}")
            reasons.append(
                f"CASE WHEN trim({q}) <> '' AND TRY_CAST(trim({q}) AS TIMESTAMPTZ) IS NULL "
                f"THEN '{name}: ' || {q} || ' is not an ISO 8601 time' END"
            )
        elif name == "source":
            selects.append(f"coalesce(nullif(trim({q}), ''), '{default_source}') AS {q}")
        else:
            selects.append(f"nullif(trim({q}), '') AS {q}")
    reason = f"concat_ws('; ', {', '.join(reasons)})" if reasons else "''"
    return (
        f"SELECT {_id_sql(present)} AS activity_id, "
        f"{', '.join(selects)}, {reason} AS __reason, __line FROM raw"
    )


def _id_sql(present: list[str]) -> str:
    """The activity id expression: md5 of the given id, else of every canonical field."""
    key = "nullif(trim(activity_id), '')" if "activity_id" in present else "NULL"
    fields = f" || '{ID_SEPARATOR}' || ".join(
        f"coalesce(CAST({_quote(c)} AS VARCHAR), '')" if c in present else "''"
        for c in ACTIVITY_COLUMNS
        if c != "activity_id"
    )
    return f"md5('{FORMAT}{ID_SEPARATOR}' || coalesce({key}, 'row{ID_SEPARATOR}' || {fields}))"


class _Normaliser:
    """Types text batches through a private in-memory DuckDB connection."""

    def __init__(self, file: str, columns: list[str], default_source: str) -> None:
        self.file = file
        self.present = [c for c in columns if c in ACTIVITY_COLUMNS]
        if "model" not in self.present and "measured_energy_kwh" not in self.present:
            raise FormatError(
                f"{file}: a canonical file needs a 'model' column (or 'measured_energy_kwh' "
                f"for metered compute); columns found: {', '.join(columns)}"
            )
        self.columns = columns
        self.connection = duckdb.connect()
        self.connection.execute("SET TimeZone = 'UTC'")
        self.default_source = default_source
        self.sql = _normalise_sql(self.present, default_source)
        self.id_sql = f"SELECT {_id_sql(self.present)} AS activity_id FROM raw"

    def _query(self, raw: pa.Table, sql: str) -> pa.Table:
        self.connection.register("raw", raw)
        try:
            return self.connection.sql(sql).to_arrow_table()
        finally:
            self.connection.unregister("raw")

    def _fast(self, raw: pa.Table) -> pa.RecordBatch | None:
        """The typed batch by plain Arrow casts, or None when any value needs the slow path.

        Gives the same values as the SQL path for clean data (which is most batches); any
        cast failure or negative number sends the batch through the SQL path, which finds
        and explains the bad rows.
        """
        n = raw.num_rows
        columns: list[pa.Array | pa.ChunkedArray] = []
        try:
            for field in ACTIVITY_SCHEMA:
                name = field.name
                if name == "activity_id":
                    columns.append(self._query(raw, self.id_sql).column(0))
                    continue
                if name not in self.present:
                    default = {"requests": 1, "source": self.default_source}.get(
                        name, 0 if name in TOKEN_COLUMNS else None
                    )
                    columns.append(pa.repeat(pa.scalar(default, field.type), n))
                    continue
                column = raw.column(name)
                if name in COUNT_COLUMNS or name in FLOAT_COLUMNS:
                    values = pc.cast(column, field.type)
                    low = pc.min(values).as_py()
                    if low is not None and low < 0:
                        return None
                    if name in COUNT_COLUMNS:
                        values = values.fill_null(1 if name == "requests" else 0)
                elif name in TIME_COLUMNS:
                    values = pc.cast(column, field.type)
                else:
                    trimmed = pc.utf8_trim(column, " ")
                    values = pc.if_else(pc.equal(trimmed, ""), None, trimmed)
                    if name == "source":
                        values = values.fill_null(self.default_source)
                columns.append(values)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        table = pa.Table.from_arrays(columns, schema=ACTIVITY_SCHEMA)
        return table.combine_chunks().to_batches()[0] if n else None

    def __call__(self, raw: pa.Table, texts: list[str] | None = None) -> ActivityBatch:
        """Typed activities of a text table; ``texts`` are the rows' raw lines, if known."""
        if raw.num_rows == 0:
            return ActivityBatch(empty_batch())
        fast = self._fast(raw)
        if fast is not None:
            return ActivityBatch(fast)
        typed = self._query(raw, self.sql)
        reasons = typed.column("__reason").to_numpy(zero_copy_only=False)
        bad = np.array([bool(r) for r in reasons], dtype=bool)
        quarantined = []
        if bad.any():
            positions = np.flatnonzero(bad)
            bad_rows = raw.take(pa.array(positions)).to_pylist()
            lines = typed.column("__line").to_numpy(zero_copy_only=False)[bad]
            for position, row, line, reason in zip(
                positions, bad_rows, lines, reasons[bad], strict=True
            ):
                text = texts[position] if texts else _raw_text(row, self.columns)
                quarantined.append(QuarantinedRow(self.file, int(line), text, reason))
            typed = typed.filter(pa.array(~bad))
        activities = typed.select(list(ACTIVITY_COLUMNS)).cast(ACTIVITY_SCHEMA)
        batches = activities.to_batches()
        batch = pa.concat_batches(batches) if batches else empty_batch()
        return ActivityBatch(batch, quarantined)


def _raw_text(row: dict[str, Any], columns: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        ["" if row.get(c) is None else row[c] for c in columns]
    )
    return out.getvalue()


def read_canonical_csv(path: Path, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[ActivityBatch]:
    """Stream a canonical CSV file (header row required; zstd/gzip accepted)."""
    path = Path(path)
    with open_text(path) as stream:
        header = next(csv.reader(stream), None)
    if not header:
        return
    columns = [h.strip() for h in header]
    normalise = _Normaliser(str(path), columns, "csv")
    malformed: list[QuarantinedRow] = []
    bad_lines: list[int] = []

    def on_invalid(row: Any) -> str:
        number = row.number if row.number is not None and row.number > 0 else None
        if number is not None:
            bad_lines.append(number)
        malformed.append(
            QuarantinedRow(
                str(path),
                number,
                row.text,
                f"{row.actual_columns} fields where the header has {row.expected_columns}",
            )
        )
        return "skip"

    reader = pacsv.open_csv(
        open_binary(path),
        read_options=pacsv.ReadOptions(
            column_names=columns, skip_rows=1, block_size=CSV_BLOCK_BYTES, use_threads=False
        ),
        parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=True
        ),
    )
    rows_before = 0
    with reader:
        for record_batch in reader:
            n = record_batch.num_rows
            lines = np.arange(rows_before + 2, rows_before + 2 + n, dtype=np.int64)
            for skipped in sorted(bad_lines):
                lines[lines >= skipped] += 1
            rows_before += n
            raw = pa.Table.from_batches([record_batch]).append_column("__line", pa.array(lines))
            batch = normalise(raw)
            batch.quarantined[:0], malformed[:] = malformed, []
            yield batch
    if malformed:
        yield ActivityBatch(empty_batch(), malformed)


def read_canonical_jsonl(
    path: Path, batch_rows: int = DEFAULT_BATCH_ROWS
) -> Iterator[ActivityBatch]:
    """Stream a canonical JSON-lines file: one object per line with the canonical keys."""
    path = Path(path)
    normalise = _Normaliser(str(path), list(ACTIVITY_COLUMNS), "jsonl")
    pending: list[dict[str, Any]] = []
    lines: list[int] = []
    texts: list[str] = []
    quarantined: list[QuarantinedRow] = []

    def flush() -> ActivityBatch:
        raw = pa.table(
            {
                **{c: pa.array([r.get(c) for r in pending], pa.string()) for c in ACTIVITY_COLUMNS},
                "__line": pa.array(lines, pa.int64()),
            }
        )
        batch = normalise(raw, texts)
        batch.quarantined[:0] = quarantined
        pending.clear()
        lines.clear()
        texts.clear()
        quarantined.clear()
        return batch

    for number, text in iter_lines(path):
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            reason = f"not valid JSON ({exc.msg})"
            quarantined.append(QuarantinedRow(str(path), number, text, reason))
            continue
        if not isinstance(record, dict):
            quarantined.append(QuarantinedRow(str(path), number, text, "not a JSON object"))
            continue
        pending.append({k: _as_text(v) for k, v in record.items()})
        lines.append(number)
        texts.append(text)
        if len(pending) >= batch_rows:
            yield flush()
    if pending or quarantined:
        yield flush()


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
