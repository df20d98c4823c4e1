"""CPU and DRAM energy from Linux RAPL (powercap): ``/sys/class/powercap/intel-rapl*``.

Why packages and DRAM only: a package zone (``package-N``) already contains its ``core`` and
``uncore`` subzones, and ``psys`` covers the whole platform, so adding them would count the
same joules twice. Counters are microjoules that wrap at ``max_energy_range_uj``; a reading
lower than the previous one is a wrap (the sampler reads often enough for at most one).
On many systems ``energy_uj`` is readable by root only: then there is nothing to read and
the caller must announce its fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

POWERCAP_ROOT = Path("/sys/class/powercap")


@dataclass(frozen=True)
class RaplZone:
    """One readable zone: ``domain`` is ``cpu`` (a package) or ``dram``."""

    path: Path
    name: str
    domain: str
    max_energy_range_uj: int

    def read_uj(self) -> int:
        return int((self.path / "energy_uj").read_text().strip())


def _domain(name: str) -> str | None:
    if name.startswith("package"):
        return "cpu"
    if name == "dram":
        return "dram"
    return None


def discover(root: Path = POWERCAP_ROOT) -> list[RaplZone]:
    """The package and DRAM zones whose counters this process can read (may be empty)."""
    zones: list[RaplZone] = []
    seen: set[Path] = set()
    candidates = sorted(root.glob("intel-rapl:*")) + sorted(root.glob("intel-rapl:*/intel-rapl:*"))
    for path in candidates:
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        try:
            name = (path / "name").read_text().strip()
            domain = _domain(name)
            if domain is None:
                continue
            max_range = int((path / "max_energy_range_uj").read_text().strip())
            zone = RaplZone(
                path=path, name=f"{path.name}/{name}", domain=domain, max_energy_range_uj=max_range
            )
            zone.read_uj()
        except (OSError, ValueError):
            continue  # unreadable (permissions) or malformed: not a counter we can use
        zones.append(zone)
    return zones


def delta_uj(previous: int, current: int, max_energy_range_uj: int) -> int:
    """Energy between two readings of a wrapping counter, in microjoules."""
    if current >= previous:
        return current - previous
    return max_energy_range_uj - previous + current


class RaplReader:
    """Accumulates joules per domain (``cpu``, ``dram``) across successive ``sample()`` calls."""

    def __init__(self, zones: list[RaplZone]) -> None:
        self.zones = zones
        self._last = {zone.name: zone.read_uj() for zone in zones}
        self.joules: dict[str, float] = {zone.domain: 0.0 for zone in zones}

    @classmethod
    def open(cls, root: Path = POWERCAP_ROOT) -> RaplReader | None:
        zones = discover(root)
        return cls(zones) if zones else None

    def sample(self) -> dict[str, float]:
        """Read every zone, add the energy since the last read; returns the running totals."""
        for zone in self.zones:
            try:
                current = zone.read_uj()
            except (OSError, ValueError):
                continue
            self.joules[zone.domain] += (
                delta_uj(self._last[zone.name], current, zone.max_energy_range_uj) / 1e6
            )
            self._last[zone.name] = current
        return dict(self.joules)
