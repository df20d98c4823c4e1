"""Small helpers the CLI modules share: option types, registry loading, number formatting."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from fairprint.registry import Registry

RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        envvar="FAIRPRINT_REGISTRY",
        help="A registry data folder to use instead of the bundled one (same CSV files).",
        show_default=False,
    ),
]


LedgerOption = Annotated[
    Path | None,
    typer.Option(
        "--ledger",
        envvar="FAIRPRINT_LEDGER",
        help="The ledger file (default: fairprint's file in your user data folder).",
        show_default=False,
    ),
]


def load_registry(path: Path | None) -> Registry:
    return Registry(path) if path else Registry.default()


def fmt(value: float | None, digits: int = 3) -> str:
    """A number with ``digits`` significant digits; ``unknown`` for missing values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{value:,.{decimals}f}"
