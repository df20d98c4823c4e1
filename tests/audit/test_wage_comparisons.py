"""Every worker compared with the minimum AND the living wage, from any pay currency."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from fairprint.audit import AuditConfig, run_audit
from fairprint.registry import Registry
from fairprint.report.audit_html import render_audit_html

MTURK_HEADER = [
    "HITId",
    "Reward",
    "AssignmentId",
    "WorkerId",
    "AssignmentStatus",
    "AcceptTime",
    "SubmitTime",
    "WorkTimeInSeconds",
]


def _mturk(path: Path, workers: int, reward: str = "$0.50") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(MTURK_HEADER)
        for i in range(workers):
            for j in range(3):
                minute = 10 * j
                writer.writerow(
                    [
                        f"H{i}{j}",
                        reward,
                        f"A{i}{j}",
                        f"AWORKER{i}",
                        "Approved",
                        f"Mon Jun 03 0{i % 9}:{minute:02d}:00 UTC 2024",
                        f"Mon Jun 03 0{i % 9}:{minute + 8:02d}:00 UTC 2024",
                        "480",
                    ]
                )
    return path


def _audit(path: Path, tmp_path: Path, **options: Any) -> dict[str, Any]:
    config = AuditConfig(key_file=tmp_path / "key", **options)
    return run_audit([path], config, Registry.default()).figures


def test_mturk_log_with_kenyan_default_compares_every_worker_with_both_wages(
    tmp_path: Path,
) -> None:
    figures = _audit(_mturk(tmp_path / "batch.csv", 6), tmp_path, country_default="KE")
    for kind in ("minimum", "living"):
        entry = figures["wages"][kind]["all_time"]
        assert entry is not None, figures["wages"][kind]
        assert entry["workers_compared"] == 6
        assert figures["wages"][kind]["workers_without_reference"] == 0
    kenya = next(c for c in figures["countries"] if c["group"] == "KE")
    assert kenya["living_wage"]["hourly_ppp_usd"] > 0
    assert kenya["minimum_wage"]["hourly_ppp_usd"] > 0


@pytest.mark.parametrize("country", ["PH", "IN", "NG"])
def test_usd_pay_converts_to_local_currency_and_ppp_where_data_work_concentrates(
    tmp_path: Path, country: str
) -> None:
    figures = _audit(_mturk(tmp_path / "batch.csv", 6), tmp_path, country_default=country)
    row = next(c for c in figures["countries"] if c["group"] == country)
    assert row["median_hourly_all_ppp_usd"] is not None
    assert row["median_hourly_all_local"] is not None and row["currency"] != "USD"


def test_html_gives_the_real_reason_when_no_worker_can_be_compared(tmp_path: Path) -> None:
    # Antarctica: no wage, no rate; 6 workers >= k, so "fewer than k" would be false
    figures = _audit(_mturk(tmp_path / "batch.csv", 6), tmp_path, country_default="AQ")
    reasons = figures["wages"]["minimum"]["reasons"]
    assert any("AQ" in r for r in reasons)
    page = render_audit_html(figures)
    wages = page.split('id="wages"', 1)[1].split("</section>", 1)[0]
    assert "fewer than" not in wages
    assert "no minimum wage recorded for AQ" in wages
