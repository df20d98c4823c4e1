"""Impact kernels: pure, vectorised functions from activity columns to impact columns."""

from fairprint.impacts.columns import IMPACT_COLUMNS, METHODOLOGY_VERSION, RANGED_STEMS
from fairprint.impacts.pipeline import estimate_table

__all__ = ["IMPACT_COLUMNS", "METHODOLOGY_VERSION", "RANGED_STEMS", "estimate_table"]
