"""Local compute: RAPL and NVML readers on fake trees/modules, the announced fallback for real."""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path

import httpx
import pytest

from fairprint.errors import TrackingError, UnknownRegionError
from fairprint.track import Predictor, measure, rapl
from fairprint.track import nvml as nvml_reader

# -- RAPL -----------------------------------------------------------------------------------


def _zone(path: Path, name: str, energy_uj: int, max_uj: int = 262_143_328_850) -> Path:
    path.mkdir(parents=True)
    (path / "name").write_text(name + "\n")
    (path / "energy_uj").write_text(f"{energy_uj}\n")
    (path / "max_energy_range_uj").write_text(f"{max_uj}\n")
    return path


@pytest.fixture()
def powercap(tmp_path: Path) -> Path:
    root = tmp_path / "powercap"
    package = _zone(root / "intel-rapl:0", "package-0", 1_000_000)
    _zone(package / "intel-rapl:0:0", "core", 500_000)
    _zone(package / "intel-rapl:0:1", "dram", 2_000_000)
    (root / "intel-rapl:0:0").symlink_to(package / "intel-rapl:0:0")  # the flat alias
    _zone(root / "intel-rapl:1", "package-1", 3_000_000, max_uj=10_000_000)
    _zone(root / "intel-rapl:2", "psys", 9_000_000)
    return root


def test_rapl_reads_packages_and_dram_but_not_core_or_psys(powercap):
    zones = rapl.discover(powercap)
    assert sorted((z.name, z.domain) for z in zones) == [
        ("intel-rapl:0/package-0", "cpu"),
        ("intel-rapl:0:1/dram", "dram"),
        ("intel-rapl:1/package-1", "cpu"),
    ]


def test_rapl_sums_packages_and_handles_counter_wrap(powercap):
    reader = rapl.RaplReader.open(powercap)
    (powercap / "intel-rapl:0" / "energy_uj").write_text("4000000\n")  # +3 J
    (powercap / "intel-rapl:1" / "energy_uj").write_text("1000000\n")  # wrapped: +8 J
    (powercap / "intel-rapl:0" / "intel-rapl:0:1" / "energy_uj").write_text("2500000\n")
    joules = reader.sample()
    assert joules["cpu"] == pytest.approx(3.0 + 8.0)
    assert joules["dram"] == pytest.approx(0.5)


def test_rapl_skips_zones_it_cannot_read(tmp_path):
    root = tmp_path / "powercap"
    broken = _zone(root / "intel-rapl:0", "package-0", 1)
    (broken / "energy_uj").unlink()  # as when only root may read it
    assert rapl.discover(root) == []
    assert rapl.RaplReader.open(root) is None


def test_delta_of_a_wrapping_counter():
    assert rapl.delta_uj(90, 10, 100) == 20
    assert rapl.delta_uj(10, 90, 100) == 80


# -- NVML -----------------------------------------------------------------------------------


class FakeNvml:
    """Two GPUs: an H100 with an energy counter, an old board with power readings only."""

    NVMLError = RuntimeError

    def __init__(self) -> None:
        self.energy_mj = 5_000_000.0
        self.power_mw = 300_000
        self.shut = False

    def nvmlInit(self) -> None: ...

    def nvmlShutdown(self) -> None:
        self.shut = True

    def nvmlDeviceGetCount(self) -> int:
        return 2

    def nvmlDeviceGetHandleByIndex(self, index: int) -> int:
        return index

    def nvmlDeviceGetName(self, handle: int) -> bytes:
        return b"NVIDIA H100 80GB HBM3" if handle == 0 else b"Tesla K80"

    def nvmlDeviceGetTotalEnergyConsumption(self, handle: int) -> float:
        if handle == 1:
            raise self.NVMLError("Not Supported")
        return self.energy_mj

    def nvmlDeviceGetPowerUsage(self, handle: int) -> int:
        return self.power_mw


def test_nvml_energy_counter_and_power_integration():
    fake = FakeNvml()
    reader = nvml_reader.NvmlReader.open(fake)
    assert [g.method for g in reader.gpus] == ["nvml-energy-counter", "nvml-power-integration"]
    fake.energy_mj += 120_000  # 120 J
    time.sleep(0.05)
    joules = reader.sample()
    assert joules[0] == pytest.approx(120.0)
    assert joules[1] == pytest.approx(300 * 0.05, rel=0.5)  # 300 W over ~50 ms
    reader.close()
    assert fake.shut


def test_nvml_absent_means_no_gpu_reader():
    class NoDriver(FakeNvml):
        def nvmlInit(self) -> None:
            raise RuntimeError("NVML Shared Library Not Found")

    assert nvml_reader.NvmlReader.open(NoDriver()) is None


def test_gpu_names_match_registry_hardware():
    rows = [
        {"hardware_id": "nvidia-a100-sxm-80gb", "kind": "accelerator", "name": "A100 80GB"},
        {"hardware_id": "nvidia-a100-40gb", "kind": "accelerator", "name": "A100 40GB"},
        {"hardware_id": "nvidia-h100-sxm", "kind": "accelerator", "name": "NVIDIA H100 SXM5"},
        {"hardware_id": "hgx-host", "kind": "server", "name": "H100 host"},
    ]
    assert nvml_reader.hardware_id_for("NVIDIA H100 80GB HBM3", rows) == "nvidia-h100-sxm"
    assert nvml_reader.hardware_id_for("NVIDIA A100-SXM4-80GB", rows) == "nvidia-a100-sxm-80gb"
    assert nvml_reader.hardware_id_for("Tesla K80", rows) is None


# -- measure() ------------------------------------------------------------------------------


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_measure_with_fake_counters_prices_each_device(powercap, tmp_path):
    fake = FakeNvml()
    with measure("FR", powercap_root=powercap, nvml=fake, interval_s=0.01) as m:
        (powercap / "intel-rapl:0" / "energy_uj").write_text("37000000\n")  # +36 J
        fake.energy_mj += 3_600_000  # 3600 J
        time.sleep(0.05)
    assert m.domains["cpu"].joules == pytest.approx(36.0)
    assert m.domains["gpu0"].hardware == "nvidia-h100-sxm"
    table = m.impacts()
    rows = {r["hardware"] or "host": r for r in table.to_pylist()}
    assert rows["nvidia-h100-sxm"]["measured_energy_kwh"] == pytest.approx(0.001)
    assert rows["nvidia-h100-sxm"]["gwp_usage_kgco2e"] > 0
    assert rows["nvidia-h100-sxm"]["gwp_embodied_kgco2e"] > 0  # the H100's share for the time
    assert {r["region"] for r in table.to_pylist()} == {"FR"}


def test_fallback_on_this_machine_is_announced_and_proportional_to_cpu_time(caplog):
    with (
        caplog.at_level(logging.WARNING, logger="fairprint.track"),
        measure("FR", cpu_watts=100.0, powercap_root=Path("/nonexistent"), nvml=None) as m,
    ):
        _burn(0.3)
    assert m.domains["cpu"].method == "estimate:tdp-share"
    assert "ESTIMATED" in caplog.text
    cpus = __import__("os").cpu_count()
    assert m.domains["cpu"].joules == pytest.approx(100.0 * 0.3 / cpus, rel=0.35)
    [row] = m.impacts().to_pylist()
    assert row["measured_energy_kwh"] == pytest.approx(m.domains["cpu"].joules / 3.6e6)
    assert row["gwp_usage_kgco2e"] > 0


def test_without_counter_or_cpu_power_the_energy_is_unknown_and_said_so(caplog):
    with measure("FR", powercap_root=Path("/nonexistent")) as m:
        pass
    assert math.isnan(m.energy_kwh)
    assert any("unknown" in note for note in m.notes)
    assert m.activities().column("measured_energy_kwh").to_pylist() == [None]


def test_unknown_zone_fails_before_the_job_runs():
    ran = False
    with pytest.raises(UnknownRegionError), measure("ATLANTIS"):
        ran = True
    assert not ran


def test_prometheus_endpoint_serves_energy_while_running(powercap):
    with measure("FR", powercap_root=powercap, prometheus_port=0, interval_s=0.01) as m:
        port = m.metrics_server.server_address[1]
        text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
    assert 'fairprint_energy_joules_total{domain="cpu",method="rapl"}' in text


# -- prediction -----------------------------------------------------------------------------


def test_prediction_extrapolates_steady_steps_after_warm_up():
    with measure("FR", cpu_watts=50.0, powercap_root=Path("/nonexistent")) as m:
        predictor = Predictor(m, total_steps=100, predict_after=4, warmup_steps=1)
        energy = 0.0
        for step_energy in (5.0, 1.0, 1.0, 1.0):  # the first step pays the start-up
            energy += step_energy
            prediction = predictor.step(energy_kwh=energy)
    assert prediction is not None
    assert prediction.energy_kwh == pytest.approx(8.0 + 96 * 1.0)
    assert prediction.energy_kwh_low == prediction.energy_kwh_high == prediction.energy_kwh
    priced = prediction.impacts()
    assert priced.column("gwp_usage_kgco2e")[1].as_py() > 0


def test_prediction_needs_steps_after_warm_up():
    with measure("FR", cpu_watts=50.0, powercap_root=Path("/nonexistent")) as m:
        with pytest.raises(TrackingError):
            Predictor(m, total_steps=10, predict_after=1, warmup_steps=1)
        predictor = Predictor(m, total_steps=10, predict_after=3)
        assert predictor.step(energy_kwh=1.0) is None
