"""Row schemas of the calculator's reference tables: everyday comparisons and presets.

Why in ``registry/``: every registry table schema has one owner, the registry layer; the
calculator (``web/reference.py``) only loads them with ``registry.extra_table(name, schema)``.

The tables (under ``src/fairprint/registry/data/``):

* ``comparisons.csv`` — one factor per everyday thing ("a phone charge"), per indicator.
* ``conversation_presets.csv`` — typical request shapes; an empty token cell is *unknown*.
"""

from __future__ import annotations

from fairprint.registry.schema import TableSchema

COMPARISONS = TableSchema(
    name="comparisons",
    key=("comparison",),
    text=("comparison", "indicator", "label", "unit", "notes"),
    numeric=("value",),
    optional=("notes",),
    choices={"indicator": ("energy_kwh", "gwp_kgco2e", "water_l", "adpe_kgsbeq")},
)

CONVERSATION_PRESETS = TableSchema(
    name="conversation_presets",
    key=("preset",),
    text=("preset", "label", "notes"),
    numeric=("input_tokens", "output_tokens"),
    optional=("notes",),
)
