"""The documented canonical work-log CSV → work sessions, vectorised for large logs.

Header (any order; extra columns are ignored and never read):
``worker, country, task, started, submitted, pay, currency, status, content_category``
and optionally ``duration_s``. ``started``/``submitted`` are ISO 8601 (no offset = UTC);
``pay`` is the reward offered for the unit in ``currency`` (ISO 4217); ``status`` is one of
approved, submitted, rejected, returned, abandoned; ``country`` is ISO 3166 alpha-2 (empty:
``--country-default``). Why vectorised: this is the format for logs of millions of rows
(``bench/audit.py``); parsing runs in Arrow kernels and only bad rows go through Python.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from fairprint.audit.ingest._common import (
    IngestContext,
    file_label,
    redact,
)
from fairprint.audit.schema import (
    CANONICAL_CSV_COLUMNS,
    STATUSES,
    WORK_SESSION_SCHEMA,
    normalise_category,
)
from fairprint.errors import FormatError
from fairprint.rows import MAX_FLOAT, RowError, as_time, decode_utf8, open_binary

__all__ = ["SIGNATURE", "read_canonical"]

SIGNATURE = ("worker", "status", "pay")
_OPTIONAL = ("duration_s",)
_ID_FIELDS = ("worker", "task")
_TS = pa.timestamp("us", tz="UTC")
_BLOCK_BYTES = 1 << 20


def _header(path: Path) -> list[str]:
    with open_binary(path) as stream:
        first = stream.readline(1 << 20)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(f"{file_label(path)}: the header row is not UTF-8 text") from None
    return next(csv.reader([text]), [])


def _timestamps(values: pa.Array, name: str, bad: dict[int, str]) -> pa.Array:
    """Parse ISO 8601 in one cast when the batch is clean; row by row only when it is not."""
    for target in (_TS, pa.timestamp("us")):
        try:
            return pc.cast(pc.cast(values, target), _TS)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    parsed = []
    for index, text in enumerate(values.to_pylist()):
        try:
            parsed.append(as_time(text, name))
        except RowError as exc:
            bad.setdefault(index, str(exc))
            parsed.append(None)
    return pa.array(parsed, _TS)


def _numbers(values: pa.Array, name: str, bad: dict[int, str]) -> pa.Array:
    pattern = r"^\s*[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"
    ok = pc.or_kleene(pc.is_null(values), pc.match_substring_regex(values, pattern))
    if not pc.all(ok).as_py():
        for index in pc.indices_nonzero(pc.invert(ok)).to_pylist():
            bad.setdefault(
                index, f"{name}: {str(values[index].as_py())[:40]!r} is not a non-negative number"
            )
        values = pc.if_else(ok, values, pa.scalar(None, pa.string()))
    numbers = pc.cast(values, pa.float64())
    inside = pc.and_(pc.is_finite(numbers), pc.less_equal(numbers, MAX_FLOAT))
    outside = pc.invert(pc.fill_null(inside, True))
    if pc.any(outside).as_py():
        for index in pc.indices_nonzero(outside).to_pylist():
            bad.setdefault(
                index,
                f"{name}: {str(values[index].as_py())[:40]!r} must be a finite non-negative number",
            )
        numbers = pc.if_else(outside, pa.scalar(None, pa.float64()), numbers)
    return numbers


def _mark(mask: pa.Array, reason: str, bad: dict[int, str]) -> None:
    mask = pc.fill_null(mask, False)
    if pc.any(mask).as_py():
        for index in pc.indices_nonzero(mask).to_pylist():
            bad.setdefault(index, reason)


def _batch(
    batch: pa.RecordBatch, ctx: IngestContext, label: str, first_line: int
) -> pa.RecordBatch | None:
    text, bad = decode_utf8(pa.Table.from_batches([batch]))
    batch = text.combine_chunks().to_batches()[0] if text.num_rows else batch
    column = {name: batch.column(name) for name in batch.schema.names}
    n = batch.num_rows
    none = pa.nulls(n, pa.string())

    worker = pc.utf8_trim_whitespace(column["worker"])
    _mark(pc.or_kleene(pc.is_null(worker), pc.equal(worker, "")), "worker is empty", bad)

    status = pc.utf8_lower(pc.utf8_trim_whitespace(column["status"]))
    known = pc.is_in(status, value_set=pa.array(STATUSES))
    _mark(pc.invert(known), f"status is not one of {', '.join(STATUSES)}", bad)

    started = _timestamps(column["started"], "started", bad)
    submitted = _timestamps(column["submitted"], "submitted", bad)
    _mark(pc.less(submitted, started), "submitted time is before started time", bad)
    pay = _numbers(column["pay"], "pay", bad)
    duration = _numbers(column.get("duration_s", none), "duration_s", bad)
    span = pc.divide(pc.cast(pc.subtract(submitted, started), pa.int64()), 1e6)
    duration = pc.coalesce(duration, span)

    currency = pc.utf8_upper(pc.utf8_trim_whitespace(column["currency"]))
    if ctx.pay_currency:
        currency = pc.coalesce(currency, pa.scalar(ctx.pay_currency.upper()))
    _mark(
        pc.and_(pc.is_valid(pay), pc.is_null(currency)),
        "pay has no currency: fill the currency column or pass --pay-currency",
        bad,
    )
    _mark(
        pc.invert(pc.match_substring_regex(currency, r"^[A-Z]{3}$")),
        "currency is not an ISO 4217 code",
        bad,
    )

    country = pc.utf8_upper(pc.utf8_trim_whitespace(column["country"]))
    country = pc.if_else(pc.equal(country, ""), pa.scalar(None, pa.string()), country)
    if ctx.country_default:
        country = pc.coalesce(country, pa.scalar(ctx.country_default.upper()))
    _mark(
        pc.invert(pc.match_substring_regex(country, r"^[A-Z]{2}$")),
        "country is not an ISO 3166 alpha-2 code",
        bad,
    )

    categories = column["content_category"].dictionary_encode()
    mapped = pa.array(
        [normalise_category(v) for v in categories.dictionary.to_pylist()], pa.string()
    )
    category = pc.take(mapped, categories.indices)

    task = pc.utf8_trim_whitespace(column["task"])
    task = pc.if_else(pc.equal(task, ""), pa.scalar(None, pa.string()), task)

    if bad:
        for index in sorted(bad):
            raw = {name: column[name][index].as_py() for name in batch.schema.names}
            ctx.reject(label, first_line + index, bad[index], redact(raw, _ID_FIELDS))
        keep = pa.array([i not in bad for i in range(n)])
        worker, task, country, started, submitted, duration, pay, currency, status, category = (
            pc.filter(a, keep)
            for a in (
                worker,
                task,
                country,
                started,
                submitted,
                duration,
                pay,
                currency,
                status,
                category,
            )
        )
    if len(worker) == 0:
        return None
    pseudo = ctx.pseudonymiser
    worker_id = pseudo.pseudonymise_array(worker, "worker")
    task_id = pseudo.pseudonymise_array(pc.fill_null(task, ""), "task")
    session_id = pc.binary_join_element_wise(
        worker_id,
        task_id,
        pc.cast(pc.cast(started, pa.int64()), pa.string()),
        "~",
        null_handling="replace",
        null_replacement="",
    )
    return pa.RecordBatch.from_arrays(
        [
            session_id,
            pa.array(["csv"] * len(worker_id), pa.string()),
            worker_id,
            country,
            pc.if_else(pc.is_null(task), pa.scalar(None, pa.string()), task_id),
            started,
            submitted,
            duration,
            pay,
            currency,
            status,
            category,
        ],
        schema=WORK_SESSION_SCHEMA,
    )


def read_canonical(path: Path, ctx: IngestContext) -> Iterator[pa.RecordBatch]:
    """Stream the canonical CSV in Arrow blocks (bounded memory) as work-session batches."""
    label = file_label(path)
    header = _header(path)
    missing = [c for c in CANONICAL_CSV_COLUMNS if c not in header]
    if missing:
        raise FormatError(
            f"{label}: missing column(s) {', '.join(missing)}; the canonical CSV needs "
            f"{', '.join(CANONICAL_CSV_COLUMNS)} (see docs/audit.md)"
        )
    columns = [c for c in (*CANONICAL_CSV_COLUMNS, *_OPTIONAL) if c in header]

    def on_invalid(row: Any) -> str:
        ctx.rows_read += 1
        reason = f"{row.actual_columns} fields where the header has {row.expected_columns}"
        ctx.reject(label, row.number or 0, reason, {})
        return "skip"

    reader = pacsv.open_csv(
        open_binary(path),
        read_options=pacsv.ReadOptions(block_size=_BLOCK_BYTES, use_threads=False),
        parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.binary() for c in columns},
            include_columns=columns,
            strings_can_be_null=True,
            null_values=[""],
        ),
    )
    line = 2
    for batch in _coalesce(reader, ctx.batch_rows):
        ctx.rows_read += batch.num_rows
        out = _batch(batch, ctx, label, line)
        line += batch.num_rows
        if out is not None:
            yield out


def _coalesce(blocks: Iterator[pa.RecordBatch], rows: int) -> Iterator[pa.RecordBatch]:
    """Join the reader's small blocks into batches of about ``rows`` rows.

    Why small blocks joined again: Arrow's streaming CSV reader reads many blocks ahead;
    with 8 MB blocks its memory pool peaked at ~320 MB on a 10M-row log, with 1 MB blocks
    at ~40 MB. Joining them keeps the per-batch Python work amortised.
    """
    pending: list[pa.RecordBatch] = []
    count = 0
    for block in blocks:
        pending.append(block)
        count += block.num_rows
        if count >= rows:
            yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]
            pending, count = [], 0
    if count:
        yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]
