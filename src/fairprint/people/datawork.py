"""A model's data-work sheet: what is known, what is hidden, who did it, where, for how much.

The sheet gathers, for one model, the rows of ``datawork.csv`` for its family, the
provider-wide rows (supply-chain facts such as a vendor contract, shown as context and
never counted as this model's hours), the embedded hours (``impacts.datawork``), and, for
every reported hourly pay with a known country, the gap to that country's minimum and
living wage in PPP dollars and the fair-data premium per hour of work. A core field with
no row is listed as *undisclosed*: the gap is a finding, not a blank.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from fairprint.impacts import (
    DataworkPerRequest,
    datawork_per_request,
    fair_data_premium,
    wage_gap,
)
from fairprint.people.transparency import ProviderScore, provider_score
from fairprint.people.wages import (
    LivingWageTable,
    WageReference,
    convert_to_ppp_usd,
    wage_reference,
)
from fairprint.registry import DATAWORK

if TYPE_CHECKING:
    from fairprint.registry import Registry

__all__ = [
    "CORE_FIELDS",
    "ClientShare",
    "DataworkSheet",
    "SheetField",
    "WageComparison",
    "datawork_sheet",
]

CORE_FIELDS: tuple[str, ...] = (
    "sft_demonstrations",
    "preference_comparisons",
    "red_team",
    "safety_labels",
    "minutes_per_annotation",
    "workers",
    "vendors",
    "countries",
    "pay_per_hour",
)
"""Fields every sheet reports, as *undisclosed* when no row exists for the family."""

Row = Mapping[str, str | float | int]


@dataclass(frozen=True)
class SheetField:
    """One line of the sheet.

    ``scope`` is "family" (this model's family), "provider-wide" (a supply-chain fact of the
    provider), "other family: NAME" (context from another model of the same provider, e.g.
    Llama 2 counts on a Llama 3 sheet) or "vendor: ID" (facts about a vendor named on the
    sheet, e.g. Remotasks reports for Scale AI); only "family" rows enter the hours.
    """

    field: str
    item: str
    status: str
    scope: str
    value_low: float | None
    value: float | None
    value_high: float | None
    text: str
    unit: str
    currency: str
    country: str
    disclosed_by: str
    notes: str
    source: str
    source_url: str
    year: int | None


STALE_YEARS = 5
"""A living wage this many years older than the pay is flagged (docs/people.md, year rule)."""


def stale_note(pay_year: int, wage_year: int) -> str:
    """Why an old living wage may understate the gap: it is in the local money of its own
    year, and price rises since are not applied (no cited CPI series ships)."""
    return (
        f"living wage {pay_year - wage_year} years older than the pay (local prices of "
        f"{wage_year}, not adjusted for inflation since): the shortfall may be understated"
    )


@dataclass(frozen=True)
class WageComparison:
    """Reported pay against one wage standard of the worker's country (hourly, PPP-$)."""

    item: str
    country: str
    standard: str
    pay_ppp_low: float | None
    pay_ppp: float | None
    pay_ppp_high: float | None
    reference: WageReference | None
    ratio: float | None
    shortfall_ppp_per_hour: float | None
    premium_ppp_total: float | None
    note: str


@dataclass(frozen=True)
class ClientShare:
    """Share of what the client paid the vendor per hour that reached the worker.

    ``share = pay_per_hour / client_rate_per_hour`` (same item, same currency): the rest is
    the vendor's margin and costs (TIME 2023: $1.32-2 of $12.50 for Sama's OpenAI work).
    """

    item: str
    currency: str
    client_rate: float
    share_low: float | None
    share: float | None
    share_high: float | None


@dataclass(frozen=True)
class DataworkSheet:
    model_id: str
    family: str
    provider: str
    hours: DataworkPerRequest
    fields: tuple[SheetField, ...]
    wages: tuple[WageComparison, ...]
    transparency: ProviderScore
    notes: tuple[str, ...] = field(default_factory=tuple)
    client_shares: tuple[ClientShare, ...] = ()

    @property
    def undisclosed_core_fields(self) -> list[str]:
        """Core fields of the model's own family with no disclosure."""
        return [
            f.field
            for f in self.fields
            if f.scope == "family" and f.field in CORE_FIELDS and f.status == "undisclosed"
        ]

    @property
    def sources(self) -> list[tuple[str, str]]:
        """Every (source, url) the sheet relies on, in order of first use."""
        seen: dict[tuple[str, str], None] = {}
        for item in self.fields:
            if item.source:
                seen[(item.source, item.source_url)] = None
        for comparison in self.wages:
            ref = comparison.reference
            if ref is not None:
                seen[(ref.source, ref.source_url)] = None
        if self.transparency.source:
            seen[(self.transparency.source, self.transparency.source_url)] = None
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["hours"]["minutes_per_1000_requests"] = self.hours.minutes_per_1000_requests
        data["hours"]["status_label"] = self.hours.status_label
        data["sources"] = [{"source": s, "url": u} for s, u in self.sources]
        data["undisclosed_core_fields"] = self.undisclosed_core_fields
        return data


def _num(row: Row, column: str) -> float | None:
    value = float(row[column])
    return None if math.isnan(value) else value


def _field(row: Row, scope: str) -> SheetField:
    return SheetField(
        field=str(row["field"]),
        item=str(row["item"]),
        status=str(row["status"]),
        scope=scope,
        value_low=_num(row, "value_low"),
        value=_num(row, "value"),
        value_high=_num(row, "value_high"),
        text=str(row["text_value"]),
        unit=str(row["unit"]),
        currency=str(row["currency"]),
        country=str(row["country"]),
        disclosed_by=str(row["disclosed_by"]),
        notes=str(row["notes"]),
        source=str(row["source"]),
        source_url=str(row["source_url"]),
        year=int(row["year"]),
    )


def _undisclosed(name: str) -> SheetField:
    return SheetField(
        name,
        "",
        "undisclosed",
        "family",
        None,
        None,
        None,
        "",
        "",
        "",
        "",
        "",
        "no disclosure found in the registry's sources",
        "",
        "",
        None,
    )


def _compare(
    row: Row, hours: float | None, registry: Registry, living: LivingWageTable | None
) -> list[WageComparison]:
    country = str(row["country"]).upper()
    item = str(row["item"]) or str(row["family"])
    if not country:
        return [
            WageComparison(
                item,
                "",
                "minimum",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "worker country not disclosed: no wage standard to compare",
            )
        ]
    year = int(row["year"])
    pay = [
        convert_to_ppp_usd(v, str(row["currency"]), country, year, registry)
        if v is not None
        else None
        for v in (_num(row, "value_low"), _num(row, "value"), _num(row, "value_high"))
    ]
    pay_ppp = [p.ppp_usd if p is not None else None for p in pay]
    central = pay[1]
    results = []
    for standard in ("minimum", "living"):
        ref = wage_reference(country, standard, registry, living_wages=living, year=year)
        note = central.note if central is not None else "pay not disclosed"
        if ref is None:
            results.append(
                WageComparison(
                    item,
                    country,
                    standard,
                    pay_ppp[0],
                    pay_ppp[1],
                    pay_ppp[2],
                    None,
                    None,
                    None,
                    None,
                    f"no {standard} wage recorded for {country}",
                )
            )
            continue
        if ref.hourly_ppp_usd is None or pay_ppp[1] is None:
            why = ref.notes or note or "conversion to PPP dollars unavailable"
            results.append(
                WageComparison(
                    item,
                    country,
                    standard,
                    pay_ppp[0],
                    pay_ppp[1],
                    pay_ppp[2],
                    ref,
                    None,
                    None,
                    None,
                    why,
                )
            )
            continue
        ratio, shortfall = wage_gap(pay_ppp[1], ref.hourly_ppp_usd)
        premium = fair_data_premium(hours, shortfall) if hours is not None else None
        if standard == "living" and year - ref.year >= STALE_YEARS:
            note = "; ".join(n for n in (note, stale_note(year, ref.year)) if n)
        results.append(
            WageComparison(
                item,
                country,
                standard,
                pay_ppp[0],
                pay_ppp[1],
                pay_ppp[2],
                ref,
                float(ratio),
                float(shortfall),
                None if premium is None else float(premium),
                "; ".join(
                    dict.fromkeys(n for part in (note, ref.notes) for n in part.split("; ") if n)
                ),
            )
        )
    return results


def _client_shares(rows: list[Row]) -> tuple[ClientShare, ...]:
    shares = []
    for rate in rows:
        if rate["field"] != "client_rate_per_hour" or _num(rate, "value") is None:
            continue
        for pay in rows:
            if (
                pay["field"] == "pay_per_hour"
                and pay["item"] == rate["item"]
                and pay["currency"] == rate["currency"]
                and _num(pay, "value") is not None
            ):
                client = float(rate["value"])
                values = [_num(pay, c) for c in ("value_low", "value", "value_high")]
                low, mid, high = (None if v is None else v / client for v in values)
                shares.append(
                    ClientShare(str(rate["item"]), str(rate["currency"]), client, low, mid, high)
                )
    return tuple(shares)


def _own_scope(row: Row) -> str:
    """ "family" for a fact about this model's family; else the row's wider scope.

    A row filed under the family but tagged ``scope`` provider/vendor/industry (e.g. a
    vendor's rating conditions reported about Gemini raters) is shown with the provider and
    vendors, never as a fact about the model itself.
    """
    scope = str(row.get("scope", "") or "")
    if scope in ("", "model", "family"):
        return "family"
    return f"{scope}: {row.get('vendor') or row['provider']}"


def _compact(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _vendor_rows(fields: list[SheetField], table: tuple[Row, ...], registry: Registry) -> list[Row]:
    """Vendor-level facts (``family = *``, a vendor as provider) for the vendors named above.

    A vendor is named when its id (``scale-ai``) appears, spaces and case aside, in a
    ``vendors`` value already on the sheet ("Upwork; Scale AI").
    """
    named = _compact(" ".join(f.text for f in fields if f.field == "vendors"))
    developers = {str(r["provider"]).lower() for r in registry.models}
    return [
        r
        for r in table
        if str(r["family"]) == "*"
        and str(r["provider"]).lower() not in developers
        and _compact(str(r["provider"])) in named
    ]


def datawork_sheet(
    model_id: str,
    registry: Registry,
    living_wages: LivingWageTable | None = None,
    lifetime_requests: tuple[float, float, float] | None = None,
) -> DataworkSheet:
    """Build the data-work sheet of ``model_id`` (raises ``UnknownModelError`` if unknown)."""
    hours = datawork_per_request(model_id, registry, lifetime_requests=lifetime_requests)
    table = registry.extra_table("datawork", DATAWORK).rows
    family_key = hours.family.lower()
    family_rows = [r for r in table if family_key and str(r["family"]).lower() == family_key]
    provider_rows = [
        r
        for r in table
        if str(r["family"]) == "*" and str(r["provider"]).lower() == hours.provider.lower()
    ]
    fields = [_field(r, _own_scope(r)) for r in family_rows]
    present = {f.field for f in fields}
    fields += [_undisclosed(name) for name in CORE_FIELDS if name not in present]
    fields += [_field(r, "provider-wide") for r in provider_rows]
    other_rows = [
        r
        for r in table
        if str(r["family"]) not in ("*", "")
        and str(r["family"]).lower() != family_key
        and str(r["provider"]).lower() == hours.provider.lower()
    ]
    fields += [_field(r, f"other family: {r['family']}") for r in other_rows]
    vendor_rows = _vendor_rows(fields, table, registry)
    fields += [_field(r, f"vendor: {r['provider']}") for r in vendor_rows]
    comparisons: list[WageComparison] = []
    for row in family_rows:
        if row["field"] == "pay_per_hour" and _num(row, "value") is not None:
            comparisons += _compare(row, hours.total_hours, registry, living_wages)
    for row in [*provider_rows, *vendor_rows]:
        if row["field"] == "pay_per_hour" and _num(row, "value") is not None:
            comparisons += _compare(row, None, registry, living_wages)
    notes = list(hours.notes)
    if not family_rows:
        notes.append(
            f"{hours.provider} publishes no data-work figures for this model in the "
            "registry's sources: counts, hours, workers and pay are undisclosed"
        )
    shares = _client_shares([*family_rows, *provider_rows])
    return DataworkSheet(
        model_id=hours.model_id,
        family=hours.family,
        provider=hours.provider,
        hours=hours,
        fields=tuple(fields),
        wages=tuple(comparisons),
        transparency=provider_score(hours.provider, registry),
        notes=tuple(notes),
        client_shares=shares,
    )
