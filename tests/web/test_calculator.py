"""The calculator page, its share card and its sourced reference tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import fairprint
from fairprint.impacts.datawork import datawork_per_request
from fairprint.registry import COMPARISONS, CONVERSATION_PRESETS
from fairprint.web.calculator import Question, calculate
from fairprint.web.reference import presets

SVG = "{http://www.w3.org/2000/svg}"


def _data_values(html: str, attribute: str) -> dict[str, float]:
    pattern = rf'data-{attribute}="([^"]+)" data-value="([^"]+)"'
    return {key: float(value) for key, value in re.findall(pattern, html) if value != "None"}


def test_every_comparison_and_preset_row_is_sourced(registry) -> None:
    for schema in (COMPARISONS, CONVERSATION_PRESETS):
        rows = registry.extra_table(schema.name, schema).rows
        assert rows, schema.name
        for row in rows:
            assert row["source"] and row["source_url"].startswith("https://"), row
            assert row["licence"] and 1990 <= row["year"] <= 2030


def test_the_page_without_a_question_shows_the_form(calc_client) -> None:
    page = calc_client.get("/calculator")
    assert page.status_code == 200
    assert '<select id="model" name="model" required>' in page.text
    assert 'label for="requests"' in page.text and "Show the footprint" in page.text


def test_the_answer_shows_the_estimate_of_the_library(calc_client, registry) -> None:
    page = calc_client.get(
        "/calculator",
        params={
            "model": "gpt-4o",
            "preset": "custom",
            "input_tokens": 800,
            "output_tokens": 400,
            "requests": 25,
        },
    )
    assert page.status_code == 200
    shown = _data_values(page.text, "column")
    expected = fairprint.estimate("gpt-4o", 800, 400, requests=25, registry=registry)
    for column in ("energy_kwh", "gwp_kgco2e", "water_l", "adpe_kgsbeq", "pe_mj"):
        assert shown[column] == pytest.approx(getattr(expected, column).central, rel=1e-12)


def test_comparisons_divide_the_impact_by_the_sourced_factor(calc_client, registry) -> None:
    page = calc_client.get("/calculator", params={"model": "gpt-4o", "requests": 1000})
    shown = _data_values(page.text, "comparison")
    result = fairprint.estimate("gpt-4o", 0, 500, requests=1000, registry=registry)
    factors = {
        str(r["comparison"]): float(r["value"])
        for r in registry.extra_table("comparisons", COMPARISONS).rows
    }
    assert shown["smartphone_charge"] == pytest.approx(
        result.energy_kwh.central / factors["smartphone_charge"]
    )
    assert shown["car_km"] == pytest.approx(result.gwp_kgco2e.central / factors["car_km"])
    assert shown["drinking_water_day"] == pytest.approx(
        result.water_l.central / factors["drinking_water_day"]
    )
    assert "macrumors.com" in page.text and "eea.europa.eu" in page.text


def test_a_preset_without_a_prompt_size_says_so(calc_client, registry) -> None:
    chosen = next(p for p in presets(registry) if not p.input_known)
    page = calc_client.get("/calculator", params={"model": "gpt-4o", "preset": chosen.preset})
    assert "prompt&#39;s tokens are not counted" in page.text


def test_people_side_is_undisclosed_when_nothing_is_published(calc_client, registry) -> None:
    model = next(
        str(row["model_id"])
        for row in registry.models
        if row["active_params_b"] == row["active_params_b"]
        and datawork_per_request(str(row["model_id"]), registry).status == "undisclosed"
    )
    answer = calculate(Question(model=model), registry)
    page = calc_client.get("/calculator", params={"model": model})
    assert answer.datawork.basis != "disclosure"  # any hours shown are the labelled analogy
    assert 'data-status="undisclosed"' in page.text and "undisclosed" in page.text


def test_an_unknown_model_shows_the_error_beside_the_form(calc_client) -> None:
    page = calc_client.get("/calculator", params={"model": "gpt-4x"})
    assert page.status_code == 422
    assert 'role="alert"' in page.text and "Unknown model" in page.text
    assert '<select id="model"' in page.text


def test_a_region_the_provider_lacks_is_a_clear_error(calc_client) -> None:
    page = calc_client.get("/calculator", params={"model": "gpt-4o", "region": "cn"})
    assert page.status_code == 422 and "cn" in page.text


def test_a_non_numeric_count_is_a_clear_error(calc_client) -> None:
    page = calc_client.get("/calculator", params={"model": "gpt-4o", "requests": "many"})
    assert page.status_code == 422 and "requests" in page.text


def test_the_share_card_is_standalone_svg_with_the_numbers(calc_client, registry) -> None:
    card = calc_client.get(
        "/calculator/card.svg", params={"model": "claude-sonnet-4", "requests": 10}
    )
    assert card.status_code == 200 and card.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(card.text)
    assert root.tag == f"{SVG}svg" and root.get("width") == "1200"
    assert "http" not in card.text.replace("http://www.w3.org/2000/svg", "")
    values = [
        float(t.get("data-value"))
        for t in root.iter(f"{SVG}text")
        if t.get("class") == "card-value"
    ]
    expected = fairprint.estimate("claude-sonnet-4", 0, 500, requests=10, registry=registry)
    assert values[0] == pytest.approx(expected.energy_kwh.central)
    assert values[1] == pytest.approx(expected.gwp_kgco2e.central)


def test_the_card_download_is_an_attachment(calc_client) -> None:
    card = calc_client.get("/calculator/card.svg", params={"model": "gpt-4o", "download": 1})
    assert card.headers["content-disposition"].startswith("attachment")


def test_the_answer_links_to_itself_and_its_card(calc_client) -> None:
    page = calc_client.get("/calculator", params={"model": "gpt-4o", "requests": 7})
    assert "/calculator/card.svg?model=gpt-4o" in page.text
    assert "requests=7" in page.text


def test_the_why_so_wide_page_lists_every_uncertain_input(calc_client, registry) -> None:
    page = calc_client.get("/methodology/ranges")
    assert page.status_code == 200
    for name in registry.parameters:
        assert f'data-parameter="{name}"' in page.text
    answer = calc_client.get("/calculator", params={"model": "gpt-4o", "requests": 10})
    assert 'href="/methodology/ranges"' in answer.text and "Why so wide?" in answer.text


def test_the_answer_shows_the_fair_data_premium_or_says_unknown(calc_client, registry) -> None:
    from fairprint.report.people_premium import model_premium

    known = model_premium("gpt-4o", registry).premium_ppp_per_1000_requests
    assert known is not None  # Sama's disclosed Kenyan pay, compared with a living wage
    page = calc_client.get("/calculator", params={"model": "gpt-4o"}).text
    assert 'id="people-premium"' in page and "PPP $ per 1,000 requests" in page
    value = re.search(r'id="people-premium-value">([^<]+)<', page)
    assert value is not None and float(value.group(1).replace(",", "")) == pytest.approx(
        float(f"{known[1]:.3g}")
    )
    unknown = calc_client.get("/calculator", params={"model": "claude-3-haiku"}).text
    assert model_premium("claude-3-haiku", registry).premium_ppp_per_1000_requests is None
    section = unknown[unknown.index('id="people-premium"') :][:600]
    assert "unknown" in section and "never counted as 0" in section


def test_lifecycle_choice_shows_the_training_part(calc_client, registry) -> None:
    params = {"model": "llama-3.1-70b", "preset": "custom", "input_tokens": 400}
    params |= {"output_tokens": 400, "boundary": "lifecycle"}
    page = calc_client.get("/calculator", params=params)
    assert page.status_code == 200
    assert '<option value="lifecycle" selected>' in page.text
    shown = _data_values(page.text, "column")
    expected = fairprint.estimate(
        "llama-3.1-70b", 400, 400, boundary="lifecycle", registry=registry
    )
    assert shown["training_gwp_kgco2e"] == pytest.approx(expected.training_gwp_kgco2e.central)
    assert shown["gwp_kgco2e"] == pytest.approx(expected.gwp_kgco2e.central)
    assert "Boundary: life cycle" in page.text
    plain = calc_client.get("/calculator", params={**params, "boundary": "facility"})
    assert "training_gwp_kgco2e" not in plain.text


def test_an_unknown_boundary_is_a_clear_error(calc_client) -> None:
    page = calc_client.get("/calculator", params={"model": "gpt-4o", "boundary": "planet"})
    assert page.status_code == 422 and "boundary" in page.text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_line_of_the_share_card_fits_its_width(calc_client, lang) -> None:
    from fairprint.web.card import WIDTH

    card = calc_client.get(
        "/calculator/card.svg", params={"model": "gpt-4o", "requests": 1, "lang": lang}
    )
    assert card.status_code == 200
    texts = [t for t in ET.fromstring(card.text).iter() if t.tag.endswith("text") and t.text]
    assert any("FMTI" in t.text for t in texts)  # the people line is there
    for t in texts:  # a sans-serif glyph is about 0.62 em wide
        width = len(t.text) * 0.62 * float(t.get("font-size"))
        assert float(t.get("x")) + width <= WIDTH + 1, t.text
