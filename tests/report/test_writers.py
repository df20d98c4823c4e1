"""The writers (terminal, JSON, CSV, HTML) show the numbers of the one ``Report``."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from rich.console import Console

from fairprint.report import build_report, render_html, render_terminal, to_csv, to_json
from fairprint.report.metrics import format_quantity, format_range


@pytest.fixture()
def report(small_table, mini_registry):
    return build_report(small_table, by="team", registry=mini_registry, title="Test report")


def test_json_totals_equal_the_summary_and_unknown_is_null(report) -> None:
    data = json.loads(to_json(report))
    totals = data["summary"]["totals"]
    assert totals["gwp_kgco2e"]["central"] == pytest.approx(report.totals["gwp_kgco2e"].central)
    assert totals["water_l"]["unknown_requests"] == 2
    market = next(f for f in data["esrs"] if f["figure"] == "scope2_market_tco2e")
    assert market["value"]["central"] is None
    assert data["levers"] and data["levers"][0]["gwp_kgco2e_saved"] > 0


def test_csv_has_one_row_per_group_with_its_range(report) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(report.summary))))
    assert [r["team"] for r in rows] == [g["group"] for g in report.summary.group_rows()]
    for row, group in zip(rows, report.summary.group_rows(), strict=True):
        assert float(row["gwp_kgco2e"]) == pytest.approx(group["gwp_kgco2e"])
        assert (
            float(row["gwp_kgco2e_low"])
            <= float(row["gwp_kgco2e"])
            <= float(row["gwp_kgco2e_high"])
        )


def test_csv_leaves_unknown_cells_empty(small_table, mini_registry) -> None:
    report = build_report(small_table, by="model", registry=mini_registry, levers=False)
    text = to_csv(report.summary)
    assert "nan" not in text.lower()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert any(r["water_l_unknown_requests"] != "0" for r in rows)


def test_terminal_shows_each_total_with_its_range(report) -> None:
    console = Console(record=True, width=160)
    render_terminal(report, console)
    text = console.export_text()
    carbon = report.totals["gwp_kgco2e"]
    assert format_quantity(carbon.central, "kgCO2e") in text
    assert format_quantity(carbon.high, "kgCO2e", carbon.central) in text
    assert "By team" in text and "Biggest levers" in text
    assert "2 req." in text  # the water of two requests is unknown


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_with_charts_and_the_summary_totals(report) -> None:
    page = render_html(report)
    parser = _Collector()
    parser.feed(page)
    tags = parser.tags
    assert not [a for t, a in tags if t in ("script", "link", "img")]
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page.split('<section class="card" id="esrs">')[0]
    svgs = [a for t, a in tags if t == "svg"]
    assert len(svgs) >= 12  # over time, by model and by team, four impacts each
    totals = {a["data-metric"]: a for t, a in tags if "total" in (a.get("class") or "").split()}
    for column in ("energy_kwh", "gwp_kgco2e", "water_l", "adpe_kgsbeq"):
        assert float(totals[column]["data-value"]) == pytest.approx(report.totals[column].central)
    carbon = report.totals["gwp_kgco2e"]
    assert format_quantity(carbon.central, "kgCO2e") in page
    range_text = format_range(carbon.low, carbon.central, carbon.high, "kgCO2e")
    assert range_text.split(" (", 1)[1].rstrip(")") in page


def test_html_bars_carry_each_group_value(report) -> None:
    parser = _Collector()
    parser.feed(render_html(report))
    bars = [a for t, a in parser.tags if t == "rect" and "bar" in (a.get("class") or "")]
    team_rows = report.by_team.group_rows()
    carbon = {
        a["data-label"]: float(a["data-value"])
        for a in bars
        if a["data-metric"] == "gwp_kgco2e" and a["data-label"] in {r["group"] for r in team_rows}
    }
    assert carbon == pytest.approx({row["group"]: row["gwp_kgco2e"] for row in team_rows})


def test_other_pages_can_extend_the_base_template(tmp_path) -> None:
    from fairprint.report import template_environment

    (tmp_path / "audit.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block content %}<section class="card">'
        "{{ finding }}</section>{% endblock %}",
        encoding="utf-8",
    )
    page = (
        template_environment(extra_dirs=[tmp_path])
        .get_template("audit.html.j2")
        .render(page_title="Audit", finding="<b>unpaid time</b>", generator="fairprint test")
    )
    assert "<h1>Audit</h1>" in page and "<style>" in page
    assert "&lt;b&gt;unpaid time&lt;/b&gt;" in page  # autoescaped
    assert "fairprint test" in page
