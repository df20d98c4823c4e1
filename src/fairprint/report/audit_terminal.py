"""The audit in the terminal: a few Rich tables drawn from the k-anonymous figures."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from fairprint.report.audit_html import fmt_number, fmt_share

__all__ = ["print_audit"]


def _pct(block: dict[str, Any] | None, k: int) -> str:
    if not block:
        return f"suppressed (< {k} workers) or unknown"
    return " · ".join(fmt_number(block[p]) for p in ("p10", "p25", "p50", "p75", "p90"))


def print_audit(figures: dict[str, Any], console: Console | None = None) -> None:
    """Print the audit summary: pay, wages, rejections, premium, exposure, scorecard."""
    console = console or Console()
    audit = figures["audit"]
    k = figures["privacy"]["k"]
    console.print(f"[bold]Fair data-work audit[/bold] {audit['audit_id']} (k = {k})")
    for item in audit["inputs"]:
        console.print(f"  {item['file']}: {item['format']}, {item['sessions']:,} sessions")
    if audit["quarantine"]["rows"]:
        console.print(f"  [yellow]{audit['quarantine']['rows']:,} row(s) quarantined[/yellow]")
    if figures.get("suppressed"):
        for note in figures["privacy"]["notes"]:
            console.print(f"[red]{note}[/red]")
        return
    pop, pay, rates = figures["population"], figures["pay"], figures["rates"]
    table = Table(title="Effective hourly pay (p10 · p25 · median · p75 · p90)")
    table.add_column("Basis")
    table.add_column("Per hour", justify="right")
    table.add_row("paid time, PPP $", _pct(pay["hourly_paid_time_ppp_usd"], k))
    table.add_row("incl. unpaid time, PPP $", _pct(pay["hourly_all_time_ppp_usd"], k))
    if pay["pay_currency"]:
        cur = pay["pay_currency"]
        table.add_row(f"paid time, {cur}", _pct(pay["hourly_paid_time_pay_currency"], k))
        table.add_row(f"incl. unpaid time, {cur}", _pct(pay["hourly_all_time_pay_currency"], k))
    console.print(table)
    wages = Table(title="Below the wage of the worker's country (all time / paid time)")
    for head in ("Reference", "Workers below", "Hours below", "Not compared"):
        wages.add_column(head, justify="right" if head != "Reference" else "left")
    for kind in ("minimum", "living"):
        entry = figures["wages"][kind]
        all_time, paid_time = entry["all_time"] or {}, entry["paid_time"] or {}
        wages.add_row(
            f"{kind} wage",
            f"{fmt_share(all_time.get('share_of_workers_below'))} / "
            f"{fmt_share(paid_time.get('share_of_workers_below'))}",
            f"{fmt_share(all_time.get('share_of_hours_below'))} / "
            f"{fmt_share(paid_time.get('share_of_hours_below'))}",
            str(entry["workers_without_reference"]),
        )
    console.print(wages)
    for kind in ("minimum", "living"):
        for reason in figures["wages"][kind].get("reasons") or []:
            console.print(f"not compared with the {kind} wage: {reason}", highlight=False)
    lost = rates["pay_lost_to_rejections"]
    console.print(
        f"Workers {pop['workers']:,} · paid {fmt_number(pop['hours_paid'], 1)} h · unpaid "
        f"{fmt_number(pop['hours_unpaid'], 1)} h · rejection rate "
        f"{fmt_share(rates['rejection_rate'])} · abandonment {fmt_share(rates['abandonment_rate'])}"
        f" · pay lost to rejections {fmt_number(lost['amount'])} {lost['currency'] or ''}"
        f" ({fmt_number(lost['ppp_usd'])} PPP $)"
    )
    premium = figures.get("premium")
    if premium:
        extra = (
            f" = {fmt_number(premium['total_pay_currency'])} {premium['currency']}"
            if premium["currency"]
            else ""
        )
        console.print(
            f"Living-wage premium: {fmt_number(premium['total_ppp_usd'])} PPP ${extra} in total, "
            f"{fmt_number(premium['per_task_ppp_usd'], 4)} PPP $ per paid task"
        )
    else:
        console.print("Living-wage premium: unknown (supply --living-wage-source)")
    exposure = figures["exposure"]
    if exposure.get("suppressed"):
        console.print(f"Exposure: suppressed (fewer than {k} workers saw flagged content)")
    elif exposure.get("exposed_workers"):
        over = exposure.get("workers_over_day_limit")
        console.print(
            f"Exposure: {exposure['exposed_workers']} workers, "
            f"{fmt_number(exposure['hours_total'], 1)} h on flagged content; over the daily limit: "
            f"{over if over is not None else 'no limit set'}"
        )
    card = figures["scorecard"]
    console.print(
        f"Fairwork cloudwork scorecard: {card['points']}/{card['out_of']} "
        f"({card['unanswered']} threshold(s) unanswered)"
    )
    for note in figures["privacy"]["notes"]:
        console.print(f"[dim]{note}[/dim]")
