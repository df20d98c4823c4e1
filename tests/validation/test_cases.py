"""The held-out cases: provenance, token assumptions, and no silent drops."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from fairprint.errors import RegistryError
from fairprint.registry.registry import DATA_DIR, Registry
from fairprint.validation import load_cases


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _append_case(folder: Path, **changes: str) -> None:
    path = folder / "validation_cases.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    row = dict(rows[0], case_id="added-case", **changes)
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=list(row), lineterminator="\n").writerow(row)


def test_there_are_at_least_twenty_held_out_cases() -> None:
    cases = load_cases()
    assert len(cases) >= 20
    assert len({c.case_id for c in cases}) == len(cases)


def test_every_case_has_source_licence_and_token_basis() -> None:
    for case in load_cases():
        assert case.source and case.source_url.startswith("https://"), case.case_id
        assert case.output_tokens >= 1 and case.tokens_basis, case.case_id
        assert case.value > 0, case.case_id
        assert 2019 <= case.year <= 2030, case.case_id


def test_cases_span_every_boundary_and_several_indicators() -> None:
    cases = load_cases()
    # No held-out per-request figure counts amortised training: Mistral's marginal Le Chat
    # response (electricity plus hardware manufacturing) is compared at facility.
    assert {c.boundary for c in cases} >= {"accelerator", "it", "facility"}
    assert {c.indicator for c in cases} >= {"energy_wh", "gwp_g", "water_ml", "adpe_mg"}
    assert {c.kind for c in cases} >= {"provider_disclosure", "independent_estimate"}


def test_key_published_figures() -> None:
    by_id = {c.case_id: c for c in load_cases()}
    assert by_id["google-gemini-apps-median-energy-comprehensive"].value == 0.24
    assert by_id["google-gemini-apps-median-carbon-market"].carbon_basis == "market"
    assert by_id["openai-chatgpt-average-query-energy"].value == 0.34
    mistral = by_id["mistral-large-2-le-chat-400-tokens-gwp"]
    assert (mistral.output_tokens, mistral.value, mistral.boundary) == (400, 1.14, "facility")
    assert by_id["epoch-gpt-4o-100k-input"].input_tokens == 100_000


def test_stand_ins_say_so_in_their_notes() -> None:
    for case in load_cases():
        if case.stand_in:
            assert "stand-in" in case.notes.lower(), case.case_id


def test_a_case_whose_model_is_unknown_fails_instead_of_being_dropped(data_copy: Path) -> None:
    _append_case(data_copy, model_id="no-such-model")
    with pytest.raises(RegistryError, match="added-case"):
        load_cases(Registry(data_copy))


def test_a_case_without_output_tokens_fails(data_copy: Path) -> None:
    _append_case(data_copy, output_tokens="")
    with pytest.raises(RegistryError, match=r"added-case.*output_tokens"):
        load_cases(Registry(data_copy))


def test_a_case_without_source_url_fails(data_copy: Path) -> None:
    _append_case(data_copy, source_url="")
    with pytest.raises(RegistryError, match="source_url"):
        load_cases(Registry(data_copy))


def test_held_out_cases_share_no_source_with_the_fit_set() -> None:
    from fairprint.registry.schema import ENERGY_MEASUREMENTS

    fit = Registry.default().extra_table("energy_measurements", ENERGY_MEASUREMENTS)
    fit_sources = {str(row["source_url"]) for row in fit.rows}
    assert fit_sources, "the fit set is empty"
    assert not {c.source_url for c in load_cases()} & fit_sources
