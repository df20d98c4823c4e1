"""The headline figures of a validation run: agreement, coverage and interval width.

Why these three: "within 2x" asks whether the central value is useful on its own, "inside"
whether the interval is honest, and the median width whether the interval says anything
(an interval 600x wide contains everything). Widths are split by whether the model's size
is disclosed, because an undisclosed model is rightly less certain.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from fairprint.validation.compare import Comparison


@dataclass(frozen=True)
class Summary:
    """Shares are fractions of all cases (a case without an estimate counts as a miss)."""

    cases: int
    within_2x: int
    inside: int
    boundary_matched: int
    median_width_disclosed: float | None
    median_width_undisclosed: float | None
    geometric_mean_ratio: float | None
    disclosed_cases: int = 0
    disclosed_within_2x: int = 0
    disclosed_inside: int = 0

    @property
    def share_within_2x(self) -> float:
        return self.within_2x / self.cases if self.cases else 0.0

    @property
    def share_inside(self) -> float:
        return self.inside / self.cases if self.cases else 0.0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "cases": self.cases,
            "within_2x": self.within_2x,
            "share_within_2x": self.share_within_2x,
            "inside": self.inside,
            "share_inside": self.share_inside,
            "boundary_matched": self.boundary_matched,
            "median_width_disclosed": self.median_width_disclosed,
            "median_width_undisclosed": self.median_width_undisclosed,
            "geometric_mean_ratio": self.geometric_mean_ratio,
            "disclosed_cases": self.disclosed_cases,
            "disclosed_within_2x": self.disclosed_within_2x,
            "disclosed_inside": self.disclosed_inside,
        }


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def is_disclosed(comparison: Comparison) -> bool:
    """Whether the case's model has a published size (a stand-in never counts as one)."""
    return comparison.case.params_status == "disclosed" and not comparison.case.stand_in


def summarise(comparisons: Sequence[Comparison]) -> Summary:
    """The summary of a list of comparisons."""
    known = [c for c in comparisons if is_disclosed(c)]
    disclosed = [c.width for c in known if c.width is not None]
    undisclosed = [c.width for c in comparisons if c.width is not None and not is_disclosed(c)]
    ratios = [c.ratio for c in comparisons if c.ratio is not None and c.ratio > 0]
    geometric = math.exp(statistics.fmean(math.log(r) for r in ratios)) if ratios else None
    return Summary(
        cases=len(comparisons),
        within_2x=sum(c.within_2x for c in comparisons),
        inside=sum(c.inside for c in comparisons),
        boundary_matched=sum(c.boundary_matched for c in comparisons),
        median_width_disclosed=_median(disclosed),
        median_width_undisclosed=_median(undisclosed),
        geometric_mean_ratio=geometric,
        disclosed_cases=len(known),
        disclosed_within_2x=sum(c.within_2x for c in known),
        disclosed_inside=sum(c.inside for c in known),
    )
