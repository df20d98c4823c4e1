"""The span processor on the real OpenTelemetry SDK, read back through an in-memory reader."""

from __future__ import annotations

import pyarrow as pa
import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.impacts import estimate_table
from fairprint.track.genai import activity_from_attributes
from fairprint.track.otel import FairprintSpanProcessor

CURRENT = {  # semantic conventions >= 1.37
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "acme",
    "gen_ai.request.model": "dense-70b",
    "gen_ai.response.id": "resp-1",
    "gen_ai.usage.input_tokens": 1200,
    "gen_ai.usage.cache_read.input_tokens": 200,
    "gen_ai.usage.output_tokens": 300,
    "gen_ai.usage.reasoning.output_tokens": 100,
}
OLDER = {  # gen_ai.system, capitalised, prompt/completion tokens, no operation name
    "gen_ai.system": "Acme",
    "gen_ai.request.model": "dense-70b",
    "gen_ai.response.id": "resp-2",
    "gen_ai.usage.prompt_tokens": 500,
    "gen_ai.usage.completion_tokens": 50,
}
AGENT = {  # repeats its children's usage: must not count
    "gen_ai.operation.name": "invoke_agent",
    "gen_ai.provider.name": "acme",
    "gen_ai.request.model": "dense-70b",
    "gen_ai.usage.input_tokens": 1700,
    "gen_ai.usage.output_tokens": 350,
}


@pytest.fixture()
def pipeline(mini_registry):
    reader = InMemoryMetricReader()
    meters = MeterProvider(metric_readers=[reader])
    tracers = TracerProvider()
    tracers.add_span_processor(FairprintSpanProcessor(meters, registry=mini_registry))
    tracer = tracers.get_tracer("test")
    tracer.provider = tracers
    return tracer, reader


def _emit(tracer, attributes: dict) -> None:
    with tracer.start_as_current_span("span", attributes=attributes):
        pass


def _sums(reader, tracer) -> dict[str, float]:
    tracer.provider.force_flush()
    sums: dict[str, float] = {}
    for resource in reader.get_metrics_data().resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                sums[metric.name] = sum(p.value for p in metric.data.data_points)
    return sums


def _expected(mini_registry, *attribute_sets: dict) -> pa.Table:
    rows = [activity_from_attributes(a, 1, 2, source="otel") for a in attribute_sets]
    return estimate_table(pa.Table.from_pylist(rows, schema=ACTIVITY_SCHEMA), mini_registry)


def test_counters_equal_the_kernels_impacts_in_base_units(pipeline, mini_registry):
    tracer, reader = pipeline
    _emit(tracer, CURRENT)
    _emit(tracer, OLDER)
    expected = _expected(mini_registry, CURRENT, OLDER)
    sums = _sums(reader, tracer)
    assert sums["fairprint.energy"] == pytest.approx(
        sum(expected.column("energy_kwh").to_pylist()) * 3.6e6
    )
    assert sums["fairprint.emissions"] == pytest.approx(
        sum(expected.column("gwp_kgco2e").to_pylist()) * 1000
    )
    assert sums["fairprint.water"] == pytest.approx(sum(expected.column("water_l").to_pylist()))
    assert sums["fairprint.requests"] == 2


def test_duplicate_response_ids_and_agent_spans_do_not_count(pipeline, mini_registry):
    tracer, reader = pipeline
    _emit(tracer, CURRENT)
    _emit(tracer, CURRENT)  # a second instrumentation of the same response
    _emit(tracer, AGENT)
    _emit(tracer, {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search"})
    expected = _expected(mini_registry, CURRENT)
    sums = _sums(reader, tracer)
    assert sums["fairprint.requests"] == 1
    assert sums["fairprint.energy"] == pytest.approx(
        expected.column("energy_kwh")[0].as_py() * 3.6e6
    )


def test_metric_points_carry_model_and_provider(pipeline):
    tracer, reader = pipeline
    _emit(tracer, OLDER)
    tracer.provider.force_flush()
    points = [
        p
        for r in reader.get_metrics_data().resource_metrics
        for s in r.scope_metrics
        for m in s.metrics
        if m.name == "fairprint.energy"
        for p in m.data.data_points
    ]
    assert [dict(p.attributes) for p in points] == [
        {"gen_ai.provider.name": "acme", "gen_ai.request.model": "dense-70b"}
    ]


def test_unknown_models_are_counted_as_unpriced_not_guessed(pipeline):
    tracer, reader = pipeline
    _emit(tracer, {**CURRENT, "gen_ai.request.model": "mystery-1", "gen_ai.response.id": "x"})
    sums = _sums(reader, tracer)
    assert sums["fairprint.requests"] == 1
    assert "fairprint.energy" not in sums


def test_spans_are_not_mutated(pipeline):
    tracer, _ = pipeline
    with tracer.start_as_current_span("span", attributes=CURRENT) as span:
        pass
    assert dict(span.attributes) == CURRENT


def test_no_global_meter_provider_is_set(mini_registry):
    from opentelemetry import metrics

    before = metrics.get_meter_provider()
    FairprintSpanProcessor(MeterProvider(), registry=mini_registry)
    assert metrics.get_meter_provider() is before


def test_token_normalisation_of_the_current_dialect():
    row = activity_from_attributes(
        {**CURRENT, "gen_ai.usage.cache_creation.input_tokens": 50}, 10**9, 3 * 10**9, source="otel"
    )
    assert (
        row["input_tokens"],
        row["cached_input_tokens"],
        row["cache_write_tokens"],
        row["output_tokens"],
        row["reasoning_tokens"],
    ) == (950, 200, 50, 200, 100)
    assert row["duration_s"] == 2.0


def test_spans_are_priced_off_the_request_path_by_the_background_thread(mini_registry):
    import time

    reader = InMemoryMetricReader()
    tracers = TracerProvider()
    processor = FairprintSpanProcessor(
        MeterProvider(metric_readers=[reader]), registry=mini_registry, interval_s=0.05
    )
    tracers.add_span_processor(processor)
    tracer = tracers.get_tracer("test")
    start = time.perf_counter()
    _emit(tracer, CURRENT)
    assert time.perf_counter() - start < 0.05  # ending the span did not run the kernels
    for _ in range(100):
        names = {
            m.name
            for r in (reader.get_metrics_data() or _Empty()).resource_metrics
            for s in r.scope_metrics
            for m in s.metrics
        }
        if "fairprint.energy" in names:
            break
        time.sleep(0.05)
    assert "fairprint.energy" in names
    processor.shutdown()


class _Empty:
    resource_metrics = ()


def test_a_span_with_an_impossible_count_costs_only_that_span(mini_registry):
    reader = InMemoryMetricReader()
    processor = FairprintSpanProcessor(
        MeterProvider(metric_readers=[reader]), registry=mini_registry
    )
    tracers = TracerProvider()
    tracers.add_span_processor(processor)
    tracer = tracers.get_tracer("test")
    tracer.provider = tracers
    _emit(tracer, {**OLDER, "gen_ai.response.id": "huge", "gen_ai.usage.prompt_tokens": 1e30})
    _emit(tracer, CURRENT)
    sums = _sums(reader, tracer)
    assert sums["fairprint.requests"] == 1
    assert processor.rejected == 1
