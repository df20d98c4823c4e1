"""On-site cooling water.

``W_onsite = E_IT · WUE``: The Green Grid defines WUE as litres per kWh of *IT* energy, so
it multiplies IT energy, not facility energy (multiplying facility energy, as CodeCarbon
does, over-counts by the PUE factor). Off-site water (consumed by power plants) is the
grid's L/kWh times facility energy, in ``electricity.per_kwh``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def onsite_water_l(it_kwh: ArrayLike, wue_l_per_kwh: ArrayLike) -> NDArray[np.float64]:
    """Litres of water consumed on site to cool the IT equipment."""
    return np.asarray(it_kwh, dtype=np.float64) * np.asarray(wue_l_per_kwh, dtype=np.float64)
