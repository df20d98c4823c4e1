"""A model's sheet: what is known and what is hidden, planet and people, with sources.

Why "known / hidden" as the organising idea: for most commercial models the parameter
count, the serving hardware and the human data work are not published. The sheet puts
the gaps beside the facts, so an estimate is never mistaken for a disclosure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from fairprint.errors import FairprintError
from fairprint.people import DataworkSheet, datawork_sheet
from fairprint.registry import Registry
from fairprint.report import METRIC_BY_COLUMN, ModelPremium, format_number, model_premium
from fairprint.web.calculator import Answer, Question, calculate, quantity

REFERENCE_PRESET = "epoch-typical-chat"
"""The request shape each sheet's per-request footprint is shown for."""


@dataclass(frozen=True)
class Fact:
    """One line of the sheet: what, the value (or "undisclosed"), status and source."""

    topic: str
    value: str
    status: str
    source: str = ""
    source_url: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ModelSheet:
    model_id: str
    provider: str
    row: dict[str, Any]
    known: tuple[Fact, ...]
    hidden: tuple[Fact, ...]
    planet: tuple[Fact, ...]
    answer: Answer | None
    answer_error: str | None
    people: DataworkSheet | None
    sources: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    supply_chain: tuple[Fact, ...] = ()
    """Facts about the provider in general, its other models and its vendors: shown apart,
    never as facts about this model."""
    premium: ModelPremium | None = None

    @property
    def minutes_text(self) -> str | None:
        """Human minutes per 1,000 requests as "low – high (central c)", or ``None``."""
        minutes = self.people.hours.minutes_per_1000_requests if self.people else None
        if minutes is None:
            return None
        low, mid, high = (format_number(v, 3) for v in minutes)
        return f"{low} – {high} (central {mid})"

    @property
    def colours(self) -> dict[str, str]:
        return {column: metric.colour for column, metric in METRIC_BY_COLUMN.items()}


def _num(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else format_number(value, 3)


def span(row: Any, stem: str, unit: str = "") -> str:
    """``central (low–high) unit`` of a registry triple; "undisclosed" when unknown."""
    low, central, high = (_num(row[f"{stem}_low"]), _num(row[stem]), _num(row[f"{stem}_high"]))
    if central is None:
        return "undisclosed"
    text = f"{central:g}"
    if low is not None and high is not None and (low, high) != (central, central):
        text += f" ({low:g}–{high:g})"
    return f"{text} {unit}".strip()


def _planet(registry: Registry, row: Any) -> list[Fact]:
    provider, region = str(row["provider"]), str(row["default_region"])
    place = registry.datacenter(provider, region)
    zone = str(place["grid_zone"])
    facts = [
        Fact(
            "Served from",
            f"{place['operator']} — {place['location'] or region} (grid zone {zone})",
            "assumed",
            str(place["source"]),
            str(place["source_url"]),
            str(place["notes"]),
        ),
        Fact(
            "Power usage effectiveness (PUE)",
            span(place, "pue"),
            "reported",
            str(place["source"]),
            str(place["source_url"]),
        ),
        Fact(
            "On-site water (WUE)",
            span(place, "wue_l_per_kwh", "L/kWh"),
            "reported",
            str(place["source"]),
            str(place["source_url"]),
        ),
    ]
    grid = registry.grid(zone).get("carbon_gco2e_per_kwh")
    if grid is not None:
        facts.append(
            Fact(
                "Grid carbon intensity",
                f"{float(grid['central']):g} gCO2e/kWh ({grid['year']})",
                "reported",
                str(grid["source"]),
                str(grid["source_url"]),
            )
        )
    hardware = registry.hardware(str(place["accelerator"]))
    facts.append(
        Fact(
            "Accelerator (assumed)",
            f"{hardware['name']}; embodied {span(hardware, 'embodied_gwp_kgco2e', 'kgCO2e')}",
            "assumed",
            str(hardware["source"]),
            str(hardware["source_url"]),
        )
    )
    return facts


def model_sheet(model: str, registry: Registry) -> ModelSheet:
    """The sheet of ``model`` (id or alias); raises ``UnknownModelError`` if unknown."""
    row = registry.model(model)
    model_id = str(row["model_id"])
    source, url = str(row["source"]), str(row["source_url"])
    status = str(row["params_status"])
    params = [
        Fact(
            "Total parameters (billions)",
            span(row, "total_params_b"),
            status,
            source,
            url,
            str(row["notes"]),
        ),
        Fact(
            "Active parameters per token (billions)",
            span(row, "active_params_b"),
            status,
            source,
            url,
        ),
        Fact(
            "Architecture",
            str(row["architecture"]),
            "undisclosed" if row["architecture"] == "unknown" else "disclosed",
            source,
            url,
        ),
    ]
    known = [f for f in params if f.status == "disclosed"]
    hidden = [f for f in params if f.status != "disclosed"]
    people: DataworkSheet | None = None
    try:
        people = datawork_sheet(model_id, registry)
    except FairprintError:
        people = None
    supply_chain: list[Fact] = []
    premium: ModelPremium | None = None
    if people is not None:
        premium = model_premium(model_id, registry)
        for item in people.fields:
            label = item.field.replace("_", " ") + (f" ({item.item})" if item.item else "")
            if item.scope != "family":
                label = f"{item.scope} — {label}"
            if item.status == "undisclosed":
                fact = Fact(label, "undisclosed", "undisclosed", notes=item.notes)
                (hidden if item.scope == "family" else supply_chain).append(fact)
                continue
            value = item.text or (_number(item.value) if item.value is not None else "")
            value = f"{value} {item.currency or item.unit}".strip()
            fact = Fact(label, value, item.status, item.source, item.source_url, item.notes)
            if item.scope != "family":
                supply_chain.append(fact)
            else:
                (hidden if item.status == "estimated" else known).append(fact)
    answer, error = None, None
    try:
        answer = calculate(Question(model=model_id, preset=REFERENCE_PRESET), registry)
    except FairprintError as exc:
        error = str(exc)
    facts = [*known, *hidden, *_planet(registry, row)]
    sources = dict.fromkeys((f.source, f.source_url) for f in facts if f.source)
    if people is not None:
        sources.update(dict.fromkeys(people.sources))
    return ModelSheet(
        model_id=model_id,
        provider=str(row["provider"]),
        row=dict(row),
        known=tuple(known),
        hidden=tuple(hidden),
        planet=tuple(_planet(registry, row)),
        answer=answer,
        answer_error=error,
        people=people,
        sources=tuple(sources),
        supply_chain=tuple(supply_chain),
        premium=premium,
    )


def model_rows(registry: Registry) -> list[dict[str, Any]]:
    """The model list: id, provider, parameters, their status, release date."""
    out = []
    for row in sorted(registry.models, key=lambda r: (str(r["provider"]), str(r["model_id"]))):
        out.append(
            {
                "id": str(row["model_id"]),
                "provider": str(row["provider"]),
                "family": str(row["family"]),
                "active": span(row, "active_params_b"),
                "total": span(row, "total_params_b"),
                "status": str(row["params_status"]),
                "release": str(row["release_date"]),
            }
        )
    return out


__all__ = ["Fact", "ModelSheet", "model_rows", "model_sheet", "quantity", "span"]
