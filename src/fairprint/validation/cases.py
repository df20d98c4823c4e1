"""The held-out validation cases: published per-request figures the fit never sees.

Why a typed loader: each case states the boundary, indicator and token assumptions of its
publication, and the comparison must use exactly those. A case whose model is not in the
registry is an error here (never silently dropped), so that a renamed or removed model
shows up as a failing check rather than as a smaller validation set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fairprint.errors import RegistryError, UnknownModelError
from fairprint.registry import VALIDATION_CASES, Registry

TABLE_NAME = "validation_cases"


@dataclass(frozen=True)
class ValidationCase:
    """One published figure and what fairprint must be asked to reproduce it."""

    case_id: str
    model_id: str
    stand_in: bool
    provider: str | None
    region: str | None
    input_tokens: int | None
    output_tokens: int
    tokens_basis: str
    boundary: str
    indicator: str
    carbon_basis: str | None
    value_low: float | None
    value: float
    value_high: float | None
    kind: str
    params_status: str
    notes: str
    source: str
    source_url: str
    year: int

    @property
    def source_label(self) -> str:
        """A short citation: the source text before its quoted title (``Jegham et al. 2025``)."""
        for mark in (" '", " (", ","):
            where = self.source.find(mark)
            if where > 0:
                return self.source[:where].strip()
        return self.source.strip()


def _optional(value: object) -> float | None:
    number = float(str(value))
    return None if math.isnan(number) else number


def load_cases(registry: Registry | None = None) -> list[ValidationCase]:
    """Every validation case, checked against the registry's models."""
    registry = registry or Registry.default()
    table = registry.extra_table(TABLE_NAME, VALIDATION_CASES)
    cases = []
    for row in table.rows:
        case_id = str(row["case_id"])
        try:
            model = registry.model(str(row["model_id"]))
        except UnknownModelError as exc:
            raise RegistryError(
                f"{TABLE_NAME}.csv case {case_id!r}: {exc} Add the model to models.csv "
                "or name a documented stand-in."
            ) from None
        value = _optional(row["value"])
        output_tokens = _optional(row["output_tokens"])
        if value is None or output_tokens is None:
            raise RegistryError(
                f"{TABLE_NAME}.csv case {case_id!r}: 'value' and 'output_tokens' are required "
                "(state an assumption in tokens_basis where the source gives none)"
            )
        input_tokens = _optional(row["input_tokens"])
        cases.append(
            ValidationCase(
                case_id=case_id,
                model_id=str(model["model_id"]),
                stand_in=row["stand_in"] == "yes",
                provider=str(row["provider"]) or None,
                region=str(row["region"]) or None,
                input_tokens=None if input_tokens is None else int(input_tokens),
                output_tokens=int(output_tokens),
                tokens_basis=str(row["tokens_basis"]),
                boundary=str(row["boundary"]),
                indicator=str(row["indicator"]),
                carbon_basis=str(row["carbon_basis"]) or None,
                value_low=_optional(row["value_low"]),
                value=value,
                value_high=_optional(row["value_high"]),
                kind=str(row["kind"]),
                params_status=str(model["params_status"]),
                notes=str(row["notes"]),
                source=str(row["source"]),
                source_url=str(row["source_url"]),
                year=int(row["year"]),
            )
        )
    return cases
