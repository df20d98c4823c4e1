"""View models of the pages over the ledger: dashboard, imports, quarantine, audits.

The numbers come from ``fairprint.report`` (the same ``Report`` the CLI and the HTML
report render), so what the dashboard shows is what ``GET /api/report`` returns; this
module only arranges them for the templates and adds the people side per model.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from fairprint.errors import FairprintError
from fairprint.i18n import translations
from fairprint.impacts import datawork_per_request
from fairprint.people import provider_score
from fairprint.registry import Registry
from fairprint.report import (
    METRICS,
    Point,
    Report,
    Summary,
    Translate,
    bar_chart,
    english,
    format_number,
    format_quantity,
    format_range,
    impact_table,
    lever_note,
    lever_scope,
    lever_title,
    time_chart,
)
from fairprint.web.store import plain, rows

BREAKDOWNS: tuple[str, ...] = ("model", "provider", "team", "project")
"""The groupings the dashboard shows side by side (the ``by`` filter picks the first)."""


def points(summary: Summary, column: str) -> list[Point]:
    """One chart point per group of ``summary`` for impact ``column``."""
    out = []
    for row in summary.group_rows():
        value = summary.group_range(row, column)
        out.append(Point(str(row["group"]), value.low, value.central, value.high))
    return out


def totals(report: Report) -> list[dict[str, Any]]:
    """The four headline totals with their ranges and unknown-request counts."""
    out = []
    for metric in METRICS:
        value = report.totals[metric.column]
        out.append(
            {
                "column": metric.column,
                "label": metric.label,
                "colour": metric.colour,
                "central": value.central if value.known else None,
                "text": format_quantity(value.central, metric.unit),
                "range": format_range(value.low, value.central, value.high, metric.unit),
                "unknown_requests": value.unknown_requests,
            }
        )
    return out


def people_rows(summary: Summary, registry: Registry) -> list[dict[str, Any]]:
    """Beside each model's carbon: its family's data work and its provider's transparency."""
    out = []
    for row in summary.group_rows():
        model = str(row["group"])
        carbon = summary.group_range(row, "gwp_kgco2e")
        entry: dict[str, Any] = {
            "model": model,
            "requests": f"{row['requests']:,}",
            "carbon": format_quantity(carbon.central, "kgCO2e"),
            "status": "undisclosed",
            "hours": "undisclosed",
            "family": "",
            "transparency": "undisclosed",
            "known_model": True,
        }
        try:
            work = datawork_per_request(model, registry)
        except FairprintError:
            entry["known_model"] = False
            out.append(entry)
            continue
        entry["family"] = work.family
        entry["status"] = work.status
        if work.total_hours is not None:
            entry["hours"] = f"{work.total_hours:,.0f} h"
        score = provider_score(work.provider, registry)
        if score.status != "undisclosed" and score.latest is not None:
            entry["transparency"] = (
                f"{score.share:.0%} ({score.latest.points}/{score.latest.possible}, "
                f"FMTI {score.latest.edition})"
            )
        out.append(entry)
    return out


def levers(report: Report, t: Translate = english) -> list[dict[str, Any]]:
    """The biggest levers, as the dashboard lists them (titles and notes in ``t``'s language)."""
    out = []
    for lever in report.levers:
        saving = lever.saving()
        low, high = lever.saving_range()
        fraction = lever.saving_fraction()
        out.append(
            {
                "title": lever_title(lever, t),
                "kind": lever.kind,
                "scope": lever_scope(lever, t),
                "saving": format_quantity(saving, "kgCO2e"),
                "saving_raw": saving if math.isfinite(saving) else None,
                "range": f"{format_quantity(low, 'kgCO2e', saving)} – "
                f"{format_quantity(high, 'kgCO2e', saving)}",
                "percent": f"{fraction:.0%}" if math.isfinite(fraction) else "unknown",
                "note": lever_note(lever, t),
            }
        )
    return out


def dashboard_context(
    report: Report,
    breakdowns: dict[str, Summary],
    registry: Registry,
    locale: str = "en",
) -> dict[str, Any]:
    """Everything the dashboard template needs from one report, in ``locale``."""
    t = translations(locale).gettext
    summary = report.summary
    first, last = summary.first_started_at, summary.last_started_at
    return {
        "totals": totals(report),
        "requests": f"{summary.requests:,}",
        "requests_raw": summary.requests,
        "activities": f"{summary.activities:,}",
        "tokens": f"{sum(summary.tokens.values()):,}",
        "first": f"{first:%Y-%m-%d}" if isinstance(first, datetime) else "",
        "last": f"{last:%Y-%m-%d}" if isinstance(last, datetime) else "",
        "grain": report.timeline.by,
        "time_charts": [
            time_chart(points(report.timeline, m.column), m.unit, m.colour, m.label)
            for m in METRICS
        ],
        "breakdowns": [
            {
                "by": by,
                "chart": bar_chart(
                    points(part, "gwp_kgco2e"), "kgCO2e", "#5b5b5b", f"Carbon by {by}"
                ),
                "table": impact_table(part, t),
            }
            for by, part in breakdowns.items()
        ],
        "people": people_rows(report.by_model, registry),
        "levers": levers(report, t),
        "registry_versions": ", ".join(summary.registry_versions) or "none",
        "methodology_versions": ", ".join(summary.methodology_versions) or "none",
    }


def _clean(value: Any) -> Any:
    """Nested figures made JSON-safe (NaN/inf → None)."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return plain(value)


def _dig(figures: dict[str, Any], *path: str) -> Any:
    value: Any = figures
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def audit_headlines(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """The few figures a reader looks at first, as (label, text); "not shown" if suppressed."""

    def share(value: Any) -> str:
        return f"{value:.0%}" if isinstance(value, int | float) else "not shown"

    def number(value: Any, digits: int = 2) -> str:
        if not isinstance(value, int | float):
            return "not shown"
        if float(value).is_integer():
            return f"{int(value):,}"
        return format_number(float(value), digits)

    return [
        ("Workers", number(_dig(figures, "population", "workers"), 3)),
        ("Paid hours", number(_dig(figures, "population", "hours_paid"), 3)),
        ("Unpaid hours", number(_dig(figures, "population", "hours_unpaid"), 3)),
        (
            "Median pay per hour worked (PPP $)",
            number(_dig(figures, "pay", "hourly_all_time_ppp_usd", "p50")),
        ),
        (
            "Workers below the minimum wage (all time)",
            share(_dig(figures, "wages", "minimum", "all_time", "share_of_workers_below")),
        ),
        ("Rejection rate", share(_dig(figures, "rates", "rejection_rate"))),
        ("Abandonment rate", share(_dig(figures, "rates", "abandonment_rate"))),
    ]


def audits_payload(ledger: Any) -> dict[str, Any]:
    """The audits stored in the ledger, newest first, as the audit module stores them.

    Only ``audit_runs`` is read, through the audit module's own ``list_audits`` and
    ``load_audit``: its figures are aggregates over at least k workers (smaller groups are
    suppressed before storing). The audit quarantine (redacted raw rows) is never shown.
    """
    try:
        from fairprint.audit import list_audits, load_audit
    except ImportError:
        return {"audits": [], "note": "the audit module is not installed in this build"}
    audits = []
    for run in rows(list_audits(ledger)):
        figures = _clean(load_audit(ledger, str(run["audit_id"])))
        audits.append({**_clean(run), "figures": figures})
    return {"audits": audits}
