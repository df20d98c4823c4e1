"""CLI for the people side: ``fairprint people MODEL`` and ``fairprint transparency``.

Thin by design: each command parses its options, calls ``fairprint.people`` and prints
(Rich tables, or JSON with ``--json``). "undisclosed" is printed as such, never as 0.
User errors are ``FairprintError``s, which the ``fairprint`` app turns into ``error: ...``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from fairprint.cli._shared import RegistryOption, load_registry
from fairprint.errors import InputError
from fairprint.people.datawork import (
    CORE_FIELDS,
    ClientShare,
    DataworkSheet,
    SheetField,
    datawork_sheet,
)
from fairprint.registry.people_schema import FMTI_EDITIONS
from fairprint.people.transparency import ProviderScore, scorecard
from fairprint.people.wages import load_living_wages

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _parse_requests(text: str | None) -> tuple[float, float, float] | None:
    if text is None:
        return None
    parts = text.split(":")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"--lifetime-requests {text!r}: use LOW:CENTRAL:HIGH numbers") from None
    if len(values) == 1:
        values = values * 3
    if len(values) != 3 or not 0 < values[0] <= values[1] <= values[2]:
        raise InputError(f"--lifetime-requests {text!r}: need 0 < LOW <= CENTRAL <= HIGH")
    return values[0], values[1], values[2]


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "undisclosed"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.{digits}g}" if abs(value) < 1e-2 else f"{value:,.2f}"


def _value_text(item: SheetField) -> str:
    if item.status == "undisclosed":
        return "undisclosed"
    if item.value is None:
        return item.text or "disclosed (no number)"
    text = _fmt(item.value)
    if item.value_low is not None and item.value_high is not None:
        text = f"{_fmt(item.value_low)}–{_fmt(item.value_high)} (central {text})"
    if item.currency:
        text = f"{text} {item.currency}"
    return text


def _hours_text(low: float | None, mid: float | None, high: float | None) -> str:
    if mid is None:
        return "undisclosed"
    if low == mid == high:
        return _fmt(mid)
    return f"{_fmt(low)} – {_fmt(high)} (central {_fmt(mid)})"


def _share_text(share: ClientShare) -> str:
    if share.share is None:
        return "an undisclosed share"
    if share.share_low is not None and share.share_high is not None:
        return f"{share.share_low:.0%}–{share.share_high:.0%}"
    return f"{share.share:.0%}"


def _print_sheet(sheet: DataworkSheet, console: Console, show_sources: bool) -> None:
    console.print(
        f"[bold]Data work behind {sheet.model_id}[/bold] "
        f"(family: {sheet.family or 'unknown'}, provider: {sheet.provider})"
    )
    table = Table(
        "field",
        "item",
        "value",
        "unit",
        "where",
        "status",
        "scope",
        "by",
        *(("ref",) if show_sources else ()),
    )
    refs = {key: number for number, key in enumerate(sheet.sources, start=1)}
    for item in sheet.fields:
        table.add_row(
            item.field,
            item.item,
            _value_text(item),
            item.unit,
            item.country or "",
            item.status,
            item.scope,
            item.disclosed_by,
            *(
                (f"[{refs[(item.source, item.source_url)]}]" if item.source else "",)
                if show_sources
                else ()
            ),
        )
    console.print(table)
    hours = sheet.hours
    hidden = sheet.undisclosed_core_fields
    console.print(
        f"Own family {sheet.family or 'unknown'}: {len(hidden)} of {len(CORE_FIELDS)} core "
        "fields undisclosed" + (f" ({', '.join(hidden)})" if hidden else "")
    )
    for share in sheet.client_shares:
        console.print(
            f"Of the {share.client_rate:.2f} {share.currency}/h the client paid for "
            f"{share.item}, workers took home {_share_text(share)}."
        )
    total = _hours_text(hours.total_hours_low, hours.total_hours, hours.total_hours_high)
    console.print(f"Human hours embedded ({hours.status}): {total}")
    if hours.lifetime_requests is not None:
        low, _central, high = hours.lifetime_requests
        per = _hours_text(
            hours.hours_per_request_low, hours.hours_per_request, hours.hours_per_request_high
        )
        console.print(
            f"Per request, over {_fmt(low)}–{_fmt(high)} lifetime requests "
            f"(user assumption): {per} h"
        )
    if sheet.wages:
        wages = Table(
            "pay item",
            "country",
            "standard",
            "pay (PPP-$/h)",
            "standard (PPP-$/h)",
            "pay / standard",
            "shortfall (PPP-$/h)",
            "note",
        )
        for c in sheet.wages:
            ref = c.reference
            wages.add_row(
                c.item,
                c.country or "undisclosed",
                c.standard,
                _hours_text(c.pay_ppp_low, c.pay_ppp, c.pay_ppp_high),
                _fmt(ref.hourly_ppp_usd) if ref and ref.hourly_ppp_usd else "unknown",
                f"{c.ratio:.0%}" if c.ratio is not None else "unknown",
                _fmt(c.shortfall_ppp_per_hour)
                if c.shortfall_ppp_per_hour is not None
                else "unknown",
                c.note,
            )
        console.print(wages)
    score = sheet.transparency
    latest = score.latest
    console.print(
        f"FMTI data-labour transparency of {score.name}: "
        + (
            f"{latest.points}/{latest.possible} ({latest.edition})"
            if latest
            else "0 — undisclosed (not assessed)"
        )
    )
    for note in sheet.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    if show_sources:
        console.print("[bold]Sources[/bold]")
        for number, (source, url) in enumerate(sheet.sources, start=1):
            console.print(
                f"  [{number}] {source} <{url}>" if url else f"  [{number}] {source}",
                highlight=False,
                markup=False,
            )


def _score_dict(score: ProviderScore) -> dict[str, Any]:
    return {
        "provider": score.provider,
        "name": score.name,
        "status": score.status,
        "share": score.share,
        "editions": [
            {
                "edition": e.edition,
                "points": e.points,
                "possible": e.possible,
                "indicators": e.indicators,
                "evidence": e.evidence,
            }
            for e in score.editions
        ],
        "source": score.source,
        "source_url": score.source_url,
    }


def register(app: typer.Typer) -> None:
    """Add ``people`` and ``transparency`` to ``app``."""

    @app.command("people")
    def people(
        model: Annotated[str, typer.Argument(help="Model id or alias, e.g. llama-2-70b-chat.")],
        sources: Annotated[bool, typer.Option("--sources", help="List every source.")] = False,
        as_json: JsonFlag = False,
        living_wages: Annotated[
            Path | None,
            typer.Option(
                "--living-wages",
                help="CSV of living wages: country, hourly, currency, year, source, licence.",
            ),
        ] = None,
        lifetime_requests: Annotated[
            str | None,
            typer.Option(
                "--lifetime-requests",
                help="Requests the model serves over its "
                "life, LOW:CENTRAL:HIGH (your assumption; none is published).",
            ),
        ] = None,
        registry_path: RegistryOption = None,
    ) -> None:
        """The data-work sheet of MODEL: who labelled its data, where, for how much."""
        registry = load_registry(registry_path)
        living = load_living_wages(living_wages) if living_wages else None
        sheet = datawork_sheet(
            model,
            registry,
            living_wages=living,
            lifetime_requests=_parse_requests(lifetime_requests),
        )
        if as_json:
            typer.echo(json.dumps(sheet.to_dict(), indent=2, default=str))
            return
        _print_sheet(sheet, Console(), sources)

    @app.command("transparency")
    def transparency(as_json: JsonFlag = False, registry_path: RegistryOption = None) -> None:
        """Providers ranked by FMTI data-labour transparency (0 = undisclosed)."""
        registry = load_registry(registry_path)
        ranking = scorecard(registry, {str(r["provider"]) for r in registry.models})
        if as_json:
            typer.echo(json.dumps([_score_dict(s) for s in ranking], indent=2))
            return
        table = Table("rank", "provider", "latest", "edition", "status", *FMTI_EDITIONS)
        for rank, score in enumerate(ranking, start=1):
            latest = score.latest
            history = {e.edition: f"{e.points}/{e.possible}" for e in score.editions}
            table.add_row(
                str(rank),
                score.name,
                f"{latest.points}/{latest.possible}" if latest else "0",
                latest.edition if latest else "not assessed",
                score.status,
                *(history.get(edition, "–") for edition in FMTI_EDITIONS),
            )
        console = Console()
        console.print(table)
        console.print(
            "Source: Stanford CRFM Foundation Model Transparency Index (CC BY 4.0), "
            "https://github.com/stanford-crfm/fmti. Scores reward disclosure, "
            "not good practice."
        )
