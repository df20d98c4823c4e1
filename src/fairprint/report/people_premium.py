"""The fair-data premium as a lever: lifting embedded data-work pay to a living wage.

Why a lever: "undisclosed" names a gap, the premium puts a price on closing it. For one
model, what it would cost to pay the human work embedded in 1,000 requests at the local
living wage; for an organisation, the same over the requests of a period in its ledger.

Equations (docs/people.md, "Fair-data premium")::

    shortfall  = max(living wage − reported pay, 0)         PPP-$ per hour of data work
    P_1000     = minutes per 1,000 requests / 60 × shortfall
    P_ledger   = Σ_models requests_m / 1,000 × P_1000,m

* The minutes per 1,000 requests are those of ``datawork_per_request`` (the family's own
  disclosure, else the labelled analogy).
* The pay is the reported hourly pay of the model's family where disclosed, else that of
  its provider's disclosed supply chain (e.g. Sama's Kenyan pay for OpenAI work, TIME
  2023), each compared with the living wage of the workers' country (``datawork_sheet``).
  Several pay reports give the range: low = the smallest shortfall, high = the largest.
* Ranges multiply end by end (low minutes × low shortfall, ...). Unknown pay or living
  wage: the premium is unknown (``None``), never 0; a known pay at or above the living
  wage gives 0, which is a finding.

Pure: the registry and per-model request aggregates in (the ledger's SQL aggregates, as
called by the report and the dashboard), frozen dataclasses out.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field

from fairprint.errors import UnknownModelError
from fairprint.people import LivingWageTable, WageComparison, datawork_sheet
from fairprint.registry import Registry

__all__ = ["LedgerPremium", "ModelPremium", "ledger_premium", "model_premium"]

Triple = tuple[float, float, float]


@dataclass(frozen=True)
class ModelPremium:
    """The premium of one model per 1,000 requests (PPP-$), with what it rests on."""

    model_id: str
    hours_basis: str
    minutes_per_1000_requests: Triple | None
    shortfall_ppp_per_hour: Triple | None
    premium_ppp_per_1000_requests: Triple | None
    pay_from: str
    pay_items: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class LedgerPremium:
    """The premium over an organisation's requests of a period, summed where known."""

    period: str
    total_ppp: Triple | None
    requests_covered: float
    requests_unknown: float
    models: tuple[tuple[ModelPremium, float], ...]


def _shortfalls(comparisons: list[WageComparison]) -> tuple[Triple | None, tuple[str, ...]]:
    known = [
        (c.shortfall_ppp_per_hour, c.item)
        for c in comparisons
        if c.standard == "living" and c.shortfall_ppp_per_hour is not None
    ]
    if not known:
        return None, ()
    values = [float(v) for v, _ in known]
    triple = (min(values), float(statistics.median(values)), max(values))
    return triple, tuple(dict.fromkeys(item for _, item in known))


def model_premium(
    model_id: str,
    registry: Registry,
    lifetime_requests: Triple | None = None,
    living_wages: LivingWageTable | None = None,
) -> ModelPremium:
    """What paying the embedded data work of 1,000 requests at a living wage would add.

    A registry without the people tables (a user's trimmed copy) gives an unknown premium.
    """
    missing = [t for t in ("datawork", "wages", "currency") if not registry.has_table(t)]
    if missing:
        return ModelPremium(
            model_id=str(registry.model(model_id)["model_id"]),
            hours_basis="none",
            minutes_per_1000_requests=None,
            shortfall_ppp_per_hour=None,
            premium_ppp_per_1000_requests=None,
            pay_from="unknown",
            notes=(f"the registry has no {', '.join(missing)} table: premium unknown",),
        )
    sheet = datawork_sheet(model_id, registry, living_wages, lifetime_requests)
    minutes = sheet.hours.minutes_per_1000_requests
    own = [w for w in sheet.wages if w.item and w.item in _family_items(sheet)]
    shortfall, items = _shortfalls(own)
    pay_from = "the family's disclosed pay"
    if shortfall is None:
        shortfall, items = _shortfalls(list(sheet.wages))
        pay_from = f"{sheet.provider}'s disclosed supply chain (not this model's own pay)"
    notes = []
    if shortfall is None:
        pay_from = "unknown"
        notes.append("no reported pay with a living wage to compare: premium unknown")
    if minutes is None:
        notes.append("human minutes per 1,000 requests unknown: premium unknown")
    premium = None
    if minutes is not None and shortfall is not None:
        low, mid, high = (m / 60.0 * s for m, s in zip(minutes, shortfall, strict=True))
        premium = (low, mid, high)
    return ModelPremium(
        model_id=sheet.model_id,
        hours_basis=sheet.hours.basis,
        minutes_per_1000_requests=minutes,
        shortfall_ppp_per_hour=shortfall,
        premium_ppp_per_1000_requests=premium,
        pay_from=pay_from,
        pay_items=items,
        notes=tuple(notes),
    )


def _family_items(sheet: object) -> set[str]:
    fields = getattr(sheet, "fields", ())
    return {
        f.item or getattr(sheet, "family", "")
        for f in fields
        if f.scope == "family" and f.field == "pay_per_hour"
    }


def ledger_premium(
    requests_by_model: Mapping[str, float],
    registry: Registry,
    period: str = "",
    lifetime_requests: Triple | None = None,
    living_wages: LivingWageTable | None = None,
) -> LedgerPremium:
    """The premium over per-model request totals (e.g. a ledger's SQL aggregate).

    Models outside the registry, or with an unknown premium, are counted in
    ``requests_unknown`` and left out of the total (never read as 0).
    """
    totals = [0.0, 0.0, 0.0]
    covered = unknown = 0.0
    rows: list[tuple[ModelPremium, float]] = []
    for model_id, requests in sorted(requests_by_model.items()):
        try:
            premium = model_premium(model_id, registry, lifetime_requests, living_wages)
        except UnknownModelError:
            unknown += float(requests)
            continue
        rows.append((premium, float(requests)))
        if premium.premium_ppp_per_1000_requests is None:
            unknown += float(requests)
            continue
        covered += float(requests)
        for i, value in enumerate(premium.premium_ppp_per_1000_requests):
            totals[i] += float(requests) / 1000.0 * value
    total = (totals[0], totals[1], totals[2]) if covered else None
    return LedgerPremium(period, total, covered, unknown, tuple(rows))
