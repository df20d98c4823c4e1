"""The self-contained HTML report: Jinja2 templates, inline CSS, server-drawn SVG charts.

Other areas (the people audit) render their own pages on the same frame:
``template_environment(extra_dirs=[...])`` returns an environment whose loader finds their
templates first and ``base.html.j2`` (documented in its header) after, so a page only
needs ``{% extends "base.html.j2" %}`` and a ``content`` block.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    select_autoescape,
)

from fairprint.i18n import install as install_i18n
from fairprint.i18n import translations
from fairprint.report.build import Report
from fairprint.report.charts import Point, bar_chart, saving_chart, time_chart
from fairprint.report.esrs import METHODOLOGY_NOTES
from fairprint.report.metrics import (
    METRICS,
    format_number,
    format_quantity,
    format_range,
)
from fairprint.report.people import PeopleSection, hours_text, pay_text, percent
from fairprint.report.people_types import money_text
from fairprint.report.summarise import Range, Summary
from fairprint.report.wording import (
    Translate,
    english,
    lever_note,
    lever_scope,
    lever_title,
    people_note,
    requests_text,
    uncounted_text,
)


def template_environment(extra_dirs: Sequence[Path] = ()) -> Environment:
    """A Jinja2 environment over ``extra_dirs`` then the report templates (autoescaped)."""
    loaders: list[BaseLoader] = (
        [FileSystemLoader([str(d) for d in extra_dirs])] if extra_dirs else []
    )
    loaders.append(PackageLoader("fairprint.report", "templates"))
    return install_i18n(
        Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(("html", "j2")),
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


def _range_text(value: Range, unit: str) -> str:
    if not value.known:
        return "unknown"
    return format_range(value.low, value.central, value.high, unit).split(" (", 1)[1].rstrip(")")


def _raw(value: float) -> str:
    return repr(value) if math.isfinite(value) else "nan"


def _totals(report: Report) -> list[dict[str, Any]]:
    rows = []
    for metric in METRICS:
        value = report.totals[metric.column]
        rows.append(
            {
                "column": metric.column,
                "label": metric.label,
                "colour": metric.colour,
                "value": _raw(value.central),
                "low": _raw(value.low),
                "high": _raw(value.high),
                "text": format_quantity(value.central, metric.unit),
                "range": _range_text(value, metric.unit),
                "unknown_requests": value.unknown_requests,
            }
        )
    return rows


def _points(summary: Summary, column: str) -> list[Point]:
    return [
        Point(str(row["group"]), r.low, r.central, r.high)
        for row in summary.group_rows()
        for r in (summary.group_range(row, column),)
    ]


def _charts(summary: Summary, time: bool = False) -> list[Any]:
    draw = time_chart if time else bar_chart
    return [
        draw(_points(summary, m.column), m.unit, m.colour, m.label, metric=m.column)
        for m in METRICS
    ]


def impact_table(summary: Summary, t: Translate = english) -> dict[str, Any]:
    """The view model of a grouped table (used by the ``impact_table`` macro)."""
    rows = []
    for row in summary.group_rows():
        tokens = sum(int(row[t] or 0) for t in summary.tokens)
        cells = []
        for metric in METRICS:
            value = summary.group_range(row, metric.column)
            cells.append(
                {
                    "column": metric.column,
                    "value": _raw(value.central),
                    "known": value.known,
                    "text": format_quantity(value.central, metric.unit),
                    "range": _range_text(value, metric.unit),
                    "unknown_requests": value.unknown_requests,
                }
            )
        share = row["gwp_share"]
        rows.append(
            {
                "group": row["group"],
                "requests": requests_text(
                    cast(int, row["requests"]), cast(int, row["uncounted_activities"]), t
                ),
                "tokens": f"{tokens:,}",
                "cells": cells,
                "share": "unknown" if share is None or math.isnan(share) else f"{share:.1%}",
            }
        )
    return {"by": summary.by, "heads": [m.label for m in METRICS], "rows": rows}


def _levers(report: Report, t: Translate = english) -> tuple[list[dict[str, Any]], Any]:
    rows, bars = [], []
    for lever in report.levers:
        low, high = lever.saving_range()
        fraction = lever.saving_fraction()
        water = lever.saving("water_l")
        rows.append(
            {
                "kind": lever.kind,
                "title": lever_title(lever, t),
                "note": lever_note(lever, t),
                "requests": lever_scope(lever, t),
                "tokens": format_number(float(lever.tokens)),
                "saving_raw": _raw(lever.saving()),
                "saving": format_quantity(lever.saving(), "kgCO2e"),
                "percent": f"{fraction:.0%}" if math.isfinite(fraction) else "unknown",
                "range": f"{format_quantity(low, 'kgCO2e', lever.saving())} – "
                f"{format_quantity(high, 'kgCO2e', lever.saving())}",
                "water": (
                    format_quantity(water, "L")
                    if not math.isfinite(water)
                    else f"saves {format_quantity(water, 'L')}"
                    if water >= 0
                    else f"uses {format_quantity(-water, 'L')} more"
                ),
            }
        )
        if math.isfinite(fraction):
            # central only: the low and high scenarios' fractions need not bracket it
            bars.append((lever_title(lever, t), fraction, fraction, fraction))
    chart = saving_chart(bars, "Carbon saved, % of the moved traffic (central)") if bars else None
    return rows, chart


def _esrs(report: Report) -> list[dict[str, Any]]:
    rows = []
    for figure in report.esrs:
        entry = figure.catalogue
        unit = "m³" if figure.unit == "m3" else figure.unit
        rows.append(
            {
                "figure": entry["figure"],
                "standard": entry["standard"],
                "dr": entry["disclosure_requirement"],
                "paragraph": entry.get("paragraph", ""),
                "label": entry["label"],
                "ghg": entry.get("ghg_protocol", ""),
                "text": (
                    f"{format_number(figure.value.central)} {unit}"
                    if figure.value.known
                    else "unknown"
                ),
                "range": (
                    f"{format_number(figure.value.low)}–{format_number(figure.value.high)}"
                    if figure.value.known
                    else ""
                ),
                "boundary": entry.get("boundary", ""),
                "notes": entry.get("notes", ""),
            }
        )
    return rows


def people_view(
    people: PeopleSection | None, t: Callable[[str], str] = str
) -> dict[str, Any] | None:
    """The view model of the People section: cells as text, every figure with its source.

    Sources are numbered in order of first use; each row carries the numbers of its own.
    """
    if people is None:
        return None
    numbers = {key: number for number, key in enumerate(people.sources, start=1)}

    def ref(source: str, url: str) -> list[dict[str, Any]]:
        return [{"n": numbers[(source, url)], "url": url}] if source else []

    models = [
        {
            "model": m.model,
            "provider": m.provider or "unknown",
            "status": m.status,
            "requests": "" if m.uncounted_rows and not m.requests else f"{m.requests:,}",
            "uncounted": m.uncounted_rows,
            "request_share": percent(people.request_share(m)),
            "carbon_share": percent(people.carbon_share(m)),
            "family_hours": hours_text(m.family_hours)
            + (t(" (estimated by analogy)") if m.basis == "analogy" else ""),
            "traffic_hours": hours_text(
                m.traffic_hours, t("undisclosed" if m.family_hours is None else "not amortised")
            ),
            "note": people_note(m.note, t),
            "refs": [r for s in m.sources for r in ref(*s)],
        }
        for m in people.models
    ]
    providers = [
        {
            "name": p.name,
            "requests": f"{p.requests:,}",
            "score": p.score_text,
            "points": p.points,
            "disclosed": ", ".join(p.disclosed) or "none",
            "undisclosed": ", ".join(p.undisclosed) or "–",
            "refs": ref(p.source, p.source_url),
            "facts": [
                {
                    "field": f.field.replace("_", " "),
                    "item": f.item,
                    "value": f.value,
                    "country": f.country or "–",
                    "scope": f.scope,
                    "by": f.disclosed_by,
                    "year": f.year or "",
                    "refs": ref(f.source, f.source_url),
                }
                for f in p.facts
            ],
            "wages": [
                {
                    "item": w.item,
                    "country": w.country or "undisclosed",
                    "standard": w.standard,
                    "pay": pay_text(w.pay_ppp),
                    "reference": f"{w.reference_ppp:,.2f}"
                    if w.reference_ppp is not None
                    else "none",
                    "ratio": percent(w.ratio) if w.ratio is not None else "unknown",
                    "note": w.note,
                    "refs": ref(w.source, w.source_url),
                }
                for w in p.wages
            ],
        }
        for p in people.providers
    ]
    return {
        "finding": people.finding_text(t),
        "share": people.undisclosed_request_share,
        "models": models,
        "providers": providers,
        "has_facts": any(p["facts"] for p in providers),
        "has_wages": any(p["wages"] for p in providers),
        "datawork": hours_text(people.datawork_h, "none known"),
        "datawork_unknown": f"{people.datawork_unknown_requests:,}"
        if people.datawork_unknown_requests
        else "",
        "premium_text": people.premium_sentence(t),
        "premium": [
            {
                "model": m.model,
                "per_1000": money_text(m.premium_ppp_per_1000),
                "period": money_text(
                    None
                    if m.premium_ppp_per_1000 is None
                    else (
                        m.requests / 1000.0 * m.premium_ppp_per_1000[0],
                        m.requests / 1000.0 * m.premium_ppp_per_1000[1],
                        m.requests / 1000.0 * m.premium_ppp_per_1000[2],
                    )
                ),
                "requests": f"{m.requests:,}",
            }
            for m in people.models
            if m.requests > 0
        ],
        "notes": [people_note(note, t) for note in people.notes],
        "pointers": list(people.pointers),
        "sources": [{"n": n, "source": s, "url": u} for (s, u), n in numbers.items()],
    }


def _period(report: Report) -> str:
    summary = report.summary
    first = report.since or summary.first_started_at
    last = report.until or summary.last_started_at
    if first is None or last is None:
        return "(no activity)"
    return f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fairprint")
    except PackageNotFoundError:
        return "(development)"


def render_html(report: Report, locale: str = "en") -> str:
    """The report as one self-contained HTML document, in ``locale`` (``en`` or ``fr``)."""
    version = _package_version()
    summary = report.summary
    tokens = summary.tokens
    token_detail = ", ".join(
        f"{format_number(float(count), 3)} {name.removesuffix('_tokens').replace('_', ' ')}"
        for name, count in tokens.items()
        if count
    )
    t = translations(locale).gettext
    levers, lever_chart = _levers(report, t)
    catalogue_versions = sorted({f.catalogue.get("catalogue_version", "") for f in report.esrs})
    standard_versions = sorted({f.catalogue.get("standard_version", "") for f in report.esrs})
    registry = ", ".join(summary.registry_versions) or "unknown"
    methodology = ", ".join(summary.methodology_versions) or "unknown"
    context = {
        "page_title": report.title,
        "page_subtitle": f"{_period(report)} · {summary.requests:,} requests",
        "generator": f"fairprint {version}",
        "footer_note": (
            f"registry {registry} · methodology {methodology}"
            + (
                f" · generated {report.generated_at:%Y-%m-%d %H:%M} UTC"
                if report.generated_at
                else ""
            )
        ),
        "period": _period(report),
        "totals": _totals(report),
        "requests": f"{summary.requests:,}",
        "uncounted": (
            uncounted_text(summary.uncounted_activities, t) if summary.uncounted_activities else ""
        ),
        "requests_raw": summary.requests,
        "activities": f"{summary.activities:,}",
        "tokens": f"{sum(tokens.values()):,}",
        "token_detail": token_detail or "none",
        "grain": report.timeline.by,
        "time_charts": _charts(report.timeline, time=True),
        "model_charts": _charts(report.by_model),
        "team_charts": _charts(report.by_team),
        "model_table": impact_table(report.by_model, t),
        "team_table": impact_table(report.by_team, t),
        "extra_table": impact_table(summary, t) if summary.by not in ("model", "team") else None,
        "levers": levers,
        "lever_chart": lever_chart,
        "esrs": _esrs(report),
        "people": people_view(report.people, t),
        "esrs_version": "; ".join(
            [*standard_versions, *(f"catalogue {v}" for v in catalogue_versions)]
        ),
        "notes": [t(note) for note in METHODOLOGY_NOTES],
        "sources": list(report.sources),
    }
    context["locale"] = locale
    return template_environment().get_template("report.html.j2").render(**context)


def write_html(report: Report, path: Path, locale: str = "en") -> Path:
    """Write :func:`render_html` to ``path`` (parents created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, locale), encoding="utf-8")
    return path
