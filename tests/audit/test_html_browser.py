"""The audit report in headless Debian Chromium: charts drawn, nothing fetched, no raw id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fairprint.audit import AuditConfig, run_audit
from fairprint.report.audit_html import write_audit_html
from tests.audit.conftest import session, write_canonical

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() or shutil.which("chromium") is None,
        reason="needs Debian chromium: apt-get install -y chromium chromium-driver",
    ),
]


def test_audit_report_draws_pay_and_exposure_charts_offline(
    tmp_path, key_file, registry, living_wage_csv
):
    playwright = pytest.importorskip("playwright.sync_api")
    rows = [
        session(f"RAWID{n}", "08:00", f"{9 + n % 3:02d}:00", pay=6.0 + n, category="violent")
        for n in range(12)
    ]
    log = write_canonical(tmp_path / "log.csv", rows)
    config = AuditConfig(
        key_file=key_file, living_wage_source=living_wage_csv, exposure_limit_hours_day=1.5
    )
    path = write_audit_html(run_audit([log], config, registry).figures, tmp_path / "a.html")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert all(url.startswith("file://") for url in requests), requests
        histogram = page.locator("svg.pay-histogram")
        assert histogram.bounding_box()["width"] > 200
        bars = page.locator("svg.pay-histogram rect.bar")
        assert bars.count() >= 1
        workers = sum(int(bars.nth(i).get_attribute("data-workers")) for i in range(bars.count()))
        assert workers == 12
        lines = [line.get_attribute("data-label") for line in page.locator(".wage-line").all()]
        assert "US living wage" in lines and "US minimum wage" in lines
        # a one-day log: one labelled bar for its ISO week, not a dot on a week-to-itself axis
        assert page.locator("#exposure svg.time-chart").count() == 0
        single = page.locator("#exposure svg.exposure-single")
        assert single.count() == 1 and single.bounding_box()["width"] > 200
        bar = single.locator("rect.bar")
        assert bar.get_attribute("data-label") == "2024-06-03"  # the Monday of its ISO week
        assert float(bar.get_attribute("data-value")) > 0
        assert "no trend to draw" in (single.text_content() or "")
        assert "RAWID" not in page.content()
        browser.close()


def test_several_weeks_of_exposure_keep_the_time_chart() -> None:
    from fairprint.report.audit_charts import exposure_chart

    weeks = [{"week": "2024-06-03", "hours": 3.0}, {"week": "2024-06-10", "hours": 5.0}]
    svg = str(exposure_chart(weeks))
    assert "time-chart" in svg and "exposure-single" not in svg
