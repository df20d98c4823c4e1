"""Currency factors and wage references for the countries and currencies in a work log.

Why a small lookup table: the measures run in SQL over millions of sessions, but a log
only ever has a handful of (currency, country, year) combinations; each is converted once
through ``fairprint.people.wages`` and joined. A missing factor or wage stays NULL and is
reported as unknown, never replaced by another country's value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from fairprint.people import (
    LivingWageTable,
    WageReference,
    convert_to_local,
    convert_to_ppp_usd,
    local_currency,
    wage_reference,
)
from fairprint.registry import Registry

__all__ = ["CountryWages", "country_wages", "rate_table", "wage_table"]


def rate_table(
    combos: Iterable[tuple[str, str | None, int]], registry: Registry
) -> tuple[pa.Table, list[tuple[str | None, str]]]:
    """``currency, country, year → local_per_unit, ppp_per_unit`` (NULL when unknown).

    ``local_per_unit``: units of the country's currency per unit paid (exchange rates,
    any paid currency crossed through the dollar); ``ppp_per_unit``: international
    dollars per unit paid. Also returns the
    (country, note) of every fallback (a factor from another year, a factor missing).
    """
    notes: list[tuple[str | None, str]] = []
    rows: dict[str, list[object]] = {
        "currency": [],
        "country": [],
        "year": [],
        "local_per_unit": [],
        "ppp_per_unit": [],
    }
    for currency, country, year in combos:
        local = ppp = None
        if country:
            conversion = convert_to_ppp_usd(1.0, currency, country, year, registry)
            ppp = conversion.ppp_usd
            if conversion.note:
                notes.append((country, f"{currency} in {country}, {year}: {conversion.note}"))
            local, _, why = convert_to_local(1.0, currency, country, year, registry)
            if why and why != conversion.note:
                notes.append((country, f"{currency} in {country}, {year}: {why}"))
        for key, value in zip(rows, (currency, country, year, local, ppp), strict=True):
            rows[key].append(value)
    schema = pa.schema(
        [
            ("currency", pa.string()),
            ("country", pa.string()),
            ("year", pa.int64()),
            ("local_per_unit", pa.float64()),
            ("ppp_per_unit", pa.float64()),
        ]
    )
    return pa.table(rows, schema=schema), notes


@dataclass(frozen=True)
class CountryWages:
    """The minimum and living wage references for one country (either may be unknown)."""

    country: str
    currency: str | None
    minimum: WageReference | None
    living: WageReference | None


def country_wages(
    countries: Iterable[str],
    registry: Registry,
    living_wages: LivingWageTable | None,
    year: int | None,
) -> list[CountryWages]:
    out = []
    for country in sorted(set(countries)):
        minimum = wage_reference(country, "minimum", registry, None, year)
        living = wage_reference(country, "living", registry, living_wages, year)
        out.append(CountryWages(country, local_currency(country, registry), minimum, living))
    return out


def wage_table(wages: list[CountryWages]) -> pa.Table:
    """The per-country hourly references as a table the measures join on ``country``."""

    def _get(ref: WageReference | None, attr: str) -> float | None:
        return getattr(ref, attr) if ref is not None else None

    def _local(w: CountryWages, ref: WageReference | None) -> float | None:
        # a reference set in another currency is compared in PPP-$ only
        if ref is None or w.currency is None or ref.currency.upper() != w.currency:
            return None
        return ref.hourly_local

    return pa.table(
        {
            "country": [w.country for w in wages],
            "minimum_local": [_local(w, w.minimum) for w in wages],
            "minimum_ppp": [_get(w.minimum, "hourly_ppp_usd") for w in wages],
            "living_local": [_local(w, w.living) for w in wages],
            "living_ppp": [_get(w.living, "hourly_ppp_usd") for w in wages],
        },
        schema=pa.schema(
            [
                ("country", pa.string()),
                ("minimum_local", pa.float64()),
                ("minimum_ppp", pa.float64()),
                ("living_local", pa.float64()),
                ("living_ppp", pa.float64()),
            ]
        ),
    )
