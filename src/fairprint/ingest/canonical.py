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
from fairprint.ingest._io import iter_lines, open_binary
from fairprint.rows import MAX_COUNT, MAX_FLOAT, RowError, decode_utf8, loads

FORMAT = "canonical"
COUNT_COLUMNS = ("requests", *TOKEN_COLUMNS)
FLOAT_COLUMNS = ("duration_s", "measured_energy_kwh")
TIME_COLUMNS = ("started_at", "ended_at")
GIVEN_ID = "__given_id"
"""The trimmed ``activity_id`` text of a row (``NULL`` when absent), carried to the id query."""
CSV_BLOCK_BYTES = 4 << 20
"""Bytes per CSV block; single-threaded parsing so that malformed rows get line numbers.
Larger blocks save a little time per batch but cost memory: 16 MiB blocks doubled the
reader's peak (~0.8 GB), so a 10M-row import passed 1 GB (``bench/import.py``)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_checks(q: str, name: str) -> tuple[str, str]:
    """The typed value and the reason (or NULL) of a count cell: whole, 0 ≤ n ≤ MAX_COUNT."""
    fallback = "1" if name == "requests" else "0"
    as_double = f"TRY_CAST(trim({q}) AS DOUBLE)"
    ok = (
        f"({as_double} IS NOT NULL AND isfinite({as_double}) AND {as_double} = floor({as_double}) "
        f"AND {as_double} BETWEEN 0 AND {MAX_COUNT})"
    )
    value = f"CASE WHEN {ok} THEN CAST({as_double} AS BIGINT) ELSE {fallback} END AS {q}"
    reason = (
        f"CASE WHEN trim({q}) <> '' AND NOT {ok} THEN '{name}: ' || {q} || "
        f"' is not a whole number from 0 to {MAX_COUNT:.0e}' END"
    )
    return value, reason


def _float_checks(q: str, name: str) -> tuple[str, str]:
    """The typed value and the reason of a float cell: finite, 0 ≤ x ≤ MAX_FLOAT."""
    as_double = f"TRY_CAST(trim({q}) AS DOUBLE)"
    ok = (
        f"({as_double} IS NOT NULL AND isfinite({as_double}) "
        f"AND {as_double} BETWEEN 0 AND {MAX_FLOAT})"
    )
    value = f"CASE WHEN {ok} THEN {as_double} END AS {q}"
    reason = (
        f"CASE WHEN trim({q}) <> '' AND NOT {ok} THEN '{name}: ' || {q} || "
        f"' is not a finite number from 0 to {MAX_FLOAT:.0e}' END"
    )
    return value, reason


def _normalise_sql(present: list[str], default_source: str) -> str:
    """One query that types every canonical column of ``raw`` and explains bad rows."""
    selects, reasons = [], []
    for name in ACTIVITY_COLUMNS:
        q = _quote(name)
        if name == "activity_id":
            given = f"nullif(trim({q}), '')" if name in present else "NULL"
            selects.append(f"{given} AS {GIVEN_ID}")
            continue
        if name not in present:
            default = {"requests": "1", "source": f"'{default_source}'"}.get(
                name, "0" if name in TOKEN_COLUMNS else "NULL"
            )
            selects.append(f"{default} AS {q}")
            continue
        if name in COUNT_COLUMNS:
            value, reason = _count_checks(q, name)
            selects.append(value)
            reasons.append(reason)
        elif name in FLOAT_COLUMNS:
            value, reason = _float_checks(q, name)
            selects.append(value)
            reasons.append(reason)
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
    return f"SELECT {', '.join(selects)}, {reason} AS __reason, __line FROM raw"


def _text_of(name: str) -> str:
    """A typed column as the text its id is made of: one spelling per value.

    Times as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC, counts as plain integers, floats in
    DuckDB's shortest form, text trimmed: ``+00:00`` and ``Z``, ``0200`` and ``200`` give one id.
    """
    q = _quote(name)
    if name in TIME_COLUMNS:
        return f"coalesce(strftime(CAST({q} AS TIMESTAMPTZ), '%Y-%m-%dT%H:%M:%S.%fZ'), '')"
    return f"coalesce(CAST({q} AS VARCHAR), '')"


ID_SQL = (
    f"md5('{FORMAT}{ID_SEPARATOR}' || coalesce({GIVEN_ID}, 'row{ID_SEPARATOR}' || "
    + f" || '{ID_SEPARATOR}' || ".join(_text_of(c) for c in ACTIVITY_COLUMNS if c != "activity_id")
    + "))"
)
"""The activity id over *typed* values: md5 of the given id, else of every canonical field."""
GIVEN_ID_SQL = f"md5('{FORMAT}{ID_SEPARATOR}' || {GIVEN_ID})"
"""``ID_SQL`` for a batch whose rows all give their id (same result, less work)."""


class _Normaliser:
    """Types text batches through a private in-memory DuckDB connection."""

    def __init__(self, file: str, columns: list[str], default_source: str) -> None:
        self.file = file
        self.present = [c for c in columns if c in ACTIVITY_COLUMNS]
        if "model" not in self.present and "measured_energy_kwh" not in self.present:
            raise FormatError(
                f"{file}: a canonical file needs a 'model' column (or 'measured_energy_kwh' "
                f"for metered compute); columns found: {', '.join(columns)[:200]}"
            )
        self.columns = columns
        self.connection = duckdb.connect()
        self.connection.execute("SET TimeZone = 'UTC'")
        self.default_source = default_source
        self.sql = _normalise_sql(self.present, default_source)

    def _query(self, raw: pa.Table, sql: str) -> pa.Table:
        self.connection.register("raw", raw)
        try:
            return self.connection.sql(sql).to_arrow_table()
        finally:
            self.connection.unregister("raw")

    def _given_ids(self, raw: pa.Table) -> pa.Array | pa.ChunkedArray:
        if "activity_id" not in self.present:
            return pa.nulls(raw.num_rows, pa.string())
        trimmed = pc.utf8_trim(raw.column("activity_id"), " \t")
        return pc.if_else(pc.equal(trimmed, ""), None, trimmed)

    def _with_ids(self, typed: pa.Table) -> pa.Table:
        """``typed`` (with ``GIVEN_ID``) with its ``activity_id`` column computed.

        When every row gives its id (the usual large log), only the ids are hashed.
        """
        given_all = typed.column(GIVEN_ID).null_count == 0
        sql = GIVEN_ID_SQL if given_all else ID_SQL
        ids = self._query(typed, f"SELECT {sql} AS activity_id FROM raw").column(0)
        return typed.append_column("activity_id", ids)

    def _fast(self, raw: pa.Table) -> pa.Table | None:
        """The typed table by plain Arrow casts, or None when any value needs the slow path.

        Gives the same values as the SQL path for clean data (which is most batches); any
        cast failure or value outside the limits sends the batch through the SQL path,
        which finds and explains the bad rows.
        """
        n = raw.num_rows
        columns: dict[str, pa.Array | pa.ChunkedArray] = {}
        try:
            for field in ACTIVITY_SCHEMA:
                name = field.name
                if name == "activity_id":
                    columns[GIVEN_ID] = self._given_ids(raw)
                    continue
                if name not in self.present:
                    default = {"requests": 1, "source": self.default_source}.get(
                        name, 0 if name in TOKEN_COLUMNS else None
                    )
                    columns[name] = pa.repeat(pa.scalar(default, field.type), n)
                    continue
                column = raw.column(name)
                if name in COUNT_COLUMNS or name in FLOAT_COLUMNS:
                    values = pc.cast(column, field.type)
                    high = MAX_COUNT if name in COUNT_COLUMNS else MAX_FLOAT
                    low_high = pc.min_max(values).as_py()
                    if low_high["min"] is not None and (
                        low_high["min"] < 0 or low_high["max"] > high
                    ):
                        return None
                    if name in FLOAT_COLUMNS and not pc.all(pc.is_finite(values)).as_py():
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
                columns[name] = values
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        return pa.table(columns)

    def __call__(self, raw: pa.Table, texts: list[str] | None = None) -> ActivityBatch:
        """Typed activities of a text table; ``texts`` are the rows' raw lines, if known."""
        if raw.num_rows == 0:
            return ActivityBatch(empty_batch())
        quarantined: list[QuarantinedRow] = []
        typed = self._fast(raw)
        if typed is None:
            typed = self._query(raw, self.sql)
            reasons = typed.column("__reason").to_numpy(zero_copy_only=False)
            bad = np.array([bool(r) for r in reasons], dtype=bool)
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
        activities = self._with_ids(typed).select(list(ACTIVITY_COLUMNS)).cast(ACTIVITY_SCHEMA)
        batches = activities.combine_chunks().to_batches()
        batch = pa.concat_batches(batches) if batches else empty_batch()
        return ActivityBatch(batch, quarantined)


def _raw_text(row: dict[str, Any], columns: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        ["" if row.get(c) is None else row[c] for c in columns]
    )
    return out.getvalue()


def _header(path: Path) -> list[str] | None:
    """The header row's column names, read strictly (a bad header is the file's error)."""
    with open_binary(path) as stream:
        first = stream.readline(1 << 20)
    if not first.strip():
        return None
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(f"{path}: the header row is not UTF-8 text") from None
    return [h.strip() for h in next(csv.reader([text]), [])]


def _utf8_rows(raw: pa.Table, path: Path) -> tuple[pa.Table, list[QuarantinedRow]]:
    """``raw`` (binary cells) as text; rows with a cell that is not UTF-8 quarantined."""
    text, bad = decode_utf8(raw)
    if not bad:
        return text, []
    names = [n for n in text.column_names if n != "__line"]
    lines = text.column("__line").to_pylist()
    quarantined = []
    for i, reason in sorted(bad.items()):
        row = {n: text.column(n)[i].as_py() for n in names}
        quarantined.append(QuarantinedRow(str(path), lines[i], _raw_text(row, names), reason))
    keep = pa.array([i not in bad for i in range(text.num_rows)])
    return text.filter(keep), quarantined


def read_canonical_csv(path: Path, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[ActivityBatch]:
    """Stream a canonical CSV file (header row required; zstd/gzip accepted)."""
    path = Path(path)
    columns = _header(path)
    if not columns:
        return
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
            column_types=dict.fromkeys(columns, pa.binary()),
            strings_can_be_null=True,
            null_values=[""],
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
            binary = pa.Table.from_batches([record_batch]).append_column("__line", pa.array(lines))
            raw, not_text = _utf8_rows(binary, path)
            batch = normalise(raw)
            batch.quarantined[:0], malformed[:] = [*malformed, *not_text], []
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

    for number, text, error in iter_lines(path):
        if error is not None:
            quarantined.append(QuarantinedRow(str(path), number, text, error))
            continue
        try:
            record = loads(text)
        except RowError as exc:
            quarantined.append(QuarantinedRow(str(path), number, text, str(exc)))
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
