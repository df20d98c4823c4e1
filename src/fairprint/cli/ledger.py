"""``fairprint import``, ``forget``, ``recompute`` and ``quarantine``: the ledger doors.

Thin by design: each command parses its options, makes one ``Ledger`` call, and prints.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from fairprint.cli._shared import LedgerOption, RegistryOption, load_registry


class ImportFormat(StrEnum):
    auto = "auto"
    openai_usage = "openai-usage"
    anthropic_usage = "anthropic-usage"
    otlp = "otlp"
    litellm = "litellm"
    langfuse = "langfuse"
    csv = "csv"
    jsonl = "jsonl"


def import_command(
    files: Annotated[list[Path], typer.Argument(help="Log files to import (zstd/gzip ok).")],
    format: Annotated[
        ImportFormat,
        typer.Option("--format", "-f", help="The files' format; auto detects it per file."),
    ] = ImportFormat.auto,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail a file's whole import on its first malformed row."),
    ] = False,
    ledger: LedgerOption = None,
    registry: RegistryOption = None,
) -> None:
    """Import usage logs into the ledger: each file in one transaction, idempotently."""
    from fairprint.ledger import Ledger

    console = Console()
    loaded = load_registry(registry)
    table = Table("file", "format", "accepted", "quarantined", "already known", "skipped")
    total_quarantined = 0
    repeats: list[str] = []
    with Ledger(ledger) as opened:
        try:
            for path in files:
                with Console(stderr=True).status(f"Importing {Path(path).name}…"):
                    result = opened.import_file(
                        path, format=format.value, strict=strict, registry=loaded
                    )
                if result.already_imported:
                    repeats.append(Path(path).name)
                table.add_row(
                    Path(path).name,
                    result.format,
                    f"{result.accepted:,}",
                    f"{result.quarantined:,}",
                    f"{result.already_known:,}",
                    f"{result.skipped:,}",
                )
                total_quarantined += result.quarantined
        finally:
            # Files before a failing one are committed: show them before the error.
            if table.row_count:
                console.print(table)
        unestimated = opened.unestimated_count()
        console.print(f"Ledger: {opened.path}")
    for name in repeats:
        console.print(f"{name}: already imported (same SHA-256), nothing was read again.")
    if total_quarantined:
        console.print(
            f"[yellow]{total_quarantined:,} rows quarantined[/yellow]: "
            "see them with `fairprint quarantine`."
        )
    if unestimated:
        console.print(
            f"[yellow]{unestimated:,} activities have no impact estimate[/yellow] (unknown "
            "model or region): `fairprint quarantine --unestimated` lists them; "
            "`fairprint recompute` fills them after a registry update."
        )


def recompute_command(ledger: LedgerOption = None, registry: RegistryOption = None) -> None:
    """Recompute every activity's impacts with the current registry, keeping the history."""
    from fairprint.ledger import Ledger

    loaded = load_registry(registry)
    with (
        Console(stderr=True).status(f"Recomputing every activity with registry {loaded.version}…"),
        Ledger(ledger) as opened,
    ):
        count = opened.recompute(loaded)
        unestimated = opened.unestimated_count()
    Console().print(
        f"Recomputed {count:,} activities with registry {loaded.version}; "
        f"{unestimated:,} remain without an estimate."
    )


def quarantine_command(
    import_id: Annotated[
        int | None, typer.Option("--import", help="Only the rows of this import id.")
    ] = None,
    unestimated: Annotated[
        bool,
        typer.Option("--unestimated", help="List activities without an impact estimate instead."),
    ] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many rows.")] = 50,
    ledger: LedgerOption = None,
) -> None:
    """List quarantined rows (file, line, reason, raw text) or unestimated activities."""
    from fairprint.ledger import Ledger

    console = Console()
    with Ledger(ledger) as opened:
        rows = (opened.unestimated() if unestimated else opened.quarantine(import_id)).to_pylist()
    if unestimated:
        table = Table("activity", "source", "model", "why")
        for row in rows[:limit]:
            table.add_row(
                row["activity_id"][:12],
                row["source"],
                row["model"] or "—",
                row["impact_note"] or "",
            )
    else:
        table = Table("import", "file", "line", "reason", "raw")
        for row in rows[:limit]:
            raw = row["raw"] or ""
            table.add_row(
                str(row["import_id"]),
                Path(row["file"]).name,
                "—" if row["line"] is None else str(row["line"]),
                row["reason"],
                raw if len(raw) <= 80 else raw[:77] + "...",
            )
    console.print(table)
    shown = min(limit, len(rows))
    console.print(f"{len(rows):,} rows" + (f" ({shown} shown)" if shown < len(rows) else ""))


def forget_command(
    import_id: Annotated[
        int, typer.Option("--import", help="The import to undo (ids: the Imports page).")
    ],
    ledger: LedgerOption = None,
) -> None:
    """Remove one import's rows from the ledger (one transaction; recorded in the history)."""
    from fairprint.ledger import Ledger

    with Ledger(ledger) as opened:
        result = opened.forget(import_id)
    Console().print(
        f"Forgot import {result.forgotten_import} ({Path(result.file).name}): "
        f"{result.activities:,} activities and {result.quarantined:,} quarantined rows "
        f"removed; recorded as import {result.record_id}."
    )


def register(app: typer.Typer) -> None:
    """Add the ledger commands to the ``fairprint`` app."""
    app.command("import")(import_command)
    app.command("forget")(forget_command)
    app.command("recompute")(recompute_command)
    app.command("quarantine")(quarantine_command)
