"""The report as Rich tables for the terminal, every figure with its low–high range."""

from __future__ import annotations

import math

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fairprint.report.build import Report
from fairprint.report.metrics import (
    METRICS,
    display_scale,
    format_number,
    format_quantity,
)
from fairprint.report.people import PeopleSection, hours_text, pay_text, percent
from fairprint.report.people_types import money_text
from fairprint.report.safe import terminal_text
from fairprint.report.summarise import Range, Summary
from fairprint.report.wording import requests_text, uncounted_text


def _cell(value: Range, factor: float) -> Text:
    """Central over ``low–high``, both divided by the column's display ``factor``."""
    if not value.known:
        text = Text("unknown", style="red")
    else:
        text = Text(format_number(value.central / factor), style="bold")
        text.append(
            f"\n{format_number(value.low / factor, 2)}–{format_number(value.high / factor, 2)}",
            style="dim",
        )
    if value.unknown_requests:
        text.append(f"\n+{value.unknown_requests:,} req. unknown", style="red")
    return text


def totals_table(report: Report) -> Table:
    """One row per headline metric: central, low, high."""
    table = Table(title="Footprint", title_justify="left", expand=False)
    table.add_column("Impact")
    table.add_column("Central", justify="right")
    table.add_column("Low", justify="right")
    table.add_column("High", justify="right")
    table.add_column("Not estimated", justify="right")
    for metric in METRICS:
        value = report.totals[metric.column]
        table.add_row(
            metric.label,
            format_quantity(value.central, metric.unit),
            format_quantity(value.low, metric.unit, value.central),
            format_quantity(value.high, metric.unit, value.central),
            f"{value.unknown_requests:,} req." if value.unknown_requests else "–",
        )
    return table


def group_table(summary: Summary, limit: int = 15) -> Table:
    """The grouped sums: requests, the four impacts (central over low–high), carbon share.

    Each impact column has one unit, picked from its largest group, so the cells stay
    narrow enough for an 80-column terminal.
    """
    rows = summary.group_rows()
    table = Table(title=f"By {summary.by}", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column((summary.by or "all").capitalize(), overflow="fold", min_width=10)
    table.add_column("Requests", justify="right")
    factors = []
    for metric in METRICS:
        largest = max(
            (summary.group_range(row, metric.column).central for row in rows), default=0.0
        )
        factor, unit = display_scale(largest if math.isfinite(largest) else 0.0, metric.unit)
        factors.append(factor)
        table.add_column(f"{metric.short.capitalize()}\n{unit}", justify="right", overflow="fold")
    table.add_column("Carbon\nshare", justify="right")
    for row in rows[:limit]:
        share = row["gwp_share"]
        table.add_row(
            Text(terminal_text(str(row["group"]))),
            requests_text(
                int(row["requests"]),
                int(row["uncounted_activities"]),
            ).replace(" + ", "\n+ "),
            *(
                _cell(summary.group_range(row, m.column), factor)
                for m, factor in zip(METRICS, factors, strict=True)
            ),
            "unknown" if share is None or math.isnan(float(share)) else f"{share:.1%}",
        )
    if len(rows) > limit:
        table.caption = f"{len(rows) - limit} more groups not shown (use --format csv)"
    return table


def levers_table(report: Report) -> Table:
    """The biggest levers, largest carbon saving first."""
    table = Table(title="Biggest levers", title_justify="left")
    table.add_column("Change", overflow="fold")
    table.add_column("Requests\ntokens", justify="right", no_wrap=True)
    table.add_column("Carbon saved", justify="right")
    table.add_column("Share of that traffic", justify="right")
    for lever in report.levers:
        low, high = lever.saving_range()
        fraction = lever.saving_fraction()
        saving = Text(format_quantity(lever.saving(), "kgCO2e"), style="bold green")
        saving.append(  # one bound a line: a quantity never splits from its unit
            f"\n({format_quantity(low, 'kgCO2e', lever.saving())} –"
            f"\n{format_quantity(high, 'kgCO2e', lever.saving())})",
            style="dim",
        )
        table.add_row(
            Text(terminal_text(lever.title)),
            f"{lever.requests:,}\n{format_number(float(lever.tokens))}"
            if lever.requests
            else f"no count\n{format_number(float(lever.tokens))}",
            saving,
            f"{fraction:.0%}" if math.isfinite(fraction) else "unknown",
        )
    return table


Refs = dict[tuple[str, str], int]


def _ref(refs: Refs, source: str, url: str) -> str:
    return f"[{refs[(source, url)]}]" if source else "–"


def _plain_table(title: str, heads: tuple[str, ...]) -> Table:
    """A table whose first column (a name) never wraps; the others fold."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for index, head in enumerate(heads):
        table.add_column(head, overflow="fold", no_wrap=index == 0)
    return table


def people_models_table(people: PeopleSection, refs: Refs) -> Table:
    """One row per model: shares of requests and carbon, data-work status and human hours."""
    table = Table(title="Data work by model", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Model", no_wrap=True)
    for head in ("Requests", "Share\nreq.", "Share\ncarbon"):
        table.add_column(head, justify="right", no_wrap=True)
    table.add_column("Data work", no_wrap=True)
    table.add_column("Ref")
    for m in people.models:
        status = Text(m.status, style="red" if m.status == "undisclosed" else "")
        if m.family_hours is not None:
            if m.basis == "analogy":
                status.append("\nestimated by analogy")
            status.append(f"\nfamily: {hours_text(m.family_hours)}")
            status.append(f"\nyours: {hours_text(m.traffic_hours, 'not amortised')}")
        table.add_row(
            Text(terminal_text(m.model)),
            requests_text(m.requests, m.uncounted_rows).replace(" + ", "\n+ "),
            percent(people.request_share(m)),
            percent(people.carbon_share(m)),
            status,
            " ".join(_ref(refs, *source) for source in m.sources) or "–",
        )
    if any(m.uncounted_rows for m in people.models):
        table.caption = "rows without a request count: their logs give tokens only"
    return table


NARROW = 100
"""Below this many columns the per-model people table becomes one card per model."""


def people_models_cards(people: PeopleSection, refs: Refs) -> list[Text]:
    """The per-model data work as short wrapped lines, for terminals under :data:`NARROW`."""
    cards = [Text("Data work by model", style="italic")]
    for m in people.models:
        refs_text = " ".join(_ref(refs, *source) for source in m.sources if source[0])
        card = Text(terminal_text(m.model), style="bold")
        card.append(f" {refs_text}" if refs_text else "")
        lines = [
            f"{m.requests:,} requests"
            + (f" + {uncounted_text(m.uncounted_rows)}" if m.uncounted_rows else "")
            if m.requests
            else uncounted_text(m.uncounted_rows),
            f"{percent(people.request_share(m))} of requests, "
            f"{percent(people.carbon_share(m))} of carbon",
        ]
        status = m.status + (", estimated by analogy" if m.basis == "analogy" else "")
        lines.append(f"data work: {status}")
        if m.family_hours is not None:
            lines.append(f"family: {hours_text(m.family_hours)}")
            lines.append(
                f"yours: {hours_text(m.traffic_hours, 'not amortised')}"
                if m.requests
                else "yours: unknown (its logs give no request count)"
            )
        for line in lines:
            card.append(f"\n  {line}", style="red" if "undisclosed" in line else "")
        cards.append(card)
    return cards


def print_fitted(console: Console, table: Table) -> None:
    """``table`` as is, or under :data:`NARROW` columns one card per row: the first cell,
    then ``head: value`` lines that wrap between words (no word or number is split)."""
    if console.width >= NARROW:
        console.print(table)
        return
    console.print(Text(str(table.title or ""), style="italic"))
    columns = [list(column.cells) for column in table.columns]
    heads = [str(column.header).replace("\n", " ") for column in table.columns]
    for index in range(len(columns[0]) if columns else 0):
        card = Text(_plain(columns[0][index]), style="bold")
        for head, cells in zip(heads[1:], columns[1:], strict=True):
            value = _plain(cells[index])
            if value not in ("", "–"):
                card.append(f"\n  {head}: {value}")
        console.print(card, highlight=False)
    if table.caption:
        console.print(Text(str(table.caption), style="dim"))


def _plain(cell: object) -> str:
    text = cell.plain if isinstance(cell, Text) else str(cell)
    return " ".join(text.split())


def people_providers_table(people: PeopleSection, refs: Refs) -> Table:
    """FMTI labour transparency of each provider, with the indicators met and missed."""
    table = _plain_table(
        "Labour transparency of the providers (FMTI, latest edition)",
        ("Provider", "Requests", "Score", "Disclosed", "Undisclosed", "Ref"),
    )
    for p in people.providers:
        table.add_row(
            p.name,
            f"{p.requests:,}",
            f"{p.points}/{p.possible}\n{p.edition}" if p.edition else "0\nnot assessed",
            ", ".join(p.disclosed) or "none",
            ", ".join(p.undisclosed) or "–",
            _ref(refs, p.source, p.source_url),
        )
    return table


def people_facts_table(people: PeopleSection, refs: Refs) -> Table:
    """Published facts of each provider's data-work supply chain."""
    table = _plain_table(
        "Known facts of the data-work supply chain",
        ("Provider", "Fact", "Value", "Where", "Scope", "Ref"),
    )
    for p in people.providers:
        for f in p.facts:
            table.add_row(
                p.name,
                f.field.replace("_", " "),
                f.value,
                f.country or "–",
                f.scope + (f"\n{f.item}" if f.item else ""),
                _ref(refs, f.source, f.source_url),
            )
    return table


def people_wages_table(people: PeopleSection, refs: Refs) -> Table:
    """Reported hourly pay against the wage standards of the workers' country."""
    table = _plain_table(
        "Reported pay vs wage references (PPP-$ per hour)",
        (
            "Provider",
            "Pay item",
            "Country",
            "Pay",
            "Standard",
            "Reference",
            "Pay / standard",
            "Ref",
        ),
    )
    for p in people.providers:
        for w in p.wages:
            table.add_row(
                p.name,
                w.item,
                w.country or "undisclosed",
                pay_text(w.pay_ppp),
                w.standard,
                f"{w.reference_ppp:,.2f}" if w.reference_ppp is not None else "none",
                percent(w.ratio) if w.ratio is not None else w.note,
                _ref(refs, w.source, w.source_url),
            )
    return table


def render_people(people: PeopleSection, console: Console) -> None:
    """The People section: the transparency finding first, then the tables and sources."""
    refs = {key: number for number, key in enumerate(people.sources, start=1)}
    console.rule("People — the human data work behind these models", align="left")
    console.print(Text(people.finding, style="bold"))
    if console.width < NARROW:
        for card in people_models_cards(people, refs):
            console.print(card, highlight=False)
    else:
        console.print(people_models_table(people, refs))
    hours = hours_text(people.datawork_h, "none known")
    unknown = people.datawork_unknown_requests
    console.print(
        f"Embedded data work in this traffic: {hours}"
        + (f"; undisclosed for {unknown:,} requests" if unknown else ""),
        highlight=False,
    )
    if any(m.requests > 0 for m in people.models):
        console.print(people.premium_text, highlight=False, markup=False)
        for m in people.models:
            if m.requests > 0:
                value = money_text(m.premium_ppp_per_1000)
                unit = "" if m.premium_ppp_per_1000 is None else " PPP $ per 1,000 requests"
                console.print(
                    f"  {m.model}: {value}{unit}",
                    highlight=False,
                    markup=False,
                )
    if people.providers:
        print_fitted(console, people_providers_table(people, refs))
    if any(p.facts for p in people.providers):
        print_fitted(console, people_facts_table(people, refs))
    if any(p.wages for p in people.providers):
        print_fitted(console, people_wages_table(people, refs))
    for note in people.notes:
        console.print(f"note: {note}", style="dim", markup=False, highlight=False)
    console.print("Sources", style="bold")
    for number, (source, url) in enumerate(people.sources, start=1):
        text = f"  [{number}] {source}" + (f" <{url}>" if url else "")
        console.print(text, markup=False, highlight=False)
    if not people.sources:
        console.print("  none: nothing is published about these models' data work", style="dim")
    console.print("Going further", style="bold")
    for command, shows in people.pointers:
        console.print(f"  {command}  — {shows}", markup=False, highlight=False)


def render_terminal(report: Report, console: Console | None = None) -> None:
    """Print the report's tables to ``console`` (a new stdout console by default)."""
    console = console or Console()
    summary = report.summary
    first, last = summary.first_started_at, summary.last_started_at
    period = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if first and last else "no activity"
    versions = (
        f"registry {', '.join(summary.registry_versions) or 'unknown'} · "
        f"methodology {', '.join(summary.methodology_versions) or 'unknown'}"
    )
    header = Text(f"{report.title}\n", style="bold")
    tokens = sum(summary.tokens.values())
    header.append(
        f"{period} · {summary.requests:,} requests"
        + (
            f" (+{summary.uncounted_activities:,} rows without a request count)"
            if summary.uncounted_activities
            else ""
        )
        + f" · {tokens:,} tokens · {versions}",
        style="dim",
    )
    console.print(header)
    if summary.activities == 0:
        console.print("No activity in this period: import logs with `fairprint import FILE`.")
        return
    console.print(totals_table(report))
    console.print(group_table(summary))
    if report.levers:
        console.print(levers_table(report))
    if report.people is not None:
        render_people(report.people, console)
