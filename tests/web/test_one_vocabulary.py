"""The CLI, the JSON API and the dashboard read ``since``/``until``/``by`` and a missing
ledger the same way: inclusive days and months, one set of groupings."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fairprint.cli import app as cli
from fairprint.cli.report import GroupBy
from fairprint.report import DIMENSIONS
from tests.web.conftest import USAGE_ROWS

runner = CliRunner()


def _cli_report(ledger_path, *args: str) -> dict:
    result = runner.invoke(cli, ["report", "--ledger", str(ledger_path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_and_api_offer_the_same_groupings() -> None:
    assert tuple(g.value for g in GroupBy) == DIMENSIONS


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2026-07-01", "2026-07-31", sum(r[5] for r in USAGE_ROWS[:3])),  # all of July
        ("2026-08-19", "2026-08-19", 40),  # one day, both bounds inclusive
        ("2026-07", "2026-07", sum(r[5] for r in USAGE_ROWS[:3])),  # a month, whole
        ("2026-07-21", "2026-08", 60 + 300 + 40),  # until a month: to its last day
    ],
)
def test_cli_and_api_read_a_period_alike(client, ledger_path, since, until, expected) -> None:
    api = client.get("/api/report", params={"since": since, "until": until})
    assert api.status_code == 200, api.text
    from_cli = _cli_report(ledger_path, "--since", since, "--until", until)
    assert api.json()["summary"]["requests"] == expected
    assert from_cli["summary"]["requests"] == expected


@pytest.mark.parametrize("by", ["day", "region", "source", "user", "month"])
def test_every_grouping_works_in_cli_api_and_dashboard(client, ledger_path, by) -> None:
    api = client.get("/api/report", params={"by": by})
    assert api.status_code == 200, api.text
    from_cli = _cli_report(ledger_path, "--by", by)
    assert from_cli["summary"]["by"] == api.json()["summary"]["by"] == by
    assert [g["group"] for g in from_cli["summary"]["groups"]] == [
        g["group"] for g in api.json()["summary"]["groups"]
    ]
    page = client.get("/", params={"by": by})
    assert page.status_code == 200 and f'<option value="{by}" selected' in page.text


def test_an_unknown_grouping_is_refused_everywhere(client, ledger_path) -> None:
    assert "cannot group by" in client.get("/", params={"by": "colour"}).text
    result = runner.invoke(cli, ["report", "--ledger", str(ledger_path), "--by", "colour"])
    assert result.exit_code == 2 and "colour" in result.output


def test_an_empty_or_reversed_period_is_refused_alike(client, ledger_path) -> None:
    params = {"since": "2026-08-01", "until": "2026-07-01"}
    assert "swap them" in client.get("/api/report", params=params).json()["detail"]
    result = runner.invoke(
        cli,
        ["report", "--ledger", str(ledger_path), "--since", "2026-08-01", "--until", "2026-07-01"],
    )
    assert result.exit_code == 2 and "swap them" in result.output
