"""The web model sheet keeps this model's facts apart from its provider's and vendors'."""

from __future__ import annotations

import pytest

from fairprint.registry import Registry

pytest.importorskip("fastapi")

from fairprint.web.model_sheet import model_sheet


def test_web_sheet_separates_the_supply_chain_and_gives_minutes_per_1000() -> None:
    sheet = model_sheet("gpt-4o", Registry.default())
    own = [f.topic + f.value for f in (*sheet.known, *sheet.hidden)]
    assert not any("Sama" in text for text in own)
    assert any("Sama" in f.value for f in sheet.supply_chain)
    assert sheet.minutes_text is not None and " – " in sheet.minutes_text
    assert sheet.people is not None and sheet.people.hours.basis == "analogy"


def test_calculator_data_and_share_card_carry_the_labelled_minutes() -> None:
    from fairprint.web.calculator import Question, calculate
    from fairprint.web.card import render_card

    answer = calculate(Question(model="gpt-4o"), Registry.default())
    assert answer.datawork.status == "undisclosed" and answer.datawork.basis == "analogy"
    assert answer.datawork.minutes_per_1000_requests is not None
    card = str(render_card(answer))
    assert "min per 1,000 requests" in card and "estimated by analogy" in card
