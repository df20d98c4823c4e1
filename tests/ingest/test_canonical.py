"""The canonical CSV / JSON-lines format: typing, defaults, ids and quarantine."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.helpers import collect
from tests.ingest.logs import write_lines

HEADER = "activity_id,started_at,provider,model,input_tokens,output_tokens,cached_input_tokens"


def test_rows_are_typed_and_defaults_filled(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "a.csv", [HEADER, "r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20,5"]
    )
    table, quarantined, _ = collect(path, "csv")
    row = table.to_pylist()[0]
    assert quarantined == []
    assert (row["input_tokens"], row["output_tokens"], row["cached_input_tokens"]) == (100, 20, 5)
    assert row["requests"] == 1 and row["reasoning_tokens"] == 0 and row["source"] == "csv"
    assert row["started_at"].isoformat() == "2026-01-01T10:00:00+00:00"


def test_naive_and_offset_times_are_utc(tmp_path: Path) -> None:
    lines = [
        HEADER,
        "r1,2026-01-01 10:00:00,acme,m,1,1,0",
        "r2,2026-01-01T12:00:00+02:00,acme,m,1,1,0",
    ]
    table, _, _ = collect(write_lines(tmp_path / "a.csv", lines), "csv")
    assert {t.isoformat() for t in table.column("started_at").to_pylist()} == {
        "2026-01-01T10:00:00+00:00"
    }


def test_bad_values_are_quarantined_with_line_and_every_reason(tmp_path: Path) -> None:
    lines = [
        HEADER,
        "r1,2026-01-01T10:00:00Z,acme,m,1,1,0",
        "r2,yesterday,acme,m,-5,1,0",
        "r3,2026-01-01T10:00:00Z,acme,m,1,1,0,surplus",
        "r4,2026-01-01T10:00:00Z,acme,m,1,lots,0",
    ]
    table, quarantined, _ = collect(write_lines(tmp_path / "a.csv", lines), "csv")
    assert table.column("activity_id").length() == 1
    by_line = {q.line: q for q in quarantined}
    assert set(by_line) == {3, 4, 5}
    assert "started_at" in by_line[3].reason and "input_tokens" in by_line[3].reason
    assert by_line[3].raw == "r2,yesterday,acme,m,-5,1,0"
    assert "8 fields" in by_line[4].reason
    assert "output_tokens: lots" in by_line[5].reason


def test_line_numbers_count_skipped_malformed_rows(tmp_path: Path) -> None:
    lines = [HEADER, "x,y", "r2,2026-01-01T10:00:00Z,acme,m,1,1,0", "r3,nope,acme,m,1,1,0"]
    _, quarantined, _ = collect(write_lines(tmp_path / "a.csv", lines), "csv")
    assert sorted(q.line for q in quarantined) == [2, 4]


def test_without_an_id_column_identical_rows_share_an_id(tmp_path: Path) -> None:
    lines = ["model,input_tokens,output_tokens", "m,1,2", "m,1,2", "m,1,3"]
    ids = collect(write_lines(tmp_path / "a.csv", lines), "csv")[0].column("activity_id")
    assert len(set(ids.to_pylist())) == 2


def test_jsonl_and_csv_of_the_same_rows_share_ids(tmp_path: Path) -> None:
    csv_path = write_lines(tmp_path / "a.csv", [HEADER, "r1,2026-01-01T10:00:00Z,acme,m,1,1,0"])
    record = {
        "activity_id": "r1",
        "started_at": "2026-01-01T10:00:00Z",
        "provider": "acme",
        "model": "m",
        "input_tokens": 1,
        "output_tokens": 1,
        "attributes": {"k": "v"},
    }
    jsonl_path = write_lines(tmp_path / "a.jsonl", [json.dumps(record), "[1]"])
    from_csv = collect(csv_path, "csv")[0]
    from_jsonl, quarantined, _ = collect(jsonl_path, "jsonl")
    assert from_csv.column("activity_id") == from_jsonl.column("activity_id")
    assert json.loads(from_jsonl.column("attributes")[0].as_py()) == {"k": "v"}
    assert [(q.line, q.reason) for q in quarantined] == [(2, "not a JSON object")]


def test_fast_and_checked_paths_agree(tmp_path: Path) -> None:
    good = [HEADER] + [f"r{i},2026-01-01T10:00:0{i}Z,acme,m,{i},1,0" for i in range(5)]
    clean = collect(write_lines(tmp_path / "clean.csv", good), "csv")[0]
    dirty = collect(write_lines(tmp_path / "dirty.csv", [*good, "bad,x,acme,m,-1,1,0"]), "csv")[0]
    assert clean.equals(dirty)


def test_fast_and_checked_paths_agree_without_an_id_column(tmp_path: Path) -> None:
    good = ["model,input_tokens,output_tokens,team"] + [f"m,{i},1,t" for i in range(5)]
    clean = collect(write_lines(tmp_path / "clean.csv", good), "csv")[0]
    dirty = collect(write_lines(tmp_path / "dirty.csv", [*good, "m,-1,1,t"]), "csv")[0]
    assert clean.equals(dirty)
