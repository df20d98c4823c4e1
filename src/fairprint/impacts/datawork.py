"""Embedded human data work: hours, amortisation per request, wage gap, fair-data premium.

The kernels are pure NumPy: arrays in, arrays out, NaN for unknown. An undisclosed input
stays NaN all the way through; it is never read as 0 (a model whose annotation time is
unknown has *unknown* data work, not none). Equations:

* Human hours of a family (``human_hours``)::

      H = sum_k  N_k x t_k / 60            N_k annotations of kind k, t_k minutes each

  ranges: ``H_low`` uses the low counts and low minutes, ``H_high`` the high ones. Where a
  developer or vendor discloses the hours themselves (e.g. Toloka's 4,349 h of PII labelling
  for StarCoder), those are used instead.
* Amortisation per request (``per_request``)::

      h_req = H / R                        R = lifetime requests served by the model

  ``R`` is not published by any provider: the default is the registry's stated range
  ``lifetime_requests_per_family`` (parameters.csv, argued from OpenAI's published daily
  ChatGPT volumes), a user may set their own; the favourable (low-impact) end divides the
  fewest hours by the most requests. Shown as **human minutes per 1,000 requests**
  (``h_req x 60 x 1000``).
* Where the developer discloses nothing, the hours are estimated *by analogy* from the
  disclosed pipelines (``fairprint.impacts.datawork_analogy``); the disclosure status stays
  "undisclosed" and ``basis`` says "analogy".
* Wage gap (``wage_gap``)::

      ratio = pay / reference              shortfall = max(reference - pay, 0)

  both hourly in the same unit (PPP-$ of private consumption, see ``fairprint.people.wages``).
* Fair-data premium (``fair_data_premium``)::

      P = H x shortfall                    P_per_million = P / R x 10^6

  the Fairtrade-style premium: what it would take to bring the known hours up to the
  reference wage, in total and per million requests.

Sources of the counts, times and pay: ``registry/data/datawork.csv`` (each row cited);
wages and PPP: ``wages.csv``, ``currency.csv``. See docs/people.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from fairprint.errors import InputError
from fairprint.impacts.datawork_analogy import (
    ANALOGY_LABEL,
    analogy_hours,
    default_lifetime_requests,
)
from fairprint.registry import ANNOTATION_KINDS, DATAWORK

if TYPE_CHECKING:
    from fairprint.registry import Registry

__all__ = [
    "DataworkPerRequest",
    "datawork_hours_columns",
    "datawork_per_request",
    "fair_data_premium",
    "human_hours",
    "lifetime_range",
    "per_million_requests",
    "per_request",
    "wage_gap",
]

Floats = NDArray[np.float64]


def _array(values: ArrayLike) -> Floats:
    return np.asarray(values, dtype=np.float64)


def human_hours(counts: ArrayLike, minutes_per_annotation: ArrayLike) -> float:
    """Total hours ``sum(N_k * t_k) / 60``; NaN if any count or time is unknown."""
    counts_arr, minutes_arr = _array(counts), _array(minutes_per_annotation)
    if counts_arr.shape != minutes_arr.shape:
        raise ValueError("counts and minutes must have one entry per annotation kind")
    if counts_arr.size == 0:
        return math.nan
    return float(np.sum(counts_arr * minutes_arr) / 60.0)


def per_request(hours: ArrayLike, lifetime_requests: ArrayLike) -> Floats:
    """Hours per request ``H / R`` (NaN where either is unknown or ``R <= 0``)."""
    hours_arr, requests_arr = _array(hours), _array(lifetime_requests)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(requests_arr > 0, hours_arr / requests_arr, np.nan)


def wage_gap(pay_hourly: ArrayLike, reference_hourly: ArrayLike) -> tuple[Floats, Floats]:
    """``(pay / reference, max(reference - pay, 0))`` in the unit of the inputs."""
    pay, reference = _array(pay_hourly), _array(reference_hourly)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(reference > 0, pay / reference, np.nan)
    return ratio, np.maximum(reference - pay, 0.0)


def fair_data_premium(hours: ArrayLike, shortfall_hourly: ArrayLike) -> Floats:
    """Premium ``H x shortfall``: cost of lifting the known hours to the reference wage."""
    return _array(hours) * _array(shortfall_hourly)


def per_million_requests(amount: ArrayLike, lifetime_requests: ArrayLike) -> Floats:
    """``amount / R x 10^6`` (NaN where ``R`` is unknown or not positive)."""
    return per_request(amount, lifetime_requests) * 1e6


@dataclass(frozen=True)
class DataworkPerRequest:
    """The embedded data work of one model: total and per request, with its sources.

    ``status`` is the *disclosure* status: "disclosed" (every input published),
    "estimated" (some input estimated, reasoning in the registry notes) or "undisclosed".
    ``basis`` says where the hours come from: "disclosure" (the family's own rows),
    "analogy" (the developer discloses nothing; estimated from the disclosed pipelines
    named in ``analogy_pipelines``) or "none" (unknown: the hour fields are ``None``).
    Per-request values divide by ``lifetime_requests`` (low, central, high): the caller's,
    else the registry's stated range; ``None`` when neither exists.
    """

    model_id: str
    family: str
    provider: str
    status: str
    total_hours_low: float | None
    total_hours: float | None
    total_hours_high: float | None
    hours_per_request_low: float | None = None
    hours_per_request: float | None = None
    hours_per_request_high: float | None = None
    lifetime_requests: tuple[float, float, float] | None = None
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    basis: str = "disclosure"
    analogy_pipelines: tuple[str, ...] = ()

    @property
    def status_label(self) -> str:
        """The disclosure status, with the analogy label beside it when one is used."""
        if self.basis == "analogy":
            return f"{self.status}; {ANALOGY_LABEL}"
        return self.status

    @property
    def minutes_per_1000_requests(self) -> tuple[float, float, float] | None:
        """Human minutes per 1,000 requests (low, central, high), or ``None`` if unknown."""
        values = (self.hours_per_request_low, self.hours_per_request, self.hours_per_request_high)
        if any(v is None for v in values):
            return None
        low, mid, high = (float(v) * 60.0 * 1000.0 for v in values if v is not None)
        return (low, mid, high)


def _value(row: Mapping[str, str | float | int], which: str) -> float:
    value = float(row[which])
    return float(row["value"]) if math.isnan(value) else value


def _none(value: float) -> float | None:
    return None if math.isnan(value) else value


def family_rows(family: str, registry: Registry) -> list[Mapping[str, str | float | int]]:
    """The datawork.csv rows of one model family (case-insensitive; never provider-wide).

    A registry folder without a datawork table (a user's trimmed copy) discloses nothing.
    """
    key = family.strip().lower()
    if not key or key == "*" or not registry.has_table("datawork"):
        return []
    return [
        r
        for r in registry.extra_table("datawork", DATAWORK).rows
        if str(r["family"]).lower() == key
    ]


def _hours_from_rows(
    rows: Sequence[Mapping[str, str | float | int]],
) -> tuple[tuple[float, float, float], str, list[str]]:
    disclosed = [
        r for r in rows if r["field"] == "annotation_hours" and r["status"] != "undisclosed"
    ]
    if disclosed:
        triple = tuple(
            sum(_value(r, w) for r in disclosed) for w in ("value_low", "value", "value_high")
        )
        status = "estimated" if any(r["status"] == "estimated" for r in disclosed) else "disclosed"
        return (triple[0], triple[1], triple[2]), status, []
    counts = [
        r
        for r in rows
        if r["field"] in ANNOTATION_KINDS
        and r["status"] != "undisclosed"
        and not math.isnan(float(r["value"]))
    ]
    if not counts:
        return (math.nan,) * 3, "undisclosed", ["no annotation counts disclosed"]
    minutes = {
        str(r["item"]) or "*": r
        for r in rows
        if r["field"] == "minutes_per_annotation" and not math.isnan(float(r["value"]))
    }
    triples = []
    missing = []
    for row in counts:
        time_row = minutes.get(str(row["field"])) or minutes.get("*")
        if time_row is None:
            missing.append(str(row["field"]))
            continue
        triples.append((row, time_row))
    if missing:
        return (
            (math.nan,) * 3,
            "undisclosed",
            [f"time per annotation not disclosed for {', '.join(sorted(set(missing)))}"],
        )
    hours = tuple(
        human_hours([_value(c, w) for c, _ in triples], [_value(t, w) for _, t in triples])
        for w in ("value_low", "value", "value_high")
    )
    used = [r for pair in triples for r in pair]
    status = "estimated" if any(r["status"] == "estimated" for r in used) else "disclosed"
    return (hours[0], hours[1], hours[2]), status, []


def datawork_per_request(
    model_id: str,
    registry: Registry,
    lifetime_requests: tuple[float, float, float] | None = None,
) -> DataworkPerRequest:
    """Embedded human hours of ``model_id``'s family, total and per request (see module doc).

    The model's ``family`` (models.csv) selects the datawork.csv rows; provider-wide rows
    (``family = *``) describe a supply chain, not this model's annotation volume, so they
    never enter the hours. A family with no disclosed hours gets the analogy estimate.
    Raises ``UnknownModelError`` for an unknown model, ``InputError`` for a bad range.
    """
    model = registry.model(model_id)
    family = str(model.get("family") or "")
    provider = str(model["provider"])
    rows = family_rows(family, registry)
    requests = (
        lifetime_range(lifetime_requests)
        if lifetime_requests is not None
        else default_lifetime_requests(registry)
    )
    if rows:
        (h_low, h_mid, h_high), status, notes = _hours_from_rows(rows)
        sources = tuple(sorted({f"{r['source']} <{r['source_url']}>" for r in rows}))
    else:
        (h_low, h_mid, h_high), status = (math.nan,) * 3, "undisclosed"
        sources = ()
        notes = [
            f"no data-work disclosure recorded for family {family!r}"
            if family
            else "models.csv gives no family for this model"
        ]
    basis = "disclosure"
    pipelines: tuple[str, ...] = ()
    if status == "undisclosed":
        analogy = analogy_hours(registry)
        if analogy is None:
            basis = "none"
            notes.append("no disclosed pipeline with counts and times to estimate by analogy")
        else:
            basis = "analogy"
            h_low, h_mid, h_high = analogy.hours_low, analogy.hours, analogy.hours_high
            pipelines = tuple(p.family for p in analogy.pipelines)
            sources = analogy.sources
            notes.append(
                f"{ANALOGY_LABEL}: range over {len(pipelines)} disclosed pipeline(s) "
                f"({', '.join(pipelines)}), one post-training data set per family"
            )
            left_out = sorted({k for p in analogy.pipelines for k in p.left_out})
            if left_out:
                notes.append(
                    f"lower bound: {', '.join(left_out)} left out where no time per "
                    "annotation is published"
                )
    per: tuple[float | None, ...] = (None, None, None)
    if requests is not None and basis != "none":
        r_low, r_mid, r_high = requests
        per = tuple(
            _none(float(per_request(h, r)))
            for h, r in ((h_low, r_high), (h_mid, r_mid), (h_high, r_low))
        )
    elif basis != "none":
        notes = [*notes, "per-request values need a lifetime-requests assumption"]
    return DataworkPerRequest(
        model_id=str(model["model_id"]),
        family=family,
        provider=provider,
        status=status,
        total_hours_low=_none(h_low),
        total_hours=_none(h_mid),
        total_hours_high=_none(h_high),
        hours_per_request_low=per[0],
        hours_per_request=per[1],
        hours_per_request_high=per[2],
        lifetime_requests=requests,
        sources=sources,
        notes=tuple(notes),
        basis=basis,
        analogy_pipelines=pipelines,
    )


def lifetime_range(values: Sequence[float]) -> tuple[float, float, float]:
    """Validate a (low, central, high) lifetime-requests range; ``InputError`` if invalid."""
    try:
        low, central, high = (float(v) for v in values)
    except (TypeError, ValueError):
        raise InputError(
            f"lifetime requests {values!r}: give three numbers LOW, CENTRAL, HIGH"
        ) from None
    if not all(math.isfinite(v) for v in (low, central, high)) or not (0 < low <= central <= high):
        raise InputError(
            f"lifetime requests {low:g}, {central:g}, {high:g}: need 0 < LOW <= CENTRAL <= HIGH"
        )
    return (low, central, high)


def datawork_hours_columns(
    model_ids: Sequence[str],
    requests: ArrayLike,
    registry: Registry,
    lifetime_requests: tuple[float, float, float] | None = None,
) -> dict[str, Floats]:
    """Per-row embedded data work for an activity table: ``datawork_h`` and its range.

    ``datawork_h = hours_per_request(model) x requests``; NaN where the model's data work is
    undisclosed or no lifetime-requests assumption is given (never 0). Each distinct model
    is looked up once.
    """
    counts = _array(requests)
    per_model: dict[str, tuple[float, float, float]] = {}
    for model_id in set(model_ids):
        result = datawork_per_request(model_id, registry, lifetime_requests=lifetime_requests)
        values = (
            result.hours_per_request_low,
            result.hours_per_request,
            result.hours_per_request_high,
        )
        low, mid, high = (math.nan if v is None else v for v in values)
        per_model[model_id] = (low, mid, high)
    table = np.array([per_model[m] for m in model_ids], dtype=np.float64).reshape(-1, 3)
    return {
        "datawork_h_low": table[:, 0] * counts,
        "datawork_h": table[:, 1] * counts,
        "datawork_h_high": table[:, 2] * counts,
    }
