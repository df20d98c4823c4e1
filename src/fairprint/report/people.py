"""The People section of a report: the human data work behind the models in the traffic.

Why beside Planet: every request also runs on annotations, preference ratings, red-teaming
and moderation done by people, most of it undisclosed. This section states, for the models
the organisation actually used, what is known of that work and what is hidden, and makes
the gap a finding rather than a blank.

Pure: an activities-with-impacts table (``model_id``, ``model``, ``requests``,
``gwp_kgco2e``, ``datawork_h`` and its range) and a registry in, a frozen
:class:`PeopleSection` out. The facts come from the people modules' public functions
(``datawork_per_request``, ``datawork_sheet``, ``provider_score``), so the report cites the
same rows as ``fairprint people MODEL``. Shares::

    share of requests = sum(requests on models with status s) / sum(requests)
    share of carbon   = sum(gwp_kgco2e on those rows) / sum(gwp_kgco2e), known rows only

A model "discloses nothing" when its family has no data-work row with status
``disclosed`` in ``datawork.csv``. Unknown stays unknown: a model outside the registry is
counted apart ("not in registry"), and embedded hours are summed only where known, with
the requests left out counted beside them — never read as 0 hours.
"""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fairprint.errors import UnknownModelError
from fairprint.impacts import datawork_per_request
from fairprint.people import (
    DataworkSheet,
    LivingWageTable,
    SheetField,
    datawork_sheet,
    provider_score,
)
from fairprint.registry import FMTI_LABOUR_INDICATORS, Registry
from fairprint.report.people_premium import (
    LedgerPremium,
    ModelPremium,
    ledger_premium,
    model_premium,
)
from fairprint.report.people_types import (
    UNKNOWN_MODEL,
    Fact,
    Hours,
    ModelPeople,
    PeopleSection,
    ProviderLabour,
    WageFact,
    hours_text,
    number,
    pay_text,
    percent,
)

__all__ = [
    "UNKNOWN_MODEL",
    "Fact",
    "LedgerPremium",
    "ModelPeople",
    "ModelPremium",
    "PeopleSection",
    "ProviderLabour",
    "WageFact",
    "hours_text",
    "ledger_premium",
    "model_premium",
    "pay_text",
    "people_section",
    "percent",
]

FMTI_SOURCE = (
    "Stanford CRFM Foundation Model Transparency Index",
    "https://github.com/stanford-crfm/fmti",
)

# -- the table side -------------------------------------------------------------------------


def _column(table: pa.Table, name: str) -> pa.ChunkedArray:
    """A float column with NaN turned to null (absent columns are all null)."""
    if name not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.float64())])
    values = pc.cast(table[name], pa.float64())
    return pc.if_else(pc.is_nan(values), pa.scalar(None, pa.float64()), values)


def _per_model(table: pa.Table) -> list[dict[str, Any]]:
    """Requests, carbon and known data-work hours summed per model key (Arrow group_by)."""
    key = table["model"] if "model" in table.column_names else pa.nulls(table.num_rows)
    if "model_id" in table.column_names:
        key = pc.coalesce(table["model_id"], key)
    hours = _column(table, "datawork_h")
    null = pa.scalar(None, pa.float64())
    requests = pc.fill_null(pc.cast(table["requests"], pa.int64()), 0)
    working = pa.table(
        {
            "key": pc.fill_null(pc.cast(key, pa.string()), "(no model)"),
            "requests": requests,
            "uncounted": pc.cast(pc.equal(requests, 0), pa.int64()),
            "gwp": _column(table, "gwp_kgco2e"),
            "h_low": pc.if_else(pc.is_null(hours), null, _column(table, "datawork_h_low")),
            "h": hours,
            "h_high": pc.if_else(pc.is_null(hours), null, _column(table, "datawork_h_high")),
        }
    )
    sums = [(c, "sum") for c in working.column_names if c != "key"]
    return working.group_by("key").aggregate(sums).to_pylist()


def _merge(rows: list[dict[str, Any]], registry: Registry) -> dict[str, dict[str, Any]]:
    """Rows keyed by registry model id (aliases merge); unknown models keep their name."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        try:
            model = registry.model(row["key"])
            model_id = str(model["model_id"])
        except UnknownModelError:
            model, model_id = None, row["key"]
        entry = merged.setdefault(model_id, {"row": model, "sums": {}})
        for name, value in row.items():
            if name != "key" and value is not None:
                entry["sums"][name] = entry["sums"].get(name, 0) + value
    return merged


def _fact_value(item: SheetField) -> str:
    """The published wording where there is one (it carries the finding), else the number."""
    if item.text:
        return item.text
    if item.value is None:
        return "disclosed (no number)"
    text = number(item.value)
    low, high = item.value_low, item.value_high
    if low is not None and high is not None and low != high:
        text = f"{number(low)}–{number(high)} (central {text})"
    return " ".join(part for part in (text, item.currency, item.unit) if part)


def _scope(field: SheetField, sheet: DataworkSheet) -> str:
    """The row's scope named for the provider's list, where several models meet."""
    if field.scope == "family":
        return f"family: {sheet.family}"
    return field.scope.replace("other family: ", "family: ")


def _facts(sheet: DataworkSheet) -> list[Fact]:
    facts = [
        Fact(
            field=f.field,
            item=f.item,
            scope=_scope(f, sheet),
            value=_fact_value(f),
            country=f.country,
            disclosed_by=f.disclosed_by,
            source=f.source,
            source_url=f.source_url,
            year=f.year,
        )
        for f in sheet.fields
        if f.status != "undisclosed" and f.source
    ]
    for share in sheet.client_shares:
        rate = next(
            (f for f in facts if f.field == "client_rate_per_hour" and f.item == share.item), None
        )
        if rate is None or share.share is None:
            continue
        low, high = share.share_low, share.share_high
        taken = percent(share.share) if low is None or high is None else f"{low:.0%}–{high:.0%}"
        facts.append(
            Fact(
                "share_to_workers",
                share.item,
                rate.scope,
                f"workers took home {taken} of the {share.client_rate:.2f} {share.currency}/h "
                "the client paid the vendor",
                rate.country,
                rate.disclosed_by,
                rate.source,
                rate.source_url,
                rate.year,
            )
        )
    return facts


def _wages(sheet: DataworkSheet) -> list[WageFact]:
    wages = []
    for c in sheet.wages:
        ref = c.reference
        wages.append(
            WageFact(
                item=c.item,
                country=c.country,
                standard=c.standard,
                pay_ppp=(c.pay_ppp_low, c.pay_ppp, c.pay_ppp_high),
                reference_ppp=ref.hourly_ppp_usd if ref is not None else None,
                ratio=c.ratio,
                note=c.note,
                source=ref.source if ref is not None else "",
                source_url=ref.source_url if ref is not None else "",
            )
        )
    return wages


def _provider(
    provider: str,
    models: list[ModelPeople],
    sheets: list[DataworkSheet],
    registry: Registry,
) -> ProviderLabour:
    name, edition, points, possible = provider, None, 0, 0
    disclosed: list[str] = []
    undisclosed: list[str] = []
    source, url = "", ""
    if registry.has_table("transparency"):
        score = provider_score(provider, registry)
        name, latest = score.name, score.latest
        if latest is not None:
            edition, points, possible = latest.edition, latest.points, latest.possible
            for indicator in FMTI_LABOUR_INDICATORS.get(edition, tuple(latest.indicators)):
                target = disclosed if latest.indicators.get(indicator) else undisclosed
                target.append(indicator.replace("_", " "))
            source, url = score.source, score.source_url
        else:
            source, url = FMTI_SOURCE
    facts = list(dict.fromkeys(f for sheet in sheets for f in _facts(sheet)))
    wages = list(dict.fromkeys(w for sheet in sheets for w in _wages(sheet)))
    return ProviderLabour(
        provider=provider,
        name=name,
        requests=sum(m.requests for m in models),
        models=tuple(m.model for m in models),
        edition=edition,
        points=points,
        possible=possible,
        disclosed=tuple(disclosed),
        undisclosed=tuple(undisclosed),
        source=source,
        source_url=url,
        facts=tuple(facts),
        wages=tuple(wages),
    )


def _known(value: float) -> float:
    return value if math.isfinite(value) else 0.0


def _triple(sums: dict[str, Any], stem: str) -> Hours:
    return (
        float(sums.get(f"{stem}_low_sum", math.nan)),
        float(sums.get(f"{stem}_sum", math.nan)),
        float(sums.get(f"{stem}_high_sum", math.nan)),
    )


def _model(
    model_id: str, entry: dict[str, Any], sheet: DataworkSheet | None, registry: Registry
) -> ModelPeople:
    sums, row = entry["sums"], entry["row"]
    requests = int(sums.get("requests_sum", 0))
    uncounted = int(sums.get("uncounted_sum", 0))
    gwp = float(sums.get("gwp_sum", math.nan))
    traffic = _triple(sums, "h") if "h_sum" in sums else None
    if row is None:
        note = "model not in the registry: its data work is unknown"
        return ModelPeople(
            model_id, "", "", UNKNOWN_MODEL, 0, requests, uncounted, gwp, None, None, note
        )
    hours = sheet.hours if sheet is not None else datawork_per_request(model_id, registry)
    family_fields = [f for f in (sheet.fields if sheet else ()) if f.scope == "family" and f.source]
    published = sum(1 for f in family_fields if f.status == "disclosed")
    family_hours = None
    if hours.total_hours is not None:
        family_hours = (
            hours.total_hours_low if hours.total_hours_low is not None else hours.total_hours,
            hours.total_hours,
            hours.total_hours_high if hours.total_hours_high is not None else hours.total_hours,
        )
    note = "; ".join(hours.notes)
    premium = model_premium(model_id, registry) if sheet is not None else None
    if family_hours is not None and traffic is None:
        note = (
            "not amortised over your traffic: per-request hours need a lifetime-requests "
            "assumption (estimate_table(..., lifetime_requests=...))"
        )
    return ModelPeople(
        model=model_id,
        provider=hours.provider,
        family=hours.family,
        status=hours.status,
        published_facts=published,
        requests=requests,
        uncounted_rows=uncounted,
        gwp_kgco2e=gwp,
        family_hours=family_hours,
        traffic_hours=traffic,
        note=note,
        sources=tuple(dict.fromkeys((f.source, f.source_url) for f in family_fields)),
        basis=hours.basis,
        minutes_per_1000=hours.minutes_per_1000_requests,
        premium_ppp_per_1000=premium.premium_ppp_per_1000_requests if premium else None,
    )


def people_section(
    table: pa.Table, registry: Registry, living_wages: LivingWageTable | None = None
) -> PeopleSection:
    """The People section of ``table`` (an ``estimate_table`` or ``Ledger.activities()`` output).

    ``living_wages`` (a user table, see ``fairprint.people.wages``) overrides the
    registry's living wages (published benchmarks, else labelled proxies).
    """
    notes: list[str] = []
    has_datawork = registry.has_table("datawork")
    if not has_datawork:
        notes.append("the registry has no datawork table: supply-chain facts are not shown")
    if not registry.has_table("transparency"):
        notes.append("the registry has no transparency table: FMTI scores are not shown")
    if living_wages is None:
        notes.append(
            "living wages: the registry's published benchmarks, else labelled proxies "
            "(`fairprint people MODEL --living-wages FILE` overrides)"
        )
    if table.num_rows == 0:
        return PeopleSection((), (), 0, 0.0, (math.nan,) * 3, 0, tuple(notes))
    merged = _merge(_per_model(table), registry)
    models, sheets = [], {}
    for model_id, entry in merged.items():
        sheet = (
            datawork_sheet(model_id, registry, living_wages=living_wages)
            if entry["row"] is not None and has_datawork
            else None
        )
        sheets[model_id] = sheet
        models.append(_model(model_id, entry, sheet, registry))
    models.sort(key=lambda m: (-m.requests, -_known(m.gwp_kgco2e), m.model))
    by_provider: dict[str, list[ModelPeople]] = {}
    for model in models:
        if model.status != UNKNOWN_MODEL:
            by_provider.setdefault(model.provider, []).append(model)
    providers = [
        _provider(p, ms, [s for m in ms if (s := sheets[m.model]) is not None], registry)
        for p, ms in by_provider.items()
    ]
    hours = _column(table, "datawork_h")
    known = pc.is_valid(hours)
    requests = pc.fill_null(pc.cast(table["requests"], pa.int64()), 0)

    def total(name: str) -> float:
        value = pc.sum(pc.filter(_column(table, name), known)).as_py()
        return math.nan if value is None else float(value)

    gwp = pc.sum(_column(table, "gwp_kgco2e")).as_py()
    return PeopleSection(
        models=tuple(models),
        providers=tuple(providers),
        requests=int(pc.sum(requests).as_py() or 0),
        gwp_kgco2e=math.nan if gwp is None else float(gwp),
        datawork_h=(total("datawork_h_low"), total("datawork_h"), total("datawork_h_high")),
        datawork_unknown_requests=int(pc.sum(pc.filter(requests, pc.invert(known))).as_py() or 0),
        notes=tuple(notes),
    )
