"""Run fairprint on each validation case at the case's boundary and compare.

The estimate is asked for exactly what the publication states: its model (or documented
stand-in), token counts, provider, boundary and carbon basis. Where this fairprint cannot
yet compute a boundary or basis, the comparison says so (``boundary_used`` and
``note``) instead of pretending to match.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fairprint.errors import FairprintError
from fairprint.estimate import estimate
from fairprint.registry import Registry
from fairprint.validation.cases import ValidationCase

DEFAULT_BOUNDARY = "facility"

# indicator -> (Estimate field, factor from the field's unit to the indicator's unit)
INDICATOR_FIELDS: dict[str, tuple[str, float]] = {
    "energy_wh": ("energy_kwh", 1e3),
    "gwp_g": ("gwp_kgco2e", 1e3),
    "water_ml": ("water_l", 1e3),
    "water_onsite_ml": ("water_onsite_l", 1e3),
    "adpe_mg": ("adpe_kgsbeq", 1e6),
}
MARKET_FIELD = "gwp_market_kgco2e"


@dataclass(frozen=True)
class Comparison:
    """fairprint's low/central/high for one case, beside the published value."""

    case: ValidationCase
    low: float | None
    central: float | None
    high: float | None
    boundary_used: str
    note: str

    @property
    def boundary_matched(self) -> bool:
        return self.boundary_used == self.case.boundary or self.case.boundary == "undisclosed"

    @property
    def ratio(self) -> float | None:
        """fairprint central / published value (1 = agreement; < 1 = fairprint lower)."""
        if self.central is None or self.case.value == 0:
            return None
        return self.central / self.case.value

    @property
    def within_2x(self) -> bool:
        ratio = self.ratio
        return ratio is not None and 0.5 <= ratio <= 2.0

    @property
    def inside(self) -> bool:
        """Whether the published value lies in fairprint's low–high interval."""
        if self.low is None or self.high is None:
            return False
        return self.low <= self.case.value <= self.high

    @property
    def width(self) -> float | None:
        """high / low of fairprint's interval (how many-fold wide it is)."""
        if self.low is None or self.high is None or self.low <= 0:
            return None
        return self.high / self.low


Estimator = Callable[..., Any]


def _accepts(function: Estimator, name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        return False


def compare_case(
    case: ValidationCase, registry: Registry, estimator: Estimator = estimate
) -> Comparison:
    """fairprint's estimate for ``case`` at the case's boundary, in the case's unit."""
    kwargs: dict[str, Any] = {
        "input_tokens": case.input_tokens or 0,
        "output_tokens": case.output_tokens,
        "provider": case.provider,
        "region": case.region,
        "registry": registry,
    }
    notes = []
    wanted = DEFAULT_BOUNDARY if case.boundary == "undisclosed" else case.boundary
    if _accepts(estimator, "boundary"):
        kwargs["boundary"] = wanted
        boundary_used = wanted
    else:
        boundary_used = DEFAULT_BOUNDARY
        if wanted != DEFAULT_BOUNDARY:
            notes.append(f"this fairprint has no {wanted} boundary; facility used")
    if case.boundary == "undisclosed":
        notes.append("boundary undisclosed; facility used")
    if case.carbon_basis == "market" and _accepts(estimator, "carbon_basis"):
        kwargs["carbon_basis"] = "market"
    try:
        result = estimator(case.model_id, **kwargs)
    except FairprintError as exc:
        return Comparison(case, None, None, None, boundary_used, f"no estimate: {exc}")
    field, factor = INDICATOR_FIELDS[case.indicator]
    wants_market = case.carbon_basis == "market" and case.indicator == "gwp_g"
    if wants_market and "carbon_basis" not in kwargs:
        if hasattr(result, MARKET_FIELD):
            field = MARKET_FIELD
        else:
            notes.append("market-based carbon not available; location-based shown")
    value = getattr(result, field)
    training = getattr(result, "training_note", "")
    if boundary_used == "lifecycle" and training and "unknown" not in training:
        notes.append(f"includes {training.split(' (')[0]}")
    if value.central is None:
        notes.append(f"fairprint gives {case.indicator} as unknown here")
    low, central, high = (
        None if v is None else v * factor for v in (value.low, value.central, value.high)
    )
    return Comparison(case, low, central, high, boundary_used, "; ".join(notes))


def compare_cases(
    cases: list[ValidationCase], registry: Registry | None = None, estimator: Estimator = estimate
) -> list[Comparison]:
    """Every case compared, in the order of the cases file."""
    registry = registry or Registry.default()
    return [compare_case(case, registry, estimator) for case in cases]
