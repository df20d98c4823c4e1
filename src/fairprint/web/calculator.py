"""The public calculator: one question in (model, how much, where), planet and people out.

Kept apart from the routes so the page, the share card and the tests read the same
numbers: ``calculate`` runs ``fairprint.estimate`` once, applies the sourced everyday
comparisons, and looks up the model's data work and its provider's transparency score.
The question travels in the URL (a GET form), so any result is a link that can be shared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field

from fairprint.errors import InputError
from fairprint.estimate import Estimate, estimate
from fairprint.impacts import DataworkPerRequest, datawork_per_request
from fairprint.people import ProviderScore, provider_score
from fairprint.registry import Registry
from fairprint.report import ModelPremium, display_scale, format_number, model_premium
from fairprint.web.reference import Comparison, Preset, comparisons, preset

CUSTOM = "custom"
MAX_TOKENS = 10_000_000
MAX_REQUESTS = 1_000_000_000


class Question(BaseModel):
    """What the visitor asks. ``preset`` names a typical conversation, or ``custom``."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(min_length=1, max_length=200)
    preset: str = Field(default="epoch-typical-chat", max_length=100)
    input_tokens: int = Field(default=0, ge=0, le=MAX_TOKENS)
    output_tokens: int = Field(default=0, ge=0, le=MAX_TOKENS)
    requests: int = Field(default=1, ge=1, le=MAX_REQUESTS)
    region: str = Field(default="", max_length=50)
    boundary: Literal["accelerator", "it", "facility", "lifecycle"] = "facility"

    def query_string(self) -> str:
        """The URL query that asks this question again (for links and the share card)."""
        return urlencode({k: v for k, v in self.model_dump().items() if v not in ("", None)})


@dataclass(frozen=True)
class Line:
    """One impact row of the result: label, central text, range text and raw numbers."""

    column: str
    label: str
    text: str
    range_text: str
    central: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Answer:
    """Everything the calculator page and the share card show."""

    question: Question
    result: Estimate
    preset: Preset | None
    lines: tuple[Line, ...]
    comparisons: tuple[Comparison, ...]
    datawork: DataworkPerRequest
    transparency: ProviderScore
    provider: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    premium: ModelPremium | None = None
    """The fair-data premium per 1,000 requests (``None`` when the registry lacks the
    people tables); its ``premium_ppp_per_1000_requests`` is ``None`` when unknown."""


LINES: tuple[tuple[str, str, str], ...] = (
    ("energy_kwh", "Energy", "kWh"),
    ("gwp_kgco2e", "Carbon", "kgCO2e"),
    ("water_l", "Water", "L"),
    ("adpe_kgsbeq", "Minerals (abiotic resources)", "kgSbeq"),
    ("pe_mj", "Primary energy", "MJ"),
)

TRAINING_LINE = ("training_gwp_kgco2e", "Of the carbon: amortised training", "kgCO2e")
"""Shown under ``lifecycle`` only, so readers see which part of a life-cycle figure is
training (unknown where the developer discloses no training footprint)."""

BOUNDARY_NOTES: dict[str, str] = {
    "accelerator": "Boundary: the chips' own electricity only (no host servers, cooling, "
    "water on site or hardware manufacturing).",
    "it": "Boundary: servers' electricity (chips, host and idle capacity), without the "
    "datacenter's cooling or hardware manufacturing.",
    "lifecycle": "Boundary: life cycle. Adds the model's training, shared over the requests "
    "it serves in its life, where the developer discloses it; network and your device are "
    "not counted.",
}
"""A fixed sentence per non-default boundary (translated; the default needs none)."""


def quantity(value: float | None, unit: str, scale_for: float | None = None) -> str:
    """``value`` in a readable unit (shared with ``scale_for`` when given); "unknown" if None."""
    if value is None or not math.isfinite(value):
        return "unknown"
    factor, label = display_scale(value if scale_for is None else scale_for, unit)
    return f"{format_number(value / factor)} {label}"


def _line(result: Estimate, column: str, label: str, unit: str) -> Line:
    value = getattr(result, column)
    if value.central is None:
        return Line(column, label, "unknown", "", None, value.low, value.high)
    low = quantity(value.low, unit, value.central)
    high = quantity(value.high, unit, value.central)
    return Line(
        column,
        label,
        quantity(value.central, unit),
        f"{low} – {high}",
        value.central,
        value.low,
        value.high,
    )


def count_text(value: float | None) -> str:
    """A count for a comparison: 2 significant digits, "unknown" when None."""
    if value is None or not math.isfinite(value):
        return "unknown"
    return format_number(value, 2)


def resolve_tokens(question: Question, registry: Registry) -> tuple[int, int, Preset | None]:
    """Input and output tokens per request, from the preset or the custom fields."""
    if question.preset and question.preset != CUSTOM:
        chosen = preset(registry, question.preset)
        if chosen is None:
            raise InputError(
                f"unknown conversation {question.preset!r}: pick one from the list or 'custom'"
            )
        return chosen.input_tokens, chosen.output_tokens, chosen
    if question.input_tokens == 0 and question.output_tokens == 0:
        raise InputError("give a number of input or output tokens (both are 0)")
    return question.input_tokens, question.output_tokens, None


def calculate(question: Question, registry: Registry) -> Answer:
    """Answer ``question``; raises ``FairprintError`` subclasses for unknown models/regions."""
    input_tokens, output_tokens, chosen = resolve_tokens(question, registry)
    result = estimate(
        question.model,
        input_tokens,
        output_tokens,
        requests=question.requests,
        region=question.region or None,
        registry=registry,
        boundary=question.boundary,
    )
    model_row = registry.model(question.model)
    provider = str(model_row["provider"])
    notes = []
    if chosen is not None and not chosen.input_known:
        notes.append("The source gives no prompt size, so the prompt's tokens are not counted.")
    if question.boundary in BOUNDARY_NOTES:
        notes.append(BOUNDARY_NOTES[question.boundary])
    specs = LINES + ((TRAINING_LINE,) if question.boundary == "lifecycle" else ())
    return Answer(
        question=question,
        result=result,
        preset=chosen,
        lines=tuple(_line(result, *spec) for spec in specs),
        comparisons=tuple(comparisons(result, registry)),
        datawork=datawork_per_request(result.model_id, registry),
        transparency=provider_score(provider, registry),
        provider=provider,
        notes=tuple(notes),
        premium=model_premium(result.model_id, registry),
    )


def model_choices(registry: Registry) -> list[dict[str, Any]]:
    """The models a visitor can pick, grouped by provider, with their regions."""
    regions: dict[str, list[str]] = {}
    for row in registry.datacenters:
        regions.setdefault(str(row["provider"]).lower(), []).append(str(row["region"]))
    return [
        {
            "id": str(row["model_id"]),
            "provider": str(row["provider"]),
            "regions": regions.get(str(row["provider"]).lower(), []),
            "default_region": str(row["default_region"]),
            "estimable": not math.isnan(float(row["active_params_b"])),
        }
        for row in sorted(registry.models, key=lambda r: (str(r["provider"]), str(r["model_id"])))
    ]


def region_choices(registry: Registry) -> list[str]:
    """Every region name some provider serves from (the model's provider must have it)."""
    return sorted({str(row["region"]) for row in registry.datacenters})
