"""Electricity to environmental impacts, location-based.

``I = E_facility · f_zone`` for each indicator, where ``f_zone`` is the grid factor of the
serving datacenter's zone (``registry/data/grid_factors.csv``): gCO2e/kWh (converted to kg),
L/kWh of water consumed off-site in generation, kg Sb eq/kWh (abiotic depletion, elements)
and MJ/kWh of primary energy. A zone that lacks an indicator yields NaN (unknown), never a
world average.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def carbon_kgco2e(facility_kwh: ArrayLike, grid_gco2e_per_kwh: ArrayLike) -> NDArray[np.float64]:
    """Location-based operational emissions in kgCO2e."""
    return (
        np.asarray(facility_kwh, dtype=np.float64)
        * np.asarray(grid_gco2e_per_kwh, dtype=np.float64)
        / 1000.0
    )


def per_kwh(facility_kwh: ArrayLike, factor_per_kwh: ArrayLike) -> NDArray[np.float64]:
    """Any per-kWh grid factor (water L, ADPe kg Sb eq, PE MJ) applied to facility energy."""
    return np.asarray(facility_kwh, dtype=np.float64) * np.asarray(factor_per_kwh, dtype=np.float64)
