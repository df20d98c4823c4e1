"""Human data work by analogy, for a model whose developer discloses nothing.

Why an analogy and not a blank: "undisclosed" alone tells a user nothing about how much
human work sits behind a request. The disclosed post-training pipelines (InstructGPT,
Llama 2, OpenAssistant, Anthropic's HH-RLHF, ...) give the order of magnitude; the spread
between them is the uncertainty, and the estimate is always labelled as such beside the
disclosure status (it is never shown as a disclosure).

Method (docs/people.md, "Human work by analogy")::

    H_f     = sum_k N_{f,k} x t_k / 60                 per disclosed pipeline f
    H_low   = min_f H_f,low    H_high = max_f H_f,high
    H       = geometric mean of the H_f                 (central)

* ``N_{f,k}``: the disclosed annotation counts of pipeline ``f`` for the chat kinds
  (SFT demonstrations, preference comparisons, red-team attempts) in ``datawork.csv``.
* ``t_k``: minutes per annotation of kind ``k`` — the pipeline's own disclosed time when
  it publishes one, else the published times recorded in ``datawork.csv`` for that kind
  from any source: ``minutes_per_annotation`` rows of ``family = *``, and
  ``minutes_per_task`` rows whose ``item`` names the kind or whose ``unit`` is a time per
  chatbot response *rated* (a rater's judgment of a response is the work of one preference
  comparison). Several times for a kind: low = smallest low, central = median, high =
  largest high.
* A kind with no published time is left out of that pipeline's hours, and the result says
  which kinds were left out: the analogy is then a lower bound on that side (SFT
  demonstrations, writing a response, take longer than rating one).
* The driver is the **model family**: one post-training data set serves every size of a
  family (Llama 2's 7B, 13B and 70B chat models share its 27,540 SFT annotations and
  1,418,091 comparisons), so the hours are per family and are not scaled by parameter
  count; the family's lifetime requests divide them.

No pipeline with both counts and times: no analogy (the hours stay unknown).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fairprint.registry import DATAWORK

if TYPE_CHECKING:
    from fairprint.registry import Registry

__all__ = [
    "ANALOGY_KINDS",
    "ANALOGY_LABEL",
    "AnalogyHours",
    "ReferencePipeline",
    "analogy_hours",
    "default_lifetime_requests",
    "reference_pipelines",
]

Row = Mapping[str, str | float | int]

ANALOGY_KINDS: tuple[str, ...] = ("sft_demonstrations", "preference_comparisons", "red_team")
"""Annotation kinds of a chat model's post-training that the analogy transfers."""

ANALOGY_LABEL = "estimated by analogy — the developer discloses nothing"

LIFETIME_PARAMETER = "lifetime_requests_per_family"
"""parameters.csv row holding the default (low, central, high) lifetime requests."""


@dataclass(frozen=True)
class ReferencePipeline:
    """One disclosed post-training pipeline the analogy draws on (hours per family)."""

    family: str
    provider: str
    annotations: float
    hours_low: float
    hours: float
    hours_high: float
    times_from: str
    sources: tuple[str, ...]
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnalogyHours:
    """Analogy hours (low, central, high) and the pipelines and studies behind them."""

    hours_low: float
    hours: float
    hours_high: float
    pipelines: tuple[ReferencePipeline, ...]
    sources: tuple[str, ...]


def _triple(row: Row) -> tuple[float, float, float]:
    mid = float(row["value"])
    low, high = float(row["value_low"]), float(row["value_high"])
    return (mid if math.isnan(low) else low, mid, mid if math.isnan(high) else high)


def _cite(row: Row) -> str:
    return f"{row['source']} <{row['source_url']}>"


def _kind_of_time(row: Row) -> str | None:
    """The annotation kind a published time row measures, or ``None`` if not a chat kind."""
    if row["status"] == "undisclosed" or math.isnan(float(row["value"])):
        return None
    item = str(row["item"])
    if row["field"] == "minutes_per_annotation" and str(row["family"]) == "*":
        return item if item in ANALOGY_KINDS else ""
    if row["field"] == "minutes_per_task":
        if item in ANALOGY_KINDS:
            return item
        if "response rated" in str(row["unit"]).lower():
            return "preference_comparisons"
    return None


def _study_minutes(rows: Sequence[Row]) -> dict[str, tuple[tuple[float, float, float], list[str]]]:
    """Published minutes per annotation by kind ("" = any kind), see the module doc."""
    by_kind: dict[str, list[Row]] = {}
    for row in rows:
        kind = _kind_of_time(row)
        if kind is not None:
            by_kind.setdefault(kind, []).append(row)
    out = {}
    for kind, found in by_kind.items():
        triples = [_triple(r) for r in found]
        out[kind] = (
            (
                min(t[0] for t in triples),
                float(statistics.median(t[1] for t in triples)),
                max(t[2] for t in triples),
            ),
            sorted({_cite(r) for r in found}),
        )
    return out


def _pipeline(
    family: str,
    rows: Sequence[Row],
    studies: Mapping[str, tuple[tuple[float, float, float], list[str]]],
) -> ReferencePipeline | None:
    counts = [
        r
        for r in rows
        if r["field"] in ANALOGY_KINDS
        and r["status"] != "undisclosed"
        and not math.isnan(float(r["value"]))
    ]
    own = {
        str(r["item"]) or "": r
        for r in rows
        if r["field"] == "minutes_per_annotation"
        and r["status"] != "undisclosed"
        and not math.isnan(float(r["value"]))
    }
    hours = [0.0, 0.0, 0.0]
    sources: set[str] = set()
    used_study = False
    counted = 0.0
    left_out: set[str] = set()
    for row in counts:
        kind = str(row["field"])
        if (own_row := own.get(kind) or own.get("")) is not None:
            minutes, cites = _triple(own_row), [_cite(own_row)]
        elif (study := studies.get(kind) or studies.get("")) is not None:
            minutes, cites = study
            used_study = True
        else:
            left_out.add(kind)
            continue
        n = _triple(row)
        for i in range(3):
            hours[i] += n[i] * minutes[i] / 60.0
        counted += n[1]
        sources.update([_cite(row), *cites])
    if counted == 0:
        return None
    return ReferencePipeline(
        family=family,
        provider=str(counts[0]["provider"]),
        annotations=counted,
        hours_low=hours[0],
        hours=hours[1],
        hours_high=hours[2],
        times_from="published studies" if used_study else "the pipeline's own disclosure",
        sources=tuple(sorted(sources)),
        left_out=tuple(sorted(left_out)),
    )


def reference_pipelines(registry: Registry) -> tuple[ReferencePipeline, ...]:
    """Every family whose chat-annotation counts and times (own or studied) are known."""
    if not registry.has_table("datawork"):
        return ()
    rows = registry.extra_table("datawork", DATAWORK).rows
    studies = _study_minutes(rows)
    families: dict[str, list[Row]] = {}
    for row in rows:
        if str(row["family"]) not in ("*", ""):
            families.setdefault(str(row["family"]).lower(), []).append(row)
    found = (_pipeline(f, r, studies) for f, r in sorted(families.items()))
    return tuple(p for p in found if p is not None and p.hours > 0)


def analogy_hours(registry: Registry) -> AnalogyHours | None:
    """The analogy range over the reference pipelines (module doc), or ``None``."""
    pipelines = reference_pipelines(registry)
    if not pipelines:
        return None
    central = math.exp(statistics.fmean(math.log(p.hours) for p in pipelines))
    return AnalogyHours(
        hours_low=min(p.hours_low for p in pipelines),
        hours=central,
        hours_high=max(p.hours_high for p in pipelines),
        pipelines=pipelines,
        sources=tuple(sorted({s for p in pipelines for s in p.sources})),
    )


def default_lifetime_requests(registry: Registry) -> tuple[float, float, float] | None:
    """The registry's stated lifetime requests of a model family (low, central, high).

    ``None`` when the registry (a user's trimmed copy) has no such parameter.
    """
    parameter = registry.parameters.get(LIFETIME_PARAMETER)
    if parameter is None:
        return None
    return (parameter.low, parameter.central, parameter.high)
