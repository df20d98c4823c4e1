"""``recompute``: new impacts from an updated registry, the old ones kept as history."""

from __future__ import annotations

from pathlib import Path

from fairprint.ledger import Ledger
from fairprint.registry import Registry
from tests.ledger.conftest import canonical_csv


def _add_model(registry_dir: Path, model_id: str) -> None:
    models = registry_dir / "models.csv"
    lines = models.read_text(encoding="utf-8").splitlines()
    template = next(line for line in lines if line.startswith("dense-70b,"))
    parts = template.split(",")
    parts[0], parts[2] = model_id, ""
    models.write_text("\n".join([*lines, ",".join(parts)]) + "\n", encoding="utf-8")
    (registry_dir / "VERSION").write_text("test-2\n", encoding="utf-8")


def test_recompute_fills_a_new_model_and_keeps_history(
    ledger: Ledger, tmp_path: Path, registry_copy: Path
) -> None:
    old = Registry(registry_copy)
    path = canonical_csv(
        tmp_path / "a.csv",
        [
            "r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20",
            "r2,2026-01-01T10:00:00Z,acme,newcomer-1,100,20",
        ],
    )
    ledger.import_file(path, registry=old)
    assert ledger.unestimated().num_rows == 1
    before = {r["model"]: r["energy_kwh"] for r in ledger.activities().to_pylist()}

    _add_model(registry_copy, "newcomer-1")
    assert ledger.recompute(Registry(registry_copy)) == 2

    after = {r["model"]: r for r in ledger.activities().to_pylist()}
    assert after["newcomer-1"]["energy_kwh"] == before["dense-70b"]
    assert {r["registry_version"] for r in after.values()} == {"test-2"}
    assert ledger.unestimated().num_rows == 0
    history = ledger.connection.execute(
        "SELECT registry_version, is_current, count(*) FROM impacts GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert history == [("test-1", False, 2), ("test-2", True, 2)]
    kinds = ledger.connection.execute(
        "SELECT kind FROM computations ORDER BY computation_id"
    ).fetchall()
    assert kinds == [("import",), ("recompute",)]
