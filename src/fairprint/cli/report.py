"""``fairprint report`` and ``fairprint demo``: thin commands over ``fairprint.report``."""

from __future__ import annotations

import os
import webbrowser
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from fairprint._period import PERIOD_HELP, parse_period
from fairprint.cli._shared import LedgerOption, existing_ledger_path
from fairprint.errors import InputError
from fairprint.i18n import LOCALES


class ReportFormat(StrEnum):
    table = "table"
    html = "html"
    json = "json"
    csv = "csv"
    esrs = "esrs"


class GroupBy(StrEnum):
    """The groupings of ``--by``: the same set as the API's and the dashboard's ``by``."""

    model = "model"
    provider = "provider"
    project = "project"
    team = "team"
    month = "month"
    day = "day"
    region = "region"
    source = "source"
    user = "user"


def _write(text: str, output: Path | None, console: Console, what: str) -> None:
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    console.print(f"{what} written to [bold]{output}[/bold]")


def _skip_pandas_probe() -> None:
    """Let pyarrow's "is pandas installed?" probe answer no, without importing pandas.

    Why: converting any Python value to Arrow (``pa.scalar(0)``, ``pc.equal(x, "")``)
    makes pyarrow try ``import pandas`` once, to recognise pandas objects; that import is
    ~0.7 s of a ~1.5 s ``fairprint report``, which never hands pyarrow a pandas object.
    pandas is hidden for that one probe only: a later call that needs pandas
    (``to_pandas``, ``from_pandas``) imports it as usual.
    """
    import sys

    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    class _NoPandas:
        @staticmethod
        def find_spec(name: str, *args: object) -> None:
            if name == "pandas":
                raise ImportError("pandas hidden for pyarrow's probe")

    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        pa.scalar(0)
    finally:
        sys.meta_path.remove(blocker)


def report(
    since: Annotated[str | None, typer.Option(help=f"First day included: {PERIOD_HELP}.")] = None,
    until: Annotated[str | None, typer.Option(help=f"Last day included: {PERIOD_HELP}.")] = None,
    by: Annotated[GroupBy, typer.Option(help="How to group the table.")] = GroupBy.model,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of the terminal."),
    ] = None,
    ledger: LedgerOption = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the HTML report: en or fr.")
    ] = "en",
) -> None:
    """Report the footprint of the ledger's activities, grouped and with ranges."""
    _skip_pandas_probe()
    from fairprint.ledger import Ledger
    from fairprint.report import (
        esrs_notes,
        render_html,
        render_terminal,
        report_from_ledger,
        to_csv,
        to_esrs_csv,
        to_json,
    )

    start, end = parse_period(since, until, names=("--since", "--until"))
    console = Console(stderr=format is not ReportFormat.table)
    progress = Console(stderr=True)
    with (
        progress.status("Summing the ledger in DuckDB…"),
        Ledger(existing_ledger_path(ledger)) as opened,
    ):
        result = report_from_ledger(
            opened,
            by=by.value,
            since=start,
            until=end,
            generated_at=datetime.now(UTC),
        )
    if format is ReportFormat.table:
        if output is None:
            render_terminal(result, console)
        else:
            with output.open("w", encoding="utf-8") as handle:
                render_terminal(result, Console(file=handle, width=120))
            Console(stderr=True).print(f"Report written to [bold]{output}[/bold]")
    elif format is ReportFormat.html:
        target = output or Path("fairprint-report.html")
        if lang not in LOCALES:
            raise InputError(f"--lang must be one of {', '.join(LOCALES)}, not {lang!r}")
        _write(render_html(result, lang), target, console, "HTML report")
    elif format is ReportFormat.json:
        _write(to_json(result), output, console, "JSON report")
    elif format is ReportFormat.csv:
        _write(to_csv(result.summary, result.people), output, console, "CSV report")
    else:
        notes = esrs_notes(result.people)
        _write(to_esrs_csv(list(result.esrs), notes), output, console, "ESRS export")


DEMO_NOTICE = (
    "fairprint demo: the organisation below and all its usage logs are invented "
    "(generated from a fixed seed); no real data is read or sent anywhere."
)


def _demo_folder() -> Path:
    """Where the demo keeps its ledger and report: one folder, replaced on every run."""
    override = os.environ.get("FAIRPRINT_DEMO_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("fairprint", appauthor=False) / "demo"


def demo(
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Where to write the HTML report (default: the demo folder)."),
    ] = None,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the HTML report in your browser.")
    ] = False,
    by: Annotated[GroupBy, typer.Option(help="How to group the terminal table.")] = GroupBy.model,
) -> None:
    """Import an invented sample (six log formats) into a demo ledger and report on it.

    The ledger and report go to one demo folder (FAIRPRINT_DEMO_DIR, default: your
    user cache folder), replaced on every run; nothing is left in the temporary folder.
    """
    from fairprint.demo import FILES, run_demo
    from fairprint.report import render_terminal, write_html

    console = Console()
    console.print(DEMO_NOTICE, style="bold")
    folder = _demo_folder()
    ledger_path = folder / "demo.duckdb"
    for stale in (ledger_path, ledger_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    total = len(FILES)
    done = 0

    def _imported(item: object) -> None:
        nonlocal done
        done += 1
        name = Path(str(getattr(item, "file", ""))).name
        console.print(
            f"  [{done}/{total}] imported {name}: {getattr(item, 'accepted', '?'):,} rows "
            f"accepted, {getattr(item, 'quarantined', '?'):,} quarantined"
        )

    console.print(f"Importing {total} invented log files into a demo ledger...")
    with console.status("Importing and estimating..."):
        result = run_demo(
            ledger_path=ledger_path,
            html_out=html,
            by=by.value,
            generated_at=datetime.now(UTC),
            on_import=_imported,
        )
    html_path = result.html_path or write_html(result.report, folder / "fairprint-demo.html")
    console.print()
    render_terminal(result.report, console)
    console.print()
    console.print(f"Demo ledger: [bold]{result.ledger_path}[/bold]")
    console.print(f"HTML report: [bold]{html_path}[/bold]")
    console.print(
        f"Next: fairprint report --ledger {result.ledger_path} --format esrs", style="dim"
    )
    if open_browser:
        webbrowser.open(html_path.resolve().as_uri())


def register(app: typer.Typer) -> None:
    """Add ``report`` and ``demo`` to the ``fairprint`` command line."""
    app.command("report")(report)
    app.command("demo")(demo)
