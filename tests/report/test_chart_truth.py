"""Time charts tell the truth: unknown is a labelled gap, every period has its slot, and
the high end of a band is inside the axis or its cut is marked with the true value."""

from __future__ import annotations

import math
import re

from fairprint.report.charts import Point, fill_periods, time_chart


def _attr(svg: str, name: str) -> float:
    return float(re.search(rf'{name}="([^"]+)"', svg).group(1))


def test_an_unknown_period_is_a_labelled_gap_never_a_point_at_zero() -> None:
    points = [
        Point("2026-07", 1.0, 2.0, 3.0),
        Point("2026-08", math.nan, math.nan, math.nan),
        Point("2026-09", 1.0, 2.0, 3.0),
    ]
    svg = str(time_chart(points, "kWh", "#333", "Energy"))
    assert 'data-value="nan"' not in svg
    gap = re.search(r'<g class="gap" data-label="2026-08" data-status="unknown">.*?</g>', svg)
    assert gap and "unknown (not counted as zero)" in gap.group(0)
    assert svg.count('class="point"') == 2
    assert "<polyline" not in svg  # the line is broken: two one-point runs, no line across
    assert "2026-08: unknown" in re.search(r"<desc>(.*?)</desc>", svg).group(1)


def test_empty_months_get_their_slot_at_zero() -> None:
    points = [Point("2026-09", 1, 2, 3), Point("2026-12", 1, 2, 3)]
    periods = fill_periods(points)
    assert [p.point.label for p in periods] == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert [p.status for p in periods] == ["known", "empty", "empty", "known"]
    svg = str(time_chart(points, "kWh", "#333", "Energy"))
    assert svg.count('data-status="empty"') == 2
    assert 'data-label="2026-10" data-status="empty" data-value="0.0"' in svg


def test_missing_weeks_can_be_withheld_rather_than_zero() -> None:
    points = [Point("2026-07-06", 1, 1, 1), Point("2026-07-20", 2, 2, 2)]
    periods = fill_periods(points, missing="hidden")
    assert [p.point.label for p in periods] == ["2026-07-06", "2026-07-13", "2026-07-20"]
    svg = str(time_chart(points, "h", "#333", "Hours", missing="hidden", hidden_reason="k<5"))
    assert 'data-label="2026-07-13" data-status="hidden"' in svg and "k&lt;5" in svg


def test_the_axis_covers_the_high_end_of_moderate_ranges() -> None:
    points = [Point("2026-07", 1.0, 2.0, 7.0), Point("2026-08", 1.0, 3.0, 9.0)]
    svg = str(time_chart(points, "kWh", "#333", "Energy"))
    assert _attr(svg, "data-axis-max") >= _attr(svg, "data-high-max") == 9.0
    assert "band-cut" not in svg


def test_a_band_beyond_the_headroom_is_cut_and_the_cut_says_the_true_high() -> None:
    points = [Point("2026-07", 1.0, 2.0, 50.0), Point("2026-08", 1.0, 3.0, 60.0)]
    svg = str(time_chart(points, "kWh", "#333", "Energy"))
    assert _attr(svg, "data-axis-max") < 60.0
    assert svg.count('class="band-cut"') == 2
    assert "highest high 60" in svg


def test_a_single_period_is_centred_with_its_own_label() -> None:
    svg = str(time_chart([Point("2026-07-06", 2, 2, 2)], "h", "#333", "Hours"))
    assert svg.count('class="point"') == 1
    assert svg.count("2026-07-06") >= 1 and 'cx="179.00"' in svg
