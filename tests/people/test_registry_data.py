"""The shipped people tables: every row sourced, currencies and years given, ranges ordered,
statuses honest, FMTI scores faithful to the published index."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import pytest

from fairprint.registry.loader import read_table
from fairprint.registry.people_schema import FMTI_LABOUR_INDICATORS, PEOPLE_TABLES
from fairprint.registry.registry import DATA_DIR


def _rows(name: str) -> tuple[Mapping[str, str | float | int], ...]:
    return read_table(DATA_DIR / f"{name}.csv", PEOPLE_TABLES[name]).rows


@pytest.mark.parametrize("name", sorted(PEOPLE_TABLES))
def test_every_row_has_source_url_year_and_licence(name: str) -> None:
    for row in _rows(name):
        assert row["source"] and row["licence"], row
        assert str(row["source_url"]).startswith("https://"), row
        assert 1980 <= int(row["year"]) <= 2026, row


def test_undisclosed_datawork_rows_carry_no_value() -> None:
    for row in _rows("datawork"):
        if row["status"] == "undisclosed":
            values = [float(row[c]) for c in ("value_low", "value", "value_high")]
            assert all(math.isnan(v) for v in values), row
            assert not row["text_value"], row


def test_disclosed_datawork_rows_carry_a_value_or_text() -> None:
    for row in _rows("datawork"):
        if row["status"] != "undisclosed":
            assert not math.isnan(float(row["value"])) or row["text_value"], row


def test_datawork_ranges_are_ordered_and_pay_has_a_currency() -> None:
    for row in _rows("datawork"):
        low, mid, high = (float(row[c]) for c in ("value_low", "value", "value_high"))
        known = [v for v in (low, mid, high) if not math.isnan(v)]
        assert known == sorted(known), row
        if row["field"] in ("pay_per_hour", "client_rate_per_hour", "total_paid") and known:
            assert row["currency"], row


def test_estimated_datawork_rows_explain_their_reasoning() -> None:
    for row in _rows("datawork"):
        if row["status"] == "estimated":
            assert row["notes"], row


def test_wage_rows_have_currency_period_and_hours_basis() -> None:
    for row in _rows("wages"):
        assert row["currency"] and row["period"], row
        hours = float(row["hours_per_period"])
        if row["period"] == "hour":
            assert hours == 1, row
        elif not math.isnan(hours):
            assert hours > 0 and row["hours_basis"], row


def test_no_wageindicator_values_are_shipped() -> None:
    for row in _rows("wages"):
        assert "wageindicator" not in str(row["source"]).lower()
        assert "wageindicator" not in str(row["source_url"]).lower()


def test_currency_factors_are_positive() -> None:
    for row in _rows("currency"):
        assert float(row["value"]) > 0, row


def test_transparency_scores_are_binary_and_complete_per_edition() -> None:
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows("transparency"):
        assert float(row["score"]) in (0.0, 1.0), row
        seen[(str(row["provider"]), str(row["edition"]))].add(str(row["indicator"]))
    for (provider, edition), indicators in seen.items():
        assert indicators == set(FMTI_LABOUR_INDICATORS[edition]), (provider, edition)


def test_fmti_2023_labour_totals_match_the_published_index() -> None:
    totals: dict[str, int] = defaultdict(int)
    for row in _rows("transparency"):
        if row["edition"] == "2023-10":
            totals[str(row["provider"])] += int(float(row["score"]))
    assert totals["huggingface"] == 6
    assert totals["meta"] == 2
    assert totals["anthropic"] == 2
    assert totals["openai"] == 1
    assert totals["amazon"] == 0
