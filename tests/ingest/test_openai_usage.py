"""OpenAI organization usage exports → canonical activities."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.helpers import collect
from tests.ingest.logs import openai_page, openai_result, write_json, write_lines

DAY = 1_767_225_600  # 2026-01-01T00:00:00Z


def test_cached_tokens_are_subtracted_from_input(tmp_path: Path) -> None:
    path = write_json(tmp_path / "usage.json", openai_page([(DAY, [openai_result()])]))
    table, quarantined, _ = collect(path, "openai-usage")
    row = table.to_pylist()[0]
    assert quarantined == []
    assert (row["input_tokens"], row["cached_input_tokens"], row["output_tokens"]) == (
        700,
        300,
        200,
    )
    assert row["requests"] == 4
    assert row["provider"] == "openai" and row["operation"] == "chat"
    assert row["project"] == "proj_a"
    assert row["started_at"].timestamp() == DAY
    assert json.loads(row["attributes"])["reasoning_in_output"] is True


def test_the_same_bucket_in_two_exports_has_the_same_id(tmp_path: Path) -> None:
    first = write_json(tmp_path / "a.json", openai_page([(DAY, [openai_result()])]))
    second = write_lines(
        tmp_path / "b.jsonl",
        [json.dumps(openai_page([(DAY, [openai_result()]), (DAY + 86_400, [openai_result()])]))],
    )
    ids_a = collect(first)[0].column("activity_id").to_pylist()
    ids_b = collect(second)[0].column("activity_id").to_pylist()
    assert ids_a[0] == ids_b[0]
    assert ids_b[0] != ids_b[1]


def test_group_by_fields_make_distinct_activities(tmp_path: Path) -> None:
    results = [openai_result(project_id="p1"), openai_result(project_id="p2")]
    path = write_json(tmp_path / "usage.json", openai_page([(DAY, results)]))
    ids = collect(path)[0].column("activity_id").to_pylist()
    assert len(set(ids)) == 2


def test_embeddings_results_are_embeddings(tmp_path: Path) -> None:
    result = {
        "object": "organization.usage.embeddings.result",
        "input_tokens": 5000,
        "num_model_requests": 10,
        "model": "text-embedding-3-small",
    }
    path = write_json(tmp_path / "emb.json", openai_page([(DAY, [result])]))
    row = collect(path)[0].to_pylist()[0]
    assert row["operation"] == "embeddings" and row["input_tokens"] == 5000


def test_a_bad_result_is_quarantined_with_its_place(tmp_path: Path) -> None:
    bad = openai_result(input_tokens="lots")
    path = write_json(tmp_path / "usage.json", openai_page([(DAY, [openai_result(), bad])]))
    table, quarantined, _ = collect(path)
    assert table.num_rows == 1
    assert len(quarantined) == 1
    assert "$.data[0].results[1]" in quarantined[0].reason
    assert "input_tokens" in quarantined[0].reason
    assert '"lots"' in quarantined[0].raw
