"""Local compute: meter a job's energy, then price it like any other activity.

``with measure(zone="FR") as m:`` (and ``fairprint run -- COMMAND``) sample, in a background
thread, NVIDIA GPUs through NVML and CPU packages and DRAM through RAPL where this process
can read them. Where no CPU counter is readable, the CPU energy is an *announced* estimate:
the process's share of a CPU power the user gives (``cpu_watts``) or that the hardware
registry holds (``cpu_hardware``, its ``tdp_w``), i.e. ``watts × CPU-seconds / logical
CPUs``; without either, CPU energy stays unknown and the measurement says so. Nothing falls
back silently: every domain records its method, and ``notes`` lists what was estimated.

The result is one activity per metered device (each GPU; the host's CPU and DRAM) with
``measured_energy_kwh``, provider ``local`` and the grid zone as region, so carbon, water,
ADPe and the embodied share of the hardware for the time used come from the same kernels as
everything else (``fairprint.impacts.estimate_table``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.errors import TrackingError
from fairprint.impacts import JOULES_PER_KWH
from fairprint.track import nvml as nvml_reader
from fairprint.track import rapl

if TYPE_CHECKING:
    from fairprint.registry import Registry

log = logging.getLogger("fairprint.track")

SOURCE = "compute"


def _cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (user + system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Sampler:
    """Reads the counters every ``interval_s`` seconds in a daemon thread.

    Overhead is bounded by the interval: one read of a few sysfs files and one NVML call per
    GPU per tick. ``sample()`` may also be called from any thread (under a lock).
    """

    def __init__(
        self,
        rapl_reader: rapl.RaplReader | None,
        gpu_reader: nvml_reader.NvmlReader | None,
        interval_s: float = 1.0,
    ) -> None:
        if interval_s <= 0:
            raise TrackingError(f"sampling interval must be positive, got {interval_s}")
        self.rapl = rapl_reader
        self.gpus = gpu_reader
        self.interval_s = interval_s
        self.samples = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.joules: dict[str, float] = {}

    def sample(self) -> dict[str, float]:
        with self._lock:
            values: dict[str, float] = {}
            if self.rapl is not None:
                values.update(self.rapl.sample())
            if self.gpus is not None:
                values.update({f"gpu{i}": j for i, j in self.gpus.sample().items()})
            self.joules = values
            self.samples += 1
            return dict(values)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="fairprint-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval_s + 5)
        final = self.sample()
        if self.gpus is not None:
            self.gpus.close()
        return final


@dataclass
class Domain:
    """Energy of one metered device: ``method`` says how it was obtained."""

    name: str
    joules: float | None
    method: str
    hardware: str | None = None


@dataclass
class Measurement:
    """A local job's metered energy and, on demand, its activities and impacts."""

    zone: str
    project: str | None = None
    command: str | None = None
    registry: Registry | None = None
    started_at: float = field(default_factory=time.time)
    ended_at: float | None = None
    domains: dict[str, Domain] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sampler: Sampler | None = None
    metrics_server: Any = None
    _cpu_watts: float | None = None
    _cpu_hardware: str | None = None
    _cpu_start: float = 0.0
    _gpu_hardware: dict[int, str | None] = field(default_factory=dict)

    @property
    def duration_s(self) -> float:
        return (self.ended_at or time.time()) - self.started_at

    def _domains_now(self, joules: dict[str, float]) -> dict[str, Domain]:
        domains: dict[str, Domain] = {}
        if "cpu" in joules:
            domains["cpu"] = Domain("cpu", joules["cpu"], "rapl", self._cpu_hardware)
        elif self._cpu_watts is not None:
            share = (_cpu_seconds() - self._cpu_start) / (os.cpu_count() or 1)
            domains["cpu"] = Domain(
                "cpu", self._cpu_watts * share, "estimate:tdp-share", self._cpu_hardware
            )
        else:
            domains["cpu"] = Domain("cpu", None, "unknown", self._cpu_hardware)
        if "dram" in joules:
            domains["dram"] = Domain("dram", joules["dram"], "rapl")
        gpus = self.sampler.gpus.gpus if self.sampler and self.sampler.gpus else []
        for gpu in gpus:
            domains[f"gpu{gpu.index}"] = Domain(
                f"gpu{gpu.index}",
                joules.get(f"gpu{gpu.index}"),
                gpu.method,
                self._gpu_hardware.get(gpu.index),
            )
        return domains

    def energy_kwh_so_far(self) -> float:
        """Metered energy up to now (samples the counters); NaN while any domain is unknown."""
        joules = self.sampler.sample() if self.sampler else {}
        domains = self._domains_now(joules) if self.ended_at is None else self.domains
        values = [d.joules for d in domains.values()]
        if any(v is None for v in values):
            return math.nan
        return sum(v for v in values if v is not None) / JOULES_PER_KWH

    @property
    def energy_kwh(self) -> float:
        """Total metered energy of the finished job (NaN if a domain is unknown)."""
        values = [d.joules for d in self.domains.values()]
        if not values or any(v is None for v in values):
            return math.nan
        return sum(v for v in values if v is not None) / JOULES_PER_KWH

    def activities(self) -> pa.Table:
        """One canonical activity per device: the host (CPU + DRAM) and each GPU."""
        job = hashlib.sha256(f"{self.started_at:.6f}|{os.getpid()}|{self.command}".encode())
        groups: dict[str, list[Domain]] = {"host": []}
        for domain in self.domains.values():
            key = "host" if domain.name in ("cpu", "dram") else domain.name
            groups.setdefault(key, []).append(domain)
        rows = []
        for name, members in groups.items():
            known = [d.joules for d in members if d.joules is not None]
            unknown = any(d.joules is None for d in members) or not members
            hardware = next((d.hardware for d in members if d.hardware), None)
            rows.append(
                {
                    "activity_id": hashlib.sha256(f"{job.hexdigest()}|{name}".encode()).hexdigest()[
                        :32
                    ],
                    "source": SOURCE,
                    "started_at": datetime.fromtimestamp(self.started_at, tz=UTC),
                    "ended_at": datetime.fromtimestamp(self.ended_at or time.time(), tz=UTC),
                    "provider": "local",
                    "model": None,
                    "region": self.zone,
                    "operation": "compute",
                    "requests": 0,
                    "input_tokens": 0,
                    "cached_input_tokens": 0,
                    "cache_write_tokens": 0,
                    "output_tokens": 0,
                    "reasoning_tokens": 0,
                    "project": self.project,
                    "team": None,
                    "user": None,
                    "duration_s": self.duration_s,
                    "measured_energy_kwh": None if unknown else sum(known) / JOULES_PER_KWH,
                    "hardware": hardware,
                    "attributes": json.dumps(
                        {
                            "job": job.hexdigest()[:16],
                            "device": name,
                            "command": self.command,
                            "methods": {d.name: d.method for d in members},
                        },
                        sort_keys=True,
                    ),
                }
            )
        return pa.Table.from_pylist(rows, schema=ACTIVITY_SCHEMA)

    def impacts(self) -> pa.Table:
        """Activities priced by ``fairprint.impacts`` for the zone (embodied share included)."""
        from fairprint.impacts import estimate_table

        return estimate_table(self.activities(), self.registry, on_unknown="null")

    def totals(self) -> dict[str, float]:
        table = self.impacts()
        out: dict[str, float] = {"duration_s": self.duration_s, "energy_kwh": self.energy_kwh}
        for stem in (
            "gwp_kgco2e",
            "gwp_usage_kgco2e",
            "gwp_embodied_kgco2e",
            "water_l",
            "adpe_kgsbeq",
            "adpe_usage_kgsbeq",
            "pe_mj",
        ):
            values = table.column(stem).to_pylist()
            out[stem] = math.nan if any(v is None or v != v for v in values) else sum(values)
        return out

    def write_ledger(self, path: str | Path) -> int:
        from fairprint.ledger import Ledger

        ledger = Ledger(Path(path))
        try:
            ledger.add_activities(self.activities(), origin=SOURCE, registry=self.registry)
        finally:
            close = getattr(ledger, "close", None)
            if close is not None:
                close()
        return len(self.domains)


def _announce(measurement: Measurement, message: str) -> None:
    measurement.notes.append(message)
    log.warning(message)


def _cpu_power(
    registry: Registry | None, cpu_watts: float | None, cpu_hardware: str | None
) -> tuple[float | None, str]:
    if cpu_watts is not None:
        if not cpu_watts > 0:
            raise TrackingError(f"cpu_watts must be a positive number of watts, got {cpu_watts}")
        return float(cpu_watts), f"cpu_watts={cpu_watts:g} W given"
    if cpu_hardware is not None:
        from fairprint.registry import Registry

        row = (registry or Registry.default()).hardware(cpu_hardware)
        tdp = float(row["tdp_w"])
        if math.isnan(tdp):
            raise TrackingError(
                f"hardware {cpu_hardware!r} has no tdp_w in the registry; pass cpu_watts instead"
            )
        return tdp, f"tdp_w={tdp:g} W of registry hardware {cpu_hardware!r}"
    return None, ""


def check_hardware_id(registry: Registry, hardware_id: str) -> None:
    """Raise ``UnknownRegionError`` for an id not in hardware.csv, nearest ids first.

    Why before the job: ``--gpu-hardware h100`` (a name, not an id) would otherwise run a
    whole job and then price its GPUs as unknown.
    """
    from fairprint.errors import UnknownRegionError

    try:
        registry.hardware(hardware_id)
    except UnknownRegionError:
        known = [str(row["hardware_id"]) for row in registry.table("hardware").rows]
        wanted = hardware_id.strip().lower()
        near = [k for k in known if wanted and wanted in k.lower()]
        raise UnknownRegionError(
            "hardware id", hardware_id, near + [k for k in known if k not in near]
        ) from None


@contextmanager
def measure(
    zone: str,
    *,
    project: str | None = None,
    interval_s: float = 1.0,
    cpu_watts: float | None = None,
    cpu_hardware: str | None = None,
    gpu_hardware: str | None = None,
    ledger: str | Path | None = None,
    prometheus_port: int | None = None,
    prometheus_host: str = "127.0.0.1",
    registry: Registry | None = None,
    command: str | None = None,
    powercap_root: Path = rapl.POWERCAP_ROOT,
    nvml: Any | None = None,
) -> Iterator[Measurement]:
    """Meter the energy of the block; the ``Measurement`` is complete once the block exits.

    ``zone`` is the grid zone where the machine runs (checked against the registry before
    anything starts). ``gpu_hardware`` overrides the registry id matched from NVML device
    names (it sets the embodied share). ``prometheus_port`` serves ``/metrics`` while the
    block runs. ``nvml`` and ``powercap_root`` exist for tests.
    """
    from fairprint.registry import Registry

    (registry or Registry.default()).grid(zone)  # unknown zone: fail before the job runs
    if gpu_hardware is not None:
        check_hardware_id(registry or Registry.default(), gpu_hardware)
    measurement = Measurement(
        zone=zone.upper(), project=project, command=command, registry=registry
    )
    rapl_reader = rapl.RaplReader.open(powercap_root)
    gpu_reader = nvml_reader.NvmlReader.open(nvml)
    watts, why = _cpu_power(registry, cpu_watts, cpu_hardware)
    measurement._cpu_hardware = cpu_hardware
    if rapl_reader is None or "cpu" not in rapl_reader.joules:
        if watts is None:
            _announce(
                measurement,
                "no RAPL CPU counter is readable here and no CPU power was "
                "given: CPU energy is unknown. Pass cpu_watts=<your CPU's TDP> (or "
                "--cpu-watts) or cpu_hardware=<registry id> for an estimate.",
            )
        else:
            measurement._cpu_watts = watts
            _announce(
                measurement,
                f"no RAPL CPU counter is readable here: CPU energy is "
                f"ESTIMATED as the job's share of {why} (watts x CPU-seconds / "
                f"{os.cpu_count()} logical CPUs), not measured.",
            )
    if rapl_reader is None or "dram" not in rapl_reader.joules:
        measurement.notes.append("DRAM energy is not metered (no readable RAPL dram zone).")
    if gpu_reader is not None:
        rows = list((registry or Registry.default()).table("hardware").rows)
        for gpu in gpu_reader.gpus:
            matched = gpu_hardware or nvml_reader.hardware_id_for(gpu.name, rows)
            measurement._gpu_hardware[gpu.index] = matched
            if matched is None:
                measurement.notes.append(
                    f"GPU {gpu.index} ({gpu.name}) matches no registry "
                    "hardware: its embodied share is unknown; pass "
                    "gpu_hardware=<registry id>."
                )
    sampler = Sampler(rapl_reader, gpu_reader, interval_s)
    measurement.sampler = sampler
    measurement._cpu_start = _cpu_seconds()
    measurement.started_at = time.time()
    metrics_server = None
    sampler.start()
    if prometheus_port is not None:
        from fairprint.track.prometheus import serve_metrics

        metrics_server = serve_metrics(measurement, prometheus_port, prometheus_host)
        measurement.metrics_server = metrics_server
    try:
        yield measurement
    finally:
        joules = sampler.stop()
        measurement.ended_at = time.time()
        measurement.domains = measurement._domains_now(joules)
        if metrics_server is not None:
            metrics_server.shutdown()
            metrics_server.server_close()
        if ledger is not None:
            measurement.write_ledger(ledger)
