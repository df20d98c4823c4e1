"""Reports over an activities-with-impacts table: terminal, HTML, JSON, CSV and ESRS.

``build_report(table)`` (or ``report_from_ledger(ledger)``) makes one :class:`Report`; the
writers only format it, so every output shows the same numbers::

    from fairprint.report import build_report, render_html, to_json
    report = build_report(fairprint.impacts.estimate_table(activities, registry))
"""

from fairprint._period import PERIOD_HELP, parse_period
from fairprint.report.audit_html import render_audit_html
from fairprint.report.audit_terminal import print_audit
from fairprint.report.build import (
    Report,
    build_report,
    report_from_aggregates,
    report_from_ledger,
)
from fairprint.report.charts import Point, bar_chart, time_chart
from fairprint.report.esrs import esrs_figures, esrs_notes, esrs_values, to_esrs_csv
from fairprint.report.estimate_terminal import print_estimate, print_models
from fairprint.report.html import impact_table, render_html, template_environment, write_html
from fairprint.report.json_csv import report_dict, to_csv, to_json
from fairprint.report.levers import Lever, find_levers
from fairprint.report.metrics import (
    METRIC_BY_COLUMN,
    METRICS,
    SUMMED_COLUMNS,
    display_scale,
    format_number,
    format_quantity,
    format_range,
)
from fairprint.report.people import PeopleSection, people_section
from fairprint.report.people_premium import ModelPremium, model_premium
from fairprint.report.people_sheet import premium_line, print_sheet, print_transparency
from fairprint.report.query import LedgerAggregates, aggregate_ledger, aggregate_table
from fairprint.report.safe import spreadsheet_cell, terminal_text
from fairprint.report.summarise import DIMENSIONS, Range, Summary, filter_period, summarise
from fairprint.report.terminal import render_terminal
from fairprint.report.wording import (
    Translate,
    english,
    lever_note,
    lever_scope,
    lever_title,
)

__all__ = [
    "DIMENSIONS",
    "METRICS",
    "METRIC_BY_COLUMN",
    "PERIOD_HELP",
    "SUMMED_COLUMNS",
    "LedgerAggregates",
    "Lever",
    "ModelPremium",
    "PeopleSection",
    "Point",
    "Range",
    "Report",
    "Summary",
    "Translate",
    "aggregate_ledger",
    "aggregate_table",
    "bar_chart",
    "build_report",
    "display_scale",
    "english",
    "esrs_figures",
    "esrs_notes",
    "esrs_values",
    "filter_period",
    "find_levers",
    "format_number",
    "format_quantity",
    "format_range",
    "impact_table",
    "lever_note",
    "lever_scope",
    "lever_title",
    "model_premium",
    "parse_period",
    "people_section",
    "premium_line",
    "print_audit",
    "print_estimate",
    "print_models",
    "print_sheet",
    "print_transparency",
    "render_audit_html",
    "render_html",
    "render_terminal",
    "report_dict",
    "report_from_aggregates",
    "report_from_ledger",
    "spreadsheet_cell",
    "summarise",
    "template_environment",
    "terminal_text",
    "time_chart",
    "to_csv",
    "to_esrs_csv",
    "to_json",
    "write_html",
]
