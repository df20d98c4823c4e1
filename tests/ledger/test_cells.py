"""``activity_cells`` always equals the aggregate of the activities it summarises."""

from __future__ import annotations

from pathlib import Path

from fairprint.ledger import Ledger
from fairprint.ledger._cells import CELLS, quantities_sql
from tests.ledger.conftest import canonical_csv
from tests.ledger.test_ledger_migrations import _load_version_2_ledger


def _same_as_rows(ledger: Ledger) -> bool:
    """The kept cells and the cells summed from the rows now, as two sorted lists."""
    kept = ledger.connection.execute(f"SELECT * FROM {CELLS} ORDER BY ALL").fetchall()
    summed = ledger.connection.execute(f"{quantities_sql()} ORDER BY ALL").fetchall()
    return kept == summed


def test_cells_follow_imports_repeats_and_recomputes(tmp_path: Path, mini_registry) -> None:
    first = canonical_csv(
        tmp_path / "a.csv",
        [
            "r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20",
            "r2,2026-01-01T23:59:59Z,acme,moe-400b,50,5",
            "r3,2026-01-02T00:00:00Z,acme,dense-70b,7,1",
            "r3,2026-01-02T00:00:00Z,acme,dense-70b,7,1",
        ],
    )
    second = canonical_csv(
        tmp_path / "b.csv",
        ["r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20", "r4,2026-01-05T01:00:00Z,x,y,3,3"],
    )
    with Ledger(tmp_path / "l.duckdb") as ledger:
        assert _same_as_rows(ledger)  # empty
        ledger.import_file(first, registry=mini_registry)
        assert _same_as_rows(ledger)
        ledger.import_file(second, registry=mini_registry)
        assert _same_as_rows(ledger)
        ledger.recompute(mini_registry)
        assert _same_as_rows(ledger)
        cells = ledger.connection.execute(f"SELECT sum(q_activities) FROM {CELLS}").fetchall()
    assert cells == [(4,)]  # r1, r2, r3 (its repeat dropped), r4


def test_migration_fills_the_cells_of_an_older_ledger(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    _load_version_2_ledger(path)
    with Ledger(path) as ledger:
        count = ledger.connection.execute(f"SELECT count(*) FROM {CELLS}").fetchall()[0][0]
        assert count > 0
        assert _same_as_rows(ledger)
