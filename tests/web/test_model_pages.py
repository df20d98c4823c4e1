"""Model sheets: every model listed; per model what is known, what is hidden, with sources."""

from __future__ import annotations

import re

import pytest

import fairprint


def test_the_list_has_every_model_with_a_link(calc_client, registry) -> None:
    page = calc_client.get("/models")
    assert page.status_code == 200
    listed = re.findall(r'<tr data-model="([^"]+)">', page.text)
    assert listed and sorted(listed) == sorted(str(r["model_id"]) for r in registry.models)
    assert '<a href="/models/gpt-4o">gpt-4o</a>' in page.text


def test_an_estimated_model_lists_its_parameters_as_hidden(calc_client) -> None:
    page = calc_client.get("/models/gpt-4o")
    assert page.status_code == 200
    hidden = page.text.split('id="hidden-facts"', 1)[1].split("</table>", 1)[0]
    assert "Active parameters per token" in hidden and "estimated" in hidden
    assert "arxiv.org/abs/2412.19260" in page.text


def test_a_disclosed_model_lists_its_parameters_as_known(calc_client) -> None:
    page = calc_client.get("/models/llama-3.1-70b")
    known = page.text.split('id="known-facts"', 1)[1].split("</table>", 1)[0]
    assert "Total parameters" in known and "disclosed" in known


def test_the_sheet_shows_the_footprint_of_a_typical_reply(calc_client, registry) -> None:
    page = calc_client.get("/models/gpt-4o")
    block = page.text.split('id="sheet-footprint"', 1)[1]
    value = float(re.search(r'data-column="energy_kwh" data-value="([^"]+)"', block).group(1))
    assert value == pytest.approx(
        fairprint.estimate("gpt-4o", 0, 500, registry=registry).energy_kwh.central
    )


def test_undisclosed_data_work_is_named_as_such(calc_client) -> None:
    page = calc_client.get("/models/gpt-4o")
    hidden = page.text.split('id="hidden-facts"', 1)[1].split("</table>", 1)[0]
    assert "pay per hour" in hidden and "undisclosed" in hidden


def test_a_model_without_parameters_says_why_it_has_no_footprint(calc_client, registry) -> None:
    unknown = next(
        str(r["model_id"]) for r in registry.models if r["active_params_b"] != r["active_params_b"]
    )
    page = calc_client.get(f"/models/{unknown}")
    assert page.status_code == 200
    assert "No footprint can be given" in page.text


def test_an_unknown_model_is_a_404_with_suggestions(calc_client) -> None:
    page = calc_client.get("/models/gpt-4x")
    assert page.status_code == 404
    assert "Did you mean" in page.text


def test_aliases_open_the_model_sheet(calc_client) -> None:
    page = calc_client.get("/models/gpt-4o-2024-08-06")
    assert page.status_code == 200 and "<h1>gpt-4o</h1>" in page.text


def test_a_sheet_with_nothing_known_says_so_in_one_full_width_card(calc_client) -> None:
    page = calc_client.get("/models/gpt-4o").text
    assert 'id="known-nothing"' in page and 'id="known-facts"' not in page
    assert 'id="hidden-facts"' in page
    french = calc_client.get("/models/gpt-4o", params={"lang": "fr"}).text
    assert "Rien sur ce modèle n’est publié comme un fait" in french
