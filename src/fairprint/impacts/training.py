"""Amortised training: a model's disclosed whole-run footprint, shared by its requests.

Why: the ``lifecycle`` boundary adds the stages before serving. Training is disclosed as
one figure for the whole run (model cards, life-cycle studies); per request it is that
figure over the requests the model family serves in its life, a quantity nobody
publishes, so it is ranged by ``lifetime_requests_per_family`` (parameters.csv), the same
range the human data-work share uses. The arithmetic is ``arithmetic.amortised_training``.

Units of ``registry/data/training.csv``: GPU hours x GPU power (W) gives accelerator
energy (kWh) as the model cards compute it; tCO2e location-based, m3 of water, kg Sb eq.
A missing figure stays NaN (unknown) and is never derived here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fairprint.impacts.arithmetic import TRAINING_NAMES, amortised_training
from fairprint.impacts.datawork_analogy import default_lifetime_requests
from fairprint.registry import Registry

_NOTES: dict[str, str] = {
    "disclosed": "amortised training from the developer's disclosed whole-run figures "
    "over {low:.3g}-{high:.3g} lifetime requests (registry/data/training.csv)",
    "upper_bound": "amortised training, an UPPER BOUND: the developer's figures cover "
    "training and early use together, over {low:.3g}-{high:.3g} lifetime requests "
    "(registry/data/training.csv)",
}


@dataclass(frozen=True)
class Training:
    """Per-request training parts (rows: ``TRAINING_NAMES``; columns: low, central, high)."""

    per_request: np.ndarray
    note: str

    def parts(self, requests: float = 1.0) -> dict[str, np.ndarray]:
        return {name: requests * self.per_request[i] for i, name in enumerate(TRAINING_NAMES)}


UNKNOWN_NOTE = "amortised training unknown: the developer discloses no training footprint"


GPU_HOURS_ONLY_NOTE = (
    "amortised training unknown: the developer discloses GPU hours only, no power, "
    "energy or emissions (registry/data/training.csv)"
)


def whole_run(registry: Registry, model_id: str) -> tuple[np.ndarray, str] | None:
    """The model's whole-run training figures in ``TRAINING_NAMES`` units, and its basis."""
    row = registry.training(model_id)
    if row is None:
        return None
    energy_kwh = float(row["gpu_hours"]) * float(row["gpu_power_w"]) / 1000.0
    values = np.array(
        [
            energy_kwh,
            float(row["gwp_location_tco2e"]) * 1000.0,
            float(row["water_m3"]) * 1000.0,
            float(row["adpe_kgsbeq"]),
        ]
    )
    return values, str(row["basis"])


def training_per_request(registry: Registry, model_id: str | None) -> Training:
    """Amortised training of one request to ``model_id`` (NaN parts where unknown)."""
    unknown = Training(np.full((len(TRAINING_NAMES), 3), np.nan), UNKNOWN_NOTE)
    lifetime = default_lifetime_requests(registry)
    found = whole_run(registry, model_id) if model_id else None
    if found is None or lifetime is None:
        return unknown
    values, basis = found
    if np.isnan(values).all():
        return Training(unknown.per_request, GPU_HOURS_ONLY_NOTE)
    requests = np.asarray(lifetime, dtype=float)
    note = _NOTES[basis].format(low=requests[0], high=requests[2])
    return Training(amortised_training(values, requests), note)
