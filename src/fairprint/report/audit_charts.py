"""Inline SVG charts for the audit report: pay distribution against wage lines, exposure.

Drawn on the server like the rest of the report (no script, no network). The histogram's
bins come already merged to hold at least k workers each (``audit.privacy.k_histogram``),
so no bar stands for fewer than k people; the last bin is open-ended.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from fairprint.report.charts import Point, time_chart

__all__ = ["exposure_chart", "pay_histogram"]

_LINE_COLOURS = {"living": "#b03a2e", "minimum": "#7d6608"}


def pay_histogram(
    bins: Sequence[Mapping[str, Any]],
    lines: Sequence[Mapping[str, Any]],
    unit: str,
    upper: float | None = None,
) -> Markup:
    """Workers per hourly-pay bin, with a vertical line per wage reference (PPP $)."""
    width, height, left, right, top, bottom = 560, 220, 36, 12, 26, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg class="chart pay-histogram" viewBox="0 0 {width} {height}" role="img" '
        f'data-unit="{escape(unit)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>Workers by effective hourly pay ({escape(unit)})</title>",
        f'<text class="chart-title" x="0" y="14">Workers by effective hourly pay '
        f'<tspan class="unit">({escape(unit)})</tspan></text>',
    ]
    if not bins:
        parts.append(f'<text x="{left}" y="{top + 40}" class="empty">suppressed or no data</text>')
        parts.append("</svg>")
        return Markup("".join(parts))
    closed = [b["high"] for b in bins if b["high"] is not None]
    last_width = (bins[-1]["low"] - bins[-2]["low"]) if len(bins) > 1 else 1.0
    x_max = max(
        [*closed, upper or 0.0, bins[-1]["low"] + max(last_width, 1e-9)]
        + [float(line["value"]) * 1.05 for line in lines]
    )
    most = max(b["workers"] for b in bins) or 1

    def x_of(value: float) -> float:
        return left + value / x_max * plot_w

    for index, item in enumerate(bins):
        high = item["high"] if item["high"] is not None else x_max
        x0, x1 = x_of(item["low"]), x_of(high)
        bar_h = item["workers"] / most * plot_h
        label = (
            f"{item['low']:.2f}–{item['high']:.2f}"
            if item["high"] is not None
            else f"≥ {item['low']:.2f}"
        )
        parts.append(
            f'<rect class="bar" x="{x0:.2f}" y="{top + plot_h - bar_h:.2f}" '
            f'width="{max(x1 - x0 - 1, 1):.2f}" height="{bar_h:.2f}" fill="#4f7f9f" '
            f'data-bin="{index}" data-low="{item["low"]!r}" data-workers="{item["workers"]}">'
            f"<title>{label}: {item['workers']} workers</title></rect>"
        )
    for index, line in enumerate(lines):
        x = x_of(float(line["value"]))
        colour = _LINE_COLOURS.get(str(line.get("kind")), "#333")
        dash = "" if line.get("kind") == "living" else ' stroke-dasharray="4 3"'
        parts.append(
            f'<line class="wage-line" x1="{x:.2f}" x2="{x:.2f}" y1="{top}" y2="{top + plot_h}" '
            f'stroke="{colour}" stroke-width="1.6"{dash} data-label="{escape(line["label"])}" '
            f'data-value="{float(line["value"])!r}"><title>{escape(line["label"])}: '
            f"{float(line['value']):.2f}</title></line>"
            f'<text class="tick" x="{x + 3:.2f}" y="{top + 10 + 11 * (index % 4)}" '
            f'fill="{colour}">{escape(line["label"])}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}" stroke="#999"/>'
        f'<text class="tick" x="{left}" y="{height - 16}">0</text>'
        f'<text class="tick" x="{width - right}" y="{height - 16}" text-anchor="end">'
        f"{x_max:.2f}</text>"
        f'<text class="tick" x="{left - 4}" y="{top + 8}" text-anchor="end">{most}</text>'
        "</svg>"
    )
    return Markup("".join(parts))


def exposure_chart(weeks: Sequence[Mapping[str, Any]]) -> Markup:
    """Hours on flagged content per ISO week (weeks with fewer than k exposed are left out).

    One week alone (a one-day log) is drawn as one labelled bar, not as a single dot on a
    time axis running from that week to itself.
    """
    if len(weeks) == 1:
        return _single_week(weeks[0])
    points = [Point(w["week"], w["hours"], w["hours"], w["hours"]) for w in weeks]
    return time_chart(
        points,
        "h",
        "#8e44ad",
        "Hours on flagged content per week",
        "exposure_h",
        missing="hidden",
        hidden_reason="not shown: fewer than k workers exposed that week, or none",
    )


def _single_week(week: Mapping[str, Any]) -> Markup:
    label, hours = escape(str(week["week"])), float(week["hours"])
    title = f"week of {label}"
    width, height, left, top, bar_h = 560, 96, 90, 26, 28
    bar_w = width - left - 120
    return Markup(
        f'<svg class="chart exposure-single" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>Hours on flagged content in the {title}: '
        f"{hours:.1f} h</title>"
        f'<text class="chart-title" x="0" y="14">Hours on flagged content, {title} '
        '<tspan class="unit">(h; one week of data: no trend to draw)</tspan></text>'
        f'<text class="tick" x="{left - 6}" y="{top + 19}" text-anchor="end">{label}</text>'
        f'<rect class="bar" x="{left}" y="{top}" width="{bar_w}" height="{bar_h}" '
        f'fill="#8e44ad" data-label="{label}" data-value="{hours!r}"/>'
        f'<text class="tick" x="{left + bar_w + 6}" y="{top + 19}">{hours:.1f} h</text>'
        "</svg>"
    )
