"""The OTLP/HTTP receiver on 127.0.0.1, fed real JSON and protobuf export requests."""

from __future__ import annotations

import gzip
import json

import httpx
import pyarrow as pa
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.resource.v1.resource_pb2 import Resource
from opentelemetry.proto.trace.v1.trace_pb2 import ResourceSpans, ScopeSpans, Span

from fairprint.ledger import Ledger
from fairprint.track.otlp_receiver import OtlpReceiver, ledger_sink

START_NS = 1_764_000_000_000_000_000


def _json_attr(key: str, value) -> dict:
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}  # int64 as a string
    return {"key": key, "value": {"stringValue": value}}


def _json_span(span_id: str, attributes: dict) -> dict:
    return {
        "traceId": "5b8efff798038103d269b633813fc60c",
        "spanId": span_id,
        "name": "chat",
        "kind": 3,
        "startTimeUnixNano": str(START_NS),
        "endTimeUnixNano": str(START_NS + 1_500_000_000),
        "attributes": [_json_attr(k, v) for k, v in attributes.items()],
    }


CHAT = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o-mini",
    "gen_ai.response.id": "chatcmpl-a",
    "gen_ai.usage.input_tokens": 900,
    "gen_ai.usage.cache_read.input_tokens": 100,
    "gen_ai.usage.output_tokens": 40,
}
AGENT = {"gen_ai.operation.name": "invoke_agent", "gen_ai.usage.input_tokens": 900}


def _json_payload(*spans: dict) -> dict:
    return {
        "resourceSpans": [
            {
                "resource": {"attributes": [_json_attr("service.name", "checkout")]},
                "scopeSpans": [{"scope": {"name": "openllmetry"}, "spans": list(spans)}],
            }
        ]
    }


def _proto_payload() -> bytes:
    def kv(key: str, value) -> KeyValue:
        v = AnyValue(int_value=value) if isinstance(value, int) else AnyValue(string_value=value)
        return KeyValue(key=key, value=v)

    attributes = {
        "gen_ai.system": "anthropic",
        "gen_ai.request.model": "claude-sonnet-4",
        "gen_ai.operation.name": "chat",
        "gen_ai.response.id": "msg-b",
        "gen_ai.usage.prompt_tokens": 300,
        "gen_ai.usage.completion_tokens": 20,
    }
    span = Span(
        trace_id=bytes(16),
        span_id=b"\x01" * 8,
        name="anthropic.chat",
        start_time_unix_nano=START_NS,
        end_time_unix_nano=START_NS + 10**9,
        attributes=[kv(k, v) for k, v in attributes.items()],
    )
    request = ExportTraceServiceRequest(
        resource_spans=[
            ResourceSpans(
                resource=Resource(attributes=[kv("service.name", "support")]),
                scope_spans=[ScopeSpans(spans=[span])],
            )
        ]
    )
    return request.SerializeToString()


@pytest.fixture()
def receiver():
    batches: list[pa.Table] = []
    running = OtlpReceiver(batches.append, host="127.0.0.1", port=0).start()
    running.batches = batches
    yield running
    running.stop()


def _rows(receiver) -> list[dict]:
    return [row for table in receiver.batches for row in table.to_pylist()]


def test_json_export_lands_as_activities(receiver):
    payload = _json_payload(
        _json_span("0000000000000001", CHAT), _json_span("0000000000000002", AGENT)
    )
    reply = httpx.post(receiver.url + "/v1/traces", json=payload)
    assert reply.status_code == 200
    [row] = _rows(receiver)
    assert (row["provider"], row["model"], row["project"], row["source"]) == (
        "openai",
        "gpt-4o-mini",
        "checkout",
        "otlp",
    )
    assert (row["input_tokens"], row["cached_input_tokens"], row["output_tokens"]) == (800, 100, 40)
    assert row["duration_s"] == pytest.approx(1.5)


def test_protobuf_export_gets_a_protobuf_reply(receiver):
    reply = httpx.post(
        receiver.url + "/v1/traces",
        content=_proto_payload(),
        headers={"Content-Type": "application/x-protobuf"},
    )
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/x-protobuf"
    ExportTraceServiceResponse.FromString(reply.content)
    [row] = _rows(receiver)
    assert (row["provider"], row["model"], row["input_tokens"], row["output_tokens"]) == (
        "anthropic",
        "claude-sonnet-4",
        300,
        20,
    )


def test_gzip_bodies_as_the_collector_sends_them(receiver):
    body = gzip.compress(_proto_payload())
    reply = httpx.post(
        receiver.url + "/v1/traces",
        content=body,
        headers={"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"},
    )
    assert reply.status_code == 200
    assert len(_rows(receiver)) == 1


def test_a_resent_batch_is_not_counted_twice(receiver):
    payload = _json_payload(_json_span("0000000000000001", CHAT))
    for _ in range(2):
        assert httpx.post(receiver.url + "/v1/traces", json=payload).status_code == 200
    assert len(_rows(receiver)) == 1
    assert receiver.accepted == 1


def test_malformed_bodies_get_a_400_that_says_why(receiver):
    reply = httpx.post(
        receiver.url + "/v1/traces",
        content=b"not json",
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 400
    assert "not JSON" in json.loads(reply.content)["message"]
    reply = httpx.post(
        receiver.url + "/v1/traces", content=b"x", headers={"Content-Type": "text/plain"}
    )
    assert reply.status_code == 415
    assert httpx.post(receiver.url + "/v1/metrics", json={}).status_code == 404
    assert _rows(receiver) == []


def test_receiver_writes_into_a_real_ledger(tmp_path):
    path = tmp_path / "ledger.duckdb"
    sink = ledger_sink(path)
    running = OtlpReceiver(sink, port=0).start()
    try:
        payload = _json_payload(_json_span("0000000000000001", CHAT))
        assert httpx.post(running.url + "/v1/traces", json=payload).status_code == 200
    finally:
        running.stop()
        sink.close()
    with Ledger(path) as ledger:
        [row] = ledger.activities().to_pylist()
    assert (row["source"], row["model"], row["project"]) == ("otlp", "gpt-4o-mini", "checkout")
    assert row["gwp_kgco2e"] > 0
