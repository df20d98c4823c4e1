"""The row layer under every importer: usage logs (``ingest``) and work logs (``audit``).

One quarantined-row type, one set of field parsers that are also the validation gate
(documented limits: ``0 ≤ count ≤ 10^12``, finite non-negative floats, text without control
characters), one reader of compressed files (gzip and zstd, damage reported the same way)
and one depth-limited JSON parser. It sits below ``ingest`` and ``audit`` and imports
neither, so both can use it without a layering back-edge.
"""

from __future__ import annotations

from fairprint.rows._files import (
    CompressedFileError,
    iter_lines,
    json_depth,
    loads,
    open_binary,
    open_text,
    read_head,
)
from fairprint.rows._gate import gate_activities
from fairprint.rows._limits import MAX_COUNT, MAX_FLOAT, MAX_JSON_DEPTH
from fairprint.rows._parse import (
    CONTROL_PATTERN,
    as_count,
    as_float,
    as_money,
    as_text,
    as_time,
    clean_text,
)
from fairprint.rows._row import QuarantinedRow, RowError, raw_text
from fairprint.rows._table import gate_table
from fairprint.rows._text import decode_utf8, undecodable

__all__ = [
    "CONTROL_PATTERN",
    "MAX_COUNT",
    "MAX_FLOAT",
    "MAX_JSON_DEPTH",
    "CompressedFileError",
    "QuarantinedRow",
    "RowError",
    "as_count",
    "as_float",
    "as_money",
    "as_text",
    "as_time",
    "clean_text",
    "decode_utf8",
    "gate_activities",
    "gate_table",
    "iter_lines",
    "json_depth",
    "loads",
    "open_binary",
    "open_text",
    "raw_text",
    "read_head",
    "undecodable",
]
