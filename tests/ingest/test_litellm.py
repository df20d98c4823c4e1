"""LiteLLM spend logs (CSV and JSON) → canonical activities."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.helpers import collect
from tests.ingest.logs import litellm_record, write_csv, write_json


def test_usage_object_splits_cached_and_reasoning(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "spend.csv", [litellm_record("req-1")])
    table, quarantined, _ = collect(path, "litellm")
    row = table.to_pylist()[0]
    assert quarantined == []
    assert (row["input_tokens"], row["cached_input_tokens"]) == (600, 400)
    assert (row["output_tokens"], row["reasoning_tokens"]) == (200, 100)
    assert row["operation"] == "chat" and row["provider"] == "acme"
    assert row["team"] == "team-search" and row["user"] == "alice"
    assert row["duration_s"] == 2.5


def test_csv_and_json_exports_give_the_same_ids(tmp_path: Path) -> None:
    records = [litellm_record("req-1"), litellm_record("req-2", call_type="aembedding")]
    from_csv = collect(write_csv(tmp_path / "s.csv", records))[0]
    from_json = collect(write_json(tmp_path / "s.json", records))[0]
    assert from_csv.column("activity_id").to_pylist() == from_json.column("activity_id").to_pylist()
    assert from_json.column("operation").to_pylist() == ["chat", "embeddings"]


def test_a_litellm_cache_hit_ran_no_model(tmp_path: Path) -> None:
    row = collect(write_json(tmp_path / "s.json", [litellm_record("r", cache_hit=True)]))[0]
    first = row.to_pylist()[0]
    assert first["input_tokens"] == first["output_tokens"] == 0
    assert json.loads(first["attributes"])["tokens_if_not_cached"]["input_tokens"] == 600


def test_a_record_without_request_id_is_quarantined_with_its_line(tmp_path: Path) -> None:
    records = [litellm_record("req-1"), litellm_record("")]
    table, quarantined, _ = collect(write_csv(tmp_path / "s.csv", records), "litellm")
    assert table.num_rows == 1
    assert quarantined[0].line == 3 and "request_id" in quarantined[0].reason
