"""Terminal and JSON views of a compute ``Measurement`` (what ``fairprint run`` prints).

Why here and not in the CLI: the CLI only parses and prints; turning a measurement into a
table or a JSON document is a library call a user can make (``print_measurement``).
"""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.table import Table

from fairprint.track.compute import Measurement

TOTALS: tuple[tuple[str, str, float, str], ...] = (
    ("Energy", "energy_kwh", 1e3, "Wh"),
    ("Carbon, electricity", "gwp_usage_kgco2e", 1e3, "gCO2e"),
    ("Carbon, embodied hardware", "gwp_embodied_kgco2e", 1e3, "gCO2e"),
    ("Water", "water_l", 1e3, "mL"),
    ("Abiotic resources, electricity", "adpe_usage_kgsbeq", 1e6, "mg Sb eq"),
)
"""The totals printed under the table: label, key, factor to the unit shown, unit."""


def number(value: float | None, digits: int = 3) -> str:
    """``digits`` significant digits with thousands separators; ``unknown`` when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "unknown"
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{decimals}f}"


def measurement_json(
    measurement: Measurement, command: list[str], returncode: int, ledger: str | None
) -> dict[str, Any]:
    """The measurement as a JSON-ready dict (NaN totals as null)."""
    totals = measurement.totals()
    return {
        "command": command,
        "returncode": returncode,
        "zone": measurement.zone,
        "domains": {
            name: {"joules": d.joules, "method": d.method, "hardware": d.hardware}
            for name, d in measurement.domains.items()
        },
        "totals": {k: (None if v != v else v) for k, v in totals.items()},
        "notes": measurement.notes,
        "ledger": ledger,
    }


def print_measurement(console: Console, measurement: Measurement, written: str | None) -> None:
    """The per-device table, the priced totals and the notes, within 80 columns."""
    totals = measurement.totals()
    table = Table(
        title=f"{measurement.command} — {measurement.duration_s:.1f} s in "
        f"grid zone {measurement.zone}"
    )
    for column in ("Device", "Energy (Wh)", "Method", "Hardware"):
        table.add_column(column)
    for name, domain in measurement.domains.items():
        energy = None if domain.joules is None else domain.joules / 3600
        table.add_row(name, number(energy), domain.method, domain.hardware or "—")
    console.print(table)
    for label, key, factor, unit in TOTALS:
        value = totals.get(key)
        console.print(f"{label}: {number(None if value is None else value * factor)} {unit}")
    for note in measurement.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    if written:
        console.print(f"written to the ledger {written}")
