"""Terminal renderers for ``fairprint estimate`` and ``fairprint models``.

Why here: the CLI only parses options, calls the library and prints; what a table looks
like belongs with the other terminal writers, so one formatter (``format_number``) serves
every output.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from fairprint.estimate import Estimate, Range
from fairprint.report.metrics import format_number as fmt

__all__ = ["WIDE", "models_table", "people_line", "print_estimate", "print_models", "usage_share"]


# (label, Estimate field, unit shown, factor from the field's unit)
PLANET_ROWS: tuple[tuple[str, str, str, float], ...] = (
    ("Energy", "energy_kwh", "Wh", 1e3),
    ("Energy", "energy_kwh", "kWh", 1.0),
    ("Carbon (location-based)", "gwp_kgco2e", "gCO2e", 1e3),
    ("  of which usage", "gwp_usage_kgco2e", "gCO2e", 1e3),
    ("  of which embodied hardware", "gwp_embodied_kgco2e", "gCO2e", 1e3),
    ("Carbon (market-based)", "gwp_market_kgco2e", "gCO2e", 1e3),
    ("Water, on-site cooling", "water_onsite_l", "mL", 1e3),
    ("Water, off-site electricity", "water_offsite_l", "mL", 1e3),
    ("Abiotic resources", "adpe_kgsbeq", "mg Sb eq", 1e6),
    ("  of which usage", "adpe_usage_kgsbeq", "mg Sb eq", 1e6),
    ("  of which embodied hardware", "adpe_embodied_kgsbeq", "mg Sb eq", 1e6),
    ("Primary energy", "pe_mj", "kJ", 1e3),
    ("  of which usage", "pe_usage_mj", "kJ", 1e3),
    ("  of which embodied hardware", "pe_embodied_mj", "kJ", 1e3),
)

TRAINING_ROWS: tuple[tuple[str, str, str, float], ...] = (
    ("Training (amortised): carbon", "training_gwp_kgco2e", "gCO2e", 1e3),
    ("Training: water", "training_water_l", "mL", 1e3),
    ("Training: abiotic resources", "training_adpe_kgsbeq", "mg Sb eq", 1e6),
    ("Training: GPU energy", "training_energy_kwh", "Wh", 1e3),
)
"""Shown at the ``lifecycle`` boundary only: the part of a life-cycle figure that is
training, each already included in its total above where known."""


def usage_share(result: Estimate, stem: str) -> float | None:
    """Share of an indicator's central value that comes from use (vs embodied hardware)."""
    total: Range = getattr(result, f"{stem}")
    usage: Range = getattr(result, stem.replace("_", "_usage_", 1))
    if total.central in (None, 0) or usage.central is None:
        return None
    return usage.central / total.central


def print_estimate(result: Estimate, console: Console) -> None:
    """The estimate table (low/central/high per indicator) and its notes."""
    table = Table(
        title=(
            f"{result.model_id} — {result.input_tokens:,} input / {result.output_tokens:,} "
            f"output tokens × {result.requests:,} request(s)"
        ),
        caption=(
            f"served from {result.datacenter} (grid zone {result.grid_zone}); "
            f"registry {result.registry_version}, methodology {result.methodology_version}. "
            "low/high: 5th-95th percentile of the inputs' ranges (docs/methodology.md §5)."
        ),
    )
    for column in ("Planet", "low", "central", "high", "unit"):
        table.add_column(column, justify="left" if column in ("Planet", "unit") else "right")
    rows = PLANET_ROWS + (TRAINING_ROWS if result.boundary == "lifecycle" else ())
    for label, field, unit, factor in rows:
        value = getattr(result, field).scaled(factor)
        table.add_row(label, fmt(value.low), fmt(value.central), fmt(value.high), unit)
    console.print(table)
    shares = []
    for stem, name in (
        ("gwp_kgco2e", "carbon"),
        ("adpe_kgsbeq", "minerals"),
        ("pe_mj", "primary energy"),
    ):
        share = usage_share(result, stem)
        shares.append(f"{name} {fmt(share * 100 if share is not None else None, 2)} % usage")
    console.print("Usage vs embodied (central): " + ", ".join(shares))
    console.print(f"Boundary: {result.boundary_note}.")
    if result.boundary == "lifecycle":
        console.print(f"Training: {result.training_note}.")
    if result.reasoning_note.startswith("estimated"):
        hidden = result.reasoning_tokens_estimated
        console.print(
            f"Reasoning tokens: {fmt(hidden.low)} – {fmt(hidden.central)} – "
            f"{fmt(hidden.high)} {result.reasoning_note}."
        )
    if result.interval_drivers:
        console.print("Interval width driven by: " + ", ".join(result.interval_drivers) + ".")
    if result.gwp_market_kgco2e.central is None:
        console.print(
            "Market-based carbon: unknown (the provider discloses no procurement the "
            "registry can cite)."
        )
    console.print(people_line(result))


def people_line(result: Estimate) -> str:
    """The People section of an estimate: embedded data work, or the plain word undisclosed."""
    hours = result.datawork_h
    if hours.central is None:
        return (
            f"People: embedded human data work is [bold]undisclosed[/] "
            f"(status: {result.datawork_status}) — the developer publishes no annotation "
            f"volumes and times to amortise; see `fairprint people {result.model_id}`."
        )
    per_1000 = [
        None if v is None else v / max(result.requests, 1) * 60_000
        for v in (hours.low, hours.central, hours.high)
    ]
    return (
        f"People: embedded human data work {fmt(per_1000[0])} – {fmt(per_1000[1])} – "
        f"{fmt(per_1000[2])} human minutes per 1,000 requests ({result.datawork_status}); "
        f"see `fairprint people {result.model_id}`."
    )


WIDE = 120
"""Below this many columns ``models`` drops the source and architecture columns."""


def _models_narrow(rows: list[Any], title: str) -> Table:
    """The models table for narrow terminals: names and numbers whole, never split."""
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("model", no_wrap=True)
    table.add_column("provider", no_wrap=True)
    table.add_column("region", no_wrap=True)
    table.add_column("params B\ntotal\nactive", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for r in rows:
        table.add_row(
            str(r["model_id"]),
            str(r["provider"]),
            str(r["default_region"]),
            f"{_span(r, 'total_params_b')}\n{_span(r, 'active_params_b')}",
            str(r["params_status"]),
        )
    return table


def _span(row: Any, stem: str) -> str:
    low, central, high = row[f"{stem}_low"], row[stem], row[f"{stem}_high"]
    if fmt(central) == "unknown":
        return "undisclosed"
    if low == high == central or fmt(low) == "unknown":
        return fmt(central)
    return f"{fmt(low)}–{fmt(central)}–{fmt(high)}"


def print_models(rows: list[Any], version: str, console: Console) -> None:
    """The models table: full (with sources) from ``WIDE`` columns, names and numbers below."""
    title = f"{len(rows)} models (registry {version})"
    if console.width < WIDE:
        console.print(_models_narrow(rows, title))
        console.print(
            "Parameters in billions (low–central–high). Each figure's source: "
            "fairprint models --json, or a wider terminal.",
            style="dim",
            highlight=False,
        )
        return
    console.print(models_table(rows, title))


def models_table(rows: list[Any], title: str) -> Table:
    """The models table for wide terminals, with architecture and each figure's source."""
    table = Table(title=title)
    for column in (
        "model",
        "provider",
        "region",
        "arch",
        "total B",
        "active B",
        "status",
        "source",
    ):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["model_id"]),
            str(r["provider"]),
            str(r["default_region"]),
            str(r["architecture"]),
            _span(r, "total_params_b"),
            _span(r, "active_params_b"),
            str(r["params_status"]),
            f"{r['source']} ({r['year']})",
        )
    return table
