"""The offline HTML audit report: one self-contained file drawn from the audit figures.

It reads only ``AuditResult.figures`` (already k-anonymous), so nothing it prints can be
finer than a group of k workers. Unknown figures print as "unknown", suppressed ones as
"suppressed (fewer than k workers)".
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from fairprint.report.audit_charts import exposure_chart, pay_histogram
from fairprint.report.html import template_environment

__all__ = ["fmt_number", "fmt_share", "render_audit_html", "write_audit_html"]


def fmt_number(value: Any, digits: int = 2) -> str:
    """``1,234.57``; "unknown" for None/NaN."""
    if not isinstance(value, int | float) or not math.isfinite(value):
        return "unknown"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def fmt_share(value: Any) -> str:
    if not isinstance(value, int | float) or not math.isfinite(value):
        return "unknown"
    return f"{value:.1%}"


def render_audit_html(figures: dict[str, Any]) -> str:
    """The audit report as one HTML string (inline CSS and SVG, no external request)."""
    env = template_environment()
    env.filters["num"] = fmt_number
    env.filters["share"] = fmt_share
    template = env.get_template("audit.html.j2")
    k = (figures.get("privacy") or {}).get("k")
    histogram = figures.get("histogram") or {}
    exposure = figures.get("exposure") or {}
    return template.render(
        f=figures,
        k=k,
        sup=f"suppressed (fewer than {k} workers)",
        pay_chart=pay_histogram(
            histogram.get("bins") or [],
            histogram.get("lines") or [],
            histogram.get("unit", ""),
            histogram.get("upper"),
        ),
        exposure_svg=exposure_chart(exposure.get("weeks") or []),
        page_title="Fair data-work audit",
        page_subtitle=", ".join(i["file"] for i in figures["audit"]["inputs"]),
        generator="fairprint audit",
        footer_note=f"audit {figures['audit']['audit_id']} · {figures['audit']['created_at']}",
    )


def write_audit_html(figures: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_audit_html(figures), encoding="utf-8")
    return path
