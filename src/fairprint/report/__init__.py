"""Reports over an activities-with-impacts table: terminal, HTML, JSON, CSV and ESRS.

``build_report(table)`` (or ``report_from_ledger(ledger)``) makes one :class:`Report`; the
writers only format it, so every output shows the same numbers::

    from fairprint.report import build_report, render_html, to_json
    report = build_report(fairprint.impacts.estimate_table(activities, registry))
"""

from fairprint.report.build import (
    Report,
    build_report,
    report_from_aggregates,
    report_from_ledger,
)
from fairprint.report.esrs import esrs_figures, esrs_notes, esrs_values, to_esrs_csv
from fairprint.report.html import render_html, template_environment, write_html
from fairprint.report.json_csv import report_dict, to_csv, to_json
from fairprint.report.levers import Lever, find_levers
from fairprint.report.people import PeopleSection, people_section
from fairprint.report.query import LedgerAggregates, aggregate_ledger, aggregate_table
from fairprint.report.safe import spreadsheet_cell, terminal_text
from fairprint.report.summarise import DIMENSIONS, Range, Summary, filter_period, summarise
from fairprint.report.terminal import render_terminal

__all__ = [
    "DIMENSIONS",
    "LedgerAggregates",
    "Lever",
    "PeopleSection",
    "Range",
    "Report",
    "Summary",
    "aggregate_ledger",
    "aggregate_table",
    "build_report",
    "esrs_figures",
    "esrs_notes",
    "esrs_values",
    "filter_period",
    "find_levers",
    "people_section",
    "render_html",
    "render_terminal",
    "report_dict",
    "report_from_aggregates",
    "report_from_ledger",
    "spreadsheet_cell",
    "summarise",
    "template_environment",
    "terminal_text",
    "to_csv",
    "to_esrs_csv",
    "to_json",
    "write_html",
]
