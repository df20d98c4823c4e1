"""An OpenTelemetry ``SpanProcessor`` that prices finished gen_ai spans as fairprint counters.

Why a processor on the user's own pipeline: applications already instrumented with
OpenTelemetry (OpenLLMetry, OpenLIT, the official instrumentations) need no second
instrumentation; fairprint reads each finished inference span once and adds its energy,
emissions and water to counters on the ``MeterProvider`` the user passes in. No global
provider is set and spans are only read (since SDK 1.43 they are frozen before ``on_end``).

Counters, in base units (OTel has no convention for AI energy, hence a ``fairprint.``
namespace): ``fairprint.energy`` (J), ``fairprint.emissions`` (g CO2e), ``fairprint.water``
(L), ``fairprint.requests`` (1, with ``fairprint.priced`` true/false), each with
``gen_ai.provider.name`` and ``gen_ai.request.model`` attributes.

Usage::

    from opentelemetry.sdk.trace import TracerProvider
    from fairprint.track.otel import FairprintSpanProcessor

    tracer_provider.add_span_processor(FairprintSpanProcessor(meter_provider))
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from opentelemetry.sdk.trace import SpanProcessor

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.impacts import JOULES_PER_KWH
from fairprint.ingest import dedup_key
from fairprint.track.genai import (
    SeenIds,
    activity_from_attributes,
    operation_of,
    unstorable,
)

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.sdk.trace import ReadableSpan

    from fairprint.registry import Registry

log = logging.getLogger("fairprint.track")

GRAMS_PER_KG = 1000.0
MAX_BATCH = 2048


class FairprintSpanProcessor(SpanProcessor):
    """Reads finished inference spans, de-duplicated by ``gen_ai.response.id``.

    ``on_end`` only reads the span and queues it; a daemon thread prices the queue every
    ``interval_s`` seconds (or at ``MAX_BATCH`` spans) in one ``estimate_table`` call, so the
    thread that ends a span never waits for the kernels. ``force_flush()`` prices the queue
    at once. ``region`` is the provider's cloud region when known (else its default region);
    unknown models still count in ``fairprint.requests`` with ``fairprint.priced=false``.
    """

    def __init__(
        self,
        meter_provider: MeterProvider,
        *,
        registry: Registry | None = None,
        region: str | None = None,
        dedupe_capacity: int = 100_000,
        interval_s: float = 1.0,
    ) -> None:
        from fairprint import __version__ as version

        meter = meter_provider.get_meter("fairprint", version)
        self._energy = meter.create_counter(
            "fairprint.energy", unit="J", description="Energy of gen_ai inference (facility)"
        )
        self._emissions = meter.create_counter(
            "fairprint.emissions", unit="g", description="Emissions of gen_ai inference, g CO2e"
        )
        self._water = meter.create_counter(
            "fairprint.water", unit="L", description="Water consumed by gen_ai inference"
        )
        self._requests = meter.create_counter(
            "fairprint.requests", unit="1", description="gen_ai inference spans read"
        )
        self._registry = registry
        self._region = region
        self._seen = SeenIds(dedupe_capacity)
        self._interval_s = interval_s
        self._lock = threading.Lock()  # guards _seen and _pending
        self._pricing = threading.Lock()  # one batch priced at a time
        self._pending: list[tuple[Any, int | None, int | None, str]] = []
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._worker: threading.Thread | None = None
        self._failed = False
        self.rejected = 0
        """Spans left out because a token count is not an integer in 0..10^12."""

    def on_start(self, span: Any, parent_context: Any = None) -> None:
        return None

    def on_end(self, span: ReadableSpan) -> None:
        """Read the span and queue it (microseconds); pricing happens off the request path."""
        try:
            self._queue(span)
        except Exception as exc:  # never let accounting break the user's tracing pipeline
            self._log_failure(exc)

    def _log_failure(self, exc: Exception) -> None:
        if not self._failed:
            self._failed = True
            log.warning(
                "fairprint span processor failed (%s: %s); further failures are not logged",
                type(exc).__name__,
                exc,
            )

    def _queue(self, span: ReadableSpan) -> None:
        attributes = span.attributes or {}
        if operation_of(attributes) is None:
            return
        context = span.get_span_context()
        span_key = f"{context.trace_id:032x}:{context.span_id:016x}" if context else ""
        with self._lock:
            if not self._seen.first_time(dedup_key(attributes, span_key)):
                return
            # frozen attributes (SDK >= 1.43): safe to read later, on the pricing thread
            self._pending.append((attributes, span.start_time, span.end_time, span_key))
            if self._worker is None and not self._stopped.is_set():
                self._worker = threading.Thread(
                    target=self._run, name="fairprint-otel", daemon=True
                )
                self._worker.start()
            if len(self._pending) >= MAX_BATCH:
                self._wake.set()

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._wake.wait(self._interval_s)
            self._wake.clear()
            self._price_pending()

    def _price_pending(self) -> None:
        """Price every queued span in one ``estimate_table`` call and add the counters."""
        from fairprint.impacts import estimate_table

        with self._pricing:
            with self._lock:
                spans, self._pending = self._pending, []
            if not spans:
                return
            try:
                rows = []
                for a, start, end, key in spans:
                    try:
                        row = activity_from_attributes(a, start, end, source="otel", span_key=key)
                    except ValueError as exc:  # RowError: an impossible count, refused alone
                        self.rejected += 1
                        self._log_failure(exc)
                        continue
                    if row is not None:
                        rows.append(row)
                reasons = [unstorable(row) for row in rows]
                if any(reasons):  # one bad span costs that span, not the batch
                    self.rejected += sum(1 for r in reasons if r)
                    self._log_failure(ValueError(next(r for r in reasons if r)))
                rows = [row for row, reason in zip(rows, reasons, strict=True) if not reason]
                if not rows:
                    return
                for row in rows:
                    row["region"] = self._region
                table = pa.Table.from_pylist(rows, schema=ACTIVITY_SCHEMA)
                priced = estimate_table(table, self._registry, on_unknown="null")
                self._add(
                    priced.select(
                        ["provider", "model", "energy_kwh", "gwp_kgco2e", "water_l"]
                    ).to_pylist()
                )
            except Exception as exc:
                self._log_failure(exc)

    def _add(self, rows: list[dict[str, Any]]) -> None:
        """Sum the batch per (provider, model), then one counter update per group."""
        groups: dict[tuple[str, str], list[Any]] = {}
        for row in rows:
            key = (row["provider"] or "unknown", row["model"] or "unknown")
            # priced, unpriced, joules, grams, litres
            sums = groups.setdefault(key, [0, 0, 0.0, None, None])
            energy, gwp, water = (_known(row[n]) for n in ("energy_kwh", "gwp_kgco2e", "water_l"))
            if energy is None:
                sums[1] += 1
                continue
            sums[0] += 1
            sums[2] += energy * JOULES_PER_KWH
            if gwp is not None:
                sums[3] = (sums[3] or 0.0) + gwp * GRAMS_PER_KG
            if water is not None:  # unknown water is left out, not counted as 0
                sums[4] = (sums[4] or 0.0) + water
        for (provider, model), (priced, unpriced, joules, grams, litres) in groups.items():
            labels = {"gen_ai.provider.name": provider, "gen_ai.request.model": model}
            if unpriced:
                self._requests.add(unpriced, {**labels, "fairprint.priced": False})
            if priced:
                self._requests.add(priced, {**labels, "fairprint.priced": True})
                self._energy.add(joules, labels)
                if grams is not None:
                    self._emissions.add(grams, labels)
                if litres is not None:
                    self._water.add(litres, labels)

    def shutdown(self) -> None:
        self._stopped.set()
        self._wake.set()
        if self._worker is not None:
            self._worker.join(timeout=5)
        self._price_pending()

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        """Price what is queued now (call before reading the counters in a test or at exit)."""
        self._price_pending()
        return True


def _known(value: Any) -> float | None:
    """A number, or ``None`` when the kernels left it unknown (null or NaN)."""
    return None if value is None or value != value else float(value)
