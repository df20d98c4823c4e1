"""The pages as the public reads them, in Debian's Chromium: charts that tell the truth,
French and English, axe-core accessibility, keyboard use, and screenshots at 1280 and 390
px (kept in ``artifacts/web/`` for a person to look at).

The ledger here spans five months on purpose: January and May known, February and April
empty (no activity: their slot is kept, at zero), March only traffic to a model whose
size is undisclosed (its impact is unknown: a labelled gap, never zero).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from fairprint.ledger import Ledger
from fairprint.web import create_app
from tests.web._browser import chromium, serving
from tests.web.conftest import store_audits, write_usage_csv
from tests.web.test_browser import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROWS = [
    ("2026-01-10T10:00:00Z", "gpt-4o", 100, 90000, 40000),
    ("2026-03-10T10:00:00Z", "o3", 50, 9000, 4000),
    ("2026-05-10T10:00:00Z", "gpt-4o", 100, 90000, 40000),
]

PAGES = {
    "dashboard": "/",
    "calculator": "/calculator?model=gpt-4o&requests=100",
    "models": "/models",
    "model-sheet": "/models/llama-3.1-70b",
    "audits": "/audits",
    "imports": "/imports",
    "quarantine": "/imports/quarantine",
    "api": "/docs",
    "ranges": "/methodology/ranges",
    "calculator-fr": "/calculator?model=gpt-4o&requests=100&lang=fr",
    "dashboard-fr": "/?lang=fr",
}


def _write_ledger(folder: Path) -> Path:
    lines = [
        "activity_id,source,started_at,model,provider,team,project,requests,"
        "input_tokens,output_tokens"
    ]
    for i, (started, model, requests, inp, out) in enumerate(ROWS):
        lines.append(f"r{i},test,{started},{model},openai,search,assistant,{requests},{inp},{out}")
    usage = folder / "months.csv"
    usage.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = folder / "ledger.duckdb"
    with Ledger(ledger) as opened:
        opened.import_file(usage, format="csv")
        opened.import_file(write_usage_csv(folder / "usage.csv"), format="csv")
    store_audits(ledger, folder)
    return ledger


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("reading")
    with serving(create_app(_write_ledger(folder))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def _open(browser, server: str, width: int = 1280, language: str = "en-GB"):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=server, locale=language
    )
    return context, context.new_page()


def test_the_time_chart_shows_an_unknown_month_as_a_labelled_gap(browser, server) -> None:
    context, page = _open(browser, server)
    page.goto("/?since=2026-01-01&until=2026-05-31")
    chart = page.locator("#time-h ~ .grid4 svg.time-chart").nth(1)  # carbon
    labels = chart.locator("[data-label]").evaluate_all(
        "els => els.map(e => [e.dataset.label, e.dataset.status])"
    )
    months = [label for label, _ in labels if label.startswith("2026-0")]
    assert sorted(set(months)) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    gap = chart.locator('g.gap[data-label="2026-03"]')
    assert gap.count() == 1 and gap.get_attribute("data-status") == "unknown"
    assert "not counted as zero" in gap.locator("title").text_content()
    assert chart.locator('circle[data-label="2026-03"]').count() == 0
    assert chart.locator('circle[data-value="nan"]').count() == 0
    assert chart.locator('circle[data-label="2026-02"]').get_attribute("data-status") == "empty"
    assert "2026-03: unknown" in chart.locator("desc").text_content()
    context.close()


def test_the_time_chart_axis_covers_the_high_end_or_marks_the_cut(browser, server) -> None:
    context, page = _open(browser, server)
    page.goto("/?since=2026-01-01&until=2026-05-31")
    for chart in page.locator("svg.time-chart").all():
        axis_max = float(chart.get_attribute("data-axis-max"))
        high_max = float(chart.get_attribute("data-high-max"))
        if high_max > axis_max * (1 + 1e-9):
            assert chart.locator(".cut-note").is_visible()
            assert chart.locator(".band-cut").count() >= 1
        else:
            top = chart.locator(".grid").bounding_box()["y"]
            for band in chart.locator(".band").all():
                assert band.bounding_box()["y"] >= top - 0.5  # drawn whole, inside the axis
    context.close()


def test_the_french_pages_speak_french_with_french_numbers(browser, server) -> None:
    context, page = _open(browser, server, language="fr-FR")
    page.goto("/calculator?model=gpt-4o&requests=1000")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").text_content() == "Que coûte une requête à une IA ?"
    assert page.locator("#answer-heading").text_content() == "Réponse"
    summary = page.locator("#answer-summary").text_content()
    assert "1\u202f000 requêtes adressées à" in summary
    ranges = " ".join(page.locator("#answer .metric .range").all_text_contents())
    # French numbers: a decimal comma or a narrow no-break space between thousands, never
    # an English decimal point
    assert re.search(r"\d,\d|\d\u202f\d{3}", ranges), ranges
    assert not re.search(r"\d\.\d", ranges), ranges
    page.click(".lang-switch a[lang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#answer-heading").text_content() == "Answer"
    page.goto("/?lang=fr")
    assert page.locator("#totals-h").text_content() == "Totaux"
    assert page.locator(".site-nav a[href='/calculator?lang=fr']").text_content() == "Calculateur"
    context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_passes_axe_with_no_serious_violation(browser, server, name) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context, page = _open(browser, server)
    page.goto(PAGES[name])
    for details in page.locator("details").all():
        details.evaluate("d => d.open = true")  # check what is behind "details" too
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    context.close()


def test_the_keyboard_opens_a_breakdown_and_submits_the_calculator(browser, server) -> None:
    context, page = _open(browser, server)
    page.goto("/")
    people = page.locator("details:has(#people-h)")
    assert people.get_attribute("open") is None
    people.locator("summary").focus()
    page.keyboard.press("Enter")
    assert people.get_attribute("open") is not None
    page.goto("/calculator")
    page.locator("#requests").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("25")
    page.keyboard.press("Enter")
    page.wait_for_selector("#answer-summary")
    assert "25" in page.locator("#answer-summary").text_content()
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_and_no_table_cut_off(browser, server, width) -> None:
    """Every main page at ``width``: no sideways scroll of the page; screenshots kept."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = _open(browser, server, width=width)
    overflowing = {}
    for name, url in PAGES.items():
        page.goto(url)
        for details in page.locator("details").all():
            details.evaluate("d => d.open = true")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            overflowing[name] = overflow
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    context.close()
    assert overflowing == {}, f"pages that scroll sideways at {width}px (px): {overflowing}"


def test_on_a_phone_the_model_sheet_facts_are_cards_that_fit(browser, server) -> None:
    context, page = _open(browser, server, width=390)
    page.goto("/models/gpt-4o")
    table = page.locator("#hidden-facts")
    assert table.evaluate("t => getComputedStyle(t.querySelector('tr')).display") == "block"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    label = table.locator("td[data-label]").first
    assert label.evaluate("td => getComputedStyle(td, '::before').content") == '"Value: "'
    assert page.locator("#known-nothing").is_visible()
    context.close()
