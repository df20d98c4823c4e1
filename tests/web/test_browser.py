"""Browser tests: Debian's Chromium, driven by Playwright, against a real uvicorn server.

The server runs in a thread on a free port of 127.0.0.1 over a real ledger (the usage CSV
imported into a DuckDB file in a temporary folder). Each test drives the pages as a person
would and checks the numbers shown against the JSON API of the same server. Screenshots
are kept in ``artifacts/web/`` (git-ignored) for a human to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fairprint.ledger import Ledger
from fairprint.web import create_app
from tests.web._browser import chromium, serving
from tests.web.conftest import store_audits, write_usage_csv

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"
PAGES = {
    "dashboard": "/",
    "calculator": "/calculator?model=gpt-4o&requests=100",
    "models": "/models",
    "model-sheet": "/models/llama-3.1-70b",
    "audits": "/audits",
    "imports": "/imports",
    "quarantine": "/imports/quarantine",
    "api-docs": "/docs",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    ledger = folder / "ledger.duckdb"
    with Ledger(ledger) as opened:
        opened.import_file(write_usage_csv(folder / "usage.csv"), format="csv")
    store_audits(ledger, folder)
    with serving(create_app(ledger)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=server, accept_downloads=True
    )
    opened = context.new_page()
    outside: list[str] = []
    opened.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url),
    )
    errors: list[str] = []
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert outside == [], f"requests to other hosts: {outside}"
    assert errors == [], f"errors in the page: {errors}"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _values(page, selector: str, key: str) -> dict[str, float]:
    return {
        el.get_attribute(key): float(el.get_attribute("data-value"))
        for el in page.query_selector_all(selector)
        if el.get_attribute("data-value") not in (None, "None")
    }


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_loads_with_nothing_from_other_hosts(page, name) -> None:
    response = page.goto(PAGES[name])
    assert response is not None and response.status == 200
    assert page.locator("h1").first.is_visible()
    _shot(page, name)


def test_the_calculator_answers_what_the_api_answers(page, server) -> None:
    page.goto("/calculator")
    page.select_option("#model", "claude-sonnet-4")
    page.check("#preset-custom")
    page.fill("#input_tokens", "1500")
    page.fill("#output_tokens", "700")
    page.fill("#requests", "40")
    page.click("button[type=submit]")
    page.wait_for_selector("#answer-summary")
    shown = _values(page, "#answer .metric", "data-column")
    api = httpx.post(
        f"{server}/api/estimate",
        json={
            "model": "claude-sonnet-4",
            "input_tokens": 1500,
            "output_tokens": 700,
            "requests": 40,
        },
    ).json()
    for column in ("energy_kwh", "gwp_kgco2e", "water_l", "adpe_kgsbeq", "pe_mj"):
        assert shown[column] == pytest.approx(api[column]["central"], rel=1e-9)
    assert page.locator("img.card-preview").evaluate("img => img.naturalWidth") == 1200
    _shot(page, "calculator-answer")


def test_the_region_list_follows_the_model(page) -> None:
    page.goto("/calculator")
    page.select_option("#model", "mistral-large-2")
    assert page.locator("#region option[value=us]").is_disabled()
    assert not page.locator("#region option[value=eu]").is_disabled()


def test_the_card_downloads_as_png(page) -> None:
    page.goto("/calculator?model=gpt-4o&requests=10")
    with page.expect_download() as download:
        page.click("#download-png")
    saved = Path(download.value.path())
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(saved, ARTIFACTS / "share-card.png")


def test_the_dashboard_filter_shows_the_api_numbers(page, server) -> None:
    page.goto("/")
    page.fill("#since", "2026-08-01")
    page.fill("#until", "2026-08-31")
    page.select_option("#by", "team")
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_url("**/?since=2026-08-01*")
    shown = _values(page, "#totals .metric", "data-metric")
    api = httpx.get(
        f"{server}/api/report", params={"since": "2026-08-01", "until": "2026-08-31", "by": "team"}
    ).json()
    assert api["summary"]["requests"] == 340
    for column, value in shown.items():
        assert value == pytest.approx(api["summary"]["totals"][column]["central"], rel=1e-12)
    assert page.locator("#by-team").is_visible()
    _shot(page, "dashboard-filtered")


def test_the_calculator_works_with_javascript_off(browser, server) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=server)
    try:
        page = context.new_page()
        page.goto("/calculator")
        page.select_option("#model", "gpt-4o-mini")
        page.click("button[type=submit]")
        page.wait_for_selector("#answer-summary")
        assert "gpt-4o-mini" in page.inner_text("#answer-summary")
        assert page.locator("#download-png").is_hidden()
    finally:
        context.close()


def test_a_phone_screen_needs_no_sideways_scrolling(browser, server) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=server,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    try:
        page = context.new_page()
        for name, url in (
            ("phone-calculator", "/calculator?model=gpt-4o"),
            ("phone-dashboard", "/"),
        ):
            page.goto(url)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{url} is {overflow}px wider than the screen"
            _shot(page, name)
    finally:
        context.close()


def test_the_keyboard_reaches_the_content_first(page) -> None:
    page.goto("/calculator")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "model"


def test_concurrent_requests_share_the_ledger_without_conflict(server) -> None:
    from concurrent.futures import ThreadPoolExecutor

    urls = ["/", "/api/report", "/imports", "/audits", "/api/audits"] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda url: httpx.get(server + url, timeout=60).status_code, urls))
    assert codes == [200] * len(urls)


CONTRAST_SCRIPT = """() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(',').map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = ({r, g, b}) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c && c.a > 0.99) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg')) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const s = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (s.visibility === 'hidden' || box.width === 0 || box.right < 0) continue;
    const a = lum(parse(s.color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
    const large = size >= 24 || (size >= 18.66 && bold);
    const text = el.textContent.trim().slice(0, 30);
    if (ratio < (large ? 3 : 4.5)) bad.push(`${el.tagName} "${text}" ${ratio.toFixed(2)}`);
  }
  return bad;
}"""


@pytest.mark.parametrize(
    "url", ["/", "/calculator?model=gpt-4o", "/models/gpt-4o", "/audits", "/imports"]
)
def test_text_meets_the_wcag_aa_contrast_ratio(page, url) -> None:
    page.goto(url)
    assert page.evaluate(CONTRAST_SCRIPT) == []
