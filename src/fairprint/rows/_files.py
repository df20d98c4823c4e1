"""Opening log files: zstd and gzip read transparently, damage reported as ``FormatError``.

Why one reader for every format (usage logs and work logs): a corrupt or truncated file
must fail the same way whatever it holds — one line naming the file, never a ``zlib``
traceback, and never a silent stop at the cut. gzip tells truncation itself (``EOFError``);
zstd does not, so the zstd reader checks that the last frame ended.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Generator
from pathlib import Path
from typing import IO, Any

from fairprint.errors import CompressedFileError, FormatError
from fairprint.rows._limits import MAX_JSON_DEPTH
from fairprint.rows._row import RowError

__all__ = [
    "CHUNK_BYTES",
    "CompressedFileError",
    "iter_lines",
    "json_depth",
    "loads",
    "open_binary",
    "open_text",
    "read_head",
]

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
GZIP_MAGIC = b"\x1f\x8b"
CHUNK_BYTES = 1 << 20


class _Decompressed(io.RawIOBase):
    """A readable stream of decompressed bytes that raises ``CompressedFileError`` on damage."""

    def __init__(self, path: Path, raw: IO[bytes], kind: str) -> None:
        self.path, self.raw, self.kind = path, raw, kind
        self._pending = b""
        self._done = False
        if kind == "gzip":
            self._gzip: gzip.GzipFile | None = gzip.GzipFile(fileobj=raw, mode="rb")
        else:
            import zstandard

            self._gzip = None
            self._zstd_error: type[Exception] = zstandard.ZstdError
            self._new_frame = zstandard.ZstdDecompressor().decompressobj
            self._frame = self._new_frame()
            self._frame_started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _read(self, size: int) -> bytes:
        try:
            if self._gzip is not None:
                return self._gzip.read(size)
            while not self._pending and not self._done:
                self._pending = self._zstd_chunk()
        except (OSError, EOFError, zlib.error) as exc:
            raise CompressedFileError(self.path, self.kind, str(exc) or "cut short") from None
        except Exception as exc:
            if self._gzip is None and isinstance(exc, self._zstd_error):
                raise CompressedFileError(self.path, self.kind, str(exc)) from None
            raise
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def _zstd_chunk(self) -> bytes:
        """Decompress the next chunk; at the end of the input, the last frame must be whole."""
        chunk = self.raw.read(CHUNK_BYTES)
        if not chunk:
            self._done = True
            if self._frame_started and not self._frame.eof:
                raise CompressedFileError(self.path, "zstd", "the last frame is cut short")
            return b""
        out = []
        while chunk:
            self._frame_started = True
            out.append(self._frame.decompress(chunk))
            if self._frame.eof:
                chunk = self._frame.unused_data
                self._frame = self._new_frame()
                self._frame_started = False
            else:
                chunk = b""
        return b"".join(out)

    def close(self) -> None:
        if self._gzip is not None:
            self._gzip.close()
        self.raw.close()
        super().close()


def open_binary(path: Path) -> IO[bytes]:
    """The file's decompressed bytes (zstd and gzip recognised by their magic numbers)."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    except OSError as exc:
        raise FormatError(f"{path}: cannot be read ({exc.strerror})") from None
    magic = raw.read(4)
    raw.seek(0)
    for prefix, kind in ((ZSTD_MAGIC, "zstd"), (GZIP_MAGIC, "gzip")):
        if magic.startswith(prefix):
            return io.BufferedReader(_Decompressed(path, raw, kind), CHUNK_BYTES)
    return raw


def open_text(path: Path, errors: str = "strict") -> IO[str]:
    """Decompressed UTF-8 text (a byte-order mark is dropped).

    With ``errors="surrogateescape"`` bad bytes never raise; ``undecodable`` finds them in
    a row so that only that row is quarantined.
    """
    return io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", errors=errors, newline="")


def read_head(path: Path, size: int = 65_536) -> str:
    """The first ``size`` decompressed bytes as text (for format detection)."""
    with open_binary(path) as stream:
        data = stream.read(size)
    return data.decode("utf-8-sig", errors="replace")


def iter_lines(path: Path) -> Generator[tuple[int, str, str | None], None, None]:
    """``(line number, text, error)`` for each non-blank line, newline stripped.

    A line that is not UTF-8 comes with its text decoded with replacement characters and
    ``error`` saying where, so that the importer quarantines that line and reads on.
    """
    with open_binary(path) as stream:
        for number, line in enumerate(stream, start=1):
            data = line.rstrip(b"\r\n")
            if number == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            if not data.strip():
                continue
            try:
                yield number, data.decode("utf-8"), None
            except UnicodeDecodeError as exc:
                shown = data.decode("utf-8", errors="replace")
                yield number, shown, f"not UTF-8 (byte {exc.start + 1} of the line)"


def json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """The nesting depth of a parsed JSON value, counted without recursion up to ``limit + 1``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def loads(text: str | bytes) -> Any:
    """``json.loads`` with the depth limit: ``RowError`` for bad or too deep JSON."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RowError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise RowError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except UnicodeDecodeError:
        raise RowError("not UTF-8") from None
    if json_depth(value) > MAX_JSON_DEPTH:
        raise RowError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value
