"""OTLP JSON traces (Collector file exporter) → inference activities only, de-duplicated."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.helpers import collect
from tests.ingest.logs import otlp_line, otlp_span, write_lines

CHAT = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "acme",
    "gen_ai.request.model": "dense-70b",
    "gen_ai.response.model": "dense-70b-v1",
    "gen_ai.response.id": "resp-1",
    "gen_ai.usage.input_tokens": 1000,
    "gen_ai.usage.cache_read.input_tokens": 600,
    "gen_ai.usage.output_tokens": 250,
    "gen_ai.usage.reasoning.output_tokens": 50,
}


def test_current_dialect_subtracts_cached_and_reasoning(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "t.jsonl", [otlp_line([otlp_span("01", CHAT)])])
    table, quarantined, _ = collect(path, "otlp")
    row = table.to_pylist()[0]
    assert quarantined == []
    assert row["input_tokens"] == 400 and row["cached_input_tokens"] == 600
    assert row["output_tokens"] == 200 and row["reasoning_tokens"] == 50
    assert row["model"] == "dense-70b-v1" and row["provider"] == "acme"
    assert row["project"] == "checkout"
    assert row["duration_s"] == 1.5


def test_older_dialect_is_read(tmp_path: Path) -> None:
    old = {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "Anthropic",
        "gen_ai.request.model": "dense-70b",
        "gen_ai.usage.prompt_tokens": 300,
        "gen_ai.usage.completion_tokens": 40,
        "gen_ai.usage.cache_read_input_tokens": 100,
    }
    path = write_lines(tmp_path / "t.jsonl", [otlp_line([otlp_span("02", old)])])
    row = collect(path)[0].to_pylist()[0]
    assert row["provider"] == "anthropic"
    assert (row["input_tokens"], row["cached_input_tokens"], row["output_tokens"]) == (200, 100, 40)


def test_agent_and_tool_spans_are_not_counted(tmp_path: Path) -> None:
    agent = {**CHAT, "gen_ai.operation.name": "invoke_agent", "gen_ai.response.id": "agent-1"}
    tool = {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search"}
    spans = [otlp_span("01", CHAT), otlp_span("02", agent), otlp_span("03", tool)]
    table, _, skipped = collect(write_lines(tmp_path / "t.jsonl", [otlp_line(spans)]))
    assert table.num_rows == 1
    assert skipped == 2


def test_the_same_response_in_two_spans_has_one_id(tmp_path: Path) -> None:
    spans = [otlp_span("01", CHAT), otlp_span("09", CHAT, trace_id="cd" * 16)]
    table = collect(write_lines(tmp_path / "t.jsonl", [otlp_line(spans)]))[0]
    assert len(set(table.column("activity_id").to_pylist())) == 1


def test_zstd_files_are_read(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "t.jsonl.zst", [otlp_line([otlp_span("01", CHAT)])], zstd=True)
    assert path.read_bytes()[:4] == b"\x28\xb5\x2f\xfd"
    table, _, _ = collect(path)
    assert table.num_rows == 1


def test_a_line_that_is_not_json_is_quarantined_with_its_line(tmp_path: Path) -> None:
    lines = [otlp_line([otlp_span("01", CHAT)]), "{not json", otlp_line([otlp_span("02", CHAT)])]
    table, quarantined, _ = collect(write_lines(tmp_path / "t.jsonl", lines), "otlp")
    assert table.num_rows == 2
    assert [(q.line, q.raw) for q in quarantined] == [(2, "{not json")]


def test_only_a_total_is_quarantined(tmp_path: Path) -> None:
    total_only = {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "dense-70b",
        "llm.usage.total_tokens": 99,
    }
    path = write_lines(tmp_path / "t.jsonl", [otlp_line([otlp_span("01", total_only)])])
    table, quarantined, _ = collect(path, "otlp")
    assert table.num_rows == 0
    assert "total" in quarantined[0].reason
    assert json.loads(quarantined[0].raw)["spanId"] == "01"
