"""Assemble everything a report shows from the aggregates of a ledger or a table.

Why one object: the terminal, HTML, JSON, CSV and ESRS writers, the dashboard and the API
render the same ``Report``, built from one query layer (``report.query``), so their numbers
cannot drift apart; the writers only format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from fairprint.registry import Registry
from fairprint.report.esrs import EsrsFigure, esrs_figures_of, esrs_values_of
from fairprint.report.levers import Lever, find_levers_condensed
from fairprint.report.people import PeopleSection, people_section
from fairprint.report.query import LedgerAggregates, aggregate_ledger, aggregate_table
from fairprint.report.summarise import Range, Summary

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
    breakdowns: dict[str, Summary] = field(default_factory=dict)

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
    breakdowns: tuple[str, ...] = (),
) -> Report:
    """Summarise ``table`` (filtered to ``[since, until)``) into a :class:`Report`.

    The table goes through the same aggregate queries as a ledger (an in-memory DuckDB).
    ``registry`` is needed for the levers (they re-run the estimate with a smaller model or
    a cleaner region) and the People section; the default registry is used when none is given.
    """
    with aggregate_table(table, since, until) as aggregates:
        return report_from_aggregates(
            aggregates,
            by=by,
            registry=registry,
            since=since,
            until=until,
            title=title,
            generated_at=generated_at,
            sources=sources,
            levers=levers,
            breakdowns=breakdowns,
        )


def report_from_aggregates(
    aggregates: LedgerAggregates,
    by: str = "model",
    registry: Registry | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    title: str = "AI footprint report",
    generated_at: datetime | None = None,
    sources: tuple[dict[str, Any], ...] = (),
    levers: bool = True,
    breakdowns: tuple[str, ...] = (),
) -> Report:
    """The :class:`Report` of the cells in ``aggregates`` (see ``report.query``)."""
    registry = registry if registry is not None else Registry.default()
    summary = aggregates.summary(by)
    hosted, purchased = aggregates.boundary_totals()
    found = (
        find_levers_condensed(aggregates.lever_cells(), registry)
        if levers and summary.activities
        else ()
    )
    return Report(
        title=title,
        summary=summary,
        by_model=aggregates.summary("model") if by != "model" else summary,
        by_team=aggregates.summary("team") if by != "team" else summary,
        timeline=aggregates.summary(aggregates.timeline_grain()),
        levers=found,
        esrs=tuple(esrs_figures_of(esrs_values_of(hosted, purchased))),
        since=since,
        until=until,
        generated_at=generated_at,
        sources=sources,
        people=people_section(aggregates.people_cells(), registry),
        breakdowns={b: summary if b == by else aggregates.summary(b) for b in breakdowns},
    )


def report_from_ledger(
    ledger: Ledger,
    by: str = "model",
    since: datetime | None = None,
    until: datetime | None = None,
    registry: Registry | None = None,
    generated_at: datetime | None = None,
    title: str = "AI footprint report",
    breakdowns: tuple[str, ...] = (),
) -> Report:
    """The report of a ledger's activities in ``[since, until)``, listing its imports.

    DuckDB computes every figure (``report.query``); Python holds aggregates only.
    """
    sources = tuple(_import_records(ledger))
    with aggregate_ledger(ledger.connection, since, until) as aggregates:
        return report_from_aggregates(
            aggregates,
            by=by,
            registry=registry,
            since=since,
            until=until,
            title=title,
            generated_at=generated_at,
            sources=sources,
            breakdowns=breakdowns,
        )


def _import_records(ledger: Ledger) -> list[dict[str, Any]]:
    """The ledger's import history as dicts (fetched as Python values: a few rows, and no
    Arrow round trip, whose first timestamp conversion costs more than the whole report)."""
    cursor = ledger.connection.execute("SELECT * FROM imports ORDER BY import_id")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
