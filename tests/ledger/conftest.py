"""Ledger fixtures: real DuckDB files in tmp dirs, the mini registry, small canonical logs."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from fairprint.ledger import Ledger

RELATIVE = 1e-12
"""How close a ledger value must be to the one it is compared with (relative)."""

HEADER = "activity_id,started_at,provider,model,input_tokens,output_tokens"


def canonical_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "ledger.duckdb") as opened:
        yield opened


def snapshot(ledger: Ledger) -> dict[str, object]:
    """Everything an import could change, in a comparable form."""
    con = ledger.connection
    return {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        for table in ("activities", "impacts", "quarantine", "computations")
    } | {
        "imports": ledger.imports().drop_columns(["started_at", "finished_at"]).to_pylist(),
        "ids": con.execute(
            "SELECT md5(coalesce(string_agg(activity_id ORDER BY activity_id), '')) FROM activities"
        ).fetchall()[0][0],
    }


def same_value(got: object, expected: object) -> bool:
    """Equal, floats to ``RELATIVE``; an expected NaN (an unknown) must be read back as null."""
    if isinstance(expected, float) and math.isnan(expected):
        expected = None
    if got is None or expected is None:
        return got is None and expected is None
    if isinstance(expected, float):
        return math.isclose(got, expected, rel_tol=RELATIVE, abs_tol=0.0)  # type: ignore[arg-type]
    return got == expected
