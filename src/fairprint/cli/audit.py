"""``fairprint audit``: a fair data-work audit of work logs, and ``fairprint audits``.

Thin by design: parse the options, call ``fairprint.audit.run_audit``, store the result in
the ledger (``fairprint.audit.store``) and print it (terminal, HTML or JSON). Every output
reads the same k-anonymous figures.
"""

from __future__ import annotations

import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from fairprint.audit import DEFAULT_GAP_LIMIT_MINUTES, DEFAULT_K
from fairprint.cli._shared import LedgerOption, RegistryOption, load_registry

__all__ = ["register"]


class LogFormat(StrEnum):
    auto = "auto"
    mturk = "mturk"
    prolific = "prolific"
    toloka = "toloka"
    labelstudio = "labelstudio"
    csv = "csv"


class OutFormat(StrEnum):
    table = "table"
    html = "html"
    json = "json"


def audit_command(
    files: Annotated[list[Path], typer.Argument(help="Work logs to audit.", show_default=False)],
    format: Annotated[LogFormat, typer.Option("--format", help="Work-log format.")] = (
        LogFormat.auto
    ),
    country_default: Annotated[
        str | None, typer.Option(help="ISO country for rows without one (e.g. KE).")
    ] = None,
    pay_currency: Annotated[
        str | None, typer.Option(help="Currency of rewards given without one (e.g. GBP).")
    ] = None,
    living_wage_source: Annotated[
        Path | None,
        typer.Option(help="CSV of living wages: country, hourly, currency, year, source, licence."),
    ] = None,
    exposure_limit_hours: Annotated[
        float | None, typer.Option(help="Daily limit on hours of flagged content (your choice).")
    ] = None,
    exposure_limit_hours_week: Annotated[
        float | None, typer.Option(help="Weekly limit on hours of flagged content.")
    ] = None,
    gap_limit_minutes: Annotated[
        float, typer.Option(help="Longest pause between tasks counted as unpaid time.")
    ] = DEFAULT_GAP_LIMIT_MINUTES,
    k: Annotated[int, typer.Option("--k", help="Smallest group of workers shown.")] = DEFAULT_K,
    questionnaire: Annotated[
        Path | None, typer.Option(help="Fairwork questionnaire answers (YAML or JSON).")
    ] = None,
    key_file: Annotated[
        Path | None, typer.Option(help="Pseudonymisation key (default: user data folder).")
    ] = None,
    format_out: Annotated[
        OutFormat, typer.Option("--format-out", help="Output: table, html or json.")
    ] = OutFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the output to this file.")
    ] = None,
    store: Annotated[
        bool, typer.Option("--store/--no-store", help="Keep the audit in the ledger.")
    ] = True,
    ledger: LedgerOption = None,
    registry: RegistryOption = None,
) -> None:
    """Audit work logs: pay per hour (paid and unpaid time), wages, rejections, exposure."""
    from fairprint.audit import AuditConfig, run_audit

    config = AuditConfig(
        k=k,
        gap_limit_minutes=gap_limit_minutes,
        exposure_limit_hours_day=exposure_limit_hours,
        exposure_limit_hours_week=exposure_limit_hours_week,
        country_default=country_default,
        pay_currency=pay_currency,
        living_wage_source=living_wage_source,
        key_file=key_file,
        questionnaire=questionnaire,
    )
    result = run_audit(files, config, load_registry(registry), format.value)
    console = Console(stderr=format_out != OutFormat.table and output is None)
    if store:
        from fairprint.audit import save_audit
        from fairprint.ledger import Ledger

        with Ledger(ledger) as opened:
            save_audit(opened, result)
            console.print(f"Stored audit {result.audit_id} in {opened.path}")
    if format_out == OutFormat.table:
        from fairprint.report import print_audit

        if output is None:
            print_audit(result.figures, Console())
            return
        recorder = Console(record=True, file=io.StringIO(), width=120)
        print_audit(result.figures, recorder)
        text = recorder.export_text()
    elif format_out == OutFormat.html:
        from fairprint.report import render_audit_html

        text = render_audit_html(result.figures)
    else:
        text = json.dumps(result.figures, indent=2, default=str)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {output}")
    else:
        typer.echo(text)


def audits_command(ledger: LedgerOption = None) -> None:
    """List the audits stored in the ledger (newest first)."""
    from fairprint.audit import list_audits
    from fairprint.ledger import Ledger

    with Ledger(ledger) as opened:
        rows = list_audits(opened).to_pylist()
    table = Table(title="Stored audits")
    for head in ("Audit", "Date", "k", "Workers", "Sessions", "Files"):
        table.add_column(head)
    for row in rows:
        files = ", ".join(i["file"] for i in json.loads(row["inputs"] or "[]"))
        table.add_row(
            row["audit_id"],
            str(row["created_at"])[:19],
            str(row["k"]),
            "suppressed" if row["suppressed"] else str(row["workers"]),
            str(row["sessions"] or ""),
            files,
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``audit`` and ``audits`` to the ``fairprint`` app."""
    app.command("audit")(audit_command)
    app.command("audits")(audits_command)
