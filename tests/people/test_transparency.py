"""The FMTI data-labour scorecard and its ranking."""

from __future__ import annotations

from fairprint.people.transparency import provider_score, scorecard
from fairprint.registry.registry import Registry


def test_provider_without_any_fmti_record_scores_zero_and_undisclosed(registry: Registry) -> None:
    score = provider_score("newco", registry)
    assert score.latest is None and score.share == 0.0
    assert score.status == "undisclosed"


def test_latest_edition_is_used(registry: Registry) -> None:
    score = provider_score("OpenAI", registry)
    assert score.latest is not None and score.latest.edition == "2025-12"
    assert score.latest.points == 0 and score.status == "undisclosed"
    assert [e.edition for e in score.editions] == ["2025-12", "2024-05", "2023-10"]


def test_full_disclosure_scores_full_share(registry: Registry) -> None:
    score = provider_score("bigcode", registry)
    assert score.latest is not None
    assert (score.latest.points, score.latest.possible) == (7, 7)
    assert "7.30" in score.latest.evidence["wages"]


def test_scorecard_ranks_by_share_and_keeps_unassessed_providers(registry: Registry) -> None:
    ranking = scorecard(registry, providers=["newco", "openai"])
    shares = [s.share for s in ranking]
    assert shares == sorted(shares, reverse=True)
    assert ranking[0].share == 1.0
    newco = next(s for s in ranking if s.provider == "newco")
    assert newco.status == "undisclosed" and newco.share == 0.0


def test_ranking_stays_within_one_edition_and_shows_the_change(registry: Registry) -> None:
    from fairprint.people.transparency import edition_ranking

    ranking = edition_ranking(registry)  # the latest edition by default
    assert {r.edition for r in ranking} == {"2025-12"}
    assessed = [r for r in ranking if r.points is not None]
    assert all(r.possible == 3 for r in assessed)
    points = [r.points for r in assessed]
    assert points == sorted(points, reverse=True)
    # a provider not assessed in this edition is listed after, unranked, never as 0/3
    first_unassessed = next(i for i, r in enumerate(ranking) if r.points is None)
    assert all(r.points is None and r.rank is None for r in ranking[first_unassessed:])
    mistral = next(r for r in ranking if r.provider == "mistral")
    assert mistral.previous is not None and mistral.previous.edition == "2024-05"
    assert "7/7 in 2024-05" in mistral.change


def test_an_earlier_edition_can_be_chosen_and_a_bad_one_is_refused(registry: Registry) -> None:
    import pytest

    from fairprint.errors import InputError
    from fairprint.people.transparency import edition_ranking

    ranking = edition_ranking(registry, "2024-05")
    assert {r.possible for r in ranking} == {7}
    with pytest.raises(InputError, match="2023-10"):
        edition_ranking(registry, "1999-01")
