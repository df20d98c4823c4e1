"""NVIDIA GPU energy through NVML (``nvidia-ml-py``, imported only when a measurement starts).

Why the total-energy counter first: ``nvmlDeviceGetTotalEnergyConsumption`` (Volta and
later) is the board's own millijoule counter since the driver loaded, so short bursts
between samples are not missed. Older boards only report instantaneous power
(``nvmlDeviceGetPowerUsage``, milliwatts); for them the sampler integrates power over time,
and the measurement says which method each GPU used.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Gpu:
    index: int
    name: str
    handle: Any
    method: str  # "nvml-energy-counter" or "nvml-power-integration"
    start: float = 0.0
    last_power_w: float = 0.0
    last_time: float = 0.0
    joules: float = 0.0


def _load(nvml: Any | None) -> Any | None:
    if nvml is not None:
        return nvml
    try:
        import pynvml
    except ImportError:
        return None
    return pynvml


class NvmlReader:
    """Per-GPU joules since ``open()``; ``None`` from ``open`` when no GPU can be read."""

    def __init__(self, nvml: Any, gpus: list[Gpu]) -> None:
        self.nvml = nvml
        self.gpus = gpus

    @classmethod
    def open(cls, nvml: Any | None = None) -> NvmlReader | None:
        """Initialise NVML (``nvml`` lets tests pass a fake module) and find readable GPUs."""
        nvml = _load(nvml)
        if nvml is None:
            return None
        try:
            nvml.nvmlInit()
        except Exception:  # no driver, no GPU, or the library is missing
            return None
        gpus: list[Gpu] = []
        for index in range(nvml.nvmlDeviceGetCount()):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            name = nvml.nvmlDeviceGetName(handle)
            name = name.decode() if isinstance(name, bytes) else str(name)
            now = time.monotonic()
            try:
                start = float(nvml.nvmlDeviceGetTotalEnergyConsumption(handle))
                gpus.append(Gpu(index, name, handle, "nvml-energy-counter", start=start))
                continue
            except Exception:
                pass
            try:
                power = nvml.nvmlDeviceGetPowerUsage(handle) / 1000.0
            except Exception:
                continue  # neither energy nor power: this GPU cannot be measured
            gpus.append(
                Gpu(
                    index, name, handle, "nvml-power-integration", last_power_w=power, last_time=now
                )
            )
        if not gpus:
            nvml.nvmlShutdown()
            return None
        return cls(nvml, gpus)

    def sample(self) -> dict[int, float]:
        """Update and return joules per GPU index since ``open()``."""
        for gpu in self.gpus:
            try:
                if gpu.method == "nvml-energy-counter":
                    total = float(self.nvml.nvmlDeviceGetTotalEnergyConsumption(gpu.handle))
                    gpu.joules = max(total - gpu.start, 0.0) / 1000.0
                else:
                    now = time.monotonic()
                    power = self.nvml.nvmlDeviceGetPowerUsage(gpu.handle) / 1000.0
                    gpu.joules += (gpu.last_power_w + power) / 2 * (now - gpu.last_time)
                    gpu.last_power_w, gpu.last_time = power, now
            except Exception:
                continue  # a failed read keeps the last total; the next sample catches up
        return {gpu.index: gpu.joules for gpu in self.gpus}

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.nvml.nvmlShutdown()


_CHIP = re.compile(r"\b([ABHLV]\d{2,3}|MI\d{3}X?|GB\d{3})\b", re.IGNORECASE)


def hardware_id_for(gpu_name: str, hardware_rows: list[Any]) -> str | None:
    """The registry accelerator matching an NVML device name (``None`` if not unique).

    Matches the chip (``H100``, ``A100``, ``MI300X``...) and, among several rows of that
    chip, the memory size named in the device name (``80GB``).
    """
    chip = _CHIP.search(gpu_name)
    if chip is None:
        return None
    token = chip.group(1).lower()
    rows = [
        r
        for r in hardware_rows
        if r["kind"] == "accelerator"
        and (token in str(r["hardware_id"]).lower() or token in str(r["name"]).lower())
    ]
    if len(rows) > 1:
        memory = re.search(r"(\d+)\s*GB", gpu_name, re.IGNORECASE)
        if memory:
            sized = [
                r
                for r in rows
                if f"{memory.group(1)}gb"
                in (str(r["hardware_id"]) + str(r["name"])).lower().replace(" ", "")
            ]
            rows = sized or rows
    return str(rows[0]["hardware_id"]) if len(rows) == 1 else None
