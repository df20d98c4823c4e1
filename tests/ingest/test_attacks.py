"""Issue 15's importer attacks, replayed: each gets a quarantined row or a clear error.

Every test imports into a real ledger and checks the three promises: the bad value never
reaches the ledger, the good rows of the same file do, and the reports still work.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import zstandard
from typer.testing import CliRunner

from fairprint.cli import app
from fairprint.errors import FormatError
from fairprint.ledger import Ledger
from tests.conftest import MINI_REGISTRY
from tests.ingest.helpers import collect
from tests.ingest.logs import openai_page, openai_result

runner = CliRunner()
ENV = {"FAIRPRINT_REGISTRY": str(MINI_REGISTRY), "COLUMNS": "80"}
HEADER = "activity_id,started_at,provider,model,input_tokens,output_tokens,measured_energy_kwh"
GOOD = "ok,2026-01-01T00:00:00Z,acme,dense-70b,10,1,"


def _csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _import(tmp_path: Path, path: Path) -> tuple[list[str], list[str]]:
    """Activity ids kept and quarantine reasons, after importing ``path`` into a ledger."""
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.import_file(path)
        ids = ledger.connection.execute("SELECT activity_id FROM activities").fetchall()
        reasons = ledger.connection.execute("SELECT reason FROM quarantine").fetchall()
    return [i for (i,) in ids], [r for (r,) in reasons]


def _report_works(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", "--format", "json", "--ledger", str(tmp_path / "l.duckdb")], env=ENV
    )
    assert result.exit_code == 0, result.output
    assert "tokens is negative" not in result.output


def test_a_count_of_2_to_the_63_is_quarantined_and_reports_still_work(tmp_path: Path) -> None:
    path = _csv(tmp_path / "a.csv", "big,,acme,dense-70b,9223372036854775807,1,", GOOD)
    ids, reasons = _import(tmp_path, path)
    assert len(ids) == 1
    assert len(reasons) == 1 and "input_tokens" in reasons[0] and "1e+12" in reasons[0]
    _report_works(tmp_path)


@pytest.mark.parametrize("energy", ["inf", "NaN", "-1", "1e400"])
def test_a_non_finite_or_negative_energy_is_quarantined(tmp_path: Path, energy: str) -> None:
    path = _csv(tmp_path / "a.csv", f"bad,,acme,dense-70b,1,1,{energy}", GOOD)
    ids, reasons = _import(tmp_path, path)
    assert len(ids) == 1
    assert len(reasons) == 1 and reasons[0].startswith("measured_energy_kwh")
    _report_works(tmp_path)


@pytest.mark.parametrize("count", ["NaN", "1.5", "2.4", "1e3x", "inf"])
def test_a_count_that_is_not_whole_is_quarantined_not_rounded(tmp_path: Path, count: str) -> None:
    table, quarantined, _ = collect(_csv(tmp_path / "a.csv", f"b,,acme,m,{count},1,", GOOD))
    assert table.column("input_tokens").to_pylist() == [10]
    assert [q.line for q in quarantined] == [2]
    assert "input_tokens" in quarantined[0].reason


def test_a_whole_count_written_as_2_point_0_is_still_read(tmp_path: Path) -> None:
    table, quarantined, _ = collect(_csv(tmp_path / "a.csv", "b,,acme,m,2.0,1,"))
    assert quarantined == [] and table.column("input_tokens").to_pylist() == [2]


def test_one_bad_utf8_byte_quarantines_only_its_row(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(
        f"{HEADER}\n{GOOD}\n".encode() + b"bad,,ac\xffme,m,1,1,\n" + b"ok2,,acme,m,3,1,\n"
    )
    table, quarantined, _ = collect(path)
    assert sorted(table.column("activity_id").to_pylist()) == sorted(
        collect(_csv(tmp_path / "b.csv", GOOD, "ok2,,acme,m,3,1,"))[0]
        .column("activity_id")
        .to_pylist()
    )
    assert [(q.line, q.reason.split(":")[0]) for q in quarantined] == [(3, "provider")]
    assert "UTF-8" in quarantined[0].reason


def test_one_bad_utf8_line_in_json_lines_quarantines_only_that_line(tmp_path: Path) -> None:
    good = json.dumps({"activity_id": "a", "model": "m", "input_tokens": 1})
    path = tmp_path / "a.jsonl"
    path.write_bytes(good.encode() + b'\n{"activity_id": "\xff"}\n')
    table, quarantined, _ = collect(path, "jsonl")
    assert table.num_rows == 1
    assert [q.line for q in quarantined] == [2] and "UTF-8" in quarantined[0].reason


def test_deeply_nested_json_is_a_clear_error_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(FormatError, match="nested deeper"):
        collect(path)
    result = runner.invoke(app, ["import", str(path), "--ledger", str(tmp_path / "l.db")], env=ENV)
    assert result.exit_code != 0 and "nested deeper" in result.output
    assert "Traceback" not in result.output


def test_json_lines_nested_past_the_limit_are_quarantined_line_by_line(tmp_path: Path) -> None:
    good = json.dumps({"activity_id": "a", "model": "m"})
    deep = json.dumps({"activity_id": "b", "model": "m", "attributes": [[[[0]]]] * 1}).replace(
        "[[[[0]]]]", "[" * 80 + "]" * 80
    )
    path = tmp_path / "a.jsonl"
    path.write_text(f"{good}\n{deep}\n")
    table, quarantined, _ = collect(path, "jsonl")
    assert table.num_rows == 1 and [q.line for q in quarantined] == [2]
    assert "nested deeper than 64" in quarantined[0].reason


def _compressed(tmp_path: Path, suffix: str, damage: str) -> Path:
    data = ("\n".join([HEADER, *[f"r{i},,acme,m,1,1," for i in range(2000)]]) + "\n").encode()
    packed = gzip.compress(data) if suffix == "gz" else zstandard.compress(data)
    if damage == "truncated":
        packed = packed[: len(packed) // 2]
    else:
        packed = packed[:20] + bytes(40) + packed[60:]
    path = tmp_path / f"a.csv.{suffix}"
    path.write_bytes(packed)
    return path


@pytest.mark.parametrize("suffix", ["gz", "zst"])
@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_damaged_compressed_files_are_one_clear_error_and_store_nothing(
    tmp_path: Path, suffix: str, damage: str
) -> None:
    path = _compressed(tmp_path, suffix, damage)
    with pytest.raises(FormatError, match=r"corrupt or truncated"):
        collect(path, "csv")
    ledger = tmp_path / "l.duckdb"
    result = runner.invoke(app, ["import", str(path), "--ledger", str(ledger)], env=ENV)
    assert result.exit_code != 0
    assert "corrupt or truncated" in result.output and "Traceback" not in result.output
    assert "Aborted" not in result.output
    with Ledger(ledger) as opened:
        assert opened.connection.execute("SELECT count(*) FROM activities").fetchone() == (0,)


def test_an_openai_count_of_2_to_the_63_quarantines_that_result_only(tmp_path: Path) -> None:
    page = openai_page([(1_767_225_600, [openai_result(input_tokens=2**63), openai_result()])])
    path = tmp_path / "usage.json"
    path.write_text(json.dumps(page))
    ids, reasons = _import(tmp_path, path)
    assert len(ids) == 1
    assert len(reasons) == 1 and reasons[0].startswith("$.data[0].results[0]: input_tokens")


def test_an_anthropic_count_of_1e20_quarantines_that_result_only(tmp_path: Path) -> None:
    def result(uncached: float) -> dict[str, object]:
        return {
            "uncached_input_tokens": uncached,
            "cache_read_input_tokens": 0,
            "cache_creation": {"ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 0},
            "output_tokens": 1,
            "model": "claude-x",
        }

    page = {
        "data": [
            {
                "starting_at": "2026-01-01T00:00:00Z",
                "ending_at": "2026-01-02T00:00:00Z",
                "results": [result(1e20), result(3)],
            }
        ],
        "has_more": False,
    }
    path = tmp_path / "usage.json"
    path.write_text(json.dumps(page))
    table, quarantined, _ = collect(path, "anthropic-usage")
    assert table.column("input_tokens").to_pylist() == [3]
    assert len(quarantined) == 1 and "above the limit" in quarantined[0].reason


def _span(span_id: str, input_tokens: object) -> dict[str, object]:
    def attr(key: str, value: dict[str, object]) -> dict[str, object]:
        return {"key": key, "value": value}

    return {
        "traceId": "t1",
        "spanId": span_id,
        "startTimeUnixNano": "1767225600000000000",
        "endTimeUnixNano": "1767225601000000000",
        "attributes": [
            attr("gen_ai.operation.name", {"stringValue": "chat"}),
            attr("gen_ai.system", {"stringValue": "acme"}),
            attr("gen_ai.request.model", {"stringValue": "dense-70b"}),
            attr("gen_ai.usage.input_tokens", {"intValue": input_tokens}),
            attr("gen_ai.usage.output_tokens", {"intValue": "1"}),
        ],
    }


@pytest.mark.parametrize("count", [1e23, "1e23", "99999999999999999999999", float("inf")])
def test_an_otlp_int_value_of_1e23_quarantines_that_span_only(
    tmp_path: Path, count: object
) -> None:
    traces = {"resourceSpans": [{"scopeSpans": [{"spans": [_span("s1", count), _span("s2", 7)]}]}]}
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(traces) + "\n")
    table, quarantined, _ = collect(path, "otlp")
    assert table.column("input_tokens").to_pylist() == [7]
    assert len(quarantined) == 1
    assert quarantined[0].reason.startswith("$.resourceSpans[0].scopeSpans[0].spans[0]")


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ('{"resourceSpans":[null]}', "$.resourceSpans[0]: must be an object"),
        ('{"resourceSpans":"x"}', "$.resourceSpans: must be a list"),
        ('{"resourceSpans":[{"scopeSpans":[7]}]}', "$.resourceSpans[0].scopeSpans[0]"),
        ('{"resourceSpans":[{"scopeSpans":[{"spans":["s"]}]}]}', ".spans[0]: must be"),
        ('{"resourceSpans":[{"resource":{"attributes":[1]}}]}', "$.resourceSpans[0].resource"),
    ],
)
def test_otlp_nodes_of_the_wrong_shape_are_quarantined_with_their_path(
    tmp_path: Path, document: str, where: str
) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(document + "\n")
    table, quarantined, _ = collect(path, "otlp")
    assert table.num_rows == 0
    assert len(quarantined) == 1 and where in quarantined[0].reason


def test_rows_without_an_id_written_differently_count_once(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text(
        "started_at,model,input_tokens,duration_s\n2026-01-01T00:00:00+00:00,m,0200,1.50\n"
    )
    b = tmp_path / "b.csv"
    b.write_text("started_at,model,input_tokens,duration_s\n2026-01-01 00:00:00Z,m, 200 ,1.5\n")
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.import_file(a, "csv")
        second = ledger.import_file(b, "csv")
        rows = ledger.connection.execute("SELECT count(*) FROM activities").fetchone()
    assert rows == (1,)
    assert second.accepted == 0


def test_rows_without_an_id_that_differ_in_value_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "started_at,model,input_tokens\n2026-01-01T00:00:00Z,m,200\n2026-01-01T00:00:01Z,m,200\n"
    )
    table, _, _ = collect(path, "csv")
    assert len(set(table.column("activity_id").to_pylist())) == 2


def test_ansi_escapes_in_labels_are_removed_before_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "activity_id,model,team,project\n"
        'a,m,"\x1b[31mred\x1b[0m team","\x1b]8;;http://x\x07link\x1b]8;;\x07"\n'
    )
    table, quarantined, _ = collect(path, "csv")
    assert quarantined == []
    row = table.to_pylist()[0]
    assert (row["team"], row["project"]) == ("red team", "link")


@pytest.mark.parametrize("count", [1e30, float("inf"), "1e400", 2**70, -5])
def test_live_pipelines_refuse_a_span_with_an_impossible_count(count: object) -> None:
    """An impossible count is neither stored nor silently zeroed: the span is refused."""
    from fairprint.track.genai import activity_from_attributes, unstorable

    row = activity_from_attributes(
        {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": count,
            "gen_ai.usage.output_tokens": 3,
        },
        1,
        2,
        source="otel",
    )
    assert row is not None
    assert unstorable(row) is not None and "input_tokens" in unstorable(row)


@pytest.mark.parametrize("count", [float("nan"), "many", None])
def test_live_pipelines_read_an_unreadable_count_as_zero(count: object) -> None:
    from fairprint.ingest.genai_attributes import normalised_tokens

    tokens = normalised_tokens(
        {"gen_ai.usage.input_tokens": count, "gen_ai.usage.output_tokens": 3}, strict=False
    )
    assert (tokens.input_tokens, tokens.output_tokens) == (0, 3)


def test_json_lines_with_a_broken_first_line_quarantine_only_that_line(tmp_path: Path) -> None:
    good = json.dumps({"activity_id": "a", "model": "m", "input_tokens": 1})
    path = tmp_path / "a.jsonl"
    path.write_text('{"activity_id": "broken", \n' + good + "\n")
    table, quarantined, _ = collect(path, "jsonl")
    otlp = tmp_path / "t.jsonl"
    otlp.write_text('{"resourceSpans": [\n' + json.dumps({"resourceSpans": []}) + "\n")
    _, otlp_quarantined, _ = collect(otlp, "otlp")
    assert table.num_rows == 1 and [q.line for q in quarantined] == [1]
    assert [q.line for q in otlp_quarantined] == [1]
