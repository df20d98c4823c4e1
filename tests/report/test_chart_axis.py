"""Chart axes follow the central values, so wide ranges do not shrink the bars to slivers."""

from __future__ import annotations

import re

from fairprint.report.charts import RANGE_HEADROOM, Point, bar_chart, time_chart


def _bar_widths(svg: str) -> list[float]:
    return [
        float(w) for w in re.findall(r'class="bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)
    ]


def test_largest_bar_fills_at_least_the_headroom_share_of_the_axis() -> None:
    points = [Point("a", 1.0, 10.0, 200.0), Point("b", 0.5, 5.0, 20.0)]
    svg = str(bar_chart(points, "kgCO2e", "#333", "Carbon", width=320, label_width=110))
    plot = 320 - 110 - 58
    assert max(_bar_widths(svg)) >= plot / RANGE_HEADROOM - 0.01
    assert "whisker-cut" in svg  # a's high end (200) runs past the axis and is marked
    assert 'data-high="200.0"' in svg  # the full value stays readable


def test_narrow_ranges_are_drawn_whole() -> None:
    points = [Point("a", 9.0, 10.0, 11.0)]
    svg = str(bar_chart(points, "kWh", "#333", "Energy"))
    assert "whisker-cut" not in svg


def test_time_band_is_clipped_to_the_axis() -> None:
    points = [Point("d1", 1.0, 2.0, 50.0), Point("d2", 1.0, 3.0, 60.0)]
    svg = str(time_chart(points, "kWh", "#333", "Energy"))
    ys = [
        float(y)
        for y in re.findall(r",([\d.]+)", re.search(r'class="band" points="([^"]+)"', svg).group(1))
    ]
    assert min(ys) >= 24 - 0.01  # never above the top of the plot area
