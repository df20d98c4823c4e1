"""UTF-8 checks for tables and rows: one bad byte costs one row, never the file.

Why: a log exported from a spreadsheet may hold one cell in Latin-1; refusing the whole
file for it (or crashing on it) loses every good row. Vectorised readers decode binary
cells here; row-wise readers open text with ``surrogateescape`` and ask ``undecodable``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyarrow as pa

__all__ = ["decode_utf8", "undecodable"]

_ESCAPED = re.compile("[\udc80-\udcff]")


def undecodable(values: Iterable[tuple[str, object]]) -> str | None:
    """The reason a row read with ``surrogateescape`` is not UTF-8, else ``None``."""
    for name, value in values:
        if isinstance(value, str) and _ESCAPED.search(value):
            return f"{name}: not UTF-8 text"
    return None


def decode_utf8(table: pa.Table) -> tuple[pa.Table, dict[int, str]]:
    """``table`` with binary columns as text, and ``{row: reason}`` for cells not UTF-8.

    Bad cells are decoded with replacement characters so the table stays whole (the caller
    drops or quarantines those rows); clean tables take one vectorised cast.
    """
    binary = [f.name for f in table.schema if pa.types.is_binary(f.type)]
    target = pa.schema(
        [pa.field(f.name, pa.string()) if f.name in binary else f for f in table.schema]
    )
    try:
        return table.cast(target), {}
    except pa.ArrowInvalid:
        pass
    bad: dict[int, str] = {}
    columns = []
    for field in table.schema:
        column = table.column(field.name)
        if field.name not in binary:
            columns.append(column)
            continue
        texts: list[str | None] = []
        for i, value in enumerate(column.to_pylist()):
            if value is None:
                texts.append(None)
                continue
            try:
                texts.append(value.decode("utf-8"))
            except UnicodeDecodeError as exc:
                bad.setdefault(i, f"{field.name}: not UTF-8 text (byte {exc.start + 1})")
                texts.append(value.decode("utf-8", errors="replace"))
        columns.append(pa.array(texts, pa.string()))
    return pa.Table.from_arrays(columns, schema=target), bad
