"""Fixtures for the audit tests: canonical logs written by the tests, a key, a living wage."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from fairprint.audit import AuditConfig, run_audit
from fairprint.audit.schema import CANONICAL_CSV_COLUMNS
from fairprint.registry import Registry

Row = dict[str, Any]


def write_canonical(path: Path, rows: Sequence[Row]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CANONICAL_CSV_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in CANONICAL_CSV_COLUMNS})
    return path


def session(
    worker: str,
    start: str,
    end: str,
    pay: float = 6.0,
    status: str = "approved",
    category: str = "",
    country: str = "US",
    task: str = "t1",
    day: str = "2024-06-03",
) -> Row:
    """One canonical row on ``day`` from ``start`` to ``end`` (HH:MM, UTC), paid in USD."""
    return {
        "worker": worker,
        "country": country,
        "task": task,
        "started": f"{day}T{start}:00Z",
        "submitted": f"{day}T{end}:00Z",
        "pay": pay,
        "currency": "USD",
        "status": status,
        "content_category": category,
    }


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.default()


@pytest.fixture()
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "audit.key"


@pytest.fixture()
def living_wage_csv(tmp_path: Path) -> Path:
    """A user living-wage table: US at 15 USD/h (a test value, not a published figure)."""
    path = tmp_path / "living.csv"
    path.write_text(
        "country,hourly,currency,year,source,licence\nUS,15,USD,2024,test fixture,CC0\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def audit(tmp_path: Path, key_file: Path, registry: Registry) -> Callable[..., dict[str, Any]]:
    """Write ``rows`` as a canonical CSV, audit it and return the figures."""

    def _run(rows: Sequence[Row], **options: Any) -> dict[str, Any]:
        path = write_canonical(tmp_path / "log.csv", rows)
        config = AuditConfig(key_file=key_file, **options)
        return run_audit([path], config, registry).figures

    return _run
