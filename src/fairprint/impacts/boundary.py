"""System boundaries: which parts of the serving stack a figure includes.

Why: published figures come at different boundaries (GPU energy only, IT equipment,
whole facility, life cycle), and a comparison is only fair at the same one. Every
boundary is a restriction of the facility chain of ``energy.py``, so it is applied to a
group's factors, once per group, before any row is multiplied out:

* ``accelerator``: the accelerators' own electricity, ``E_acc = t · TDP · f``
  (ML.ENERGY-style measurements). No host, idle capacity, facility overhead, on-site
  cooling water or embodied hardware.
* ``it``: ``E_IT = E_acc · (1 + r_host + r_idle)``: accelerators, host CPU/DRAM/network and
  provisioned idle machines. No facility overhead, cooling water or embodied hardware.
* ``facility`` (default): ``E = E_IT · PUE``, on-site cooling water (``WUE · E_IT``), and
  the embodied share of the hardware used (Scope 3, attributional), as Google's Gemini
  measurement counts it (arXiv:2508.15734). All figures before boundaries existed were at
  this boundary, so they are unchanged.
* ``lifecycle``: facility plus amortised training where the developer discloses a
  training footprint (``registry/data/training.csv``, per request over the family's
  lifetime requests; ``impacts.training``), unknown (not zero) where not; network and
  end-user devices are unknown too.

Electricity-driven indicators (carbon, off-site water, ADPe, PE) follow the energy of the
boundary: ``I = E_boundary · f_zone``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np

from fairprint.errors import InputError
from fairprint.impacts.arithmetic import EMBODIED_NAMES, USAGE_NAMES
from fairprint.impacts.coefficients import GroupCoefficients

Boundary = Literal["accelerator", "it", "facility", "lifecycle"]
BOUNDARIES: tuple[Boundary, ...] = ("accelerator", "it", "facility", "lifecycle")
DEFAULT_BOUNDARY: Boundary = "facility"

BOUNDARY_NOTES: dict[str, str] = {
    "accelerator": "accelerator electricity only (no host, idle, PUE, cooling water, "
    "embodied hardware)",
    "it": "IT equipment: accelerators, host and idle capacity (no PUE overhead, cooling "
    "water or embodied hardware)",
    "facility": "facility: IT energy x PUE, on-site cooling water and the embodied share "
    "of the hardware used",
    "lifecycle": "life cycle: facility plus embodied hardware and amortised training "
    "where disclosed (see the training note); network and end-user devices are unknown, "
    "not zero",
}
"""What each boundary includes, in words shown beside every figure."""

_OUTSIDE_ENERGY_BOUNDARIES = ("water_onsite_l", *EMBODIED_NAMES)
"""Indicators that only the facility and life-cycle boundaries include."""


def check_boundary(boundary: str) -> Boundary:
    """The boundary name, validated; raises ``InputError`` naming the choices."""
    name = str(boundary).strip().lower()
    for known in BOUNDARIES:
        if name == known:
            return known
    raise InputError(f"boundary must be one of {', '.join(BOUNDARIES)}, not {boundary!r}")


def energy_share(group: GroupCoefficients, boundary: Boundary) -> np.ndarray:
    """Energy at ``boundary`` over facility energy, by scenario."""
    if boundary == "accelerator":
        share: np.ndarray = 1.0 / (group.pue * group.it_overhead)
        return share
    if boundary == "it":
        return 1.0 / group.pue
    return np.ones_like(group.pue)


def at_boundary(group: GroupCoefficients, boundary: Boundary) -> GroupCoefficients:
    """The group's factors restricted to ``boundary`` (the same object at facility)."""
    if boundary in ("facility", "lifecycle"):
        return group
    share = energy_share(group, boundary)
    per_second = dict(group.per_second)
    per_it_kwh = dict(group.per_it_kwh)
    for name in USAGE_NAMES:
        per_second[name] = group.per_second[name] * share
        per_it_kwh[name] = group.per_it_kwh[name] * share
    for name in _OUTSIDE_ENERGY_BOUNDARIES:
        per_second[name] = np.zeros_like(group.pue)
        if name in per_it_kwh:
            per_it_kwh[name] = np.zeros_like(group.pue)
    return replace(group, per_second=per_second, per_it_kwh=per_it_kwh)
