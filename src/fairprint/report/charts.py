"""Inline SVG charts drawn on the server: the HTML report needs no script and no network.

Why hand-drawn SVG: the report must open offline, print, and be archived as one file; a
charting library from a CDN would break all three, and the web pages' strict CSP allows
no inline script or style. Vega-Lite rendered to static SVG by vl-convert was measured
as the alternative (vl-convert-python 1.9.0, 2026-12-06, shared 2-core machine): 2.0 s
for the first chart of a process (engine start), then a median of 129 ms per time chart
and an 84 MB install, against 0.9 ms per 12-month time chart here; a dashboard of
eight charts would take ~1 s longer per page. So the charts stay hand-drawn, kept plain
and tested for what they must show (``tests/report/test_chart_truth.py``).

Bars: horizontal, a low–high whisker. Their axis is scaled to the central values
(``RANGE_HEADROOM`` times the largest), not to the high ends: fairprint's ranges can
span an order of magnitude, and an axis stretched to them would shrink every central
value to a sliver. Whiskers that run past the axis are cut at its end and marked with
an arrow whose title gives the true high. Time series: see ``time_chart.py``. Every
mark carries ``data-`` attributes with its value, so tests (and screen readers, via
``<title>`` and ``<desc>``) can read the numbers back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from fairprint.report.metrics import display_scale, format_number


@dataclass(frozen=True)
class Point:
    """One bar or one time step: a label and a low/central/high value (base unit)."""

    label: str
    low: float
    central: float
    high: float


RANGE_HEADROOM = 2.0
"""The axis ends at this multiple of the largest central value."""


def _axis_end(points: Sequence[Point]) -> float:
    """Where the value axis ends: the highest high, capped at headroom over the centrals."""
    centrals = max((_finite(p.central) for p in points), default=0.0)
    highs = max((_finite(p.high) for p in points), default=0.0)
    if centrals <= 0:
        return highs
    return min(highs, centrals * RANGE_HEADROOM) if highs > centrals else centrals


def _finite(value: float) -> float:
    return value if value is not None and math.isfinite(value) else 0.0


def _top(points: Sequence[Point], limit: int) -> list[Point]:
    """The ``limit - 1`` largest points and one "other" point summing the rest."""
    points = list(points)
    if len(points) <= limit:
        return points
    head, rest = points[: limit - 1], points[limit - 1 :]
    other = Point(
        f"{len(rest)} others",
        sum(_finite(p.low) for p in rest),
        sum(_finite(p.central) for p in rest),
        sum(_finite(p.high) for p in rest),
    )
    return [*head, other]


def bar_chart(
    points: Sequence[Point],
    unit: str,
    colour: str,
    title: str,
    limit: int = 8,
    metric: str = "",
    width: int = 320,
    label_width: int = 110,
) -> Markup:
    """Horizontal bars (central) with a whisker from low to high, largest first."""
    shown = _top(points, limit)
    largest = _axis_end(shown)
    factor, label = display_scale(max((_finite(p.central) for p in shown), default=0.0), unit)
    row_height, top = 22, 26
    plot = width - label_width - 58
    height = top + row_height * max(len(shown), 1) + 8
    parts = [
        f'<svg class="chart bar-chart" viewBox="0 0 {width} {height}" role="img" '
        f'data-unit="{escape(unit)}" data-metric="{escape(metric)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)} ({escape(label)})</title>",
        f'<text class="chart-title" x="0" y="14">{escape(title)} '
        f'<tspan class="unit">({escape(label)})</tspan></text>',
    ]
    if not shown:
        parts.append(f'<text x="0" y="{top + 14}" class="empty">no data</text>')
    for index, point in enumerate(shown):
        y = top + index * row_height
        scale = plot / largest if largest > 0 else 0.0
        bar = _finite(point.central) * scale
        known = math.isfinite(point.central)
        value_text = format_number(point.central / factor) if known else "unknown"
        parts.append(
            f'<g class="bar-row"><text class="bar-label" x="{label_width - 6}" y="{y + 14}" '
            f'text-anchor="end">{escape(_short(point.label, label_width // 6))}</text>'
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{bar:.2f}" height="14" '
            f'fill="{colour}" data-label="{escape(point.label)}" data-metric="{escape(metric)}" '
            f'data-value="{point.central!r}" data-low="{point.low!r}" '
            f'data-high="{point.high!r}"><title>{escape(point.label)}: {value_text}'
            f"{' ' + escape(label) if known else ''}</title></rect>"
        )
        x_high = label_width + bar
        if known and largest > 0:
            x_low = label_width + min(_finite(point.low), largest) * scale
            x_high = label_width + min(_finite(point.high), largest) * scale
            parts.append(
                f'<line class="whisker" x1="{x_low:.2f}" x2="{x_high:.2f}" y1="{y + 10}" '
                f'y2="{y + 10}" stroke="#222" stroke-width="1.2"/>'
            )
            if _finite(point.high) > largest:
                parts.append(
                    f'<path class="whisker-cut" d="M{x_high:.2f},{y + 6} l5,4 l-5,4 z" '
                    f'fill="#222"><title>high end {format_number(point.high / factor)} '
                    f"{escape(label)} runs past the axis</title></path>"
                )
                x_high += 5
        x_text = max(label_width + bar, x_high) + 4
        parts.append(
            f'<text class="bar-value" x="{x_text:.2f}" y="{y + 14}">{value_text}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, size: int = 18) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def saving_chart(rows: Sequence[tuple[str, float, float, float]], title: str) -> Markup:
    """Bars of carbon saving in percent of the moved traffic's footprint, with a range."""
    points = [
        Point(label, low * 100, central * 100, high * 100) for label, low, central, high in rows
    ]
    return bar_chart(
        points, "%", "#2ca02c", title, limit=len(points) or 1, width=560, label_width=260
    )


# The time chart lives in its own module; re-exported here, where the other charts are.
from fairprint.report.time_chart import TIME_RANGE_HEADROOM, fill_periods, time_chart  # noqa: E402

__all__ = [
    "RANGE_HEADROOM",
    "TIME_RANGE_HEADROOM",
    "Point",
    "bar_chart",
    "fill_periods",
    "saving_chart",
    "time_chart",
]
