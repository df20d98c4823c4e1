"""Read and validate registry CSV files into immutable column tables.

Why strict: a registry row that lacks a source, has an unordered range or a misspelt
choice would turn into a wrong number far downstream; here it fails at load time with the
file, line and column named.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from fairprint.errors import RegistryError
from fairprint.registry.schema import PROVENANCE_COLUMNS, TableSchema


@dataclass(frozen=True)
class Table:
    """A validated registry table: rows as read-only mappings, numbers as floats (NaN = unknown)."""

    schema: TableSchema
    path: Path
    rows: tuple[Mapping[str, str | float | int], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[str | float | int]:
        return [row[name] for row in self.rows]


def _parse_number(text: str, where: str) -> float:
    if text.strip() == "":
        return math.nan
    try:
        value = float(text)
    except ValueError as exc:
        raise RegistryError(
            f"{where}: {text!r} is not a number (leave it empty if unknown)"
        ) from exc
    if not math.isfinite(value):
        raise RegistryError(f"{where}: {text!r} is not finite (leave it empty if unknown)")
    return value


def _check_row(
    schema: TableSchema, raw: dict[str, str], where: str
) -> dict[str, str | float | int]:
    row: dict[str, str | float | int] = {}
    for column in schema.text:
        value = (raw.get(column) or "").strip()
        if not value and column not in schema.optional:
            raise RegistryError(f"{where}, column {column!r}: required value is empty")
        allowed = schema.choices.get(column)
        if allowed and value and value not in allowed:
            raise RegistryError(f"{where}, column {column!r}: {value!r} is not one of {allowed}")
        row[column] = value
    for column in schema.numeric:
        row[column] = _parse_number(raw.get(column) or "", f"{where}, column {column!r}")
    for column in ("source", "source_url", "licence"):
        value = (raw.get(column) or "").strip()
        if not value:
            raise RegistryError(f"{where}: every row needs a {column!r}; add it or drop the row")
        row[column] = value
    year_text = (raw.get("year") or "").strip()
    if not year_text.isdigit() or not 1900 <= int(year_text) <= 2100:
        raise RegistryError(f"{where}, column 'year': {year_text!r} is not a year")
    row["year"] = int(year_text)
    for low, central, high in schema.ranges:
        values = [row[low], row[central], row[high]]
        known = [v for v in values if isinstance(v, float) and not math.isnan(v)]
        if known != sorted(known):
            raise RegistryError(
                f"{where}: range {low} <= {central} <= {high} is not ordered ({values})"
            )
    return row


def read_table(path: Path, schema: TableSchema) -> Table:
    """Read one CSV file and validate it against ``schema``."""
    if not path.is_file():
        raise RegistryError(f"registry file {path} is missing")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in (*schema.columns, *PROVENANCE_COLUMNS) if c not in header]
        if missing:
            raise RegistryError(f"{path.name}: missing columns {sorted(set(missing))}")
        rows = []
        seen: dict[tuple[str, ...], int] = {}
        for raw in reader:
            where = f"{path.name} line {reader.line_num}"
            row = _check_row(schema, raw, where)
            key = tuple(str(row[k]).lower() for k in schema.key)
            if key in seen:
                raise RegistryError(f"{where}: duplicate key {key} (first at line {seen[key]})")
            seen[key] = reader.line_num
            rows.append(MappingProxyType(row))
    return Table(schema=schema, path=path, rows=tuple(rows))
