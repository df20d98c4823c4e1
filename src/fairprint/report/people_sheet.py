"""Terminal rendering of a model's data-work sheet as vertical cards (80 columns).

Why cards and not one wide table: a nine-column table at 80 columns is cut into fragments
("undisc…"); a card per fact keeps every name and number whole. Why two sections: facts
about the model's own family ("About this model") must never be read together with facts
about its provider in general, another model of the provider or a vendor ("About its
provider and vendors"), which describe a supply chain, not this model.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from fairprint.people import (
    CORE_FIELDS,
    ClientShare,
    DataworkSheet,
    EditionRank,
    SheetField,
    scale_note,
)
from fairprint.report.people_premium import ModelPremium

__all__ = ["fmt_people", "premium_line", "print_sheet", "print_transparency"]


def fmt_people(value: float | None) -> str:
    """A figure for the people side: "undisclosed" for ``None``; whole numbers and values
    of 100 or more with thousands separators; smaller ones to 3 significant digits."""
    if value is None:
        return "undisclosed"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _range(low: float | None, mid: float | None, high: float | None) -> str:
    if mid is None:
        return "undisclosed"
    if low is None or high is None or low == mid == high:
        return fmt_people(mid)
    return f"{fmt_people(low)} – {fmt_people(high)} (central {fmt_people(mid)})"


def _value(item: SheetField) -> str:
    if item.status == "undisclosed":
        return "undisclosed"
    if item.value is None:
        return item.text or "disclosed (no number)"
    text = _range(item.value_low, item.value, item.value_high)
    return f"{text} {item.currency}".strip()


def _card(console: Console, item: SheetField, ref: str) -> None:
    title = item.field.replace("_", " ") + (f" ({item.item})" if item.item else "")
    console.print(f"• {escape(title)}: [bold]{escape(_value(item))}[/bold]", highlight=False)
    details = [
        item.unit,
        f"country {item.country}" if item.country else "",
        item.status,
        f"by {item.disclosed_by}" if item.disclosed_by else "",
        ref,
    ]
    line = " · ".join(d for d in details if d)
    if line:
        console.print(f"    {escape(line)}", highlight=False)


def _share_text(share: ClientShare) -> str:
    if share.share is None:
        return "an undisclosed share"
    if share.share_low is not None and share.share_high is not None:
        return f"{share.share_low:.0%}–{share.share_high:.0%}"
    return f"{share.share:.0%}"


def _human_work(console: Console, sheet: DataworkSheet) -> None:
    hours = sheet.hours
    console.print(
        f"Human work, disclosure status: [bold]{hours.status}[/bold]",
        highlight=False,
    )
    if hours.basis == "none":
        console.print("  embedded hours: unknown (nothing to estimate from)")
        return
    label = "estimated by analogy" if hours.basis == "analogy" else "from the disclosure"
    total = _range(hours.total_hours_low, hours.total_hours, hours.total_hours_high)
    console.print(f"  family's human hours ({label}): {total}", highlight=False)
    minutes = hours.minutes_per_1000_requests
    if minutes is not None and hours.lifetime_requests is not None:
        low, _, high = hours.lifetime_requests
        console.print(
            f"  human minutes per 1,000 requests: [bold]{_range(*minutes)}[/bold]",
            highlight=False,
        )
        console.print(
            f"  (amortised over {low:.3g} – {high:.3g} lifetime requests of the family)",
            highlight=False,
        )
    if hours.basis == "analogy":
        console.print(
            "  [yellow]estimated by analogy — the developer discloses nothing[/yellow]: "
            f"range over {', '.join(hours.analogy_pipelines)}",
        )


def _wages(console: Console, sheet: DataworkSheet) -> None:
    if not sheet.wages:
        return
    console.print("[bold]Reported pay against wage standards[/bold] (PPP-$ per hour)")
    for c in sheet.wages:
        ref = c.reference
        standard = c.standard if ref is None else ref.kind.replace("_", " ")
        pay = _range(c.pay_ppp_low, c.pay_ppp, c.pay_ppp_high)
        console.print(
            f"• {escape(c.item)}, {c.country or 'country undisclosed'}: pay {pay}",
            highlight=False,
        )
        if ref is not None and ref.hourly_ppp_usd is not None and c.ratio is not None:
            console.print(
                f"    {standard} wage {fmt_people(ref.hourly_ppp_usd)} ({ref.year}, "
                f"{escape(ref.scope)}): "
                f"pay is [bold]{c.ratio:.0%}[/bold] of it, shortfall "
                f"{fmt_people(c.shortfall_ppp_per_hour)} PPP-$/h",
                highlight=False,
            )
            if c.standard == "living" and "years older than the pay" in c.note:
                stale = next(n for n in c.note.split("; ") if "years older than the pay" in n)
                console.print(f"    note: {escape(stale)}", style="dim", highlight=False)
        else:
            console.print(f"    {standard} wage: unknown — {escape(c.note)}", highlight=False)


def print_sheet(sheet: DataworkSheet, console: Console, show_sources: bool = False) -> None:
    """Print the sheet: about this model, about its provider and vendors, pay, sources."""
    refs = {key: number for number, key in enumerate(sheet.sources, start=1)}

    def ref(item: SheetField) -> str:
        if not show_sources or not item.source:
            return ""
        return f"[{refs[(item.source, item.source_url)]}]"

    console.print(
        f"[bold]Data work behind {escape(sheet.model_id)}[/bold]\n"
        f"family {escape(sheet.family or 'unknown')}, provider {escape(sheet.provider)}",
        highlight=False,
    )
    console.print()
    console.print("[bold]About this model[/bold] (its own family)")
    own = [f for f in sheet.fields if f.scope == "family"]
    for item in own:
        if item.status != "undisclosed" or item.field not in CORE_FIELDS:
            _card(console, item, ref(item))
    hidden = sheet.undisclosed_core_fields
    console.print(
        f"{len(hidden)} of {len(CORE_FIELDS)} core fields [bold]undisclosed[/bold]"
        + (": " + ", ".join(h.replace("_", " ") for h in hidden) if hidden else "."),
        highlight=False,
    )
    _human_work(console, sheet)
    other = [f for f in sheet.fields if f.scope != "family"]
    if other:
        console.print()
        console.print("[bold]About its provider and vendors[/bold] (not facts about this model)")
        for scope in dict.fromkeys(f.scope for f in other):
            console.print(f"[italic]{escape(scope)}[/italic]")
            for item in other:
                if item.scope == scope:
                    _card(console, item, ref(item))
    for share in sheet.client_shares:
        console.print(
            f"Of the {share.client_rate:.2f} {share.currency}/h the client paid for "
            f"{escape(share.item)}, workers took home {_share_text(share)}.",
            highlight=False,
        )
    console.print()
    _wages(console, sheet)
    score = sheet.transparency
    latest = score.latest
    console.print(
        f"FMTI data-labour transparency of {escape(score.name)}: "
        + (
            f"{latest.points}/{latest.possible} ({latest.edition})"
            if latest
            else "0 — undisclosed (not assessed)"
        ),
        highlight=False,
    )
    for note in sheet.notes:
        console.print(f"[yellow]note:[/yellow] {escape(note)}", highlight=False)
    if show_sources:
        console.print("[bold]Sources[/bold]")
        for number, (source, url) in enumerate(sheet.sources, start=1):
            console.print(
                f"  [{number}] {source} <{url}>" if url else f"  [{number}] {source}",
                highlight=False,
                markup=False,
            )


def print_transparency(ranking: list[EditionRank], console: Console) -> None:
    """One FMTI edition's ranking, a line per provider, with the change since before."""
    if not ranking:
        return
    edition = ranking[0].edition
    console.print(f"[bold]FMTI data-labour transparency, edition {edition}[/bold]")
    console.print(scale_note(edition), highlight=False)
    for entry in ranking:
        place = f"{entry.rank:>2}." if entry.rank is not None else "  –"
        score = (
            f"[bold]{entry.points}/{entry.possible}[/bold] ({entry.status})"
            if entry.points is not None
            else entry.status
        )
        console.print(f"{place} {escape(entry.name)}: {score}", highlight=False)
        if entry.change != "–":
            console.print(f"     change: {entry.change}", highlight=False)
    console.print(
        "Source: Stanford CRFM Foundation Model Transparency Index (CC BY 4.0), "
        "https://github.com/stanford-crfm/fmti.",
        highlight=False,
    )


def premium_line(premium: ModelPremium) -> str:
    """One sentence on the fair-data premium of a model, per 1,000 requests."""
    values = premium.premium_ppp_per_1000_requests
    if values is None:
        why = premium.notes[0] if premium.notes else "unknown"
        return f"Fair-data premium: unknown ({why})."
    low, mid, high = (fmt_people(v) for v in values)
    return (
        f"Fair-data premium: lifting that work to a living wage would add {low} – {mid} – "
        f"{high} PPP $ per 1,000 requests (pay from {premium.pay_from})."
    )
