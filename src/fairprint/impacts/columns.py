"""Names of the impact columns that ``estimate_table`` appends (units in the names)."""

from __future__ import annotations

from fairprint.impacts.uncertainty import SCENARIOS, suffix

METHODOLOGY_VERSION = "2026.12-1"
"""Bumped whenever an equation changes; stamped with the registry version on every impact."""

RANGED_STEMS: tuple[str, ...] = (
    "energy_kwh",
    "gwp_kgco2e",
    "gwp_usage_kgco2e",
    "gwp_embodied_kgco2e",
    "water_l",
    "water_onsite_l",
    "water_offsite_l",
    "adpe_kgsbeq",
    "adpe_usage_kgsbeq",
    "adpe_embodied_kgsbeq",
    "pe_mj",
    "pe_usage_mj",
    "pe_embodied_mj",
    "accelerator_s",
    "datawork_h",
)
"""Each stem appears as ``stem`` (central), ``stem_low`` and ``stem_high``."""

RANGED_COLUMNS: tuple[str, ...] = tuple(
    f"{stem}{suffix(s)}" for stem in RANGED_STEMS for s in SCENARIOS
)

LABEL_COLUMNS: tuple[str, ...] = (
    "model_id",
    "datacenter",
    "grid_zone",
    "impact_note",
    "registry_version",
    "methodology_version",
)

IMPACT_COLUMNS: tuple[str, ...] = (*RANGED_COLUMNS, *LABEL_COLUMNS)
