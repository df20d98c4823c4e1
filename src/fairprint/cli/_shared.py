"""Small helpers the CLI modules share: option types, registry loading, number formatting."""

from __future__ import annotations

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
    """A number with ``digits`` significant digits; ``unknown`` for missing values.

    One formatter for every output: ``fairprint.report.metrics.format_number``.
    """
    from fairprint.report import format_number

    return format_number(value, digits)


def existing_ledger_path(path: Path | None) -> Path:
    """``--ledger`` (or the default ledger), which must exist: for commands that only read."""
    from fairprint.errors import LedgerError
    from fairprint.ledger import default_ledger_path

    resolved = Path(path) if path is not None else Path(default_ledger_path())
    if not resolved.exists():
        raise LedgerError(
            f"no ledger at {resolved}: import logs first with `fairprint import FILE`, "
            "pass --ledger PATH, or try `fairprint demo`"
        )
    return resolved
