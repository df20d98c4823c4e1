"""The time chart: one slot per period, unknown periods as labelled gaps, honest axis.

Split from ``charts.py`` (same conventions: inline SVG, no script, ``data-`` attributes
with every value, a ``<title>`` and a ``<desc>`` that says the chart in words).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from fairprint.report.charts import Point, _finite
from fairprint.report.metrics import display_scale, format_number

TIME_RANGE_HEADROOM = 5.0
"""A time chart's axis ends at the highest high, but at most this multiple of the highest
central value; a band running past it is cut and the cut is marked with its true end."""


@dataclass(frozen=True)
class Period:
    """One slot of the time axis: the point, or why it has no value."""

    point: Point
    status: str
    """``known``; ``unknown`` (activity whose value is unknown, never drawn as zero);
    ``empty`` (no activity recorded: a true zero); ``hidden`` (withheld, e.g. below k)."""


def _parse_period(label: str) -> date | None:
    try:
        if len(label) == 7:
            return date.fromisoformat(label + "-01")
        return date.fromisoformat(label[:10]) if len(label) >= 10 else None
    except ValueError:
        return None


def _next_period(day: date, kind: str) -> date:
    if kind == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day + timedelta(days=7 if kind == "week" else 1)


def _label(day: date, kind: str) -> str:
    return day.isoformat()[:7] if kind == "month" else day.isoformat()


def fill_periods(points: Sequence[Point], missing: str = "empty") -> list[Period]:
    """Every period between the first and the last, so empty ones are not skipped.

    Labels are ``YYYY-MM`` (months) or ``YYYY-MM-DD`` (days, or weeks when every label
    falls on the same weekday). A period absent from ``points`` is ``missing``:
    ``empty`` (no activity, drawn at zero) or ``hidden`` (withheld, drawn as a gap).
    Labels that are not dates are kept as they come.
    """

    def status(point: Point) -> str:
        return "known" if math.isfinite(point.central) else "unknown"

    days = [_parse_period(p.label) for p in points]
    if len(points) < 2 or any(d is None for d in days):
        return [Period(p, status(p)) for p in points]
    parsed = [d for d in days if d is not None]
    if len(points[0].label) == 7:
        kind = "month"
    elif len({d.weekday() for d in parsed}) == 1 and all(
        (b - a).days % 7 == 0 for a, b in itertools.pairwise(parsed)
    ):
        kind = "week"
    else:
        kind = "day"
    by_label = {p.label: p for p in points}
    out: list[Period] = []
    day, last = parsed[0], parsed[-1]
    while day <= last and len(out) < 2000:
        label = _label(day, kind)
        if label in by_label:
            out.append(Period(by_label[label], status(by_label[label])))
        elif missing == "empty":
            out.append(Period(Point(label, 0.0, 0.0, 0.0), "empty"))
        else:
            out.append(Period(Point(label, math.nan, math.nan, math.nan), "hidden"))
        day = _next_period(day, kind)
    return out


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above ``value``: readable axis ends."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power * (1 + 1e-9):
            return step * power
    return 10 * power


def _time_axis_end(periods: Sequence[Period]) -> tuple[float, float]:
    """(axis end, highest high): the axis covers the highs up to the headroom limit."""
    known = [p.point for p in periods if p.status == "known"]
    centrals = max((_finite(p.central) for p in known), default=0.0)
    highs = max((max(_finite(p.high), _finite(p.central)) for p in known), default=0.0)
    if centrals <= 0:
        return _nice_ceiling(highs), highs
    return _nice_ceiling(min(highs, centrals * TIME_RANGE_HEADROOM)), highs


GAP_TEXT = {
    "unknown": "unknown (not counted as zero)",
    "hidden": "not shown",
    "empty": "no activity recorded",
}


def time_chart(
    points: Sequence[Point],
    unit: str,
    colour: str,
    title: str,
    metric: str = "",
    missing: str = "empty",
    hidden_reason: str = "not shown",
) -> Markup:
    """A central line over a shaded low–high band, one slot per period (none skipped).

    A period whose value is unknown (or withheld: ``hidden_reason``) breaks the line and
    is drawn as a hatched, labelled gap, never at zero. The axis reaches the highest
    high unless that is more than ``TIME_RANGE_HEADROOM`` times the highest central;
    then the band is cut at the axis end and the cut is marked with the true high.
    """
    periods = fill_periods(points, missing)
    width, height, left, right, top, bottom = 320, 160, 46, 8, 24, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    largest, highest = _time_axis_end(periods)
    factor, label = display_scale(
        max((_finite(p.point.central) for p in periods), default=0.0), unit
    )
    summary = _time_summary(periods, factor, label)
    parts = [
        f'<svg class="chart time-chart" viewBox="0 0 {width} {height}" role="img" '
        f'data-unit="{escape(unit)}" data-metric="{escape(metric)}" '
        f'data-axis-max="{largest!r}" data-high-max="{highest!r}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)} over time ({escape(label)})</title>",
        f"<desc>{escape(summary)}</desc>",
        f'<text class="chart-title" x="0" y="14">{escape(title)} '
        f'<tspan class="unit">({escape(label)})</tspan></text>',
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}" stroke="#767676"/>',
        f'<line class="grid" x1="{left}" x2="{width - right}" y1="{top}" y2="{top}" '
        'stroke="#ddd"/>',
        f'<text class="tick" x="{left - 4}" y="{top + 4}" text-anchor="end">'
        f"{format_number(largest / factor, 2)}</text>",
        f'<text class="tick" x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    if not periods:
        parts.append(f'<text x="{left}" y="{top + 40}" class="empty">no data</text></svg>')
        return Markup("".join(parts))
    slot = plot_w / len(periods)

    def x_of(index: int) -> float:
        return left + (index + 0.5) * slot

    def y_of(value: float) -> float:
        return top + plot_h - min(max(_finite(value), 0.0), largest) / largest * plot_h

    for segment in _segments(periods):
        band = [f"{x_of(i):.2f},{y_of(p.point.high):.2f}" for i, p in segment]
        band += [f"{x_of(i):.2f},{y_of(p.point.low):.2f}" for i, p in reversed(segment)]
        line = [f"{x_of(i):.2f},{y_of(p.point.central):.2f}" for i, p in segment]
        if len(segment) == 1:
            i, p = segment[0]
            parts.append(
                f'<line class="band" x1="{x_of(i):.2f}" x2="{x_of(i):.2f}" '
                f'y1="{y_of(p.point.low):.2f}" y2="{y_of(p.point.high):.2f}" '
                f'stroke="{colour}" stroke-opacity="0.5" stroke-width="6"/>'
            )
        else:
            parts.append(
                f'<polygon class="band" points="{" ".join(band)}" fill="{colour}" '
                'fill-opacity="0.22"/>'
                f'<polyline class="line" points="{" ".join(line)}" fill="none" '
                f'stroke="{colour}" stroke-width="1.8"/>'
            )
    for i, period in enumerate(periods):
        point = period.point
        if period.status in ("unknown", "hidden"):
            text = GAP_TEXT["unknown"] if period.status == "unknown" else hidden_reason
            parts.append(
                f'<g class="gap" data-label="{escape(point.label)}" '
                f'data-status="{period.status}"><rect x="{x_of(i) - slot / 2 + 1:.2f}" '
                f'y="{top}" width="{max(slot - 2, 1):.2f}" height="{plot_h}" fill="#eee" '
                f'stroke="#767676" stroke-dasharray="3 2"/><text class="gap-mark" '
                f'x="{x_of(i):.2f}" y="{top + plot_h - 4}" text-anchor="middle">?</text>'
                f"<title>{escape(point.label)}: {escape(text)}</title></g>"
            )
            continue
        cut = _finite(point.high) > largest
        parts.append(
            f'<circle class="point" cx="{x_of(i):.2f}" cy="{y_of(point.central):.2f}" '
            f'r="{2.4 if len(periods) < 40 else 1.0}" fill="{colour}" '
            f'data-label="{escape(point.label)}" data-status="{period.status}" '
            f'data-value="{point.central!r}" data-low="{point.low!r}" '
            f'data-high="{point.high!r}"><title>{escape(point.label)}: '
            f"{escape(_point_text(period, factor, label))}</title></circle>"
        )
        if cut:
            parts.append(
                f'<path class="band-cut" d="M{x_of(i) - 4:.2f},{top + 5} l4,-5 l4,5 z" '
                f'fill="#222" data-label="{escape(point.label)}" data-high="{point.high!r}">'
                f"<title>{escape(point.label)}: high end {format_number(point.high / factor)} "
                f"{escape(label)}, above the axis</title></path>"
            )
    if highest > largest:
        parts.append(
            f'<text class="cut-note" x="{width - right}" y="{height - 2}" text-anchor="end">'
            f"▲ band cut; highest high {format_number(highest / factor)}</text>"
        )
    parts.extend(_time_ticks(periods, x_of, height))
    parts.append("</svg>")
    return Markup("".join(parts))


def _segments(periods: Sequence[Period]) -> list[list[tuple[int, Period]]]:
    """Runs of consecutive periods with a value: a gap breaks the line and the band."""
    runs: list[list[tuple[int, Period]]] = [[]]
    for index, period in enumerate(periods):
        if period.status in ("known", "empty"):
            runs[-1].append((index, period))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _point_text(period: Period, factor: float, label: str) -> str:
    point = period.point
    if period.status == "empty":
        return f"0 {label} ({GAP_TEXT['empty']})"
    value = f"{format_number(point.central / factor)} {label}"
    if math.isfinite(point.low) and math.isfinite(point.high) and point.high != point.low:
        value += (
            f" (range {format_number(point.low / factor)}–{format_number(point.high / factor)})"
        )
    return value


def _time_summary(periods: Sequence[Period], factor: float, label: str) -> str:
    """The chart in words, for screen readers: every period's value or why it has none."""
    if not periods:
        return "No data."
    words = []
    for period in periods[:60]:
        if period.status in ("unknown", "hidden"):
            words.append(f"{period.point.label}: {GAP_TEXT[period.status]}")
        else:
            words.append(f"{period.point.label}: {_point_text(period, factor, label)}")
    more = f"; and {len(periods) - 60} more periods" if len(periods) > 60 else ""
    return "; ".join(words) + more + "."


def _time_ticks(periods: Sequence[Period], x_of: Callable[[int], float], height: int) -> list[str]:
    """Period labels under the axis: all of them when few, else about six, evenly spaced."""
    count = len(periods)
    every = max(1, math.ceil(count / 6))
    ticks = []
    for index in range(0, count, every):
        label = periods[index].point.label
        short = label[5:] if count > 1 and len(label) == 10 else label
        ticks.append(
            f'<text class="tick period" x="{x_of(index):.2f}" y="{height - 14}" '
            f'text-anchor="middle">{escape(short)}</text>'
        )
    first = periods[0].point.label[:4]
    ticks.append(f'<text class="tick year" x="2" y="{height - 2}">{escape(first)}</text>')
    return ticks
