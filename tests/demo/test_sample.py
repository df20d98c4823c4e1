"""The demo sample: reproducible from its seed and shaped like each source's public export."""

from __future__ import annotations

import csv
import json

import pytest

from fairprint.demo import FILES, write_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample(tmp_path_factory.mktemp("sample"))


def test_the_same_seed_writes_the_same_bytes(sample, tmp_path) -> None:
    again = write_sample(tmp_path / "again")
    for name in FILES:
        assert again.files[name].read_bytes() == sample.files[name].read_bytes(), name


def test_another_seed_writes_other_numbers(sample, tmp_path) -> None:
    other = write_sample(tmp_path / "other", seed=7)
    assert other.files["openai-usage"].read_bytes() != sample.files["openai-usage"].read_bytes()


def test_openai_export_is_a_page_of_daily_buckets(sample) -> None:
    page = json.loads(sample.files["openai-usage"].read_text())
    assert page["object"] == "page" and page["has_more"] is False
    bucket = page["data"][0]
    assert bucket["object"] == "bucket" and bucket["end_time"] - bucket["start_time"] == 86400
    result = bucket["results"][0]
    assert result["object"] == "organization.usage.completions.result"
    assert result["input_cached_tokens"] <= result["input_tokens"]
    assert {"num_model_requests", "model", "project_id", "output_tokens"} <= set(result)


def test_anthropic_report_splits_uncached_and_cache_tokens(sample) -> None:
    report = json.loads(sample.files["anthropic-usage"].read_text())
    bucket = report["data"][0]
    assert bucket["starting_at"].endswith("Z")
    result = bucket["results"][0]
    assert set(result["cache_creation"]) == {
        "ephemeral_5m_input_tokens",
        "ephemeral_1h_input_tokens",
    }
    assert result["uncached_input_tokens"] >= 0 and "cache_read_input_tokens" in result


def test_otlp_lines_mix_dialects_and_carry_agent_spans(sample) -> None:
    lines = sample.files["otlp"].read_text().splitlines()
    spans = [
        span
        for line in lines
        for resource in json.loads(line)["resourceSpans"]
        for scope in resource["scopeSpans"]
        for span in scope["spans"]
    ]
    keys = {a["key"] for span in spans for a in span["attributes"]}
    assert {"gen_ai.provider.name", "gen_ai.system"} <= keys
    assert {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"} <= keys
    operations = [
        a["value"]["stringValue"]
        for span in spans
        for a in span["attributes"]
        if a["key"] == "gen_ai.operation.name"
    ]
    assert "invoke_agent" in operations and "chat" in operations
    assert all(isinstance(span["startTimeUnixNano"], str) for span in spans)


def test_litellm_and_canonical_csv_have_their_public_columns(sample) -> None:
    with sample.files["litellm"].open() as handle:
        row = next(csv.DictReader(handle))
    assert json.loads(row["metadata"])["usage_object"]["prompt_tokens"] == int(row["prompt_tokens"])
    with sample.files["csv"].open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["provider"] for r in rows} == {"local"}
    assert all(float(r["measured_energy_kwh"]) > 0 for r in rows)


def test_langfuse_export_has_generations_among_spans(sample) -> None:
    data = json.loads(sample.files["langfuse"].read_text())["data"]
    types = {o["type"] for o in data}
    assert types == {"GENERATION", "SPAN"}
    generation = next(o for o in data if o["type"] == "GENERATION")
    assert set(generation["usageDetails"]) == {"input", "output", "total"}


def test_the_sample_stands_for_a_few_thousand_requests(sample) -> None:
    page = json.loads(sample.files["openai-usage"].read_text())
    openai = sum(r["num_model_requests"] for b in page["data"] for r in b["results"])
    with sample.files["litellm"].open() as handle:
        litellm = sum(1 for _ in csv.DictReader(handle))
    assert 2_000 < openai + litellm < 20_000
