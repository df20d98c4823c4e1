"""k-anonymity: a group of k-1 workers never shows in any output format."""

from __future__ import annotations

import json

import numpy as np
from typer.testing import CliRunner

from fairprint.audit.privacy import OTHER, group_labels, k_histogram
from fairprint.cli import app
from fairprint.report.audit_html import render_audit_html
from tests.audit.conftest import session, write_canonical


def _log(k: int) -> list[dict]:
    """k workers in KE, k-1 in UG (the small group), all with flagged content."""
    rows = [
        dict(session(f"ke-{n}", "08:00", "09:00", category="violent"), country="KE")
        for n in range(k)
    ]
    rows += [dict(session(f"ug-{n}", "08:00", "09:00"), country="UG") for n in range(k - 1)]
    return rows


def test_group_labels_merge_small_groups_into_other():
    labels, notes = group_labels({"KE": 7, "UG": 3, "PH": 2}, 5)
    assert labels == {"KE": "KE", "UG": OTHER, "PH": OTHER}
    assert notes


def test_group_labels_pool_the_smallest_shown_group_when_other_stays_below_k():
    labels, _ = group_labels({"KE": 9, "PH": 6, "UG": 4}, 5)
    assert labels["UG"] == OTHER and labels["PH"] == OTHER and labels["KE"] == "KE"


def test_group_labels_suppress_when_everyone_is_below_k():
    labels, notes = group_labels({"UG": 4}, 5)
    assert labels == {"UG": None}
    assert any("suppressed" in n for n in notes)


def test_histogram_bins_each_hold_at_least_k_workers():
    values = np.array([1.0, 1.1, 1.2, 5.0, 5.1, 5.2, 5.3, 5.4, 9.0, 30.0])
    bins = k_histogram(values, 3, bins=12)
    assert sum(b.workers for b in bins) == values.size
    assert all(b.workers >= 3 for b in bins)
    assert bins[-1].high is None


def test_small_country_never_appears_in_json_html_or_terminal(tmp_path, key_file):
    k = 5
    log = write_canonical(tmp_path / "log.csv", _log(k))
    runner = CliRunner()
    outputs = {}
    for fmt in ("json", "html", "table"):
        result = runner.invoke(
            app,
            [
                "audit",
                str(log),
                "--k",
                str(k),
                "--key-file",
                str(key_file),
                "--format-out",
                fmt,
                "--no-store",
            ],
        )
        assert result.exit_code == 0, result.output
        outputs[fmt] = result.output
    figures = json.loads(outputs["json"])
    groups = [c["group"] for c in figures["countries"]]
    assert groups == ["other"]  # KE is pooled too, or UG = total - KE would leak
    assert all(c["workers"] >= k for c in figures["countries"])
    for text in outputs.values():
        assert "UG" not in text


def test_population_below_k_suppresses_every_figure(tmp_path, audit):
    figures = audit([session(f"w{n}", "08:00", "09:00") for n in range(4)], k=5)
    assert figures["suppressed"] is True
    assert "pay" not in figures and "countries" not in figures
    html = render_audit_html(figures)
    assert "Figures suppressed" in html
    assert "6.00" not in html


def test_exposure_of_fewer_than_k_workers_is_suppressed(audit):
    rows = [session(f"w{n}", "08:00", "09:00") for n in range(6)]
    rows += [session("w0", "10:00", "12:00", category="violent", task="t9")]
    exposure = audit(rows, k=5, exposure_limit_hours_day=1)["exposure"]
    assert exposure["suppressed"] is True
    assert exposure["exposed_workers"] is None
    assert "workers_over_day_limit" not in exposure


def test_exposure_weeks_with_fewer_than_k_workers_are_left_out(audit):
    rows = [session(f"w{n}", "08:00", "09:00", category="violent") for n in range(5)]
    rows += [session("w0", "08:00", "09:00", category="violent", day="2024-07-01", task="t2")]
    exposure = audit(rows, k=5)["exposure"]
    assert [w["week"] for w in exposure["weeks"]] == ["2024-06-03"]
    assert exposure["weeks_suppressed"] == 1
