"""Hand-computed audits on small logs: paid vs unpaid time, rejections, exposure, premium.

Workers are in the US and paid in USD so that PPP $ = USD = local currency (PPP factor 1
by definition) and the federal minimum is 7.25 USD/h (registry wages.csv).
"""

from __future__ import annotations

import pytest

from tests.audit.conftest import session

WORKERS = [f"worker-{n}" for n in range(5)]


def _same_for_all(*sessions_of_one):
    return [dict(s, worker=w) for w in WORKERS for s in sessions_of_one]


def test_paid_time_only_divides_pay_by_hours_of_paid_work(audit):
    figures = audit(_same_for_all(session("x", "08:00", "09:00", pay=6.0)))
    assert figures["pay"]["hourly_paid_time_ppp_usd"]["p50"] == pytest.approx(6.0)
    assert figures["pay"]["hourly_paid_time_pay_currency"]["p50"] == pytest.approx(6.0)


def test_rejected_work_and_short_gaps_count_as_unpaid_time(audit):
    rows = _same_for_all(
        session("x", "08:00", "09:00", pay=6.0),
        session("x", "09:05", "10:05", pay=6.0, status="rejected", task="t2"),
    )
    figures = audit(rows, gap_limit_minutes=10)
    # paid 1 h; unpaid 1 h rejected + 5 min gap → 6 / (2 + 5/60) h
    assert figures["pay"]["hourly_paid_time_ppp_usd"]["p50"] == pytest.approx(6.0)
    assert figures["pay"]["hourly_all_time_ppp_usd"]["p50"] == pytest.approx(6.0 / (2 + 5 / 60))
    assert figures["population"]["hours_unpaid"] == pytest.approx(5 * (1 + 5 / 60))


def test_gap_longer_than_the_limit_ends_the_session_and_is_not_counted(audit):
    rows = _same_for_all(
        session("x", "08:00", "09:00", pay=6.0),
        session("x", "09:20", "10:20", pay=6.0, status="rejected", task="t2"),
    )
    figures = audit(rows, gap_limit_minutes=10)
    assert figures["pay"]["hourly_all_time_ppp_usd"]["p50"] == pytest.approx(3.0)


def test_overlapping_tasks_are_counted_once(audit):
    rows = _same_for_all(
        session("x", "08:00", "09:00", pay=3.0),
        session("x", "08:30", "09:00", pay=3.0, task="t2"),
    )
    figures = audit(rows)
    assert figures["population"]["hours_paid"] == pytest.approx(5 * 1.0)
    assert figures["pay"]["hourly_paid_time_ppp_usd"]["p50"] == pytest.approx(6.0)


def test_minimum_wage_shares_of_workers_and_hours(audit):
    # two workers at 6 USD/h (below 7.25) for 1 h, three at 10 USD/h for 3 h
    rows = [session(w, "08:00", "09:00", pay=6.0) for w in WORKERS[:2]]
    rows += [session(w, "08:00", "11:00", pay=30.0) for w in WORKERS[2:]]
    minimum = audit(rows)["wages"]["minimum"]["paid_time"]
    assert minimum["workers_compared"] == 5
    assert minimum["workers_below"] == 2
    assert minimum["share_of_workers_below"] == pytest.approx(0.4)
    assert minimum["share_of_hours_below"] == pytest.approx(2 / (2 + 9))


def test_rejection_and_abandonment_rates_and_pay_lost(audit):
    rows = _same_for_all(
        session("x", "08:00", "09:00", pay=6.0),
        session("x", "09:00", "09:30", pay=2.0, status="rejected", task="t2"),
        session("x", "10:00", "10:10", pay=1.0, status="returned", task="t3"),
    )
    rates = audit(rows)["rates"]
    assert rates["rejection_rate"] == pytest.approx(0.5)
    assert rates["abandonment_rate"] == pytest.approx(1 / 3)
    assert rates["pay_lost_to_rejections"]["amount"] == pytest.approx(5 * 2.0)
    assert rates["pay_lost_to_rejections"]["currency"] == "USD"


def test_exposure_counts_workers_over_the_daily_limit_without_naming_them(audit):
    rows = _same_for_all(session("x", "08:00", "11:00", category="violent"))
    rows += [session("worker-5", "08:00", "09:00", category="self harm")]
    exposure = audit(rows, exposure_limit_hours_day=2.0, k=5)["exposure"]
    assert exposure["exposed_workers"] == 6
    assert exposure["workers_over_day_limit"] == 5
    assert exposure["hours_total"] == pytest.approx(16.0)
    assert exposure["hours_per_worker_day"]["p50"] == pytest.approx(3.0)
    assert "worker-0" not in str(exposure)


def test_weekly_exposure_limit_sums_days_of_one_iso_week(audit):
    rows = _same_for_all(
        session("x", "08:00", "10:00", category="hateful", day="2024-06-03"),
        session("x", "08:00", "10:00", category="hateful", day="2024-06-05", task="t2"),
    )
    exposure = audit(rows, exposure_limit_hours_day=3, exposure_limit_hours_week=3)["exposure"]
    assert exposure["workers_over_day_limit"] == 0
    assert exposure["workers_over_week_limit"] == 5
    assert exposure["weeks"] == [
        {"week": "2024-06-03", "exposed_workers": 5, "hours": 20.0, "worker_days_over_limit": 0}
    ]


def test_no_exposure_limit_means_no_one_is_counted_over_it(audit):
    rows = _same_for_all(session("x", "08:00", "11:00", category="sexual"))
    exposure = audit(rows)["exposure"]
    assert exposure["workers_over_day_limit"] is None


def test_living_wage_premium_per_task_and_in_total(audit, living_wage_csv):
    # each worker: 6 USD for 1 h paid + 1 h rejected → 2 h at 15 USD/h = 30; shortfall 24
    rows = _same_for_all(
        session("x", "08:00", "09:00", pay=6.0),
        session("x", "09:00", "10:00", pay=6.0, status="rejected", task="t2"),
    )
    premium = audit(rows, living_wage_source=living_wage_csv)["premium"]
    assert premium["total_ppp_usd"] == pytest.approx(5 * 24.0)
    assert premium["total_pay_currency"] == pytest.approx(5 * 24.0)
    assert premium["per_task_pay_currency"] == pytest.approx(24.0)
    assert premium["workers_below_living_wage"] == 5


def test_workers_above_the_living_wage_need_no_premium(audit, living_wage_csv):
    rows = _same_for_all(session("x", "08:00", "09:00", pay=20.0))
    figures = audit(rows, living_wage_source=living_wage_csv)
    assert figures["premium"]["total_ppp_usd"] == 0
    assert figures["wages"]["living"]["all_time"]["share_of_workers_below"] == 0


def test_kenyan_worker_paid_in_usd_is_compared_in_shillings(audit, registry):
    from fairprint.people.wages import wage_reference

    minimum = wage_reference("KE", "minimum", registry, year=2024)
    rows = [dict(session(w, "08:00", "09:00", pay=0.20), country="KE") for w in WORKERS]
    country = audit(rows)["countries"][0]
    assert country["group"] == "KE"
    assert country["currency"] == "KES"
    # 0.20 USD/h x the registry's KES per USD for 2024 is below the KE minimum
    assert country["median_hourly_all_local"] < minimum.hourly_local
    assert country["share_below_minimum"] == 1.0
