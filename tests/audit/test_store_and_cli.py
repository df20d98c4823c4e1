"""Audits in the ledger (one transaction, aggregates only) and the `fairprint audit` CLI."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from fairprint.audit import AuditConfig, run_audit
from fairprint.audit.store import audit_history, list_audits, load_audit, save_audit
from fairprint.cli import app
from fairprint.errors import LedgerError
from fairprint.ledger import Ledger
from tests.audit.conftest import session, write_canonical


@pytest.fixture()
def log(tmp_path):
    rows = [session(f"w{n}", "08:00", "09:00", pay=6.0, category="violent") for n in range(6)]
    return write_canonical(tmp_path / "log.csv", rows)


def test_audits_are_stored_and_followed_over_time(tmp_path, log, key_file, registry):
    with Ledger(tmp_path / "l.duckdb") as ledger:
        first = run_audit([log], AuditConfig(key_file=key_file), registry)
        second = run_audit([log], AuditConfig(key_file=key_file), registry)
        save_audit(ledger, first)
        save_audit(ledger, second)
        assert list_audits(ledger).num_rows == 2
        assert load_audit(ledger, first.audit_id)["population"]["workers"] == 6
        history = audit_history(ledger, "pay", "hourly_paid_time_ppp_usd.p50").to_pylist()
        assert [row["value"] for row in history] == [6.0, 6.0]
        tables = {r[0] for r in ledger.connection.execute("SHOW TABLES").fetchall()}
    assert {"audit_runs", "audit_results", "audit_quarantine"} <= tables


def test_a_failed_store_leaves_nothing_behind(tmp_path, log, key_file, registry):
    result = run_audit([log], AuditConfig(key_file=key_file), registry)
    with Ledger(tmp_path / "l.duckdb") as ledger:
        save_audit(ledger, result)
        with pytest.raises(LedgerError):
            save_audit(ledger, result)  # same id: the primary key refuses it
        count = ledger.connection.execute("SELECT count(*) FROM audit_results").fetchone()[0]
        assert count == len(
            ledger.connection.execute(
                "SELECT * FROM audit_results WHERE audit_id = ?", [result.audit_id]
            ).fetchall()
        )


def test_no_per_worker_row_is_stored(tmp_path, log, key_file, registry):
    result = run_audit([log], AuditConfig(key_file=key_file), registry)
    path = tmp_path / "l.duckdb"
    with Ledger(path) as ledger:
        save_audit(ledger, result)
    con = duckdb.connect(str(path), read_only=True)
    groups = {g for (g,) in con.execute("SELECT DISTINCT group_name FROM audit_results").fetchall()}
    con.close()
    assert not any(g.startswith("w_") for g in groups)


def test_cli_json_output_and_ledger(tmp_path, log, key_file):
    ledger = tmp_path / "l.duckdb"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "audit",
            str(log),
            "--format-out",
            "json",
            "--ledger",
            str(ledger),
            "--key-file",
            str(key_file),
            "--exposure-limit-hours",
            "0.5",
            "--output",
            str(tmp_path / "a.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads((tmp_path / "a.json").read_text())
    assert figures["exposure"]["workers_over_day_limit"] == 6
    assert figures["audit"]["parameters"]["exposure_limit_hours_day"] == 0.5
    listed = runner.invoke(app, ["audits", "--ledger", str(ledger)])
    assert figures["audit"]["audit_id"] in listed.output


def test_cli_html_report_is_self_contained(tmp_path, log, key_file):
    out = tmp_path / "audit.html"
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(log),
            "--format-out",
            "html",
            "--output",
            str(out),
            "--no-store",
            "--key-file",
            str(key_file),
            "--exposure-limit-hours",
            "0.5",
        ],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<svg" in html and "pay-histogram" in html
    assert "time-chart" in html or "exposure-single" in html  # one week: one bar
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html.split("Wage references")[0]
    assert 'class="wage-line"' in html  # the US minimum wage line


def test_cli_table_output(tmp_path, log, key_file):
    result = CliRunner().invoke(app, ["audit", str(log), "--no-store", "--key-file", str(key_file)])
    assert result.exit_code == 0, result.output
    assert "Effective hourly pay" in result.output
    assert "Fairwork" in result.output


def test_cli_user_errors_are_clean(tmp_path, key_file, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["audit", "missing.csv", "--no-store", "--key-file", str(key_file)]
    )
    assert result.exit_code == 2
    assert "missing.csv" in result.output and "Traceback" not in result.output


def test_cli_table_output_to_a_file(tmp_path, log, key_file):
    out = tmp_path / "audit.txt"
    result = CliRunner().invoke(
        app,
        ["audit", str(log), "--no-store", "--key-file", str(key_file), "--output", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "Effective hourly pay" in out.read_text()


def test_prolific_export_audited_end_to_end_with_country_names(tmp_path, key_file):
    header = "Submission id,Participant id,Status,Started at,Completed at,Time taken,Reward,"
    header += "Country of residence\n"
    lines = [
        f"S{n},P{n},APPROVED,2024-03-01 10:00:00,2024-03-01 10:30:00,1800,£6.00,United Kingdom\n"
        for n in range(5)
    ]
    path = tmp_path / "prolific.csv"
    path.write_text(header + "".join(lines), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["audit", str(path), "--no-store", "--key-file", str(key_file), "--format-out", "json"],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["audit"]["inputs"][0]["format"] == "prolific"
    (country,) = figures["countries"]
    assert country["group"] == "GB" and country["currency"] == "GBP"
    assert country["median_hourly_all_local"] == 12.0
    assert figures["wages"]["minimum"]["all_time"]["share_of_workers_below"] == 0.0
