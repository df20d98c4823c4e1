"""The People section's data: small frozen objects the report writers format.

Why apart from ``people.py``: the terminal, HTML and JSON writers import these types and
their text helpers (``percent``, ``hours_text``, ``pay_text``) without the code that builds
them from a table and a registry; every writer words a figure the same way. Unknown is
never printed as 0: ``hours_text`` says "undisclosed", ``percent`` says "unknown".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "UNKNOWN_MODEL",
    "Fact",
    "ModelPeople",
    "PeopleSection",
    "ProviderLabour",
    "WageFact",
    "hours_text",
    "number",
    "pay_text",
    "percent",
]

UNKNOWN_MODEL = "not in registry"
"""Status of a model the registry does not know: its data work is unknown, not undisclosed."""

Hours = tuple[float, float, float]


@dataclass(frozen=True)
class Fact:
    """One published fact of a provider's data-work supply chain, with its source."""

    field: str
    item: str
    scope: str
    value: str
    country: str
    disclosed_by: str
    source: str
    source_url: str
    year: int | None


@dataclass(frozen=True)
class WageFact:
    """Reported hourly pay against a wage standard of the workers' country (PPP-$/h)."""

    item: str
    country: str
    standard: str
    pay_ppp: tuple[float | None, float | None, float | None]
    reference_ppp: float | None
    ratio: float | None
    note: str
    source: str
    source_url: str


@dataclass(frozen=True)
class ModelPeople:
    """One model of the traffic: its data-work status and its share of the traffic."""

    model: str
    provider: str
    family: str
    status: str
    published_facts: int
    requests: int
    uncounted_rows: int
    gwp_kgco2e: float
    family_hours: Hours | None
    traffic_hours: Hours | None
    note: str
    sources: tuple[tuple[str, str], ...] = ()
    basis: str = "disclosure"
    """Where the hours come from: "disclosure", "analogy" (labelled; the developer
    discloses nothing) or "none"."""
    minutes_per_1000: Hours | None = None
    premium_ppp_per_1000: Hours | None = None
    """Fair-data premium per 1,000 requests (PPP-$): lifting the embedded work to a living
    wage; ``None`` when the pay or the living wage is unknown."""

    @property
    def nothing_disclosed(self) -> bool:
        """No published data-work fact at all for the model's family."""
        return self.status == "undisclosed" and self.published_facts == 0


@dataclass(frozen=True)
class ProviderLabour:
    """A provider of the traffic: FMTI labour transparency and known supply-chain facts."""

    provider: str
    name: str
    requests: int
    models: tuple[str, ...]
    edition: str | None
    points: int
    possible: int
    disclosed: tuple[str, ...]
    undisclosed: tuple[str, ...]
    source: str
    source_url: str
    facts: tuple[Fact, ...] = ()
    wages: tuple[WageFact, ...] = ()

    @property
    def score_text(self) -> str:
        if self.edition is None:
            return "0 — undisclosed (not assessed by FMTI)"
        label = "undisclosed" if self.points == 0 else "disclosed"
        return f"{self.points}/{self.possible} ({label}, FMTI {self.edition})"


@dataclass(frozen=True)
class PeopleSection:
    """Everything the People section shows; the writers only format it."""

    models: tuple[ModelPeople, ...]
    providers: tuple[ProviderLabour, ...]
    requests: int
    gwp_kgco2e: float
    datawork_h: Hours
    datawork_unknown_requests: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    def _requests(self, models: Iterable[ModelPeople]) -> int:
        return sum(m.requests for m in models)

    def _carbon(self, models: Iterable[ModelPeople]) -> float:
        return math.fsum(m.gwp_kgco2e for m in models if math.isfinite(m.gwp_kgco2e))

    def _share(self, part: float, whole: float) -> float | None:
        return part / whole if whole > 0 and math.isfinite(whole) else None

    def request_share(self, model: ModelPeople) -> float | None:
        """The model's share of the section's requests (``None`` without request counts)."""
        return self._share(model.requests, self.requests)

    def carbon_share(self, model: ModelPeople) -> float | None:
        """The model's share of the estimated carbon (``None`` when its carbon is unknown)."""
        if not math.isfinite(model.gwp_kgco2e):
            return None
        return self._share(model.gwp_kgco2e, self.gwp_kgco2e)

    @property
    def nothing_disclosed(self) -> tuple[ModelPeople, ...]:
        return tuple(m for m in self.models if m.nothing_disclosed)

    @property
    def hours_undisclosed(self) -> tuple[ModelPeople, ...]:
        """Models with some published facts whose data-work hours are still undisclosed."""
        return tuple(m for m in self.models if m.status == "undisclosed" and m.published_facts)

    @property
    def undisclosed_request_share(self) -> float | None:
        return self._share(self._requests(self.nothing_disclosed), self.requests)

    @property
    def undisclosed_carbon_share(self) -> float | None:
        return self._share(self._carbon(self.nothing_disclosed), self.gwp_kgco2e)

    @property
    def unknown_model_requests(self) -> int:
        return self._requests(m for m in self.models if m.status == UNKNOWN_MODEL)

    @property
    def finding(self) -> str:
        """The transparency gap, stated plainly (the same sentence in every writer)."""
        return self.finding_text()

    def finding_text(self, t: Callable[[str], str] = str) -> str:
        """``finding`` in a page's language (``t``: the locale's gettext; English by default)."""
        if not self.models:
            return t("No activity in this period: no model to account for.")
        parts = []
        share, carbon = self.undisclosed_request_share, self.undisclosed_carbon_share
        carbon_text = (
            t(" (%(share)s of the estimated carbon)") % {"share": percent(carbon)}
            if carbon is not None
            else ""
        )
        if share is not None:
            parts.append(
                t(
                    "%(share)s of your requests%(carbon)s ran on models whose developers "
                    "disclose nothing about the human data work behind them."
                )
                % {"share": percent(share), "carbon": carbon_text}
            )
        elif carbon is not None:
            parts.append(
                t(
                    "%(share)s of the estimated carbon came from models whose developers "
                    "disclose nothing about the human data work behind them."
                )
                % {"share": percent(carbon)}
            )
        uncounted = sum(m.uncounted_rows for m in self.models)
        if uncounted:
            parts.append(
                t(
                    "(%(rows)s log rows give tokens but no request count: they are in the "
                    "carbon share, not the request share.)"
                )
                % {"rows": f"{uncounted:,}"}
            )
        partial = self.hours_undisclosed
        partial_share = self._share(self._requests(partial), self.requests)
        if partial and partial_share is not None:
            parts.append(
                t(
                    "A further %(share)s ran on models with some published "
                    "data-work facts but undisclosed hours."
                )
                % {"share": percent(partial_share)}
            )
        if self.unknown_model_requests:
            parts.append(
                t("%(n)s requests ran on models not in the registry: their data work is unknown.")
                % {"n": f"{self.unknown_model_requests:,}"}
            )
        return " ".join(parts)

    @property
    def premium_models(self) -> tuple[ModelPeople, ...]:
        """Models with requests and a known fair-data premium per 1,000 requests."""
        return tuple(
            m for m in self.models if m.requests > 0 and m.premium_ppp_per_1000 is not None
        )

    @property
    def premium_total(self) -> Hours | None:
        """The fair-data premium over the period's requests (PPP-$, low/central/high):
        Σ requests / 1,000 × premium per 1,000; ``None`` when no model's premium is known
        (never 0 for unknown)."""
        known = self.premium_models
        if not known:
            return None
        low, mid, high = (
            math.fsum(m.requests / 1000.0 * m.premium_ppp_per_1000[i] for m in known)  # type: ignore[index]
            for i in range(3)
        )
        return (low, mid, high)

    @property
    def premium_unknown_requests(self) -> int:
        """Requests of models whose premium is unknown (left out of the total, not 0)."""
        return self._requests(
            m for m in self.models if m.requests > 0 and m.premium_ppp_per_1000 is None
        )

    @property
    def premium_text(self) -> str:
        """The fair-data premium of the period in one sentence (the same in every writer)."""
        return self.premium_sentence()

    def premium_sentence(self, t: Callable[[str], str] = str) -> str:
        """``premium_text`` in a page's language (``t``: the locale's gettext)."""
        total, unknown = self.premium_total, self.premium_unknown_requests
        tail = (
            t(
                " Unknown for %(n)s requests (no reported pay with a living wage to "
                "compare, or no human-work estimate): left out of the total, not counted as 0."
            )
            % {"n": f"{unknown:,}"}
            if unknown
            else ""
        )
        if total is None:
            return (
                t(
                    "Fair-data premium (lifting the embedded data-work pay to the local living "
                    "wage): unknown for every model of this period."
                )
                + tail
            )
        low, mid, high = total
        return (
            t(
                "Fair-data premium (lifting the embedded data-work pay to the local living "
                "wage): %(mid)s PPP $ over this period's requests (range %(low)s – %(high)s)."
            )
            % {"mid": number(mid), "low": number(low), "high": number(high)}
            + tail
        )

    @property
    def pointers(self) -> tuple[tuple[str, str], ...]:
        """(command, what it shows) for going further than the report."""
        model = self.models[0].model if self.models else "MODEL"
        return (
            (f"fairprint people {model} --sources", "one model's data-work sheet"),
            ("fairprint transparency", "every provider ranked by FMTI labour transparency"),
            ("fairprint audit FILE...", "pay, hours and exposure in your own data-work logs"),
        )

    @property
    def sources(self) -> list[tuple[str, str]]:
        """Every (source, url) a figure of the section relies on, in order of first use."""
        seen: dict[tuple[str, str], None] = {}
        for model in self.models:
            seen.update(dict.fromkeys(model.sources))
        for provider in self.providers:
            if provider.source:
                seen[(provider.source, provider.source_url)] = None
            for fact in provider.facts:
                if fact.source:
                    seen[(fact.source, fact.source_url)] = None
            for wage in provider.wages:
                if wage.source:
                    seen[(wage.source, wage.source_url)] = None
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN → ``None``), with the finding and the shares."""
        data = _clean(asdict(self))
        for model, entry in zip(self.models, data["models"], strict=True):
            entry["nothing_disclosed"] = model.nothing_disclosed
            entry["sources"] = [{"source": s, "url": u} for s, u in model.sources]
            premium = model.premium_ppp_per_1000
            entry["premium_ppp_period"] = (
                _triple_dict(
                    (
                        model.requests / 1000.0 * premium[0],
                        model.requests / 1000.0 * premium[1],
                        model.requests / 1000.0 * premium[2],
                    )
                )
                if premium is not None
                else None
            )
        data["datawork_h"] = dict(zip(("low", "central", "high"), data["datawork_h"], strict=True))
        data.update(
            finding=self.finding,
            undisclosed_request_share=self.undisclosed_request_share,
            undisclosed_carbon_share=_clean(self.undisclosed_carbon_share),
            unknown_model_requests=self.unknown_model_requests,
            premium_ppp=_triple_dict(self.premium_total),
            premium_unknown_requests=self.premium_unknown_requests,
            premium_text=self.premium_text,
            pointers=[{"command": c, "shows": what} for c, what in self.pointers],
            sources=[{"source": s, "url": u} for s, u in self.sources],
        )
        return data


def _triple_dict(value: Hours | None) -> dict[str, float | None] | None:
    if value is None:
        return None
    cleaned: list[float | None] = _clean(list(value))
    return dict(zip(("low", "central", "high"), cleaned, strict=True))


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def percent(share: float | None) -> str:
    return "unknown" if share is None or not math.isfinite(share) else f"{share:.1%}"


def number(value: float) -> str:
    """Integers with separators; 3 significant digits below 1, else 2 decimals; NaN: unknown."""
    if not math.isfinite(value):
        return "unknown"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.2f}"


def hours_text(hours: Hours | None, unknown: str = "undisclosed") -> str:
    """``central h (low–high)``, or ``unknown`` (never 0) when there are none."""
    if hours is None or not math.isfinite(hours[1]):
        return unknown
    low, central, high = hours
    if low == central == high:
        return f"{number(central)} h"
    return f"{number(central)} h ({number(low)}–{number(high)})"


def money_text(value: Hours | None, unknown: str = "unknown") -> str:
    """PPP-$ as ``central (low – high)``; ``unknown`` (never 0) when there is none."""
    if value is None or not math.isfinite(value[1]):
        return unknown
    low, central, high = value
    if low == central == high:
        return number(central)
    return f"{number(central)} ({number(low)} – {number(high)})"


def pay_text(pay: tuple[float | None, float | None, float | None]) -> str:
    """Hourly pay as ``central (low–high)``; ``undisclosed`` when not published."""
    low, central, high = pay
    if central is None:
        return "undisclosed"
    if low is None or high is None or low == high:
        return f"{central:,.2f}"
    return f"{central:,.2f} ({low:,.2f}–{high:,.2f})"
