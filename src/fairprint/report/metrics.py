"""The footprint metrics a report shows, and how to print a quantity with a readable unit.

Why here and not in each writer: the terminal, HTML, JSON and ESRS writers must show the
same four headline metrics (energy, carbon, water, minerals) in the same order, with the
same labels, so a number read off the terminal matches the one in the HTML report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """A headline impact: its central column (``_low``/``_high`` beside it) and how to show it."""

    column: str
    label: str
    short: str
    unit: str
    colour: str


METRICS: tuple[Metric, ...] = (
    Metric("energy_kwh", "Energy", "energy", "kWh", "#d08c00"),
    Metric("gwp_kgco2e", "Carbon", "carbon", "kgCO2e", "#5b5b5b"),
    Metric("water_l", "Water", "water", "L", "#1f77b4"),
    Metric("adpe_kgsbeq", "Minerals (ADPe)", "minerals", "kgSbeq", "#8c564b"),
)
"""Energy, carbon, water, minerals: the four impacts shown side by side everywhere."""

EXTRA_COLUMNS: tuple[str, ...] = (
    "gwp_usage_kgco2e",
    "gwp_embodied_kgco2e",
    "water_onsite_l",
    "water_offsite_l",
    "adpe_usage_kgsbeq",
    "adpe_embodied_kgsbeq",
    "pe_mj",
)
"""Further ranged columns summed in every summary (used by the ESRS export and JSON)."""

SUMMED_COLUMNS: tuple[str, ...] = (*(m.column for m in METRICS), *EXTRA_COLUMNS)

METRIC_BY_COLUMN: dict[str, Metric] = {m.column: m for m in METRICS}

# Display ladders: (factor from the base unit, unit label), smallest first.
_LADDERS: dict[str, tuple[tuple[float, str], ...]] = {
    "kWh": ((1e-3, "Wh"), (1.0, "kWh"), (1e3, "MWh"), (1e6, "GWh")),
    "kgCO2e": ((1e-3, "gCO2e"), (1.0, "kgCO2e"), (1e3, "tCO2e")),
    "L": ((1e-3, "mL"), (1.0, "L"), (1e3, "m³")),
    "kgSbeq": ((1e-6, "mg Sb eq"), (1e-3, "g Sb eq"), (1.0, "kg Sb eq")),
    "MJ": ((1e-3, "kJ"), (1.0, "MJ"), (1e3, "GJ")),
}


def display_scale(value: float, unit: str) -> tuple[float, str]:
    """The factor and unit label that show ``value`` (in ``unit``) as a number >= 1 if possible."""
    ladder = _LADDERS.get(unit)
    if ladder is None:
        return 1.0, unit
    if value is None or not math.isfinite(value) or value == 0:
        return next((entry for entry in ladder if entry[0] == 1.0), ladder[0])
    chosen = ladder[0]
    for factor, label in ladder:
        if abs(value) >= factor:
            chosen = (factor, label)
    return chosen


def format_number(value: float | None, digits: int = 3) -> str:
    """A number with ``digits`` significant digits and thousands separators; "unknown" if NaN."""
    if value is None or not math.isfinite(value):
        return "unknown"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{value:,.{decimals}f}"


def format_quantity(value: float | None, unit: str, scale_for: float | None = None) -> str:
    """``value`` with a readable unit, e.g. ``0.0042 kWh`` → ``4.2 Wh``.

    ``scale_for`` picks the unit from another value (a range's central), so that a range's
    three numbers share one unit.
    """
    if value is None or not math.isfinite(value):
        return "unknown"
    factor, label = display_scale(value if scale_for is None else scale_for, unit)
    return f"{format_number(value / factor)} {label}"


def format_range(low: float, central: float, high: float, unit: str) -> str:
    """``central unit (low–high)`` with one shared unit; "unknown" where the central is NaN."""
    if central is None or not math.isfinite(central):
        return "unknown"
    factor, label = display_scale(central, unit)
    return (
        f"{format_number(central / factor)} {label} "
        f"({format_number(low / factor)}–{format_number(high / factor)})"
    )


def format_requests(requests: int, uncounted_activities: int = 0) -> str:
    """A request count, noting log rows whose source gave tokens but no request count."""
    from fairprint.report.wording import requests_text  # wording builds on this module

    return requests_text(requests, uncounted_activities)
