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
