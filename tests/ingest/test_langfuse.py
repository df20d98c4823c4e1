"""Langfuse observation exports → generation activities."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.helpers import collect
from tests.ingest.logs import langfuse_observation, write_json, write_lines


def test_additive_usage_details_are_kept_apart(tmp_path: Path) -> None:
    page = {"data": [langfuse_observation("obs-1")], "meta": {"page": 1}}
    table, quarantined, _ = collect(write_json(tmp_path / "obs.json", page), "langfuse")
    row = table.to_pylist()[0]
    assert quarantined == []
    assert (row["input_tokens"], row["cached_input_tokens"], row["output_tokens"]) == (
        700,
        300,
        150,
    )
    assert row["operation"] == "chat" and row["duration_s"] == 3.0


def test_inclusive_usage_details_are_split(tmp_path: Path) -> None:
    usage = {"input": 1000, "input_cached_tokens": 300, "output": 150, "total": 1150}
    observation = langfuse_observation("obs-1", usageDetails=usage)
    row = collect(write_json(tmp_path / "obs.json", [observation]))[0].to_pylist()[0]
    assert (row["input_tokens"], row["cached_input_tokens"]) == (700, 300)


def test_only_generations_count(tmp_path: Path) -> None:
    import json

    lines = [
        json.dumps(langfuse_observation("g1")),
        json.dumps(langfuse_observation("s1", type="SPAN", usageDetails={})),
        json.dumps(langfuse_observation("e1", type="EVENT")),
    ]
    table, _, skipped = collect(write_lines(tmp_path / "obs.jsonl", lines), "langfuse")
    assert table.num_rows == 1 and skipped == 2


def test_deprecated_usage_with_a_non_token_unit_is_quarantined(tmp_path: Path) -> None:
    observation = langfuse_observation(
        "g1", usageDetails=None, usage={"input": 10, "output": 5, "unit": "CHARACTERS"}
    )
    table, quarantined, _ = collect(write_json(tmp_path / "o.json", [observation]), "langfuse")
    assert table.num_rows == 0 and "CHARACTERS" in quarantined[0].reason
