"""Each work-log format, from fixtures written here with the platforms' public column names."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pytest

from fairprint.audit import IngestContext, Pseudonymiser, detect_format, read_work_log
from fairprint.errors import FormatError


def _ctx(**options) -> IngestContext:
    return IngestContext(pseudonymiser=Pseudonymiser(b"test-key-0123456789abcdef"), **options)


def _read(path: Path, ctx: IngestContext, fmt: str = "auto") -> pa.Table:
    batches = list(read_work_log(path, ctx, fmt))
    return pa.Table.from_batches(batches).to_pydict() if batches else {}


def _write(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


MTURK_HEADER = [
    "HITId",
    "HITTypeId",
    "Title",
    "Reward",
    "AssignmentId",
    "WorkerId",
    "AssignmentStatus",
    "AcceptTime",
    "SubmitTime",
    "WorkTimeInSeconds",
    "Input.text",
    "Input.content_category",
    "Answer.label",
]


def test_mturk_batch_results(tmp_path):
    path = _write(
        tmp_path / "Batch_123_batch_results.csv",
        MTURK_HEADER,
        [
            [
                "H1",
                "T",
                "Label",
                "$0.05",
                "A1",
                "AWORKER1",
                "Approved",
                "Fri Nov 01 00:12:03 UTC 2024",
                "Fri Nov 01 00:14:03 UTC 2024",
                "120",
                "some task text",
                "violent",
                "yes",
            ],
            [
                "H2",
                "T",
                "Label",
                "$0.10",
                "A2",
                "AWORKER1",
                "Rejected",
                "Fri Nov 01 01:00:00 PDT 2024",
                "Fri Nov 01 01:01:00 PDT 2024",
                "60",
                "more text",
                "",
                "no",
            ],
        ],
    )
    assert detect_format(path) == "mturk"
    ctx = _ctx(country_default="US")
    table = _read(path, ctx)
    assert table["status"] == ["approved", "rejected"]
    assert table["pay"] == [0.05, 0.10]
    assert table["currency"] == ["USD", "USD"]
    assert table["duration_s"] == [120.0, 60.0]
    assert table["started_at"][1].hour == 8  # 01:00 PDT = 08:00 UTC
    assert table["content_category"] == ["violent", None]
    assert table["country"] == ["US", "US"]
    assert table["worker"][0] == table["worker"][1] != "AWORKER1"
    assert "some task text" not in json.dumps(table, default=str)


def test_prolific_submissions_export(tmp_path):
    header = [
        "Submission id",
        "Participant id",
        "Status",
        "Started at",
        "Completed at",
        "Time taken",
        "Reward",
        "Country of residence",
    ]
    path = _write(
        tmp_path / "prolific_export.csv",
        header,
        [
            [
                "S1",
                "P1",
                "APPROVED",
                "2024-03-01 10:00:00.000000",
                "2024-03-01 10:30:00.000000",
                "1800",
                "£4.50",
                "United Kingdom",
            ],
            ["S2", "P2", "RETURNED", "2024-03-01 11:00:00", "", "", "£4.50", "Kenya"],
            ["S3", "P3", "TIMED-OUT", "2024-03-01 11:00:00", "", "3600", "£4.50", "Atlantis"],
            [
                "S4",
                "P4",
                "AWAITING REVIEW",
                "2024-03-01T12:00:00Z",
                "2024-03-01T12:20:00Z",
                "1200",
                "£4.50",
                "",
            ],
        ],
    )
    assert detect_format(path) == "prolific"
    ctx = _ctx(country_names={"united kingdom": "GB", "kenya": "KE"})
    table = _read(path, ctx)
    assert table["status"] == ["approved", "returned", "abandoned", "submitted"]
    assert table["country"] == ["GB", "KE", None, None]
    assert table["currency"] == ["GBP"] * 4
    assert table["duration_s"][0] == 1800.0
    assert table["duration_s"][2] == 3600.0
    assert ctx.notes  # the unknown country name is announced


def test_toloka_assignments_tsv_counts_each_assignment_once(tmp_path):
    header = [
        "INPUT:text",
        "INPUT:content_category",
        "OUTPUT:label",
        "ASSIGNMENT:link",
        "ASSIGNMENT:task_id",
        "ASSIGNMENT:assignment_id",
        "ASSIGNMENT:worker_id",
        "ASSIGNMENT:status",
        "ASSIGNMENT:started",
        "ASSIGNMENT:submitted",
        "ASSIGNMENT:accepted",
        "ASSIGNMENT:rejected",
        "ASSIGNMENT:skipped",
        "ASSIGNMENT:expired",
        "ASSIGNMENT:reward",
    ]
    base = ["", "", "2024-05-02T10:00:00.000", "2024-05-02T10:06:00.000", "", "", "", ""]
    rows = [
        ["t a", "hateful", "x", "l", "T1", "AS1", "W1", "APPROVED", *base[2:], "0.03"],
        ["t b", "hateful", "y", "l", "T2", "AS1", "W1", "APPROVED", *base[2:], "0.03"],
        ["t c", "", "z", "l", "T3", "AS2", "W2", "SKIPPED", *base[2:], "0.03"],
    ]
    path = _write(tmp_path / "assignments.tsv", header, rows, delimiter="\t")
    assert detect_format(path) == "toloka"
    table = _read(path, _ctx())
    assert table["status"] == ["approved", "abandoned"]
    assert table["duration_s"] == [360.0, 360.0]
    assert table["currency"] == ["USD", "USD"]
    assert table["content_category"] == ["hateful", None]


def test_label_studio_json_export(tmp_path):
    tasks = [
        {
            "id": 11,
            "data": {"text": "free text never kept", "content_category": "self-harm"},
            "annotations": [
                {
                    "id": 1,
                    "completed_by": 7,
                    "created_at": "2024-02-01T10:10:00.000000Z",
                    "updated_at": "2024-02-01T10:10:00Z",
                    "lead_time": 600.0,
                    "was_cancelled": False,
                    "result": [],
                },
                {
                    "id": 2,
                    "completed_by": {"id": 8, "email": "a@example.org"},
                    "created_at": "2024-02-01T11:00:00Z",
                    "lead_time": 30,
                    "was_cancelled": True,
                },
            ],
        }
    ]
    path = tmp_path / "project-1.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    assert detect_format(path) == "labelstudio"
    table = _read(path, _ctx())
    assert table["status"] == ["submitted", "abandoned"]
    assert table["duration_s"] == [600.0, 30.0]
    assert table["started_at"][0].minute == 0
    assert table["pay"] == [None, None]
    assert table["content_category"] == ["self-harm", "self-harm"]
    assert "free text" not in json.dumps(table, default=str)
    assert "example.org" not in json.dumps(table, default=str)


def test_canonical_csv(tmp_path):
    header = [
        "worker",
        "country",
        "task",
        "started",
        "submitted",
        "pay",
        "currency",
        "status",
        "content_category",
        "notes",
    ]
    path = _write(
        tmp_path / "log.csv",
        header,
        [
            [
                "w1",
                "ke",
                "t1",
                "2024-01-01T08:00:00Z",
                "2024-01-01T08:30:00Z",
                "1.5",
                "usd",
                "Approved",
                "Violence",
                "free text",
            ]
        ],
    )
    assert detect_format(path) == "csv"
    table = _read(path, _ctx())
    assert table["country"] == ["KE"]
    assert table["currency"] == ["USD"]
    assert table["status"] == ["approved"]
    assert table["content_category"] == ["violent"]
    assert table["duration_s"] == [1800.0]


def test_unknown_header_names_the_file_and_the_fix(tmp_path):
    path = _write(tmp_path / "mystery.csv", ["a", "b"], [["1", "2"]])
    with pytest.raises(FormatError, match=r"mystery\.csv.*--format"):
        detect_format(path)


def test_forced_format_with_missing_columns_is_a_format_error(tmp_path):
    path = _write(tmp_path / "log.csv", ["worker"], [["w1"]])
    with pytest.raises(FormatError, match="missing column"):
        list(read_work_log(path, _ctx(), "mturk"))
