"""Embodied impacts of hardware, allocated by accelerator time.

``I_embodied = t_acc · (I_accelerator + I_server / n_per_server) / (L · 31 557 600 s)``:
the manufacturing impact of an accelerator and its share of the host server, spread
linearly over its service life ``L`` (years) and charged for the accelerator-seconds a
request uses. Idle time is not charged here (a known under-count, stated in the
methodology); water embodied in manufacturing is left out of the boundary (no consistent
data).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

SECONDS_PER_YEAR = 365.25 * 24 * 3600


def embodied_per_accelerator_second(
    accelerator_impact: ArrayLike,
    server_impact: ArrayLike,
    accelerators_per_server: ArrayLike,
    lifetime_years: ArrayLike,
) -> NDArray[np.float64]:
    """Embodied impact charged per accelerator-second of use."""
    server_share = np.asarray(server_impact, dtype=np.float64) / np.asarray(
        accelerators_per_server, dtype=np.float64
    )
    per_unit = np.asarray(accelerator_impact, dtype=np.float64) + server_share
    return per_unit / (np.asarray(lifetime_years, dtype=np.float64) * SECONDS_PER_YEAR)
