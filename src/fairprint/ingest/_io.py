"""Opening log files: transparent zstd/gzip decompression, JSON lines or one JSON document.

Why here: every importer reads files the same way, and bounded memory depends on it —
JSON lines are parsed one line at a time; a single JSON document (an API page saved to a
file) is parsed whole, which is fine because one page is small.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from fairprint.errors import FormatError

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
GZIP_MAGIC = b"\x1f\x8b"


def open_binary(path: Path) -> IO[bytes]:
    """The file's decompressed bytes (zstd and gzip recognised by their magic numbers)."""
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    magic = raw.read(4)
    raw.seek(0)
    if magic.startswith(ZSTD_MAGIC):
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)  # type: ignore[return-value]
    if magic.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def open_text(path: Path) -> IO[str]:
    return io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", newline="")


def read_head(path: Path, size: int = 65_536) -> str:
    """The first ``size`` decompressed bytes as text (for format detection)."""
    with open_binary(path) as stream:
        data = stream.read(size)
    return data.decode("utf-8-sig", errors="replace")


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their 1-based line numbers, newline stripped."""
    with open_text(path) as stream:
        for number, line in enumerate(stream, start=1):
            text = line.rstrip("\r\n")
            if text.strip():
                yield number, text


def _first_char(path: Path) -> str:
    head = read_head(path, 4096).lstrip()
    return head[:1]


def iter_json_records(path: Path) -> Iterator[tuple[int | None, Any, str | None]]:
    """JSON values of a file: one per line (JSON lines), or one whole document.

    Yields ``(line, value, error)``; a line that is not JSON yields ``value=None`` and the
    parse error, so the importer can quarantine it. A file whose first line is not a
    complete JSON value is read as one document (a pretty-printed API page).
    """
    if not _first_char(path):
        return
    first_line_ok = True
    for _number, text in iter_lines(path):
        try:
            json.loads(text)
        except json.JSONDecodeError:
            first_line_ok = False
        break
    if not first_line_ok:
        with open_text(path) as stream:
            try:
                document = json.load(stream)
            except json.JSONDecodeError as exc:
                raise FormatError(
                    f"{path}: not JSON lines and not one JSON document "
                    f"(line {exc.lineno}: {exc.msg}); check the file or pass --format"
                ) from None
        yield 1, document, None
        return
    for number, text in iter_lines(path):
        try:
            yield number, json.loads(text), None
        except json.JSONDecodeError as exc:
            yield number, text, f"not valid JSON ({exc.msg} at column {exc.colno})"
