"""The reference-data registry: sourced factors as versioned CSV files, validated on load."""

from fairprint.registry.people_schema import (
    ANNOTATION_KINDS,
    CURRENCY,
    DATAWORK,
    FMTI_EDITIONS,
    FMTI_LABOUR_INDICATORS,
    TRANSPARENCY,
    WAGES,
)
from fairprint.registry.reference_schema import COMPARISONS, CONVERSATION_PRESETS
from fairprint.registry.registry import DATA_DIR, REQUIRED_PARAMETERS, Parameter, Registry, Row
from fairprint.registry.schema import ENERGY_MEASUREMENTS, VALIDATION_CASES, TableSchema

__all__ = [
    "ANNOTATION_KINDS",
    "COMPARISONS",
    "CONVERSATION_PRESETS",
    "CURRENCY",
    "DATAWORK",
    "DATA_DIR",
    "ENERGY_MEASUREMENTS",
    "FMTI_EDITIONS",
    "FMTI_LABOUR_INDICATORS",
    "REQUIRED_PARAMETERS",
    "TRANSPARENCY",
    "VALIDATION_CASES",
    "WAGES",
    "Parameter",
    "Registry",
    "Row",
    "TableSchema",
]
