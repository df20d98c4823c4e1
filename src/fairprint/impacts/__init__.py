"""Impact kernels: pure, vectorised functions from activity columns to impact columns."""

from fairprint.impacts.arithmetic import (
    ADDED_SECONDS_FACTORS,
    EMBODIED_NAMES,
    FACTOR_NAMES,
    JOULES_PER_KWH,
    MARKET_NAMES,
    SECONDS_FACTORS,
    TOTALS,
    TRAINING_NAMES,
    USAGE_NAMES,
    add_training,
    row_impacts,
    row_impacts_sql,
    token_seconds,
    token_seconds_sql,
)
from fairprint.impacts.boundary import (
    BOUNDARY_NOTES,
    DEFAULT_BOUNDARY,
    Boundary,
    at_boundary,
    check_boundary,
)
from fairprint.impacts.coefficients import LOCAL_PROVIDERS, GroupCoefficients, group_coefficients
from fairprint.impacts.columns import (
    IMPACT_COLUMNS,
    LABEL_COLUMNS,
    METHODOLOGY_VERSION,
    RANGED_COLUMNS,
    RANGED_STEMS,
)
from fairprint.impacts.datawork import (
    DataworkPerRequest,
    datawork_per_request,
    fair_data_premium,
    lifetime_range,
    wage_gap,
)
from fairprint.impacts.factors import GroupKey, factor_columns, factor_table
from fairprint.impacts.pipeline import OnUnknown, estimate_table
from fairprint.impacts.training import Training, training_per_request
from fairprint.impacts.uncertainty import SCENARIOS, Scenario, pick, suffix
from fairprint.impacts.validate import checked_inputs, measured_energy

__all__ = [
    "ADDED_SECONDS_FACTORS",
    "BOUNDARY_NOTES",
    "DEFAULT_BOUNDARY",
    "EMBODIED_NAMES",
    "FACTOR_NAMES",
    "IMPACT_COLUMNS",
    "JOULES_PER_KWH",
    "LABEL_COLUMNS",
    "LOCAL_PROVIDERS",
    "MARKET_NAMES",
    "METHODOLOGY_VERSION",
    "RANGED_COLUMNS",
    "RANGED_STEMS",
    "SCENARIOS",
    "SECONDS_FACTORS",
    "TOTALS",
    "TRAINING_NAMES",
    "USAGE_NAMES",
    "Boundary",
    "DataworkPerRequest",
    "GroupCoefficients",
    "GroupKey",
    "OnUnknown",
    "Scenario",
    "Training",
    "add_training",
    "at_boundary",
    "check_boundary",
    "checked_inputs",
    "datawork_per_request",
    "estimate_table",
    "factor_columns",
    "factor_table",
    "fair_data_premium",
    "group_coefficients",
    "lifetime_range",
    "measured_energy",
    "pick",
    "row_impacts",
    "row_impacts_sql",
    "suffix",
    "token_seconds",
    "token_seconds_sql",
    "training_per_request",
    "wage_gap",
]
