"""The /audits page's view of one stored audit: a title a person recognises, every gap
with its reason in words, and the figures as a readable table.

Why a module: the stored figures are a nested JSON record made for machines (booleans,
unset parameters, hashes). A reader needs the input file names and the date rather than a
hex id, "suppressed" with the reason the audit itself recorded (fewer than k workers, a
currency without a rate, ...), and no "suppressed False" or "not shown" for a parameter
nobody set. Pure functions over ``audits_payload`` entries (already k-anonymous).
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

__all__ = ["audit_view"]

# Section names and the order in which the readable table shows them.
SECTIONS = {
    "population": "Workers and hours",
    "pay": "Effective hourly pay",
    "wages": "Against minimum and living wages",
    "rates": "Rejections and abandonment",
    "premium": "Living-wage premium",
    "exposure": "Exposure to harmful content",
    "privacy": "Privacy",
}
SKIPPED_KEYS = {"suppressed", "weeks", "bins", "lines", "by_country", "histogram"}


def _label(key: str) -> str:
    if key == "k":
        return "k (smallest group shown)"
    if key == "ppp_usd":
        return "PPP $"
    text = key.replace("_ppp_usd", " (PPP $)").replace("_", " ")
    return text[:1].upper() + text[1:]


def _is_share(label: str) -> bool:
    last = label.rsplit("·", 1)[-1].lower()
    return "share" in last or last.strip().endswith("rate")


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(float(value)) if math.isfinite(float(value)) else "unknown"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) if value else "none"
    return str(value)


def _rows(section: str, value: Any, prefix: str = "") -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SKIPPED_KEYS or item is None or item == {} or item == []:
                continue
            label = f"{prefix} · {_label(key)}" if prefix else _label(key)
            rows += _rows(section, item, label)
        return rows
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return rows  # per-item tables (thresholds, bins) are shown elsewhere
    if isinstance(value, int | float) and not isinstance(value, bool) and _is_share(prefix):
        text = f"{value:.1%}" if math.isfinite(float(value)) else "unknown"
    else:
        text = _value(value)
    rows.append((section, prefix, text))
    return rows


def _date(text: Any) -> str:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def _inputs(run: dict[str, Any], figures: dict[str, Any]) -> list[dict[str, Any]]:
    inputs = (figures.get("audit") or {}).get("inputs")
    if inputs is None:
        raw = run.get("inputs") or "[]"
        inputs = json.loads(raw) if isinstance(raw, str) else raw
    return [i for i in inputs or [] if isinstance(i, dict)]


def suppression_reason(figures: dict[str, Any], k: Any) -> str:
    """Why the figures of a suppressed audit are not shown, in the audit's own words."""
    notes = [str(n) for n in (figures.get("privacy") or {}).get("notes") or [] if n]
    if notes:
        return "; ".join(notes)
    return f"fewer than {k} workers in the log: no figure about so few people is shown"


def _gap_reason(figures: dict[str, Any], label: str, k: Any) -> str:
    """The words beside a headline with no value."""
    if figures.get("suppressed"):
        return "suppressed — " + suppression_reason(figures, k)
    wages = figures.get("wages") or {}
    if "minimum wage" in label:
        reasons = (wages.get("minimum") or {}).get("reasons") or figures.get("conversion_notes")
        if reasons:
            return "not compared — " + "; ".join(str(r) for r in reasons)
    if "pay" in label.lower():
        notes = figures.get("conversion_notes") or []
        if notes:
            return "unknown — " + "; ".join(str(n) for n in notes)
        return "unknown — the log records no pay"
    if "rate" in label.lower():
        return "unknown — the log records no task status"
    return "unknown — not in the log"


def audit_view(entry: dict[str, Any], headlines: list[tuple[str, str]]) -> dict[str, Any]:
    """What the page shows for one audit (``entry`` from ``audits_payload``)."""
    figures = entry.get("figures") or {}
    k = entry.get("k")
    inputs = _inputs(entry, figures)
    files = [str(i.get("file", "")) for i in inputs if i.get("file")]
    title = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    parameters = (figures.get("audit") or {}).get("parameters") or {}
    settings = [
        f"{_label(key)}: {_value(value)}"
        for key, value in parameters.items()
        if value is not None and key != "k"
    ]
    rows: list[tuple[str, str, str]] = []
    for key, name in SECTIONS.items():
        if key in figures and figures[key] is not None:
            rows += _rows(name, figures[key])
    headline_rows = (
        []  # a suppressed audit says why once, above, rather than on every line
        if figures.get("suppressed")
        else [
            (label, text if text != "not shown" else _gap_reason(figures, label, k))
            for label, text in headlines
        ]
    )
    return {
        "title": title or "an audit with no recorded input file",
        "date": _date(entry.get("created_at")),
        "inputs": [
            {
                "file": str(i.get("file", "")),
                "format": str(i.get("format", "")),
                "rows": i.get("rows_read"),
                "sha256": str(i.get("sha256", ""))[:12],
            }
            for i in inputs
        ],
        "settings": settings,
        "suppressed_reason": suppression_reason(figures, k) if figures.get("suppressed") else "",
        "headlines": headline_rows,
        "rows": rows,
    }
