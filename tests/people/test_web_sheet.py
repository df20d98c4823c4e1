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
