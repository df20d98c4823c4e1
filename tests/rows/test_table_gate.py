"""Tables handed to the ledger by code (trackers, API) pass the same gate as files."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from fairprint.errors import InputError
from fairprint.ledger import Ledger
from fairprint.registry.registry import Registry


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return Ledger(tmp_path / "ledger.duckdb")


def _reasons(ledger: Ledger) -> list[str]:
    rows = ledger._connection.sql("SELECT reason FROM quarantine ORDER BY reason").fetchall()
    return [r[0] for r in rows]


def test_bad_rows_from_code_are_quarantined_with_reason_and_never_stored(
    ledger: Ledger, mini_registry: Registry
) -> None:
    table = pa.table(
        {
            "activity_id": ["ok", "huge", "half", "nan", None, "inf", "neg"],
            "source": ["tracker"] * 7,
            "model": ["dense-70b"] * 7,
            "input_tokens": [10.0, 1e30, 1.5, float("nan"), 3.0, 1.0, -4.0],
            "measured_energy_kwh": [None, None, None, None, None, float("inf"), None],
        }
    )
    result = ledger.add_activities(table, origin="tracker", registry=mini_registry)
    assert (result.accepted, result.quarantined) == (1, 6)
    assert ledger.activities().column("activity_id").to_pylist() == ["ok"]
    reasons = _reasons(ledger)
    assert any("1e+30" in r for r in reasons)
    assert any("1.5" in r for r in reasons)
    assert any("activity_id: missing" in r for r in reasons)
    assert any("measured_energy_kwh: inf" in r for r in reasons)
    assert any("-4" in r for r in reasons)


def test_a_model_that_is_an_object_is_quarantined_not_raised(
    ledger: Ledger, mini_registry: Registry
) -> None:
    table = pa.table({"activity_id": ["x"], "source": ["t"], "model": [{"name": "m"}]})
    result = ledger.add_activities(table, origin="tracker", registry=mini_registry)
    assert (result.accepted, result.quarantined) == (0, 1)
    assert "model:" in _reasons(ledger)[0]
    assert ledger.activities().num_rows == 0


def test_a_count_above_the_limit_keeps_reports_working(
    ledger: Ledger, mini_registry: Registry
) -> None:
    table = pa.table(
        {
            "activity_id": ["a", "b"],
            "source": ["t", "t"],
            "model": ["dense-70b", "dense-70b"],
            "input_tokens": pa.array([9223372036854775807, 5], pa.int64()),
        }
    )
    result = ledger.add_activities(table, origin="api", registry=mini_registry)
    assert (result.accepted, result.quarantined) == (1, 1)
    assert ledger.activities().column("input_tokens").to_pylist() == [5]


def test_a_missing_required_column_is_still_a_clear_error(ledger: Ledger) -> None:
    with pytest.raises(InputError, match="activity_id"):
        ledger.add_activities(pa.table({"model": ["m"]}), origin="x")


def test_escape_sequences_in_labels_are_removed_whole_7_and_8_bit(
    ledger: Ledger, mini_registry: Registry
) -> None:
    hostile = "\x1b[31mred\x1b[0m\x1b]0;pwned\x07\x9b2J\x07team\x1bPq\x1b\\\x9d8;;http://e\x9c!"
    table = pa.table(
        {"activity_id": ["a"], "source": ["t"], "model": ["dense-70b"], "team": [hostile]}
    )
    ledger.add_activities(table, origin="tracker", registry=mini_registry)
    assert ledger.activities().column("team").to_pylist() == ["redteam!"]
