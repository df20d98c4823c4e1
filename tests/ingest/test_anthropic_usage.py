"""Anthropic usage report exports → canonical activities."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.helpers import collect
from tests.ingest.logs import anthropic_page, anthropic_result, write_json


def test_anthropic_input_is_kept_as_is_and_cache_writes_summed(tmp_path: Path) -> None:
    page = anthropic_page([("2026-01-02T00:00:00Z", [anthropic_result()])])
    table, quarantined, _ = collect(write_json(tmp_path / "a.json", page), "anthropic-usage")
    row = table.to_pylist()[0]
    assert quarantined == []
    assert row["input_tokens"] == 500
    assert row["cached_input_tokens"] == 2000
    assert row["cache_write_tokens"] == 150
    assert row["output_tokens"] == 300
    assert row["project"] == "wrkspc_1" and row["provider"] == "anthropic"
    assert row["started_at"].isoformat() == "2026-01-02T00:00:00+00:00"


def test_requests_are_marked_unknown(tmp_path: Path) -> None:
    page = anthropic_page([("2026-01-02T00:00:00Z", [anthropic_result()])])
    row = collect(write_json(tmp_path / "a.json", page))[0].to_pylist()[0]
    attributes = json.loads(row["attributes"])
    assert row["requests"] == 0 and attributes["requests_unknown"] is True
    assert attributes["web_search_requests"] == 2


def test_a_bad_time_is_quarantined(tmp_path: Path) -> None:
    page = anthropic_page([("yesterday", [anthropic_result()])])
    table, quarantined, _ = collect(write_json(tmp_path / "a.json", page), "anthropic-usage")
    assert table.num_rows == 0
    assert "starting_at" in quarantined[0].reason
