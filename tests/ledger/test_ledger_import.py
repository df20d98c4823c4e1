"""Imports into a real ledger file: counts, idempotency, quarantine, --strict, unknown models."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from fairprint.errors import FormatError, InputError
from fairprint.impacts import METHODOLOGY_VERSION
from fairprint.ledger import Ledger, default_ledger_path
from fairprint.registry import Registry
from tests.ingest.logs import (
    openai_page,
    openai_result,
    otlp_line,
    otlp_span,
    write_json,
    write_lines,
)
from tests.ledger.conftest import canonical_csv, snapshot

DAY = 1_767_225_600


def test_an_import_reports_accepted_quarantined_and_known(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    path = canonical_csv(
        tmp_path / "a.csv",
        [
            "r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20",
            "r2,2026-01-01T11:00:00Z,acme,dense-70b,200,40",
            "r2,2026-01-01T11:00:00Z,acme,dense-70b,200,40",
            "r3,2026-01-01T12:00:00Z,acme,dense-70b,-1,40",
        ],
    )
    result = ledger.import_file(path, registry=mini_registry)
    assert (result.accepted, result.quarantined, result.already_known) == (2, 1, 1)
    assert result.format == "csv" and len(result.file_sha256 or "") == 64
    assert ledger.activities().num_rows == 2
    imports = ledger.imports().to_pylist()
    assert imports[0]["status"] == "committed" and imports[0]["accepted"] == 2


def test_the_same_file_twice_counts_once(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    path = canonical_csv(tmp_path / "a.csv", ["r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20"])
    ledger.import_file(path, registry=mini_registry)
    again = ledger.import_file(path, registry=mini_registry)
    assert again.already_imported and again.accepted == 0 and again.already_known == 1
    assert ledger.activities().num_rows == 1
    assert [r["status"] for r in ledger.imports().to_pylist()] == ["committed", "already imported"]


def test_overlapping_exports_count_each_bucket_once(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    first = write_json(tmp_path / "jan1.json", openai_page([(DAY, [openai_result()])]))
    both = openai_page([(DAY, [openai_result()]), (DAY + 86_400, [openai_result()])])
    second = write_json(tmp_path / "jan1-2.json", both)
    ledger.import_file(first, registry=mini_registry)
    result = ledger.import_file(second, registry=mini_registry)
    assert (result.accepted, result.already_known) == (1, 1)
    table = ledger.activities()
    assert table.num_rows == 2
    assert sum(table.column("requests").to_pylist()) == 8


def test_quarantined_rows_keep_file_line_raw_and_reason(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    path = canonical_csv(
        tmp_path / "a.csv",
        ["r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20", "r2,noon,acme,dense-70b,1,1"],
    )
    result = ledger.import_file(path, registry=mini_registry)
    rows = ledger.quarantine(result.import_id).to_pylist()
    assert rows == [
        {
            "import_id": result.import_id,
            "file": str(path),
            "line": 3,
            "raw": "r2,noon,acme,dense-70b,1,1",
            "reason": "started_at: noon is not an ISO 8601 time",
        }
    ]


def test_strict_fails_on_the_first_bad_row_and_writes_nothing(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    ledger.import_file(
        canonical_csv(tmp_path / "ok.csv", ["r0,2026-01-01T09:00:00Z,acme,dense-70b,1,1"]),
        registry=mini_registry,
    )
    before = snapshot(ledger)
    path = canonical_csv(
        tmp_path / "a.csv",
        [
            "r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20",
            "r2,2026-01-01T10:00:00Z,acme,dense-70b,x,20",
            "r3,2026-01-01T10:00:00Z,acme,dense-70b,y,20",
        ],
    )
    with pytest.raises(FormatError, match=r"line 3: input_tokens: x"):
        ledger.import_file(path, strict=True, registry=mini_registry)
    assert snapshot(ledger) == before


def test_an_unknown_model_keeps_its_activity_and_says_why(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    path = canonical_csv(
        tmp_path / "a.csv",
        [
            "r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20",
            "r2,2026-01-01T10:00:00Z,acme,mystery-9000,100,20",
        ],
    )
    result = ledger.import_file(path, registry=mini_registry)
    assert result.accepted == 2
    rows = {r["model"]: r for r in ledger.activities().to_pylist()}
    assert rows["dense-70b"]["energy_kwh"] > 0
    assert rows["mystery-9000"]["energy_kwh"] is None
    assert "mystery-9000" in rows["mystery-9000"]["impact_note"]
    assert ledger.unestimated().column("model").to_pylist() == ["mystery-9000"]


def test_impacts_record_registry_and_methodology_versions(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    path = canonical_csv(tmp_path / "a.csv", ["r1,2026-01-01T10:00:00Z,acme,dense-70b,100,20"])
    ledger.import_file(path, registry=mini_registry)
    row = ledger.activities().to_pylist()[0]
    assert row["registry_version"] == mini_registry.version
    assert row["methodology_version"] == METHODOLOGY_VERSION
    assert row["energy_kwh_low"] <= row["energy_kwh"] <= row["energy_kwh_high"]
    assert row["model_id"] == "dense-70b"


def test_otlp_spans_become_estimated_activities(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    attributes = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "acme",
        "gen_ai.request.model": "dense-70b",
        "gen_ai.response.id": "resp-1",
        "gen_ai.usage.input_tokens": 100,
        "gen_ai.usage.output_tokens": 10,
    }
    path = write_lines(tmp_path / "t.jsonl", [otlp_line([otlp_span("01", attributes)])])
    result = ledger.import_file(path, registry=mini_registry)
    assert (result.format, result.accepted) == ("otlp", 1)
    assert ledger.activities().column("energy_kwh")[0].as_py() > 0


def test_add_activities_follows_the_same_rules(ledger: Ledger, mini_registry: Registry) -> None:
    table = pa.table(
        {
            "activity_id": ["t1", "t2"],
            "source": ["tracker", "tracker"],
            "model": ["dense-70b", "dense-70b"],
            "provider": ["acme", "acme"],
            "input_tokens": [10, 20],
            "output_tokens": [1, 2],
            "attributes": [json.dumps({"sdk": "x"}), None],
        }
    )
    first = ledger.add_activities(table, origin="tracker", registry=mini_registry)
    second = ledger.add_activities(table, origin="tracker", registry=mini_registry)
    assert (first.accepted, second.accepted, second.already_known) == (2, 0, 2)
    assert ledger.activities().column("requests").to_pylist() == [1, 1]


def test_add_activities_names_a_missing_column(ledger: Ledger) -> None:
    with pytest.raises(InputError, match="activity_id"):
        ledger.add_activities(pa.table({"model": ["m"]}), origin="x")


def test_activities_are_filtered_by_time(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    path = canonical_csv(
        tmp_path / "a.csv",
        [
            "r1,2026-01-01T10:00:00Z,acme,dense-70b,1,1",
            "r2,2026-02-01T10:00:00Z,acme,dense-70b,1,1",
            "r3,2026-03-01T10:00:00Z,acme,dense-70b,1,1",
        ],
    )
    ledger.import_file(path, registry=mini_registry)
    window = ledger.activities(
        since=datetime(2026, 1, 15, tzinfo=UTC), until=datetime(2026, 3, 1, 10, tzinfo=UTC)
    )
    assert window.column("started_at").to_pylist() == [datetime(2026, 2, 1, 10, tzinfo=UTC)]


def test_the_ledger_path_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FAIRPRINT_LEDGER", str(tmp_path / "mine.duckdb"))
    assert default_ledger_path() == tmp_path / "mine.duckdb"
    monkeypatch.delenv("FAIRPRINT_LEDGER")
    assert default_ledger_path().name == "ledger.duckdb"
