"""Impact kernels: pure, vectorised functions from activity columns to impact columns."""

from fairprint.impacts.arithmetic import (
    EMBODIED_NAMES,
    FACTOR_NAMES,
    JOULES_PER_KWH,
    SECONDS_FACTORS,
    TOTALS,
    USAGE_NAMES,
)
from fairprint.impacts.columns import IMPACT_COLUMNS, METHODOLOGY_VERSION, RANGED_STEMS
from fairprint.impacts.pipeline import estimate_table
from fairprint.impacts.uncertainty import SCENARIOS, Scenario, pick

__all__ = [
    "EMBODIED_NAMES",
    "FACTOR_NAMES",
    "IMPACT_COLUMNS",
    "JOULES_PER_KWH",
    "METHODOLOGY_VERSION",
    "RANGED_STEMS",
    "SCENARIOS",
    "SECONDS_FACTORS",
    "TOTALS",
    "USAGE_NAMES",
    "Scenario",
    "estimate_table",
    "pick",
]
