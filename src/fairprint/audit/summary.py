"""From per-worker measures to the k-anonymous audit figures every output is drawn from.

Everything returned here is safe to print, store and publish: aggregates over groups of at
least k workers, counts, and shares; never a per-worker row, a minimum or a maximum.
The report renderers (terminal, HTML, JSON) and the ledger read only this dictionary.

Wage comparisons are made in the country's currency when the worker's pay and the wage
reference are both known in it, and in PPP dollars otherwise. A worker whose country has
no reference is counted as "not compared", never as above or below.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from fairprint.audit.config import AuditConfig
from fairprint.audit.privacy import group_labels, k_histogram, safe_percentiles
from fairprint.audit.schema import HARMFUL_CATEGORIES
from fairprint.audit.wages import CountryWages

__all__ = ["summarise"]


def _col(table: pa.Table, name: str) -> np.ndarray:
    return table.column(name).to_numpy(zero_copy_only=False).astype(float)


def _div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1.0), np.nan)


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


class _Workers:
    """The per-worker columns as NumPy arrays, with the derived hourly rates."""

    def __init__(self, table: pa.Table) -> None:
        self.n = table.num_rows
        self.country = np.array(
            [c or "unknown" for c in table.column("country").to_pylist()], dtype=object
        )
        self.currency = table.column("currency").to_pylist()
        currencies = {c for c in self.currency if c} | {
            c for c in table.column("currency_max").to_pylist() if c
        }
        self.single_currency = next(iter(currencies)) if len(currencies) == 1 else None
        self.paid_tasks = _col(table, "paid_tasks")
        self.priced_sessions = _col(table, "priced_sessions")
        self.paid_s = _col(table, "paid_s")
        self.all_s = _col(table, "all_s")
        self.pay_local = _col(table, "pay_local")
        self.pay_ppp = _col(table, "pay_ppp")
        self.pay_amount = _col(table, "pay_amount")
        self.lost_amount = _col(table, "lost_amount")
        self.lost_ppp = _col(table, "lost_ppp")
        self.local_per_unit = _col(table, "local_per_unit")
        self.ppp_per_unit = _col(table, "ppp_per_unit")
        self.references: dict[tuple[str, str], np.ndarray] = {
            (kind, unit): _col(table, f"{kind}_{unit}")
            for kind in ("minimum", "living")
            for unit in ("local", "ppp")
        }
        self.priced = self.priced_sessions > 0
        self.paid_h = self.paid_s / 3600
        self.all_h = self.all_s / 3600
        self.hourly = {
            ("paid", "local"): _div(self.pay_local, self.paid_h),
            ("all", "local"): _div(self.pay_local, self.all_h),
            ("paid", "ppp"): _div(self.pay_ppp, self.paid_h),
            ("all", "ppp"): _div(self.pay_ppp, self.all_h),
            ("paid", "pay"): _div(self.pay_amount, self.paid_h),
            ("all", "pay"): _div(self.pay_amount, self.all_h),
        }

    def below(self, kind: str, basis: str) -> tuple[np.ndarray, np.ndarray]:
        """(compared, below) masks for the ``kind`` wage on the ``basis`` hourly rate."""
        ref_local = self.references[(kind, "local")]
        ref_ppp = self.references[(kind, "ppp")]
        local = self.hourly[(basis, "local")]
        ppp = self.hourly[(basis, "ppp")]
        by_local = np.isfinite(ref_local) & np.isfinite(local)
        by_ppp = ~by_local & np.isfinite(ref_ppp) & np.isfinite(ppp)
        below = (by_local & (local < ref_local)) | (by_ppp & (ppp < ref_ppp))
        return by_local | by_ppp, below


def _wage_shares(w: _Workers, mask: np.ndarray, k: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in ("minimum", "living"):
        entry: dict[str, Any] = {}
        for basis, hours in (("paid_time", w.paid_h), ("all_time", w.all_h)):
            compared, below = w.below(kind, "paid" if basis == "paid_time" else "all")
            compared &= mask
            below &= mask
            n = int(compared.sum())
            if n < k:
                entry[basis] = None
                continue
            entry[basis] = {
                "workers_compared": n,
                "workers_below": int(below.sum()),
                "share_of_workers_below": float(below.sum() / n),
                "share_of_hours_below": _ratio(
                    float(hours[below].sum()), float(hours[compared].sum())
                ),
            }
        entry["workers_without_reference"] = int((mask & w.priced).sum()) - max(
            (entry[b] or {}).get("workers_compared", 0) for b in ("paid_time", "all_time")
        )
        out[kind] = entry
    return out


def _premium(w: _Workers, k: int) -> dict[str, Any] | None:
    """What it costs to bring every worker to the living wage over all their hours."""
    short_local = np.maximum(0.0, w.references[("living", "local")] * w.all_h - w.pay_local)
    short_ppp = np.maximum(0.0, w.references[("living", "ppp")] * w.all_h - w.pay_ppp)
    short_pay = np.where(
        np.isfinite(short_local) & (w.local_per_unit > 0),
        short_local / w.local_per_unit,
        _div(short_ppp, w.ppp_per_unit),
    )
    short_ppp = np.where(np.isfinite(short_ppp), short_ppp, short_pay * w.ppp_per_unit)
    # covered: a living wage is known AND the worker's pay could be converted to compare
    covered = w.priced & (np.isfinite(short_ppp) | np.isfinite(short_pay))
    if int(covered.sum()) < k:
        return None
    tasks = float(w.paid_tasks[covered].sum())
    # a total is given only when every covered worker has a figure in that unit
    ppp_known = bool(np.isfinite(short_ppp[covered]).all())
    pay_known = bool(np.isfinite(short_pay[covered]).all()) and w.single_currency is not None
    total_ppp = float(short_ppp[covered].sum()) if ppp_known else None
    total_pay = float(short_pay[covered].sum()) if pay_known else None
    return {
        "workers_covered": int(covered.sum()),
        "workers_below_living_wage": int(
            (covered & ((np.nan_to_num(short_ppp) > 0) | (np.nan_to_num(short_pay) > 0))).sum()
        ),
        "workers_not_covered": int((w.priced & ~covered).sum()),
        "paid_tasks": int(tasks),
        "total_ppp_usd": total_ppp,
        "per_task_ppp_usd": _ratio(total_ppp, tasks) if total_ppp is not None else None,
        "currency": w.single_currency,
        "total_pay_currency": total_pay,
        "per_task_pay_currency": _ratio(total_pay, tasks) if total_pay is not None else None,
        "basis": "all time (paid + unpaid), living wage of each worker's country",
    }


def _rates(w: _Workers, statuses: dict[str, int]) -> dict[str, Any]:
    total = sum(statuses.values())
    handed_in = sum(statuses.get(s, 0) for s in ("approved", "submitted", "rejected"))
    rejected = statuses.get("rejected", 0)
    abandoned = statuses.get("returned", 0) + statuses.get("abandoned", 0)
    return {
        "sessions": total,
        "by_status": {s: statuses.get(s, 0) for s in sorted(statuses)},
        "rejection_rate": _ratio(rejected, handed_in),
        "abandonment_rate": _ratio(abandoned, total),
        "pending_counted_as_paid": statuses.get("submitted", 0),
        "pay_lost_to_rejections": {
            "currency": w.single_currency,
            "amount": float(w.lost_amount.sum()) if w.single_currency else None,
            "ppp_usd": float(np.nansum(w.lost_ppp)) if np.isfinite(w.lost_ppp).any() else None,
        },
    }


def _quantiles(values: list[Any]) -> dict[str, float] | None:
    spread, mean = values
    if spread is None:
        return None
    keys = ("p10", "p25", "p50", "p75", "p90")
    return {**{k: float(v) for k, v in zip(keys, spread, strict=True)}, "mean": float(mean)}


def _exposure(raw: dict[str, Any], config: AuditConfig) -> dict[str, Any]:
    """Exposure figures with k-anonymity: suppressed below k exposed workers, per week too."""
    k = config.k
    out: dict[str, Any] = {
        "limit_hours_day": config.exposure_limit_hours_day,
        "limit_hours_week": config.exposure_limit_hours_week,
        "categories": list(HARMFUL_CATEGORIES),
    }
    exposed = raw["exposed_workers"]
    if exposed == 0:
        return {**out, "exposed_workers": 0, "suppressed": False, "weeks": []}
    if exposed < k:
        return {**out, "exposed_workers": None, "suppressed": True, "weeks": []}
    weeks = [
        {
            "week": week.isoformat(),
            "exposed_workers": workers,
            "hours": float(hours),
            "worker_days_over_limit": over,
        }
        for week, workers, hours, over in raw["weeks"]
        if workers >= k
    ]
    return {
        **out,
        "suppressed": False,
        "exposed_workers": exposed,
        "hours_total": float(raw["hours_total"]),
        "hours_per_worker_day": _quantiles(raw["day_quantiles"]),
        "hours_per_worker_week": _quantiles(raw["week_quantiles"]),
        "workers_over_day_limit": raw["workers_over_day_limit"],
        "workers_over_week_limit": raw["workers_over_week_limit"],
        "weeks": weeks,
        "weeks_suppressed": len(raw["weeks"]) - len(weeks),
    }


def _countries(w: _Workers, wages: dict[str, CountryWages], k: int) -> tuple[list[dict], list[str]]:
    counts: dict[str, int] = {}
    for country in w.country:
        counts[country] = counts.get(country, 0) + 1
    labels, notes = group_labels(counts, k)
    shown = np.array([labels[c] for c in w.country], dtype=object)
    rows = []
    for label in sorted(
        {v for v in labels.values() if v is not None}, key=lambda g: (g == "other", g)
    ):
        mask = shown == label
        ref = wages.get(label)
        hourly_all = w.hourly[("all", "ppp")][mask]
        local = w.hourly[("all", "local")][mask]
        shares = _wage_shares(w, mask, k)
        rows.append(
            {
                "group": label,
                "workers": int(mask.sum()),
                "hours_all": float(w.all_h[mask].sum()),
                "hours_paid": float(w.paid_h[mask].sum()),
                "median_hourly_all_ppp_usd": _median(hourly_all, k),
                "median_hourly_paid_ppp_usd": _median(w.hourly[("paid", "ppp")][mask], k),
                "currency": ref.currency if ref else None,
                "median_hourly_all_local": _median(local, k) if ref else None,
                "minimum_wage": _ref(ref.minimum) if ref else None,
                "living_wage": _ref(ref.living) if ref else None,
                "share_below_minimum": (
                    (shares["minimum"]["all_time"] or {}).get("share_of_workers_below")
                ),
                "share_below_living": (
                    (shares["living"]["all_time"] or {}).get("share_of_workers_below")
                ),
            }
        )
    return rows, notes


def _median(values: np.ndarray, k: int) -> float | None:
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size >= k else None


def _ref(ref: Any) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "hourly_local": ref.hourly_local,
        "hourly_ppp_usd": ref.hourly_ppp_usd,
        "currency": ref.currency,
        "year": ref.year,
        "scope": ref.scope,
        "source": ref.source,
        "licence": ref.licence,
    }


def summarise(
    workers: pa.Table,
    statuses: dict[str, int],
    exposure: dict[str, Any],
    wages: list[CountryWages],
    config: AuditConfig,
) -> dict[str, Any]:
    """The k-anonymous figures of one audit (see the module docstring for the rules)."""
    k = config.k
    w = _Workers(workers)
    if w.n < k:
        return {
            "suppressed": True,
            "privacy": {
                "k": k,
                "notes": [f"the log has fewer than {k} workers: every figure is suppressed"],
            },
        }
    by_country = {c.country: c for c in wages}
    countries, notes = _countries(w, by_country, k)
    shown = {row["group"] for row in countries}
    lines = []
    for country in sorted(shown & set(by_country)):
        for kind in ("minimum", "living"):
            ref = getattr(by_country[country], kind)
            if ref is not None and ref.hourly_ppp_usd is not None:
                lines.append(
                    {"label": f"{country} {kind} wage", "kind": kind, "value": ref.hourly_ppp_usd}
                )
    hourly_all = w.hourly[("all", "ppp")]
    upper = max(
        [line["value"] for line in lines]
        + [float(np.nanpercentile(hourly_all, 90)) if np.isfinite(hourly_all).any() else 0.0]
    )
    pay_currency = w.single_currency
    return {
        "suppressed": False,
        "privacy": {"k": k, "notes": notes},
        "population": {
            "workers": w.n,
            "workers_with_pay": int(w.priced.sum()),
            "hours_paid": float(w.paid_h.sum()),
            "hours_unpaid": float((w.all_h - w.paid_h).sum()),
        },
        "pay": {
            "pay_currency": pay_currency,
            "hourly_paid_time_ppp_usd": safe_percentiles(w.hourly[("paid", "ppp")], k),
            "hourly_all_time_ppp_usd": safe_percentiles(hourly_all, k),
            "hourly_paid_time_pay_currency": safe_percentiles(w.hourly[("paid", "pay")], k)
            if pay_currency
            else None,
            "hourly_all_time_pay_currency": safe_percentiles(w.hourly[("all", "pay")], k)
            if pay_currency
            else None,
        },
        "wages": _wage_shares(w, np.ones(w.n, dtype=bool), k),
        "rates": _rates(w, statuses),
        "premium": _premium(w, k),
        "exposure": _exposure(exposure, config),
        "countries": countries,
        "histogram": {
            "unit": "PPP $ per hour, all time (paid + unpaid)",
            "bins": [b.__dict__ for b in k_histogram(hourly_all, k, upper=upper * 1.1)],
            "upper": upper * 1.1,
            "lines": lines,
        },
    }
