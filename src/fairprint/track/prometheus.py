"""A pull-style Prometheus ``/metrics`` endpoint for a running ``measure()`` block (optional).

Why pull and a private registry: the job exposes its own counters while it runs, scraped by
whatever Prometheus the user already has; nothing is pushed anywhere and the process-wide
default registry of ``prometheus_client`` is left alone.

Series: ``fairprint_energy_joules_total{domain}`` (counter; ``domain`` = cpu, dram, gpuN;
``method`` says whether it is metered or estimated) and ``fairprint_measure_duration_seconds``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fairprint.track.compute import Measurement


class _MeasurementCollector:
    def __init__(self, measurement: Measurement) -> None:
        self.measurement = measurement

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        energy = CounterMetricFamily(
            "fairprint_energy_joules", "Energy of the measured job", labels=["domain", "method"]
        )
        sampler = self.measurement.sampler
        joules = dict(sampler.joules) if sampler is not None else {}
        for name, domain in self.measurement._domains_now(joules).items():
            if domain.joules is not None:
                energy.add_metric([name, domain.method], domain.joules)
        yield energy
        duration = GaugeMetricFamily(
            "fairprint_measure_duration_seconds", "Seconds since the measurement started"
        )
        duration.add_metric([], self.measurement.duration_s)
        yield duration


def serve_metrics(measurement: Measurement, port: int, host: str = "127.0.0.1") -> Any:
    """Start serving ``/metrics`` in a daemon thread; returns the server (``shutdown()``)."""
    from prometheus_client import CollectorRegistry, start_http_server

    registry = CollectorRegistry(auto_describe=False)
    registry.register(_MeasurementCollector(measurement))
    server, _thread = start_http_server(port, addr=host, registry=registry)
    return server
