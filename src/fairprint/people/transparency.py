"""The data-labour transparency scorecard, from the Foundation Model Transparency Index.

FMTI (Stanford CRFM, CC BY 4.0) scores developers 0/1 per indicator. Its data-labour
indicators: seven in the 2023 and 2024 editions (use of human labour, employment of data
labourers, geographic distribution, wages, instructions, labour protections, third-party
partners), three in 2025 (new human-generated data sources, instructions for data
generation, data-laborer practices: compensation, countries with >= 25 % of labourers,
protections). Editions differ, so a provider is ranked by the *share* of labour indicators
it satisfies in the latest edition that assessed it. FMTI rewards disclosure, not good
practice: a high score says the provider tells, not that it pays well.

A provider that FMTI never assessed, or that satisfies none, scores 0 and is shown as
"undisclosed" — the transparency gap is a finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fairprint.errors import InputError
from fairprint.registry import FMTI_EDITIONS, FMTI_LABOUR_INDICATORS, TRANSPARENCY

if TYPE_CHECKING:
    from fairprint.registry import Registry

__all__ = [
    "EditionRank",
    "EditionScore",
    "ProviderScore",
    "edition_ranking",
    "provider_score",
    "scale_note",
    "scorecard",
]


@dataclass(frozen=True)
class EditionScore:
    edition: str
    points: int
    possible: int
    indicators: dict[str, int]
    evidence: dict[str, str]

    @property
    def share(self) -> float:
        return self.points / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class ProviderScore:
    """A provider's labour-transparency record across FMTI editions (latest first)."""

    provider: str
    name: str
    editions: tuple[EditionScore, ...] = field(default_factory=tuple)
    source: str = ""
    source_url: str = ""

    @property
    def latest(self) -> EditionScore | None:
        return self.editions[0] if self.editions else None

    @property
    def share(self) -> float:
        return self.latest.share if self.latest else 0.0

    @property
    def status(self) -> str:
        """ "assessed" when the latest edition found any labour disclosure, else "undisclosed"."""
        return "assessed" if self.latest and self.latest.points > 0 else "undisclosed"


def provider_score(provider: str, registry: Registry) -> ProviderScore:
    """The scorecard entry of one provider (0 and "undisclosed" when FMTI has nothing)."""
    key = provider.strip().lower()
    rows = [
        r
        for r in registry.extra_table("transparency", TRANSPARENCY).rows
        if str(r["provider"]).lower() == key
    ]
    if not rows:
        return ProviderScore(provider=key, name=provider)
    editions = []
    for edition in sorted(FMTI_EDITIONS, reverse=True):
        of_edition = [r for r in rows if r["edition"] == edition]
        if not of_edition:
            continue
        indicators = {str(r["indicator"]): int(float(r["score"])) for r in of_edition}
        editions.append(
            EditionScore(
                edition=edition,
                points=sum(indicators.values()),
                possible=len(FMTI_LABOUR_INDICATORS[edition]),
                indicators=indicators,
                evidence={str(r["indicator"]): str(r["evidence"]) for r in of_edition},
            )
        )
    latest_row = next(r for r in rows if r["edition"] == editions[0].edition)
    return ProviderScore(
        provider=key,
        name=str(latest_row["provider_name"]),
        editions=tuple(editions),
        source=str(latest_row["source"]),
        source_url=str(latest_row["source_url"]),
    )


def scorecard(registry: Registry, providers: Iterable[str] = ()) -> list[ProviderScore]:
    """Every provider of the FMTI table plus ``providers``, ranked by latest labour share.

    Pass the providers of models.csv as ``providers`` so that those FMTI never assessed
    appear with 0 and "undisclosed" rather than vanish from the ranking.
    """
    names = {
        str(r["provider"]).lower() for r in registry.extra_table("transparency", TRANSPARENCY).rows
    }
    names |= {p.strip().lower() for p in providers if p.strip()}
    scores = [provider_score(name, registry) for name in sorted(names)]
    return sorted(
        scores, key=lambda s: (-s.share, -(s.latest.points if s.latest else 0), s.provider)
    )


@dataclass(frozen=True)
class EditionRank:
    """One provider's place in one FMTI edition, with its change since its previous one.

    ``points`` is ``None`` when FMTI did not assess the provider in that edition (shown
    last, as "not assessed", never as a score of 0 on the edition's scale).
    """

    rank: int | None
    provider: str
    name: str
    edition: str
    points: int | None
    possible: int
    previous: EditionScore | None
    ever_assessed: bool = True

    @property
    def share(self) -> float:
        return (self.points or 0) / self.possible if self.possible else 0.0

    @property
    def status(self) -> str:
        """ "assessed", "undisclosed" (0 points, or never assessed by FMTI at all), or
        "not assessed in this edition" (FMTI assessed it in another edition)."""
        if self.points is None:
            return "not assessed in this edition" if self.ever_assessed else "undisclosed"
        return "assessed" if self.points > 0 else "undisclosed"

    @property
    def change(self) -> str:
        """The change since the previous edition, each score on its own scale."""
        if self.previous is None or self.points is None:
            return "–"
        before = self.previous
        return (
            f"{before.points}/{before.possible} in {before.edition} ({before.share:.0%} of "
            f"its indicators) → {self.share:.0%} now"
        )


def scale_note(edition: str) -> str:
    """What the points of ``edition`` count (the scales differ between editions)."""
    indicators = FMTI_LABOUR_INDICATORS[edition]
    names = ", ".join(i.replace("_", " ") for i in indicators)
    return (
        f"FMTI {edition}: {len(indicators)} data-labour indicators, 1 point each when the "
        f"developer discloses it ({names}). Points reward disclosure, not good practice; "
        "editions use different indicators, so only the share is compared across them."
    )


def edition_ranking(
    registry: Registry, edition: str | None = None, providers: Iterable[str] = ()
) -> list[EditionRank]:
    """Providers ranked within one FMTI edition (the latest by default): like with like.

    Ties share a rank; providers not assessed in that edition (including model providers
    FMTI never assessed, passed as ``providers``) follow, unranked.
    """
    edition = edition or max(FMTI_EDITIONS)
    if edition not in FMTI_EDITIONS:
        raise InputError(f"FMTI edition {edition!r}: choose one of {', '.join(FMTI_EDITIONS)}")
    possible = len(FMTI_LABOUR_INDICATORS[edition])
    entries = []
    for score in scorecard(registry, providers):
        this = next((e for e in score.editions if e.edition == edition), None)
        earlier = [e for e in score.editions if e.edition < edition]
        entries.append((score, this, earlier[0] if earlier else None))
    assessed = sorted(
        (e for e in entries if e[1] is not None),
        key=lambda e: (-(e[1].points if e[1] else 0), e[0].provider),
    )
    ranked: list[EditionRank] = []
    for score, this, before in assessed:
        points = this.points if this else 0
        rank = 1 + sum(1 for _, other, _ in assessed if other and other.points > points)
        ranked.append(
            EditionRank(rank, score.provider, score.name, edition, points, possible, before)
        )
    for score, _, before in sorted(
        (e for e in entries if e[1] is None), key=lambda e: e[0].provider
    ):
        ranked.append(
            EditionRank(
                None,
                score.provider,
                score.name,
                edition,
                None,
                possible,
                before,
                ever_assessed=bool(score.editions),
            )
        )
    return ranked
