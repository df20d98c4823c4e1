"""Format auto-detection, and its clear refusal when unsure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairprint.errors import FormatError
from fairprint.ingest import detect_format, read_activities
from tests.ingest.logs import (
    anthropic_page,
    anthropic_result,
    langfuse_observation,
    litellm_record,
    openai_page,
    openai_result,
    otlp_line,
    otlp_span,
    write_csv,
    write_json,
    write_lines,
)


def test_each_format_is_recognised(tmp_path: Path) -> None:
    files = {
        "openai-usage": write_json(tmp_path / "o.json", openai_page([(0, [openai_result()])])),
        "anthropic-usage": write_json(
            tmp_path / "a.json", anthropic_page([("2026-01-01T00:00:00Z", [anthropic_result()])])
        ),
        "otlp": write_lines(
            tmp_path / "t.jsonl.zst", [otlp_line([otlp_span("01", {"x": 1})])], zstd=True
        ),
        "litellm": write_csv(tmp_path / "l.csv", [litellm_record("r1")]),
        "langfuse": write_lines(tmp_path / "f.jsonl", [json.dumps(langfuse_observation("o"))]),
        "csv": write_lines(tmp_path / "c.csv", ["model,input_tokens,output_tokens", "m,1,1"]),
        "jsonl": write_lines(
            tmp_path / "c.jsonl",
            [json.dumps({"model": "m", "input_tokens": 1, "output_tokens": 1})],
        ),
    }
    assert {name: detect_format(path) for name, path in files.items()} == {n: n for n in files}


def test_json_litellm_export_is_recognised(tmp_path: Path) -> None:
    path = write_json(tmp_path / "l.json", [litellm_record("r1")])
    assert detect_format(path) == "litellm"


def test_an_unknown_file_names_the_formats_to_choose_from(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "x.csv", ["when,what", "today,lunch"])
    with pytest.raises(FormatError, match="--format") as info:
        detect_format(path)
    assert "openai-usage" in str(info.value) and str(path) in str(info.value)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text("")
    with pytest.raises(FormatError, match="empty"):
        detect_format(tmp_path / "e.json")


def test_asking_for_the_wrong_format_fails_clearly(tmp_path: Path) -> None:
    path = write_json(tmp_path / "o.json", openai_page([(0, [openai_result()])]))
    with pytest.raises(FormatError, match="no Anthropic usage buckets"):
        list(read_activities(path, "anthropic-usage"))
