"""The query layer: DuckDB's aggregates equal the ledger's per-row impacts summed (1e-9)."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from fairprint.activities import TOKEN_COLUMNS
from fairprint.ledger import Ledger
from fairprint.report import build_report, report_from_ledger
from fairprint.report.metrics import SUMMED_COLUMNS
from fairprint.report.query import aggregate_ledger
from fairprint.report.summarise import DIMENSIONS, summarise
from tests.report.conftest import activities, activity

RELATIVE = 1e-9


def _rows() -> list[dict[str, object]]:
    """Varied rows: aliases, unknown model, metered with and without duration, zero requests,
    several teams/users/projects/regions and days in two months."""
    rows = []
    models = ("dense-70b", "acme/dense-70b", "moe-400b", "no-such-model")
    for index in range(60):
        rows.append(
            activity(
                index,
                model=models[index % 4],
                provider="acme",
                region=("eu", None, "us")[index % 3],
                team=("search", "support", None, " ")[index % 4],
                project=f"p{index % 5}",
                user=f"u{index % 7}",
                requests=(index % 6),
                input_tokens=100 * index + 7,
                cached_input_tokens=index * 3,
                output_tokens=40 * index + 1,
                reasoning_tokens=index % 2,
            )
        )
    rows.append(
        activity(
            70,
            model="dense-70b",
            provider="local",
            region="ZZ-CLEAN",
            team="support",
            input_tokens=500,
            output_tokens=500,
            measured_energy_kwh=0.01,
            duration_s=20.0,
            hardware="gpu-a",
        )
    )
    rows.append(
        activity(
            71,
            model="dense-70b",
            provider="local",
            region="ZZ-CLEAN",
            input_tokens=5,
            measured_energy_kwh=0.02,
            hardware="gpu-a",
        )
    )
    return rows


@pytest.fixture()
def filled(tmp_path: Path, mini_registry) -> Ledger:
    ledger = Ledger(tmp_path / "ledger.duckdb")
    table = activities(_rows())
    ledger.add_activities(table.slice(0, 30), origin="first", registry=mini_registry)
    ledger.recompute(mini_registry)
    ledger.add_activities(table.slice(30), origin="second", registry=mini_registry)
    yield ledger
    ledger.close()


def _close(got: float | None, expected: float | None) -> bool:
    got = math.nan if got is None else got
    expected = math.nan if expected is None else expected
    if math.isnan(expected):
        return math.isnan(got)
    return math.isclose(got, expected, rel_tol=RELATIVE, abs_tol=1e-300)


def _per_row_sums(table: pa.Table, by: str) -> dict[str, dict[str, float]]:
    """Python sums of the view's per-row values, one plain loop (the reference)."""
    from fairprint.report.summarise import group_key

    keys = group_key(table, by).to_pylist()
    out: dict[str, dict[str, float]] = {}
    rows = table.to_pylist()
    for key, row in zip(keys, rows, strict=True):
        sums = out.setdefault(key, {"requests": 0, "activities": 0})
        sums["activities"] += 1
        sums["requests"] += row["requests"]
        for token in TOKEN_COLUMNS:
            sums[token] = sums.get(token, 0) + row[token]
        for column in SUMMED_COLUMNS:
            for suffix in ("_low", "", "_high"):
                value = row[f"{column}{suffix}"]
                name = f"{column}{suffix}"
                if value is not None and not math.isnan(value):
                    previous = sums.get(name, math.nan)
                    sums[name] = value if math.isnan(previous) else previous + value
                else:
                    sums.setdefault(name, math.nan)
            central = row[column]
            unknown = central is None or math.isnan(central)
            name = f"{column}_unknown_requests"
            sums[name] = sums.get(name, 0) + (row["requests"] if unknown else 0)
    return out


@pytest.mark.parametrize("by", [d for d in DIMENSIONS if d != "month"] + ["month"])
def test_sql_groups_equal_the_per_row_values_summed(filled: Ledger, by: str) -> None:
    expected = _per_row_sums(filled.activities(), by)
    with aggregate_ledger(filled.connection) as aggregates:
        summary = aggregates.summary(by)
    got = {row["group"]: row for row in summary.group_rows()}
    assert set(got) == set(expected)
    for key, sums in expected.items():
        for name, value in sums.items():
            actual = got[key][name]
            actual = math.nan if actual is None else actual
            assert _close(float(actual), float(value)), (by, key, name, actual, value)


def test_sql_totals_equal_the_arrow_summary_of_the_rows(filled: Ledger) -> None:
    rows = filled.activities()
    reference = summarise(rows, by=None)
    with aggregate_ledger(filled.connection) as aggregates:
        summary = aggregates.summary(None)
    assert summary.activities == rows.num_rows == 62
    assert summary.requests == reference.requests
    assert summary.tokens == reference.tokens
    assert summary.uncounted_activities == reference.uncounted_activities
    assert summary.first_started_at == reference.first_started_at
    assert summary.registry_versions == reference.registry_versions
    for column in SUMMED_COLUMNS:
        for part in ("low", "central", "high"):
            got, expected = (getattr(s.totals[column], part) for s in (summary, reference))
            assert _close(got, expected)
        assert summary.totals[column].unknown_requests == reference.totals[column].unknown_requests
    assert summary.totals["gwp_kgco2e"].unknown_requests > 0  # the unknown model is counted


def test_the_ledger_report_equals_the_report_of_its_rows(filled: Ledger, mini_registry) -> None:
    """Every section (levers, ESRS, People, timeline) from SQL equals the table path."""
    since = datetime(2026, 7, 3, tzinfo=UTC)
    from_ledger = report_from_ledger(filled, by="team", since=since, registry=mini_registry)
    from_rows = build_report(filled.activities(since=since), by="team", registry=mini_registry)
    assert from_ledger.summary.activities == from_rows.summary.activities == 60
    assert from_ledger.timeline.by == from_rows.timeline.by
    timeline = zip(from_ledger.timeline.group_rows(), from_rows.timeline.group_rows(), strict=True)
    for a, b in timeline:
        assert a["group"] == b["group"] and _close(a["gwp_kgco2e"], b["gwp_kgco2e"])
    for x, y in zip(from_ledger.esrs, from_rows.esrs, strict=True):
        assert _close(x.value.central, y.value.central)
        assert x.value.unknown_requests == y.value.unknown_requests
    assert [lever.title for lever in from_ledger.levers] == [
        lever.title for lever in from_rows.levers
    ]
    assert from_ledger.levers, "the fixture has a smaller model to move to"
    people, reference = from_ledger.people, from_rows.people
    assert people is not None and reference is not None
    assert people.requests == reference.requests
    assert [m.model for m in people.models] == [m.model for m in reference.models]
    assert [m.requests for m in people.models] == [m.requests for m in reference.models]


def test_counts_beyond_int64_are_summed_without_overflow(tmp_path: Path, mini_registry) -> None:
    big = 4_000_000_000_000_000_000  # two of them overflow a 64-bit sum
    rows = [activity(i, model="dense-70b", provider="acme", input_tokens=1) for i in range(3)]
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.add_activities(activities(rows), origin="big", registry=mini_registry)
        # the gate refuses counts above 10^12 today; a ledger written before it may hold them
        ledger.connection.execute("UPDATE activities SET input_tokens = ?", [big])
        ledger.recompute(registry=mini_registry)
        with aggregate_ledger(ledger.connection) as aggregates:
            summary = aggregates.summary("model")
    assert summary.tokens["input_tokens"] == 3 * big
    assert summary.group_rows()[0]["input_tokens"] == pytest.approx(3 * big)


def test_an_older_ledger_reports_the_same_sums_through_the_view_and_the_factors(
    tmp_path: Path, mini_registry
) -> None:
    """A migrated schema-2 ledger (impact rows kept in ``impacts_wide``): the view path and
    the factored path both equal the per-row values summed, before and after a recompute."""
    from tests.ledger.test_ledger_migrations import _load_version_2_ledger

    path = tmp_path / "old.duckdb"
    _load_version_2_ledger(path)
    with Ledger(path) as ledger:
        for _ in range(2):
            for by, through_view in itertools.product(("model", "team", "day"), (True, False)):
                expected = _per_row_sums(ledger.activities(), by)
                with aggregate_ledger(ledger.connection, through_view=through_view) as cells:
                    got = {r["group"]: r for r in cells.summary(by).group_rows()}
                assert set(got) == set(expected)
                for key, sums in expected.items():
                    for name, value in sums.items():
                        actual = got[key][name]
                        actual = math.nan if actual is None else actual
                        assert _close(float(actual), float(value)), (by, key, name)
            ledger.recompute(mini_registry)


def test_a_period_within_a_day_is_summed_from_the_rows(filled: Ledger) -> None:
    """``--since`` at 12:00 cannot use the day cells; the rows give the same figures."""
    since = datetime(2026, 7, 3, 12, tzinfo=UTC)
    expected = _per_row_sums(filled.activities(since=since), "team")
    with aggregate_ledger(filled.connection, since=since) as aggregates:
        got = {row["group"]: row for row in aggregates.summary("team").group_rows()}
    assert set(got) == set(expected)
    for key, sums in expected.items():
        for name, value in sums.items():
            assert _close(got[key][name], float(value)), (key, name)


def test_the_unestimated_count_is_the_number_of_unestimated_rows(filled: Ledger) -> None:
    assert filled.unestimated_count() == filled.unestimated().num_rows == 15  # no-such-model


def test_reports_never_fetch_the_activities(
    filled: Ledger, mini_registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python receives aggregates only: the per-row read is never used by a report."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a report fetched every activity")

    monkeypatch.setattr(Ledger, "activities", refuse)
    monkeypatch.setattr(Ledger, "unestimated", refuse)
    report = report_from_ledger(
        filled, by="user", registry=mini_registry, breakdowns=("model", "provider", "team")
    )
    assert report.summary.activities == 62 and set(report.breakdowns) == {
        "model",
        "provider",
        "team",
    }
