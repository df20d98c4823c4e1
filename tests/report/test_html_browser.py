"""The HTML report in headless Debian Chromium: charts drawn, totals shown, offline, printable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fairprint.report import build_report, write_html
from fairprint.report.metrics import METRICS, format_quantity

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() or shutil.which("chromium") is None,
        reason="needs Debian chromium: apt-get install -y chromium chromium-driver",
    ),
]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield launched
        launched.close()


def open_report(browser, report, path: Path):
    write_html(report, path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests


def test_report_draws_its_charts_and_shows_the_summary_totals(
    browser, small_table, mini_registry, tmp_path
) -> None:
    report = build_report(small_table, by="model", registry=mini_registry, title="Browser test")
    page, requests = open_report(browser, report, tmp_path / "report.html")
    assert all(url.startswith("file://") for url in requests), requests  # nothing fetched
    charts = page.locator("svg.chart")
    assert charts.count() >= 13  # 4 over time + 4 by model + 4 by team + levers
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 40
    assert page.locator("#by-model svg.bar-chart rect.bar").count() == 4 * 2  # 2 models
    for chart in page.locator("#over-time svg.time-chart").all():  # an unknown period
        assert chart.locator("polyline.line").count() >= 1  # breaks a line in two
    for metric in METRICS:
        shown = page.locator(f'#totals .total[data-metric="{metric.column}"] .value').inner_text()
        assert shown == format_quantity(report.totals[metric.column].central, metric.unit)
    counts = page.locator("#counts").inner_text()
    assert f"{report.summary.requests:,} requests" in counts
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-small.png"), full_page=True)
    page.close()


def test_report_prints_in_two_columns_without_the_coloured_banner(
    browser, small_table, mini_registry, tmp_path
) -> None:
    report = build_report(small_table, by="team", registry=mini_registry)
    page, _ = open_report(browser, report, tmp_path / "print.html")
    page.emulate_media(media="print")
    columns = page.eval_on_selector(
        "#totals .grid4", "e => getComputedStyle(e).gridTemplateColumns.split(' ').length"
    )
    banner = page.eval_on_selector(".page-header", "e => getComputedStyle(e).backgroundColor")
    assert columns == 2
    assert banner in ("rgba(0, 0, 0, 0)", "transparent")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()


def test_demo_report_shows_the_ledger_totals(browser, tmp_path) -> None:
    """The README's main command end to end: six log formats → ledger → HTML in Chromium."""
    from fairprint.demo import run_demo

    result = run_demo(ledger_path=tmp_path / "demo.duckdb")
    report = result.report
    page, requests = open_report(browser, report, tmp_path / "demo.html")
    assert all(url.startswith("file://") for url in requests), requests
    assert page.locator("svg.chart").count() == 13
    for metric in METRICS:
        total = page.locator(f'#totals .total[data-metric="{metric.column}"]')
        assert float(total.get_attribute("data-value")) == report.totals[metric.column].central
        shown = total.locator(".value").inner_text()
        assert shown == format_quantity(report.totals[metric.column].central, metric.unit)
    model_rows = page.locator("#by-model table.impact-table tbody tr")
    assert model_rows.count() == len(report.by_model.group_rows())
    carbon_cells = page.locator('#by-model td[data-metric="gwp_kgco2e"]')
    shown_sum = sum(
        float(carbon_cells.nth(i).get_attribute("data-value")) for i in range(carbon_cells.count())
    )
    assert shown_sum == pytest.approx(report.totals["gwp_kgco2e"].central)
    assert page.locator("#levers tr.lever").count() == len(report.levers) > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "demo-report.png"), full_page=True)
    page.close()
