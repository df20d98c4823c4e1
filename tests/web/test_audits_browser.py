"""The /audits page as a reader sees it in Debian's Chromium (issue 17): audits named by
their input files and date, every suppression with its reason in words, and the stored
figures as a readable table (no "suppressed False", no unset parameter as "not shown")."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from fairprint.web import create_app
from tests.web._browser import chromium, serving
from tests.web.conftest import store_audits

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("audits")
    ledger = folder / "ledger.duckdb"
    store_audits(ledger, folder)
    with serving(create_app(ledger)) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
        opened = context.new_page()
        opened.goto("/audits")
        yield opened


def test_audits_are_named_by_their_input_files_and_date(page) -> None:
    headings = page.locator("section.audit h2").all_inner_texts()
    assert len(headings) == 2
    assert any("work_12.csv" in h for h in headings) and any("work_3.csv" in h for h in headings)
    for heading in headings:
        assert not re.search(r"\b[0-9a-f]{16}\b", heading), heading  # no opaque hex id
        assert re.search(r"\d{1,2} \w+ \d{4}, \d\d:\d\d UTC", heading), heading


def test_a_suppressed_audit_says_why_in_words(page) -> None:
    section = page.locator("section.audit", has_text="work_3.csv")
    reason = section.locator(".audit-suppressed").inner_text()
    assert "fewer than 5 workers" in reason
    assert section.locator("table.audit-headlines").count() == 0  # said once, not per line


def test_every_figure_is_a_readable_table(page) -> None:
    section = page.locator("section.audit", has_text="work_12.csv")
    section.locator("details summary").click()
    table = section.locator("table.audit-figures")
    assert table.locator("thead th").all_inner_texts() == ["Section", "Figure", "Value"]
    rows = table.locator("tbody tr").all_inner_texts()
    assert any(r.startswith("Workers and hours\tWorkers\t12") for r in rows), rows[:3]
    assert any("Rejection rate\t13.9%" in r for r in rows)
    text = page.locator("main").inner_text()
    assert "not shown" not in text
    assert not re.search(r"suppressed\s+(False|True|no|yes)", text, re.IGNORECASE)
    assert "Exposure limit" not in text  # unset parameters are left out, not "not shown"
