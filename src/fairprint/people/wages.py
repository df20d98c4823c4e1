"""Wage references per country and conversion to PPP dollars.

Stable API (the work-log audit imports it):

``wage_reference(country, kind="minimum", registry=..., living_wages=None, year=None)``
    The hourly minimum or living wage of a country as a ``WageReference`` (hourly in local
    currency and in PPP-$, currency, year, scope, source, licence), or ``None`` when the
    registry and the user table have nothing for that country and kind.
``to_ppp_usd(amount, currency, country, year, registry)``
    An amount paid in ``currency`` to someone living in ``country``, in international
    (PPP) dollars of private consumption, or ``None`` when a factor is missing.
``load_living_wages(path)``
    A user-supplied living-wage CSV (``LivingWageTable``).

Why PPP of *private consumption* (World Bank ``PA.NUS.PRVT.PP``): it compares what a wage
buys for a household, not what an economy produces. Conversion::

    local    = amount                          if currency is the country's currency
             = amount x FX(country, year)      if currency is USD (FX = PA.NUS.FCRF, LCU per $)
             = amount / FX(C) x FX(country)    any other currency C, crossed through the dollar
    ppp_usd  = local / PPP(country, year)      (PPP in LCU per international $)

When the exact year is missing, the nearest year in ``currency.csv`` is used and the year
actually used is reported (``Conversion.fx_year`` / ``ppp_year``): a fallback, announced.

Living wages: ``wages.csv`` cites published living-wage figures (``kind=living``: Anker /
Global Living Wage Coalition benchmarks and other studies, figure by figure, never a
licensed database) and openly derived proxies (``kind=living_proxy``, method in
docs/people.md). A published benchmark is used wherever one is in force, a proxy only
where none is, and ``kind`` says which (an old benchmark is in the money of its year: the
output shows that year). Users may supply their own CSV with the columns
``country, hourly, currency, year, source, licence`` (ISO 3166 alpha-2 country, hourly
living wage in local currency or USD); its rows override the registry for that country.

Year rule for living wages: the latest figure of a year at or before the pay's year; a
figure first published after the pay (a 2024-only row for 2022 pay) is not applied.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from fairprint.errors import InputError
from fairprint.registry import CURRENCY, WAGES

if TYPE_CHECKING:
    from fairprint.registry import Registry

__all__ = [
    "LIVING_WAGE_COLUMNS",
    "Conversion",
    "LivingWage",
    "LivingWageTable",
    "WageReference",
    "convert_to_local",
    "convert_to_ppp_usd",
    "load_living_wages",
    "local_currency",
    "to_ppp_usd",
    "wage_reference",
]

Row = Mapping[str, str | float | int]
T = TypeVar("T")

LIVING_WAGE_COLUMNS: tuple[str, ...] = (
    "country",
    "hourly",
    "currency",
    "year",
    "source",
    "licence",
)
"""Required columns of a user-supplied living-wage CSV."""


@dataclass(frozen=True)
class WageReference:
    """An hourly wage standard for one country, with where it comes from.

    ``hourly_local`` is ``None`` when the statute sets a monthly or daily rate and no
    sourced hours basis is recorded; ``hourly_ppp_usd`` is ``None`` when no PPP factor is.
    """

    country: str
    kind: str
    hourly_local: float | None
    hourly_ppp_usd: float | None
    currency: str
    year: int
    scope: str
    source: str
    source_url: str
    licence: str
    notes: str = ""
    ppp_year: int | None = None
    household: str = ""

    @property
    def is_proxy(self) -> bool:
        """True for an openly derived proxy, never to be read as a published benchmark."""
        return self.kind == "living_proxy"


@dataclass(frozen=True)
class Conversion:
    """A PPP conversion and the factor years actually used (``None`` when not needed)."""

    ppp_usd: float | None
    fx_year: int | None
    ppp_year: int | None
    note: str


@dataclass(frozen=True)
class LivingWage:
    country: str
    hourly: float
    currency: str
    year: int
    source: str
    licence: str


@dataclass(frozen=True)
class LivingWageTable:
    """User-supplied living wages, keyed by country (the latest year per country wins)."""

    path: Path
    rows: tuple[LivingWage, ...]

    def for_country(self, country: str, year: int | None = None) -> LivingWage | None:
        """The row in force in ``year`` (latest at or before it), ``None`` if none is."""
        matches = [r for r in self.rows if r.country == country.upper()]
        return _pick_year(matches, year, lambda r: r.year, strict=True)


def load_living_wages(path: str | Path) -> LivingWageTable:
    """Read and validate a user living-wage CSV; errors name the file, line and column."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"living-wage file {path} does not exist")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in LIVING_WAGE_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise InputError(
                f"{path.name}: missing columns {missing}; a living-wage CSV needs "
                f"{', '.join(LIVING_WAGE_COLUMNS)}"
            )
        rows = []
        for raw in reader:
            where = f"{path.name} line {reader.line_num}"
            values = {c: (raw.get(c) or "").strip() for c in LIVING_WAGE_COLUMNS}
            for column in ("country", "currency", "source", "licence"):
                if not values[column]:
                    raise InputError(f"{where}, column {column!r}: required value is empty")
            try:
                hourly = float(values["hourly"])
            except ValueError:
                raise InputError(
                    f"{where}, column 'hourly': {values['hourly']!r} is not a number"
                ) from None
            if not math.isfinite(hourly) or hourly <= 0:
                raise InputError(f"{where}, column 'hourly': must be a positive number")
            if not values["year"].isdigit():
                raise InputError(f"{where}, column 'year': {values['year']!r} is not a year")
            rows.append(
                LivingWage(
                    country=values["country"].upper(),
                    hourly=hourly,
                    currency=values["currency"].upper(),
                    year=int(values["year"]),
                    source=values["source"],
                    licence=values["licence"],
                )
            )
    return LivingWageTable(path=path, rows=tuple(rows))


def _pick_year(
    rows: Sequence[T],
    year: int | None,
    year_of: Callable[[T], int],
    order: Callable[[T], Any] | None = None,
    strict: bool = False,
) -> T | None:
    """The row in force in ``year`` (latest at or before it); with no year, the latest row.

    When every row is later than ``year``: ``None`` if ``strict`` (living wages: a figure
    published after the pay is not applied to it), else the earliest (minimum wages, whose
    callers report the year used).
    """
    if not rows:
        return None
    ordered = sorted(rows, key=order or year_of)
    if year is None:
        return ordered[-1]
    before = [r for r in ordered if year_of(r) <= year]
    if before:
        return before[-1]
    return None if strict else ordered[0]


def _nearest(rows: list[Row], year: int) -> Row | None:
    if not rows:
        return None
    return min(rows, key=lambda r: (abs(int(r["year"]) - year), -int(r["year"])))


def _factor(registry: Registry, country: str, indicator: str, year: int) -> Row | None:
    table = registry.extra_table("currency", CURRENCY)
    rows = [
        r
        for r in table.rows
        if str(r["country"]).upper() == country.upper()
        and r["indicator"] == indicator
        and not math.isnan(float(r["value"]))
    ]
    return _nearest(rows, year)


def _currency_rate(registry: Registry, currency: str, year: int) -> Row | None:
    """Units of ``currency`` per US dollar (nearest year), from any country that uses it."""
    rows = [
        r
        for r in registry.extra_table("currency", CURRENCY).rows
        if str(r["currency"]).upper() == currency.upper()
        and r["indicator"] == "exchange_rate_usd"
        and not math.isnan(float(r["value"]))
    ]
    return _nearest(rows, year)


def local_currency(country: str, registry: Registry) -> str | None:
    """The currency code recorded for ``country`` in currency.csv or wages.csv."""
    for name, schema in (("currency", CURRENCY), ("wages", WAGES)):
        for row in registry.extra_table(name, schema).rows:
            if str(row["country"]).upper() == country.upper():
                return str(row["currency"]).upper()
    return None


def convert_to_local(
    amount: float, currency: str, country: str, year: int, registry: Registry
) -> tuple[float | None, int | None, str]:
    """``amount`` of ``currency`` in ``country``'s currency: (value, FX year used, note).

    The country's own currency passes through; USD is multiplied by the country's rate
    (LCU per $); any other currency is crossed through the dollar. ``None`` with the reason
    ("no exchange rate for PHP ...") when a rate is missing.
    """
    currency = currency.upper()
    country = country.upper()
    local = local_currency(country, registry)
    if currency == (local or ""):
        return float(amount), None, ""
    fx = _factor(registry, country, "exchange_rate_usd", year)
    if fx is None:
        return None, None, f"no exchange rate for {local or country} ({country}) in currency.csv"
    usd = float(amount)
    if currency != "USD":  # cross rate through the dollar: C -> USD -> local
        paid = _currency_rate(registry, currency, year)
        if paid is None:
            return None, None, f"no exchange rate for {currency} in currency.csv"
        usd = float(amount) / float(paid["value"])
    return usd * float(fx["value"]), int(fx["year"]), ""


def convert_to_ppp_usd(
    amount: float, currency: str, country: str, year: int, registry: Registry
) -> Conversion:
    """Convert ``amount`` (``currency``, earned in ``country``) to PPP-$ with the years used.

    PPP of private consumption; where the registry has none for the country, the GDP PPP
    factor (World Bank PA.NUS.PPP), announced in the note.
    """
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return Conversion(None, None, None, "amount unknown")
    country = country.upper()
    amount_local, fx_year, note = convert_to_local(amount, currency, country, year, registry)
    if amount_local is None:
        return Conversion(None, None, None, note)
    ppp = _factor(registry, country, "ppp_private_consumption", year)
    fallback = ""
    if ppp is None:
        ppp = _factor(registry, country, "ppp_gdp", year)
        fallback = "GDP PPP used (no private-consumption PPP recorded)"
    if ppp is None:
        return Conversion(None, fx_year, None, f"no PPP factor for {country} in currency.csv")
    ppp_year = int(ppp["year"])
    used = [y for y in (fx_year, ppp_year) if y is not None and y != year]
    years = ", ".join(map(str, sorted(set(used))))
    notes = [f"factor year {years} used for {year}"] if used else []
    note = "; ".join([*notes, *([fallback] if fallback else [])])
    return Conversion(amount_local / float(ppp["value"]), fx_year, ppp_year, note)


def to_ppp_usd(
    amount: float, currency: str, country: str, year: int, registry: Registry
) -> float | None:
    """``amount`` in PPP dollars (private consumption), or ``None`` if a factor is missing."""
    return convert_to_ppp_usd(amount, currency, country, year, registry).ppp_usd


def _hourly(row: Row) -> tuple[float | None, str]:
    amount = float(row["amount"])
    hours = float(row["hours_per_period"])
    if math.isnan(amount):
        return None, str(row["notes"]) or "no operative rate"
    if row["period"] == "hour":
        return amount, ""
    if math.isnan(hours) or hours <= 0:
        return None, (
            f"{amount:,.2f} {row['currency']} per {row['period']}; no sourced hours basis, "
            "so no hourly value"
        )
    return amount / hours, f"{amount:,.2f} {row['currency']} per {row['period']} / {hours:g} h"


def wage_reference(
    country: str,
    kind: str = "minimum",
    registry: Registry | None = None,
    living_wages: LivingWageTable | None = None,
    year: int | None = None,
) -> WageReference | None:
    """The ``kind`` ("minimum" or "living") hourly wage of ``country`` in force in ``year``.

    With no ``year``, the latest recorded rate. User living wages override the registry.
    Returns ``None`` when nothing is recorded: the caller must show "unknown", never 0.
    """
    if kind not in ("minimum", "living"):
        raise InputError(f"wage kind {kind!r} is not 'minimum' or 'living'")
    if registry is None:
        raise InputError("wage_reference needs a registry (fairprint.Registry.default())")
    country = country.upper()
    if kind == "living" and living_wages is not None:
        user = living_wages.for_country(country, year)
        if user is not None:
            ppp = convert_to_ppp_usd(user.hourly, user.currency, country, user.year, registry)
            return WageReference(
                country=country,
                kind=kind,
                hourly_local=user.hourly,
                hourly_ppp_usd=ppp.ppp_usd,
                currency=user.currency,
                year=user.year,
                scope="user-supplied living wage",
                source=user.source,
                source_url=str(living_wages.path),
                licence=user.licence,
                notes=ppp.note,
                ppp_year=ppp.ppp_year,
            )
    table = registry.extra_table("wages", WAGES).rows
    kinds = ("living", "living_proxy") if kind == "living" else (kind,)
    found = []
    for wanted in kinds:
        rows = [r for r in table if str(r["country"]).upper() == country and r["kind"] == wanted]
        pick = _pick_year(
            rows,
            year,
            lambda r: int(r["year"]),
            lambda r: (int(r["year"]), str(r["effective_date"])),
            strict=kind == "living",
        )
        if pick is not None:
            found.append(pick)
    # a published benchmark wherever one is in force; a proxy only where none is (issue 16)
    row = found[0] if found else None
    if row is None:
        return None
    hourly, note = _hourly(row)
    ppp = (
        convert_to_ppp_usd(hourly, str(row["currency"]), country, int(row["year"]), registry)
        if hourly is not None
        else Conversion(None, None, None, "")
    )
    notes = "; ".join(n for n in (note, ppp.note) if n)
    return WageReference(
        country=country,
        kind=str(row["kind"]),
        hourly_local=hourly,
        hourly_ppp_usd=ppp.ppp_usd,
        currency=str(row["currency"]),
        year=int(row["year"]),
        scope=str(row["scope"]),
        source=str(row["source"]),
        source_url=str(row["source_url"]),
        licence=str(row["licence"]),
        notes=notes,
        ppp_year=ppp.ppp_year,
        household=str(row.get("household", "") or ""),
    )
