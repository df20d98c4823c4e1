"""Reading usage-log files: the shared row layer's reader, plus JSON lines or one document.

Why here: every usage importer reads JSON the same way, and bounded memory depends on it —
JSON lines are parsed one line at a time; a single JSON document (an API page saved to a
file) is parsed whole, which is fine because one page is small. Decompression, UTF-8 and
depth limits are the row layer's (``fairprint.rows``), shared with the work-log importers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fairprint.errors import FormatError
from fairprint.rows import RowError, iter_lines, loads, open_binary, open_text, read_head

__all__ = ["iter_json_records", "iter_lines", "open_binary", "open_text", "read_head"]


def iter_json_records(path: Path) -> Iterator[tuple[int | None, Any, str | None]]:
    """JSON values of a file: one per line (JSON lines), or one whole document.

    Yields ``(line, value, error)``; a line that is not JSON (or not UTF-8, or nested too
    deep) yields its text as ``value`` and the reason, so the importer can quarantine it.
    A file whose first line is not a complete JSON value is read as one document (a
    pretty-printed API page) unless its second line is one (JSON lines with a broken
    first line); if the document fails too, ``FormatError`` names the file.
    """
    lines = iter_lines(path)
    first = next(lines, None)
    if first is None:
        return
    number, text, error = first
    whole = False
    if error is None:
        try:
            loads(text)
        except RowError as exc:
            whole = "nested deeper" not in str(exc)
    if whole:
        second = next(lines, None)
        lines.close()
        if second is None or not _parses(second[1]):
            yield 1, _document(path), None
            return
        lines = iter_lines(path)  # JSON lines after all: only the first is broken
        next(lines, None)
    for number, text, error in _chain(first, lines):
        if error is not None:
            yield number, text, error
            continue
        try:
            yield number, loads(text), None
        except RowError as exc:
            yield number, text, str(exc)


def _parses(text: str) -> bool:
    try:
        loads(text)
    except RowError:
        return False
    return True


def _chain(
    first: tuple[int, str, str | None], rest: Iterator[tuple[int, str, str | None]]
) -> Iterator[tuple[int, str, str | None]]:
    yield first
    yield from rest


def _document(path: Path) -> Any:
    with open_binary(path) as stream:
        data = stream.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return loads(data)
    except RowError as exc:
        raise FormatError(
            f"{path}: not JSON lines and not one JSON document ({exc}); "
            "check the file or pass --format"
        ) from None
