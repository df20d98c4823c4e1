"""A response seen live (receiver, span processor) and in a Collector file counts once."""

from __future__ import annotations

import json

from fairprint.ingest import read_activities
from fairprint.track.genai import activities_from_otlp


def _traces(response_id: str) -> dict:
    def attr(key, **value):
        return {"key": key, "value": value}

    span = {
        "traceId": "5b8efff798038103d269b633813fc60c",
        "spanId": "eee19b7ec3c1b174",
        "name": "chat gpt-4o",
        "kind": 3,
        "startTimeUnixNano": "1730419200000000000",
        "endTimeUnixNano": "1730419201500000000",
        "attributes": [
            attr("gen_ai.operation.name", stringValue="chat"),
            attr("gen_ai.provider.name", stringValue="openai"),
            attr("gen_ai.request.model", stringValue="gpt-4o"),
            attr("gen_ai.response.id", stringValue=response_id),
            attr("gen_ai.usage.input_tokens", intValue="120"),
            attr("gen_ai.usage.output_tokens", intValue="40"),
        ],
    }
    return {"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [span]}]}]}


def test_receiver_and_file_importer_give_the_same_activity_id(tmp_path) -> None:
    traces = _traces("chatcmpl-123")
    path = tmp_path / "traces.jsonl"
    path.write_text(json.dumps(traces) + "\n")
    from_file = [
        row
        for batch in read_activities(path, format="otlp")
        for row in batch.activities.to_pylist()
    ]
    live = list(activities_from_otlp(traces, source="otlp"))
    processor = list(activities_from_otlp(traces, source="otel"))
    assert len(from_file) == len(live) == 1
    assert from_file[0]["activity_id"] == live[0]["activity_id"] == processor[0]["activity_id"]
    other = list(activities_from_otlp(_traces("chatcmpl-456"), source="otlp"))
    assert other[0]["activity_id"] != live[0]["activity_id"]
