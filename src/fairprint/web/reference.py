"""The calculator's reference tables: everyday comparisons and typical conversations.

Why data files: "this is N phone charges" is only as honest as the factor behind it, so
each factor lives in ``registry/data/comparisons.csv`` with its source, year and licence,
and each preset conversation in ``conversation_presets.csv``; both are validated by the
registry loader like every other table. An empty token cell is *unknown* and is shown as
such; it counts as zero tokens only because the request cannot count what is not known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fairprint.estimate import Estimate
from fairprint.registry import COMPARISONS, CONVERSATION_PRESETS, Registry


@dataclass(frozen=True)
class Comparison:
    """An impact expressed as a count of an everyday thing, with its range and source."""

    comparison: str
    label: str
    indicator: str
    factor: float
    unit: str
    low: float | None
    central: float | None
    high: float | None
    notes: str
    source: str
    source_url: str
    year: int


@dataclass(frozen=True)
class Preset:
    """A typical request shape; ``input_known`` is False where the source gives no prompt size."""

    preset: str
    label: str
    input_tokens: int
    output_tokens: int
    input_known: bool
    notes: str
    source: str
    source_url: str
    year: int


def comparisons(result: Estimate, registry: Registry) -> list[Comparison]:
    """Each comparison factor applied to the matching impact of ``result`` (low/central/high)."""
    out = []
    for row in registry.extra_table("comparisons", COMPARISONS).rows:
        factor = float(row["value"])
        impact = getattr(result, str(row["indicator"]))

        def divide(value: float | None, factor: float = factor) -> float | None:
            if value is None or math.isnan(factor) or factor <= 0:
                return None
            return value / factor

        out.append(
            Comparison(
                comparison=str(row["comparison"]),
                label=str(row["label"]),
                indicator=str(row["indicator"]),
                factor=factor,
                unit=str(row["unit"]),
                low=divide(impact.low),
                central=divide(impact.central),
                high=divide(impact.high),
                notes=str(row["notes"]),
                source=str(row["source"]),
                source_url=str(row["source_url"]),
                year=int(row["year"]),
            )
        )
    return out


def presets(registry: Registry) -> list[Preset]:
    """The typical conversations offered by the calculator, in file order."""
    out = []
    for row in registry.extra_table("conversation_presets", CONVERSATION_PRESETS).rows:
        input_tokens = float(row["input_tokens"])
        output_tokens = float(row["output_tokens"])
        out.append(
            Preset(
                preset=str(row["preset"]),
                label=str(row["label"]),
                input_tokens=0 if math.isnan(input_tokens) else int(input_tokens),
                output_tokens=0 if math.isnan(output_tokens) else int(output_tokens),
                input_known=not math.isnan(input_tokens),
                notes=str(row["notes"]),
                source=str(row["source"]),
                source_url=str(row["source_url"]),
                year=int(row["year"]),
            )
        )
    return out


def preset(registry: Registry, name: str) -> Preset | None:
    """The preset called ``name`` (None if there is none)."""
    return next((p for p in presets(registry) if p.preset == name), None)
