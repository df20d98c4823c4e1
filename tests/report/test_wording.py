"""Rows without a request count are named as such (never "0" or "over 0 requests"), and
lever titles and notes read in French on French pages."""

from __future__ import annotations

from fairprint.i18n import translations
from fairprint.report.levers import MODEL_LEVER, REGION_LEVER, Lever
from fairprint.report.wording import lever_note, lever_scope, lever_title, requests_text

FRENCH = translations("fr").gettext


def _lever(kind: str, requests: int, note: str) -> Lever:
    return Lever(kind, "gpt-4o", "gpt-4o-mini", requests, 2_500_000, {}, {}, note)


def test_a_count_of_zero_with_uncounted_rows_names_the_rows() -> None:
    assert requests_text(0, 92) == "92 rows without a request count"
    assert requests_text(1_200, 1) == "1,200 + 1 row without a request count"
    assert requests_text(1_200) == "1,200"
    assert requests_text(0, 92, FRENCH) == "92 lignes sans nombre de requêtes"


def test_a_lever_over_uncounted_rows_names_its_tokens_not_zero_requests() -> None:
    counted = _lever(MODEL_LEVER, 340, "")
    uncounted = _lever(MODEL_LEVER, 0, "")
    assert lever_scope(counted) == "340 requests"
    assert lever_scope(uncounted) == "2,500,000 tokens (the logs give no request count)"
    assert "0 requests" not in lever_scope(uncounted, FRENCH)
    assert "tokens" in lever_scope(uncounted, FRENCH)


def test_lever_titles_and_notes_read_in_french() -> None:
    note = (
        "gpt-4o-mini is the smallest gpt-4o model in the registry (by active parameters); "
        "check it does the job before switching."
    )
    model = _lever(MODEL_LEVER, 10, note)
    assert lever_title(model) == model.title
    assert lever_note(model) == note
    assert lever_title(model, FRENCH) == "Passer le trafic de gpt-4o sur gpt-4o-mini"
    assert lever_note(model, FRENCH).startswith("gpt-4o-mini est le plus petit modèle gpt-4o")
    region_note = (
        "europe-west9 draws on grid FR at 32 gCO2e/kWh, the lowest of google's regions in "
        "the registry; only where the provider lets you choose the region."
    )
    region = Lever(REGION_LEVER, "gpt-4o", "europe-west9", 5, 10, {}, {}, region_note)
    assert lever_title(region) == region.title
    french = lever_note(region, FRENCH)
    assert "europe-west9" in french and "32 gCO2e/kWh" in french and "réseau FR" in french
