"""Assemble everything a report shows from one activities-with-impacts table.

Why one object: the terminal, HTML, JSON, CSV and ESRS writers render the same ``Report``,
so their numbers cannot drift apart; the writers only format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from fairprint.registry.registry import Registry
from fairprint.report.esrs import EsrsFigure, esrs_figures
from fairprint.report.levers import Lever, find_levers
from fairprint.report.people import PeopleSection, people_section
from fairprint.report.summarise import Range, Summary, filter_period, summarise, timeline_grain

if TYPE_CHECKING:
    from fairprint.ledger import Ledger


@dataclass(frozen=True)
class Report:
    """A footprint account: the chosen grouping, fixed breakdowns, levers, ESRS figures, and
    the People section (the data work behind the models used) beside them."""

    title: str
    summary: Summary
    by_model: Summary
    by_team: Summary
    timeline: Summary
    levers: tuple[Lever, ...]
    esrs: tuple[EsrsFigure, ...]
    since: datetime | None = None
    until: datetime | None = None
    generated_at: datetime | None = None
    sources: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    people: PeopleSection | None = None

    @property
    def totals(self) -> dict[str, Range]:
        """Totals of the whole period (the same in every grouping)."""
        return self.summary.totals


def build_report(
    table: pa.Table,
    by: str = "model",
    registry: Registry | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    title: str = "AI footprint report",
    generated_at: datetime | None = None,
    sources: tuple[dict[str, Any], ...] = (),
    levers: bool = True,
) -> Report:
    """Summarise ``table`` (filtered to ``[since, until)``) into a :class:`Report`.

    ``registry`` is needed for the levers (they re-run the estimate with a smaller model or
    a cleaner region) and the People section; the default registry is used when none is given.
    """
    table = filter_period(table, since, until)
    registry = registry if registry is not None else Registry.default()
    grain = timeline_grain(table) if table.num_rows else "month"
    return Report(
        title=title,
        summary=summarise(table, by=by),
        by_model=summarise(table, by="model"),
        by_team=summarise(table, by="team"),
        timeline=summarise(table, by=grain),
        levers=find_levers(table, registry) if levers and table.num_rows else (),
        esrs=tuple(esrs_figures(table)),
        since=since,
        until=until,
        generated_at=generated_at,
        sources=sources,
        people=people_section(table, registry),
    )


def report_from_ledger(
    ledger: Ledger,
    by: str = "model",
    since: datetime | None = None,
    until: datetime | None = None,
    registry: Registry | None = None,
    generated_at: datetime | None = None,
    title: str = "AI footprint report",
) -> Report:
    """The report of a ledger's activities in ``[since, until)``, listing its imports."""
    table = ledger.activities(since=since, until=until)
    imports = ledger.imports()
    sources = tuple(_rows(imports))
    return build_report(
        table,
        by=by,
        registry=registry,
        since=since,
        until=until,
        title=title,
        generated_at=generated_at,
        sources=sources,
    )


def _rows(imports: Any) -> list[dict[str, Any]]:
    """Import records as dicts, whether the ledger hands back Arrow, a list or dataclasses."""
    if isinstance(imports, pa.Table):
        return imports.to_pylist()
    rows = []
    for item in imports or ():
        if isinstance(item, dict):
            rows.append(item)
        elif hasattr(item, "_asdict"):
            rows.append(item._asdict())
        elif hasattr(item, "__dataclass_fields__"):
            rows.append({name: getattr(item, name) for name in item.__dataclass_fields__})
        else:
            rows.append(dict(item))
    return rows
