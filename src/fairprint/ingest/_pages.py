"""Walking usage-API exports: pages of time buckets, each bucket a list of results.

Both OpenAI and Anthropic usage APIs answer with pages ``{data: [bucket], has_more,
next_page}``; users save one page per file, one page per line, or a list of pages or
buckets. This flattens all of them to ``(line, path, bucket)``, and ``read_buckets`` turns
each result of each bucket into one activity row (a bad result is quarantined with its path).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fairprint.errors import FormatError
from fairprint.ingest._batch import ActivityBatch, RowBuilder, RowError, stream_rows
from fairprint.ingest._io import iter_json_records

ResultRow = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]
"""``(bucket, result) → canonical row``; raises ``RowError`` for a result it cannot read."""


def read_buckets(
    path: Path, batch_rows: int, bucket_keys: tuple[str, ...], what: str, result_row: ResultRow
) -> Iterator[ActivityBatch]:
    """Stream a usage export: one activity per bucket result, ``what`` naming the format."""

    def rows(path: Path, builder: RowBuilder) -> Iterator[ActivityBatch | None]:
        errors: list[tuple[int | None, str, str]] = []
        seen = 0
        for line, where, bucket in iter_buckets(path, bucket_keys, errors):
            seen += 1
            for i, result in enumerate(bucket["results"]):
                try:
                    if not isinstance(result, dict):
                        raise RowError("a result must be a JSON object")
                    row = result_row(bucket, result)
                except RowError as exc:
                    builder.quarantine(line, result, f"{where}.results[{i}]: {exc}")
                    continue
                yield builder.add(row)
        require_any(path, seen, errors, what)
        for line, raw, reason in errors:
            builder.quarantine(line, raw, reason)

    return stream_rows(path, batch_rows, rows)


def iter_buckets(
    path: Path, bucket_keys: tuple[str, ...], errors: list[tuple[int | None, str, str]]
) -> Iterator[tuple[int | None, str, dict[str, Any]]]:
    """Buckets of the file; values that are neither page nor bucket are appended to ``errors``.

    ``bucket_keys`` are the keys that make a dict a bucket (e.g. ``start_time``).
    """
    for line, value, error in iter_json_records(path):
        if error is not None:
            errors.append((line, str(value), error))
            continue
        yield from _walk(path, line, value, "$", bucket_keys, errors)


def _walk(
    path: Path,
    line: int | None,
    value: Any,
    where: str,
    bucket_keys: tuple[str, ...],
    errors: list[tuple[int | None, str, str]],
) -> Iterator[tuple[int | None, str, dict[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(path, line, item, f"{where}[{i}]", bucket_keys, errors)
    elif isinstance(value, dict) and isinstance(value.get("data"), list):
        for i, item in enumerate(value["data"]):
            yield from _walk(path, line, item, f"{where}.data[{i}]", bucket_keys, errors)
    elif isinstance(value, dict) and any(k in value for k in bucket_keys):
        if not isinstance(value.get("results"), list):
            errors.append((line, _short(value), f"{where}: bucket without a 'results' list"))
            return
        yield line, where, value
    else:
        errors.append((line, _short(value), f"{where}: neither a page nor a usage bucket"))


def _short(value: Any) -> str:
    import json

    return json.dumps(value, default=str)[:10_000]


def require_any(path: Path, seen: int, errors: list, what: str) -> None:
    """Raise when nothing at all in the file looked like the format (wrong --format)."""
    if seen == 0 and errors:
        raise FormatError(
            f"{path}: no {what} buckets found ({errors[0][2]}); "
            "check the file or pass another --format"
        )
