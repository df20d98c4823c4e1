"""Import, report and audits over a real ledger; who may write; upload limits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fairprint.ledger import Ledger
from fairprint.report import report_dict, report_from_ledger
from fairprint.web import create_app
from tests.web._client import local_client
from tests.web.conftest import LOOPBACK, TOKEN, USAGE_ROWS


def _upload(client: TestClient, path, **kwargs):
    with path.open("rb") as handle:
        return client.post(
            "/api/import",
            files={"file": (path.name, handle, "text/csv")},
            data={"format": "csv"},
            **kwargs,
        )


def test_import_adds_rows_and_quarantines_the_bad_one(
    empty_ledger_path, usage_csv, registry
) -> None:
    client = local_client(create_app(empty_ledger_path, registry=registry), client=LOOPBACK)
    answer = _upload(client, usage_csv)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert (data["accepted"], data["quarantined"], data["already_known"]) == (5, 1, 0)
    assert data["file"] == "usage.csv" and len(data["file_sha256"]) == 64
    with Ledger(empty_ledger_path) as ledger:
        assert ledger.activities().num_rows == len(USAGE_ROWS)
        assert ledger.quarantine().num_rows == 1


def test_reimporting_the_same_file_adds_nothing(empty_ledger_path, usage_csv, registry) -> None:
    client = local_client(create_app(empty_ledger_path, registry=registry), client=LOOPBACK)
    _upload(client, usage_csv)
    again = _upload(client, usage_csv).json()
    assert again["accepted"] == 0
    with Ledger(empty_ledger_path) as ledger:
        assert ledger.activities().num_rows == len(USAGE_ROWS)


def test_with_a_token_import_needs_the_bearer_token(empty_ledger_path, usage_csv, registry) -> None:
    client = local_client(
        create_app(empty_ledger_path, registry=registry, token=TOKEN), client=("192.0.2.10", 4000)
    )
    missing = _upload(client, usage_csv)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = _upload(client, usage_csv, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = _upload(client, usage_csv, headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200 and right.json()["accepted"] == 5


def test_without_a_token_only_loopback_may_import(empty_ledger_path, usage_csv, registry) -> None:
    app = create_app(empty_ledger_path, registry=registry)
    remote = _upload(local_client(app, client=("192.0.2.10", 4000)), usage_csv)
    assert remote.status_code == 403 and "--token" in remote.json()["detail"]
    assert not empty_ledger_path.exists()
    assert _upload(local_client(app, client=("::1", 4000)), usage_csv).status_code == 200


def test_cross_site_posts_are_refused_even_with_the_token(
    empty_ledger_path, usage_csv, registry
) -> None:
    client = local_client(
        create_app(empty_ledger_path, registry=registry, token=TOKEN), client=LOOPBACK
    )
    answer = _upload(
        client,
        usage_csv,
        headers={"Authorization": f"Bearer {TOKEN}", "Origin": "https://evil.example"},
    )
    assert answer.status_code == 403 and "cross-site" in answer.json()["detail"]


def test_uploads_over_the_limit_are_413(empty_ledger_path, tmp_path, registry) -> None:
    client = local_client(
        create_app(empty_ledger_path, registry=registry, max_upload_bytes=1000), client=LOOPBACK
    )
    big = tmp_path / "big.csv"
    big.write_text("model,input_tokens,output_tokens\n" + "gpt-4o,1,1\n" * 500)
    answer = _upload(client, big)
    assert answer.status_code == 413 and "upload limit" in answer.json()["detail"]


def test_an_unreadable_file_is_a_422_with_the_reason(empty_ledger_path, tmp_path, registry) -> None:
    client = local_client(create_app(empty_ledger_path, registry=registry), client=LOOPBACK)
    junk = tmp_path / "notes.txt"
    junk.write_text("this is not a usage export\n")
    with junk.open("rb") as handle:
        answer = client.post("/api/import", files={"file": ("notes.txt", handle)})
    assert answer.status_code == 422 and answer.json()["detail"]


def test_an_empty_upload_is_a_422(client) -> None:
    answer = client.post("/api/import", files={"file": ("empty.csv", b"")})
    assert answer.status_code == 422 and "empty" in answer.json()["detail"]


def test_the_report_is_the_report_of_the_ledger(client, ledger_path, registry) -> None:
    answer = client.get("/api/report", params={"by": "team"})
    assert answer.status_code == 200
    with Ledger(ledger_path) as ledger:
        expected = report_dict(report_from_ledger(ledger, by="team", registry=registry))
    got = answer.json()
    assert got["summary"] == expected["summary"]
    assert got["levers"] == expected["levers"]
    assert {g["group"] for g in got["summary"]["groups"]} == {"search", "law", "support"}


def test_the_report_period_is_inclusive_of_both_days(client) -> None:
    july = client.get("/api/report", params={"since": "2026-07-01", "until": "2026-07-31"})
    summary = july.json()["summary"]
    assert summary["requests"] == sum(r[5] for r in USAGE_ROWS if r[0].startswith("2026-07"))
    last_day = client.get("/api/report", params={"since": "2026-08-19", "until": "2026-08-19"})
    assert last_day.json()["summary"]["requests"] == 40


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"by": "colour"}, "cannot group by"),
        ({"since": "2026-09-01", "until": "2026-08-01"}, "before"),
        ({"since": "July"}, "since"),
    ],
)
def test_bad_report_queries_are_422(client, params, words) -> None:
    answer = client.get("/api/report", params=params)
    assert answer.status_code == 422 and words in answer.json()["detail"]


def test_audits_endpoint_answers_with_a_list(client) -> None:
    answer = client.get("/api/audits")
    assert answer.status_code == 200 and isinstance(answer.json()["audits"], list)


def test_delete_of_an_import_forgets_its_rows_and_needs_the_token(
    empty_ledger_path, usage_csv, registry
) -> None:
    client = local_client(
        create_app(empty_ledger_path, registry=registry, token=TOKEN), client=("192.0.2.10", 4000)
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}
    imported = _upload(client, usage_csv, headers=auth).json()["import_id"]
    refused = client.delete(f"/api/imports/{imported}")
    assert refused.status_code == 401
    with Ledger(empty_ledger_path) as ledger:
        assert ledger.activities().num_rows == len(USAGE_ROWS)
    answer = client.delete(f"/api/imports/{imported}", headers=auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["activities"] == len(USAGE_ROWS)
    assert answer.json()["forgotten_import"] == imported
    with Ledger(empty_ledger_path) as ledger:
        assert ledger.activities().num_rows == 0
        statuses = {r["import_id"]: r["status"] for r in ledger.imports().to_pylist()}
    assert statuses[imported] == "forgotten"
    again = client.delete(f"/api/imports/{imported}", headers=auth)
    assert again.status_code == 422 and "forgotten" in again.json()["detail"]
    report = client.get("/api/report").json()
    assert report["summary"]["requests"] == 0
    assert [s["format"] for s in report["sources"]] == ["csv", "forget"]
