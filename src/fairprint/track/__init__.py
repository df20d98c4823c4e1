"""Trackers: measure AI use as it happens.

- ``track()`` / ``untrack()`` / ``with tracking(project=...) as t:`` instrument the installed
  LLM SDKs (OpenAI, Anthropic, Mistral, Google GenAI, LiteLLM) and collect one activity per
  response in a ``Tracker``;
- ``FairprintSpanProcessor`` (``fairprint.track.otel``) turns finished OpenTelemetry gen_ai
  spans into fairprint energy/carbon/water counters on a MeterProvider you pass in;
- ``OtlpReceiver`` (``fairprint.track.otlp_receiver``) accepts OTLP/HTTP traces into a ledger;
- ``with measure(zone="FR") as m:`` meters local compute (NVML, RAPL, or an announced
  estimate) and ``Predictor`` projects a long job's total from its first steps.

Optional dependencies (OpenTelemetry, NVML, prometheus-client) are imported only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fairprint.track.compute import Measurement, measure
from fairprint.track.predict import Predictor
from fairprint.track.render import measurement_json, print_measurement
from fairprint.track.tracker import Tracker, read_spool, track, tracking, untrack, write_spool

if TYPE_CHECKING:
    from fairprint.track.otlp_receiver import OtlpReceiver, ledger_sink

__all__ = [
    "Measurement",
    "OtlpReceiver",
    "Predictor",
    "Tracker",
    "ledger_sink",
    "measure",
    "measurement_json",
    "print_measurement",
    "read_spool",
    "track",
    "tracking",
    "untrack",
    "write_spool",
]


def __getattr__(name: str) -> Any:
    """The OTLP receiver needs the ``track`` extra (FastAPI): imported on first use."""
    if name in ("OtlpReceiver", "ledger_sink"):
        from fairprint.track import otlp_receiver

        return getattr(otlp_receiver, name)
    raise AttributeError(f"module 'fairprint.track' has no attribute {name!r}")
