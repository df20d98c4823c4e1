"""Machine-readable reports: JSON (the whole report) and CSV (the grouped table).

Unknown stays unknown: NaN becomes JSON ``null`` and an empty CSV cell, never 0.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from fairprint.report.build import Report
from fairprint.report.esrs import esrs_notes
from fairprint.report.metrics import SUMMED_COLUMNS
from fairprint.report.people_types import PeopleSection
from fairprint.report.safe import spreadsheet_cell, terminal_text
from fairprint.report.summarise import Summary


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def summary_dict(summary: Summary) -> dict[str, Any]:
    """A summary as plain JSON-ready data."""
    return {
        "by": summary.by,
        "activities": summary.activities,
        "requests": summary.requests,
        "uncounted_activities": summary.uncounted_activities,
        "tokens": summary.tokens,
        "totals": {column: r.as_dict() for column, r in summary.totals.items()},
        "groups": [
            {
                "group": row["group"],
                "requests": row["requests"],
                "activities": row["activities"],
                "uncounted_activities": row["uncounted_activities"],
                "tokens": {t: row[t] for t in summary.tokens},
                "impacts": {c: summary.group_range(row, c).as_dict() for c in SUMMED_COLUMNS},
                "gwp_share": _clean(row["gwp_share"]),
            }
            for row in summary.group_rows()
        ],
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as plain data (what ``--format json`` prints)."""
    summary = report.summary
    return {
        "title": report.title,
        "since": _clean(report.since),
        "until": _clean(report.until),
        "first_started_at": _clean(summary.first_started_at),
        "last_started_at": _clean(summary.last_started_at),
        "generated_at": _clean(report.generated_at),
        "registry_versions": list(summary.registry_versions),
        "methodology_versions": list(summary.methodology_versions),
        "summary": summary_dict(summary),
        "timeline": summary_dict(report.timeline),
        "levers": [
            {
                "kind": lever.kind,
                "title": lever.title,
                "from": lever.change_from,
                "to": lever.change_to,
                "requests": lever.requests,
                "tokens": lever.tokens,
                "gwp_kgco2e_saved": _clean(lever.saving()),
                "gwp_kgco2e_saved_range": [_clean(v) for v in lever.saving_range()],
                "gwp_saved_fraction": _clean(lever.saving_fraction()),
                "before": {c: r.as_dict() for c, r in lever.before.items()},
                "after": {c: r.as_dict() for c, r in lever.after.items()},
                "note": lever.note,
            }
            for lever in report.levers
        ],
        "esrs": [{**figure.catalogue, "value": figure.value.as_dict()} for figure in report.esrs],
        "people": report.people.to_dict() if report.people is not None else None,
        "methodology_notes": list(esrs_notes(report.people)),
        "sources": [{k: _clean(v) for k, v in source.items()} for source in report.sources],
    }


def to_json(report: Report, indent: int = 2) -> str:
    """:func:`report_dict` as JSON text (strict: no NaN literals)."""
    return json.dumps(report_dict(report), indent=indent, allow_nan=False, default=str)


def to_csv(summary: Summary, people: PeopleSection | None = None) -> str:
    """The grouped table as CSV: one row per group, every summed column with its range.

    Grouped by model with a People section, three ``fair_data_premium_ppp`` columns give
    each model's fair-data premium over the period (empty = unknown, never 0).

    Control characters are removed from group labels, and a label a spreadsheet would read
    as a formula is prefixed with ``'`` (OWASP).
    """
    impact_columns = [
        f"{column}{suffix}" for column in SUMMED_COLUMNS for suffix in ("_low", "", "_high")
    ]
    unknown_columns = [f"{column}_unknown_requests" for column in SUMMED_COLUMNS]
    header = [
        summary.by,
        "activities",
        "requests",
        "uncounted_activities",
        *summary.tokens,
        *impact_columns,
        *unknown_columns,
        "gwp_share",
    ]
    premiums = _premiums(people) if summary.by == "model" and people is not None else None
    premium_columns = [f"fair_data_premium_ppp{s}" for s in ("_low", "", "_high")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header + (premium_columns if premiums is not None else []))
    for row in summary.group_rows():
        label = spreadsheet_cell(terminal_text(str(row["group"])))
        values = [row[str(c)] for c in header[1:]]
        if premiums is not None:
            values += list(premiums.get(str(row["group"])) or (None, None, None))
        writer.writerow([label, *("" if _clean(v) is None else _format(v) for v in values)])
    return buffer.getvalue()


def _premiums(people: PeopleSection) -> dict[str, tuple[float, float, float] | None]:
    """Each model's fair-data premium over the period (PPP-$), ``None`` when unknown."""
    out: dict[str, tuple[float, float, float] | None] = {}
    for m in people.models:
        p = m.premium_ppp_per_1000
        k = m.requests / 1000.0
        out[m.model] = None if p is None else (k * p[0], k * p[1], k * p[2])
    return out


def _format(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)
