"""Figures keyed for EU sustainability reporting (ESRS E1, E3, E5; GHG Protocol scopes).

Why the datapoint identifiers are not in this file: the ESRS datapoint numbering is being
revised, so they live in ``esrs_catalogue.csv`` (one row per datapoint, with the standard's
version, the catalogue's version and the source). This module only computes the *figures*
the catalogue rows point to, from an activities-with-impacts table.

Boundary (GHG Protocol): an activity is **self-hosted** when it carries a metered
``measured_energy_kwh`` or its provider is one of :data:`SELF_HOSTED_PROVIDERS`; its
electricity is the organisation's own purchased energy (scope 2, location-based) and the
embodied share of its hardware is a capital good (scope 3 category 2). Every other activity
is a **purchased AI service**: all its carbon — the provider's electricity and hardware —
is scope 3 category 1 (purchased goods and services).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from fairprint.activities import TOKEN_COLUMNS
from fairprint.errors import FairprintError
from fairprint.impacts import LOCAL_PROVIDERS
from fairprint.report.metrics import SUMMED_COLUMNS
from fairprint.report.people_types import PeopleSection, money_text
from fairprint.report.safe import spreadsheet_cell
from fairprint.report.summarise import Range, summarise

CATALOGUE_PATH = Path(__file__).with_name("esrs_catalogue.csv")

SELF_HOSTED_PROVIDERS: tuple[str, ...] = tuple(sorted(LOCAL_PROVIDERS))
"""Provider names that mean "our own hardware" (classification, not a reference figure)."""

METHODOLOGY_NOTES: tuple[str, ...] = (
    "Figures are modelled per request by fairprint from token counts, model size, serving "
    "hardware, datacenter overhead (PUE, WUE) and grid factors of the serving zone; metered "
    "energy replaces the modelled IT energy where an activity carries it.",
    "Each figure is given as low / central / high: low and high are the 5th and 95th "
    "percentiles of a propagation of every uncertain input's published range (a 90 % "
    "interval). Disclose the central value and the range.",
    "Purchased AI services are GHG Protocol scope 3 category 1; self-hosted compute is "
    "scope 2 (location-based electricity) with its hardware's embodied share in scope 3 "
    "category 2. Market-based scope 2 needs your contractual instruments and is left unknown.",
    "Requests whose model, region or factor is undisclosed are not estimated: their count is "
    "given as unknown_requests beside each figure rather than filled with an average.",
    "Water is reported in m³: own-operations water consumption is the on-site cooling water "
    "of self-hosted compute; water in the providers' cooling and electricity generation is "
    "value-chain information disclosed beside it.",
    "Datapoint identifiers come from the catalogue file (esrs_catalogue.csv) with the "
    "standard's version; check them against the current ESRS datapoint list before filing.",
    "ESRS S2 (workers in the value chain) sets no mandatory metric, so fairprint reports no "
    "S2 datapoint: the People section (data-work transparency of the models used, published "
    "pay and working conditions in their supply chains, with sources) is narrative context "
    "for your S2 disclosures on value-chain workers' working conditions.",
)


def esrs_notes(people: PeopleSection | None) -> tuple[str, ...]:
    """The methodology notes, with the S2 fair-data premium of the period when known.

    The premium is narrative S2 context (no ESRS datapoint), stated with its unknowns.
    """
    if people is None or not people.models:
        return METHODOLOGY_NOTES
    lines = [
        f"{m.model}: {money_text(m.premium_ppp_per_1000)} PPP $ per 1,000 requests"
        for m in people.models
        if m.requests > 0
    ]
    return (
        *METHODOLOGY_NOTES,
        "ESRS S2 context — " + people.premium_text + " Per model: " + "; ".join(lines) + ".",
    )


@dataclass(frozen=True)
class EsrsFigure:
    """One catalogue datapoint with its value (in the catalogue's unit)."""

    catalogue: dict[str, str]
    value: Range

    @property
    def label(self) -> str:
        return self.catalogue["label"]

    @property
    def unit(self) -> str:
        return self.catalogue["unit"]


def read_catalogue(path: Path = CATALOGUE_PATH) -> list[dict[str, str]]:
    """The datapoint catalogue rows; every row needs its figure, source and version."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        for column in ("figure", "standard", "label", "unit", "source", "standard_version"):
            if not (row.get(column) or "").strip():
                raise FairprintError(f"{path.name} line {line}: column {column!r} is empty")
    return rows


def self_hosted_mask(table: pa.Table) -> pa.ChunkedArray:
    """True for rows of the organisation's own compute (see the module docstring)."""
    mask = pa.chunked_array([pa.array([False] * table.num_rows, pa.bool_())])
    if "measured_energy_kwh" in table.column_names:
        mask = pc.or_(mask, pc.is_valid(table["measured_energy_kwh"]))
    if "provider" in table.column_names:
        provider = pc.utf8_lower(pc.fill_null(table["provider"], ""))
        mask = pc.or_(mask, pc.is_in(provider, value_set=pa.array(SELF_HOSTED_PROVIDERS)))
    return mask


def _scaled(value: Range, factor: float) -> Range:
    return Range(
        value.low * factor, value.central * factor, value.high * factor, value.unknown_requests
    )


def _known_sum(values: list[float]) -> float:
    known = [v for v in values if math.isfinite(v)]
    return math.fsum(known) if known else math.nan


def _added(*values: Range) -> Range:
    """Sum of ranges; an unknown part is left out and its requests stay counted as unknown."""
    return Range(
        _known_sum([v.low for v in values]),
        _known_sum([v.central for v in values]),
        _known_sum([v.high for v in values]),
        sum(v.unknown_requests for v in values),
    )


def _totals(table: pa.Table) -> dict[str, Range]:
    """Sums over ``table`` (0 when it has no rows: no self-hosted compute, no scope 2)."""
    return summarise(table, by=None).totals


def esrs_values(table: pa.Table) -> dict[str, Range]:
    """The figures the catalogue refers to, in the catalogue's units."""
    own = self_hosted_mask(table)
    needed = ("source", "started_at", "requests", *TOKEN_COLUMNS, *SUMMED_COLUMNS)
    needed += tuple(f"{c}{s}" for c in SUMMED_COLUMNS for s in ("_low", "_high"))
    table = table.select([name for name in needed if name in table.column_names])
    return esrs_values_of(_totals(table.filter(own)), _totals(table.filter(pc.invert(own))))


def esrs_values_of(hosted: dict[str, Range], purchased: dict[str, Range]) -> dict[str, Range]:
    """The catalogue's figures from the totals of self-hosted and of purchased activities."""
    unknown = Range(math.nan, math.nan, math.nan, 0)
    tonnes = 1e-3
    scope2 = _scaled(hosted["gwp_usage_kgco2e"], tonnes)
    scope3_cat1 = _scaled(purchased["gwp_kgco2e"], tonnes)
    scope3_cat2 = _scaled(hosted["gwp_embodied_kgco2e"], tonnes)
    return {
        "scope2_location_tco2e": scope2,
        "scope2_market_tco2e": unknown,
        "scope3_cat1_tco2e": scope3_cat1,
        "scope3_cat2_tco2e": scope3_cat2,
        "total_location_tco2e": _added(scope2, scope3_cat1, scope3_cat2),
        "energy_own_mwh": _scaled(hosted["energy_kwh"], 1e-3),
        "water_own_m3": _scaled(hosted["water_onsite_l"], 1e-3),
        "water_value_chain_m3": _scaled(
            _added(purchased["water_l"], hosted["water_offsite_l"]), 1e-3
        ),
        "adpe_kgsbeq": _added(purchased["adpe_kgsbeq"], hosted["adpe_kgsbeq"]),
    }


def esrs_figures(
    table: pa.Table, catalogue: list[dict[str, str]] | None = None
) -> list[EsrsFigure]:
    """Each catalogue datapoint with its figure computed from ``table``."""
    return esrs_figures_of(esrs_values(table), catalogue)


def esrs_figures_of(
    values: dict[str, Range], catalogue: list[dict[str, str]] | None = None
) -> list[EsrsFigure]:
    """Each catalogue datapoint with its figure taken from ``values`` (:func:`esrs_values_of`)."""
    rows = read_catalogue() if catalogue is None else catalogue
    figures = []
    for row in rows:
        if row["figure"] not in values:
            raise FairprintError(
                f"esrs_catalogue.csv: figure {row['figure']!r} is not one fairprint computes; "
                f"known: {', '.join(values)}"
            )
        figures.append(EsrsFigure(catalogue=row, value=values[row["figure"]]))
    return figures


ESRS_CSV_COLUMNS: tuple[str, ...] = (
    "kind",
    "standard",
    "disclosure_requirement",
    "paragraph",
    "datapoint_id",
    "xbrl_element",
    "label",
    "unit",
    "value_low",
    "value",
    "value_high",
    "unknown_requests",
    "boundary",
    "ghg_protocol",
    "notes",
    "standard_version",
    "catalogue_version",
    "source",
)


def _cell(value: float) -> str:
    return "" if not math.isfinite(value) else f"{value:.6g}"


def to_esrs_csv(figures: list[EsrsFigure], notes: tuple[str, ...] = METHODOLOGY_NOTES) -> str:
    """One CSV: a ``datapoint`` row per figure (unknown = empty cell), then ``note`` rows.

    Text cells a spreadsheet would read as a formula are prefixed with ``'`` (OWASP).
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ESRS_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for figure in figures:
        row = {c: spreadsheet_cell(figure.catalogue.get(c, "")) for c in ESRS_CSV_COLUMNS}
        row.update(
            kind="datapoint",
            value_low=_cell(figure.value.low),
            value=_cell(figure.value.central),
            value_high=_cell(figure.value.high),
            unknown_requests=str(figure.value.unknown_requests),
        )
        writer.writerow(row)
    for note in notes:
        writer.writerow({"kind": "note", "notes": spreadsheet_cell(note)})
    return buffer.getvalue()
