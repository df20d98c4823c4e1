"""``run_demo``: the sample through the real importers and ledger into a report."""

from __future__ import annotations

import json

import pyarrow.compute as pc
import pytest

from fairprint.demo import FILES, run_demo, write_sample
from fairprint.ledger import Ledger


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    return run_demo(ledger_path=folder / "demo.duckdb", html_out=folder / "demo.html")


def test_every_sample_file_is_imported_without_quarantine(demo) -> None:
    assert len(demo.imports) == len(FILES)
    for result in demo.imports:
        assert result.accepted > 0, result
        assert result.quarantined == 0, result


def test_report_totals_equal_the_ledger_rows_added_up(demo) -> None:
    with Ledger(demo.ledger_path) as ledger:
        table = ledger.activities()
    assert demo.report.summary.requests == pc.sum(table["requests"]).as_py()
    for column in ("energy_kwh", "gwp_kgco2e", "water_l", "adpe_kgsbeq"):
        assert demo.report.totals[column].central == pytest.approx(pc.sum(table[column]).as_py())
    assert 3_000 < demo.report.summary.requests < 20_000


def test_agent_spans_are_not_counted_twice(demo, tmp_path) -> None:
    sample = write_sample(tmp_path)
    chat_spans = sum(
        1
        for line in sample.files["otlp"].read_text().splitlines()
        for resource in json.loads(line)["resourceSpans"]
        for scope in resource["scopeSpans"]
        for span in scope["spans"]
        if span["name"].startswith("chat ")
    )
    with Ledger(demo.ledger_path) as ledger:
        table = ledger.activities()
    otlp = next(r for r in demo.imports if r.format == "otlp")
    assert otlp.accepted == chat_spans
    assert table.num_rows == sum(r.accepted for r in demo.imports)


def test_demo_finds_levers_and_writes_the_html_report(demo) -> None:
    assert demo.report.levers
    assert demo.html_path is not None and demo.html_path.exists()
    page = demo.html_path.read_text(encoding="utf-8")
    assert page.count("<svg") >= 13
    teams = {row["group"] for row in demo.report.by_team.group_rows()}
    assert "data-science" in teams
