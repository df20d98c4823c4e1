"""The Fairwork cloudwork scorecard: log evidence plus questionnaire answers."""

from __future__ import annotations

import json

import pytest

from fairprint.audit.scorecard import load_questionnaire, scorecard
from fairprint.errors import InputError


def _figures(share_below_minimum: float) -> dict:
    return {
        "rates": {"rejection_rate": 0.1},
        "wages": {"minimum": {"all_time": {"share_of_workers_below": share_below_minimum}}},
        "exposure": {},
    }


def test_second_point_needs_the_first(tmp_path):
    path = tmp_path / "q.json"
    answers = {
        "1.1": {"met": False},
        "1.2": {"met": True},
        "5.1": {"met": True},
        "5.2": {"met": True},
    }
    path.write_text(json.dumps({"answers": answers}))
    card = scorecard(_figures(0.1), load_questionnaire(path))
    points = {row["threshold"]: row["point"] for row in card["thresholds"]}
    assert points["1.2"] == 0 and points["5.1"] == 1 and points["5.2"] == 1
    assert card["points"] == 2
    assert card["unanswered"] == 6


def test_yaml_questionnaire(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text('answers:\n  "3.1": {met: true, evidence: "terms in plain language"}\n')
    card = scorecard(_figures(0.0), load_questionnaire(path))
    row = next(r for r in card["thresholds"] if r["threshold"] == "3.1")
    assert row["met"] is True and row["questionnaire_evidence"] == "terms in plain language"


def test_log_showing_most_workers_below_minimum_refutes_threshold_1_2():
    card = scorecard(_figures(0.8), {"1.1": {"met": True}, "1.2": {"met": True}})
    row = next(r for r in card["thresholds"] if r["threshold"] == "1.2")
    assert row["met"] is False and row["point"] == 0
    assert "contradicts" in row["note"]
    assert "80.0%" in row["log_evidence"]


def test_scorecard_says_living_wage_is_stricter():
    assert "stricter" in scorecard(_figures(0.0))["note"]


def test_unknown_threshold_is_an_input_error(tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps({"answers": {"9.9": {"met": True}}}))
    with pytest.raises(InputError, match=r"9\.9"):
        load_questionnaire(path)
