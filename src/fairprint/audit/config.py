"""The parameters of an audit, each one printed in every report it produces.

None of these is a published standard: ``gap_limit_minutes`` (how long a pause between two
tasks still counts as unpaid time within one working session) and the exposure limits are
choices the auditor makes and must state. No published numeric limit on hours of exposure
to harmful content exists, so by default none is applied and no one is counted as over it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fairprint.errors import InputError

__all__ = ["DEFAULT_GAP_LIMIT_MINUTES", "DEFAULT_K", "AuditConfig"]

DEFAULT_K = 5
DEFAULT_GAP_LIMIT_MINUTES = 10.0
"""fairprint's default choice (not a published figure): pauses of up to ten minutes between
tasks are counted as part of a working session; set ``--gap-limit-minutes 0`` to count none."""


@dataclass(frozen=True)
class AuditConfig:
    """What an audit needs besides the logs; validated on creation."""

    k: int = DEFAULT_K
    gap_limit_minutes: float = DEFAULT_GAP_LIMIT_MINUTES
    exposure_limit_hours_day: float | None = None
    exposure_limit_hours_week: float | None = None
    country_default: str | None = None
    pay_currency: str | None = None
    living_wage_source: Path | None = None
    key_file: Path | None = None
    questionnaire: Path | None = None
    differencing_check: bool = True
    """Refuse an audit whose workers differ from an earlier one by 1..k-1 (see
    ``fairprint.audit.differencing``); turning it off is for tests of the attack only."""

    def __post_init__(self) -> None:
        if self.k < 2:
            raise InputError(f"--k {self.k}: k-anonymity needs k of at least 2")
        if self.gap_limit_minutes < 0:
            raise InputError("--gap-limit-minutes must be zero or more")
        for name in ("exposure_limit_hours_day", "exposure_limit_hours_week"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise InputError(f"{name.replace('_', '-')} must be a positive number of hours")
        if self.country_default is not None and len(self.country_default.strip()) != 2:
            raise InputError(
                f"--country-default {self.country_default!r}: use an ISO 3166 alpha-2 code"
            )

    def public(self) -> dict[str, Any]:
        """The parameters as shown in reports (file paths reduced to their names)."""
        out = asdict(self)
        for key in ("living_wage_source", "questionnaire"):
            out[key] = Path(out[key]).name if out[key] else None
        out.pop("key_file")
        return out
