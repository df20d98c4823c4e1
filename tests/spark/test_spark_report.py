"""``footprint_report`` sums what the single-machine path sums, keeping ranges and unknowns."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from fairprint.activities import TOKEN_COLUMNS
from fairprint.errors import InputError
from fairprint.impacts import estimate_table
from fairprint.registry import Registry
from fairprint.spark._report import summed_stems
from tests.spark.conftest import make_activities

pytestmark = [pytest.mark.spark, pytest.mark.slow]

KEYS = ["day", "provider", "model", "project"]


def single_machine_report(impacts: pa.Table) -> pd.DataFrame:
    """The same aggregation written with pandas over ``estimate_table``'s output."""
    frame = impacts.to_pandas()
    frame["day"] = frame["started_at"].dt.tz_convert("UTC").dt.date
    frame["model"] = frame["model_id"].fillna(frame["model"])
    stems = summed_stems(impacts.column_names)
    for stem in stems:
        frame[f"{stem}_unknown_requests"] = np.where(frame[stem].isna(), frame["requests"], 0)
    frame["activities"] = 1
    sums = ["activities", "requests", *TOKEN_COLUMNS]
    sums += [f"{stem}{s}" for stem in stems for s in ("_low", "", "_high")]
    sums += [f"{stem}_unknown_requests" for stem in stems]
    grouped = frame.groupby(KEYS, dropna=False)[sums].sum(min_count=1).reset_index()
    return grouped.sort_values(KEYS, na_position="first").reset_index(drop=True)


def spark_report_frame(report: Any) -> pd.DataFrame:
    frame = report.toArrow().to_pandas()
    return frame.sort_values(KEYS, na_position="first").reset_index(drop=True)


@pytest.fixture(scope="module")
def activities() -> pa.Table:
    return make_activities(rows=600, seed=5)


@pytest.fixture(scope="module")
def report(spark: Any, activities: pa.Table, mini_registry: Registry) -> pd.DataFrame:
    from fairprint.spark import footprint_report, with_impacts

    df = spark.createDataFrame(activities)
    return spark_report_frame(footprint_report(with_impacts(df, mini_registry), KEYS))


def test_group_sums_equal_the_single_machine_sums(
    report: pd.DataFrame, activities: pa.Table, mini_registry: Registry
) -> None:
    expected = single_machine_report(estimate_table(activities, mini_registry, "null"))
    assert len(report) == len(expected)
    for key in KEYS:
        assert report[key].tolist() == expected[key].tolist(), key
    for column in expected.columns.drop(KEYS):
        got = report[column].astype(float).to_numpy()
        want = expected[column].astype(float).to_numpy()
        np.testing.assert_allclose(got, want, rtol=1e-9, equal_nan=True, err_msg=column)


def test_unknown_requests_are_counted_not_summed_as_zero(report: pd.DataFrame) -> None:
    unknown = report[report["model"] == "nope-1"]
    assert len(unknown) > 0
    assert unknown["energy_kwh"].isna().all()
    assert (unknown["energy_kwh_unknown_requests"] == unknown["requests"]).all()
    known = report[report["model"] == "dense-70b"]
    assert (known["energy_kwh_unknown_requests"] == 0).all()


def test_ranges_bracket_the_central_value(report: pd.DataFrame) -> None:
    known = report.dropna(subset=["gwp_kgco2e"])
    assert (known["gwp_kgco2e_low"] <= known["gwp_kgco2e"]).all()
    assert (known["gwp_kgco2e"] <= known["gwp_kgco2e_high"]).all()


def test_aliases_fall_into_the_resolved_model_group(report: pd.DataFrame) -> None:
    assert "acme/dense-70b" not in set(report["model"])
    assert "dense-70b" in set(report["model"])


def test_days_are_utc_whatever_the_session_time_zone(spark: Any, mini_registry: Registry) -> None:
    from datetime import UTC, datetime

    from fairprint.spark import footprint_report, with_impacts

    rows = pa.table(
        {
            "activity_id": ["late", "early"],
            "started_at": pa.array(
                [datetime(2026, 3, 1, 23, 30, tzinfo=UTC), datetime(2026, 3, 2, 0, 30, tzinfo=UTC)],
                pa.timestamp("us", tz="UTC"),
            ),
            "model": ["dense-70b", "dense-70b"],
            "requests": [1, 1],
            "output_tokens": [10, 10],
        }
    )
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    try:
        out = footprint_report(with_impacts(spark.createDataFrame(rows), mini_registry), ["day"])
        days = sorted(str(r["day"]) for r in out.collect())
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    assert days == ["2026-03-01", "2026-03-02"]


def test_a_frame_without_impacts_is_refused(spark: Any) -> None:
    from fairprint.spark import footprint_report

    df = spark.createDataFrame([("gpt-4o", 1)], "model string, requests long")
    with pytest.raises(InputError, match="with_impacts"):
        footprint_report(df)
