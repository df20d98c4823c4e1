"""``summarise``: group sums, ranges and unknowns checked against sums done by hand."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pyarrow as pa
import pytest

from fairprint.errors import InputError
from fairprint.impacts import estimate_table
from fairprint.report import filter_period, summarise
from fairprint.report.summarise import UNATTRIBUTED
from tests.report.conftest import activities, activity


def _rows(table: pa.Table) -> list[dict[str, object]]:
    return table.to_pylist()


def known_sum(values) -> float:
    """The hand sum the spec asks for: unknown (None/NaN) impacts are left out."""
    return sum(v for v in values if v is not None and not math.isnan(v))


def test_team_sums_equal_the_rows_added_by_hand(small_table) -> None:
    summary = summarise(small_table, by="team")
    by_group = {row["group"]: row for row in summary.group_rows()}
    for team in ("search", "support"):
        mine = [r for r in _rows(small_table) if r["team"] == team]
        for column in (
            "energy_kwh",
            "gwp_kgco2e_low",
            "gwp_kgco2e",
            "gwp_kgco2e_high",
            "water_l",
            "adpe_kgsbeq",
        ):
            assert by_group[team][column] == pytest.approx(known_sum(r[column] for r in mine))
        assert by_group[team]["requests"] == sum(r["requests"] for r in mine)
        assert by_group[team]["output_tokens"] == sum(r["output_tokens"] for r in mine)


def test_rows_without_a_team_form_their_own_group(small_table) -> None:
    groups = {row["group"]: row for row in summarise(small_table, by="team").group_rows()}
    assert groups[UNATTRIBUTED]["requests"] == 1


def test_totals_are_the_sum_of_every_row_and_keep_the_range(small_table) -> None:
    summary = summarise(small_table, by="model")
    for suffix in ("_low", "", "_high"):
        expected = known_sum(r[f"gwp_kgco2e{suffix}"] for r in _rows(small_table))
        assert getattr(summary.totals["gwp_kgco2e"], suffix.strip("_") or "central") == (
            pytest.approx(expected)
        )
    total = summary.totals["energy_kwh"]
    assert total.low <= total.central <= total.high
    assert summary.requests == 12
    water = summary.totals["water_l"]
    assert water.unknown_requests == 2  # the two rows on grid ZZ-CLEAN, which has no water factor
    assert water.central == pytest.approx(known_sum(r["water_l"] for r in _rows(small_table)))
    assert summary.activities == 5


def test_model_groups_merge_aliases_on_the_registry_id(small_table) -> None:
    groups = [row["group"] for row in summarise(small_table, by="model").group_rows()]
    assert sorted(groups) == ["dense-70b", "moe-400b"]


def test_groups_are_sorted_by_carbon_and_shares_add_up(small_table) -> None:
    rows = summarise(small_table, by="team").group_rows()
    carbon = [row["gwp_kgco2e"] for row in rows]
    assert carbon == sorted(carbon, reverse=True)
    assert sum(row["gwp_share"] for row in rows) == pytest.approx(1.0)


def test_month_groups_come_in_calendar_order(small_table) -> None:
    rows = summarise(small_table, by="month").group_rows()
    assert [row["group"] for row in rows] == ["2026-07", "2026-08"]
    assert rows[0]["requests"] == 10


def test_unknown_impacts_are_counted_not_summed_as_zero(mini_registry) -> None:
    table = estimate_table(
        activities(
            [
                activity(0, model="dense-70b", input_tokens=1000, output_tokens=100, team="a"),
                activity(
                    1, model="secret-y", input_tokens=1000, output_tokens=100, team="a", requests=4
                ),
            ]
        ),
        mini_registry,
        on_unknown="null",
    )
    summary = summarise(table, by="team")
    known = table.to_pylist()[0]
    assert summary.totals["gwp_kgco2e"].central == pytest.approx(known["gwp_kgco2e"])
    assert summary.totals["gwp_kgco2e"].unknown_requests == 4
    row = summary.group_rows()[0]
    assert summary.group_range(row, "water_l").unknown_requests == 4


def test_a_group_with_nothing_known_is_unknown_not_zero(mini_registry) -> None:
    table = estimate_table(
        activities(
            [
                activity(0, model="dense-70b", input_tokens=1000, output_tokens=100, team="a"),
                activity(1, model="secret-y", input_tokens=10, output_tokens=10, team="b"),
            ]
        ),
        mini_registry,
        on_unknown="null",
    )
    groups = {row["group"]: row for row in summarise(table, by="team").group_rows()}
    assert groups["b"]["gwp_kgco2e"] is None
    assert groups["b"]["gwp_share"] is None


def test_an_empty_period_sums_to_zero_not_unknown(small_table) -> None:
    summary = summarise(small_table.slice(0, 0), by="model")
    assert summary.requests == 0
    assert summary.totals["gwp_kgco2e"].central == 0.0
    assert summary.groups.num_rows == 0


def test_grouping_by_an_unknown_dimension_names_the_choices(small_table) -> None:
    with pytest.raises(InputError, match="team"):
        summarise(small_table, by="colour")


def test_period_filter_includes_since_and_excludes_until(small_table) -> None:
    kept = filter_period(
        small_table, since=datetime(2026, 7, 2, tzinfo=UTC), until=datetime(2026, 8, 5)
    )
    assert [r["activity_id"] for r in kept.to_pylist()] == ["a1", "a2"]  # a35 starts at until


def test_rows_with_tokens_but_no_request_count_are_flagged(mini_registry) -> None:
    """Anthropic's usage report counts tokens, not requests: such rows carry requests=0."""
    table = estimate_table(
        activities(
            [
                activity(0, model="dense-70b", input_tokens=1000, output_tokens=100, requests=0),
                activity(1, model="dense-70b", input_tokens=1000, output_tokens=100, requests=3),
                activity(2, model="moe-400b", requests=0),
            ]
        ),
        mini_registry,
    )
    summary = summarise(table, by="model")
    assert summary.requests == 3
    assert summary.uncounted_activities == 1
    groups = {row["group"]: row for row in summary.group_rows()}
    assert groups["dense-70b"]["uncounted_activities"] == 1
    assert groups["moe-400b"]["uncounted_activities"] == 0
