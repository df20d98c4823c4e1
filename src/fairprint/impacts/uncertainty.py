"""Scenarios: how ranges propagate through the kernels.

Every kernel is monotone in each of its uncertain inputs (more parameters, lower
utilisation, higher PUE... never lower an impact). So the *low* bound is obtained by
evaluating the whole chain with every uncertain input at its favourable end and the
*high* bound with every input at its unfavourable end — interval arithmetic on monotone
functions. The result is a conservative envelope, not a confidence interval: it says
"the true value is very unlikely to lie outside", not "90 % of mass lies inside".
"""

from __future__ import annotations

from typing import Literal

Scenario = Literal["low", "central", "high"]
SCENARIOS: tuple[Scenario, ...] = ("low", "central", "high")


def pick(low: float, central: float, high: float, scenario: Scenario, favourable_end: str) -> float:
    """The value of a ranged input for ``scenario``.

    ``favourable_end`` is ``"low"`` when a smaller value lowers the impact (PUE, parameters)
    and ``"high"`` when a larger value lowers it (utilisation, lifetime).
    """
    if scenario == "central":
        return central
    favourable, unfavourable = (low, high) if favourable_end == "low" else (high, low)
    return favourable if scenario == "low" else unfavourable


def suffix(scenario: Scenario) -> str:
    """Column-name suffix of a scenario: ``_low``, ``""`` or ``_high``."""
    return "" if scenario == "central" else f"_{scenario}"
