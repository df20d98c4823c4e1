"""Predict a long job's total energy and footprint from its first steps or epochs.

Why: a training run's footprint is most useful before it is spent. After ``predict_after``
steps, the energy per step (measured, excluding the first ``warmup_steps``, which carry
start-up costs) is extrapolated to ``total_steps``. The range is the mean step energy
± 2 standard errors, times the remaining steps; it assumes later steps resemble the
measured ones (same batch size, no evaluation phases), which the prediction states.
"""

from __future__ import annotations

import itertools
import logging
import math
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.errors import TrackingError

if TYPE_CHECKING:
    from fairprint.registry import Registry
    from fairprint.track.compute import Measurement

log = logging.getLogger("fairprint.track")


@dataclass(frozen=True)
class Prediction:
    """Expected totals for the whole job, with a low/high range for the energy."""

    steps_done: int
    total_steps: int
    energy_kwh: float
    energy_kwh_low: float
    energy_kwh_high: float
    duration_s: float
    zone: str

    def impacts(self, registry: Registry | None = None) -> pa.Table:
        """The predicted energy priced for the zone (low, central, high scenarios as rows)."""
        from fairprint.impacts import estimate_table

        rows = [
            {
                "activity_id": f"prediction-{which}",
                "source": "prediction",
                "provider": "local",
                "region": self.zone,
                "operation": "compute",
                "requests": 0,
                "input_tokens": 0,
                "cached_input_tokens": 0,
                "cache_write_tokens": 0,
                "output_tokens": 0,
                "reasoning_tokens": 0,
                "duration_s": self.duration_s,
                "measured_energy_kwh": energy,
                "attributes": f'{{"scenario": "{which}"}}',
            }
            for which, energy in (
                ("low", self.energy_kwh_low),
                ("central", self.energy_kwh),
                ("high", self.energy_kwh_high),
            )
        ]
        return estimate_table(
            pa.Table.from_pylist(rows, schema=ACTIVITY_SCHEMA), registry, on_unknown="null"
        )

    def describe(self) -> str:
        return (
            f"after {self.steps_done}/{self.total_steps} steps: expected total "
            f"{self.energy_kwh:.4g} kWh ({self.energy_kwh_low:.4g}-"
            f"{self.energy_kwh_high:.4g}) over {self.duration_s / 3600:.3g} h, assuming "
            "the remaining steps resemble the measured ones"
        )


class Predictor:
    """Call ``step()`` at the end of each step/epoch inside a ``measure()`` block."""

    def __init__(
        self,
        measurement: Measurement,
        total_steps: int,
        *,
        predict_after: int = 3,
        warmup_steps: int = 1,
    ) -> None:
        if total_steps <= 0:
            raise TrackingError(f"total_steps must be positive, got {total_steps}")
        if predict_after <= warmup_steps:
            raise TrackingError(
                "predict_after must exceed warmup_steps: at least one "
                "step after warm-up is needed to measure a step"
            )
        self.measurement = measurement
        self.total_steps = total_steps
        self.predict_after = predict_after
        self.warmup_steps = warmup_steps
        self._marks: list[tuple[float, float]] = [(time.monotonic(), 0.0)]
        self.prediction: Prediction | None = None

    def step(self, energy_kwh: float | None = None) -> Prediction | None:
        """Mark the end of a step; returns (and logs, once) the prediction when it is due.

        ``energy_kwh`` (the energy so far) is read from the measurement when not given.
        """
        energy = self.measurement.energy_kwh_so_far() if energy_kwh is None else energy_kwh
        self._marks.append((time.monotonic(), energy))
        done = len(self._marks) - 1
        if done >= self.predict_after and self.prediction is None:
            self.prediction = self.predict()
            log.warning("fairprint prediction %s", self.prediction.describe())
        return self.prediction if done >= self.predict_after else None

    def predict(self) -> Prediction:
        done = len(self._marks) - 1
        if done <= self.warmup_steps:
            raise TrackingError(
                f"{done} step(s) recorded; a prediction needs more than the "
                f"{self.warmup_steps} warm-up step(s)"
            )
        if any(math.isnan(e) for _, e in self._marks):
            raise TrackingError(
                "the measurement's energy is unknown (see its notes): nothing "
                "to extrapolate; give cpu_watts or run where counters exist"
            )
        steps = self._marks[self.warmup_steps :]
        energies = [b[1] - a[1] for a, b in itertools.pairwise(steps)]
        seconds = [b[0] - a[0] for a, b in itertools.pairwise(steps)]
        mean = statistics.fmean(energies)
        spread = (
            2 * statistics.stdev(energies) / math.sqrt(len(energies)) if len(energies) > 1 else 0.0
        )
        remaining = max(self.total_steps - done, 0)
        so_far = self._marks[-1][1]
        elapsed = self._marks[-1][0] - self._marks[0][0]
        return Prediction(
            steps_done=done,
            total_steps=self.total_steps,
            energy_kwh=so_far + mean * remaining,
            energy_kwh_low=so_far + max(mean - spread, 0.0) * remaining,
            energy_kwh_high=so_far + (mean + spread) * remaining,
            duration_s=elapsed + statistics.fmean(seconds) * remaining,
            zone=self.measurement.zone,
        )
