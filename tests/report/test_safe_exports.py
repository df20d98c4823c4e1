"""Hostile labels: CSV cells never start a formula; the terminal never gets escapes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rich.console import Console

from fairprint.ledger import Ledger
from fairprint.report import render_terminal, report_from_ledger, to_csv, to_esrs_csv
from fairprint.report.esrs import EsrsFigure, read_catalogue
from fairprint.report.safe import spreadsheet_cell, terminal_text
from fairprint.report.summarise import Range
from tests.report.conftest import activities, activity

FORMULAS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\tx", "\ry"]
ESCAPED = "\x1b[31mred\x1b[0m\x1b]0;pwned\x07\x9b2J\x07team"


def test_every_formula_start_is_quoted_and_nothing_else() -> None:
    for text in FORMULAS:
        assert spreadsheet_cell(text) == "'" + text
    for text in ("team", "0.5", "", "a=b", " =x"):
        assert spreadsheet_cell(text) == text


def test_terminal_text_drops_escape_sequences_and_controls() -> None:
    assert terminal_text(ESCAPED) == "redteam"
    assert terminal_text("a\x00b\x7fc\u200bd") == "abc\u200bd"


def test_report_csv_and_terminal_of_a_ledger_with_hostile_team_names(
    tmp_path: Path, mini_registry
) -> None:
    rows = [
        activity(i, model="dense-70b", provider="acme", team=team, input_tokens=10 + i)
        for i, team in enumerate([*FORMULAS, ESCAPED])
    ]
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.add_activities(activities(rows), origin="hostile", registry=mini_registry)
        report = report_from_ledger(ledger, by="team", registry=mini_registry)
    cells = [row[0] for row in csv.reader(io.StringIO(to_csv(report.summary)))][1:]
    # the ledger's gate strips control characters (tab, CR) from labels before storing them
    expected = ["'" + t for t in FORMULAS if t[0] not in "\t\r"] + ["x", "y", "redteam"]
    assert sorted(cells) == sorted(expected)
    out = io.StringIO()
    render_terminal(report, Console(file=out, width=200, force_terminal=False))
    text = out.getvalue()
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert "redteam" in text


def test_esrs_text_cells_are_quoted() -> None:
    row = dict(read_catalogue()[0], label="=1+1", notes="@x")
    figure = EsrsFigure(catalogue=row, value=Range(1.0, 2.0, 3.0, 0))
    parsed = list(csv.DictReader(io.StringIO(to_esrs_csv([figure], notes=("-note",)))))
    assert parsed[0]["label"] == "'=1+1" and parsed[0]["notes"] == "'@x"
    assert parsed[0]["value"] == "2"
    assert parsed[1]["notes"] == "'-note"
