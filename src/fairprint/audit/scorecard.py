"""A scorecard against the five Fairwork cloudwork principles: the log's evidence + answers.

Fairwork (Oxford Internet Institute / WZB) rates platforms on five principles — pay,
conditions, contracts, management, representation — each with two thresholds; the second
point of a principle is awarded only when the first is met (0–10 in all). A work log can
show some evidence (pay against the minimum wage, rejections, exposure) but not, say,
whether contracts are clear or workers have a voice, so the rest comes from a
questionnaire file (YAML or JSON)::

    answers:
      "1.1": {met: true, evidence: "rejections are reviewed within 48 h"}
      "5.1": {met: false}

The log can only *refute*: when it shows more than half of workers below the minimum
wage, threshold 1.2 ("the vast majority earn at least the minimum wage") is not met
whatever the questionnaire says. Note that fairprint's living-wage measures are stricter
than this threshold, which asks for the local *minimum* wage.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fairprint.errors import InputError

__all__ = ["THRESHOLDS", "load_questionnaire", "scorecard"]

THRESHOLDS: tuple[tuple[str, str, str], ...] = (
    ("1.1", "Fair pay", "pays on time and for all completed work"),
    ("1.2", "Fair pay", "the vast majority earn at least the local minimum wage after costs"),
    ("2.1", "Fair conditions", "mitigates task-specific risks (e.g. harmful content flagged)"),
    ("2.2", "Fair conditions", "safeguards against overwork and precarity"),
    ("3.1", "Fair contracts", "clear, accessible terms and conditions"),
    ("3.2", "Fair contracts", "contracts that match working practice; no unfair clauses"),
    ("4.1", "Fair management", "due process for decisions affecting workers"),
    ("4.2", "Fair management", "equity in management processes"),
    ("5.1", "Fair representation", "freedom of association and a worker voice"),
    ("5.2", "Fair representation", "collective governance or bargaining"),
)


def load_questionnaire(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read a questionnaire (YAML or JSON) into ``{threshold: {met, evidence}}``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"questionnaire {path} does not exist")
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:  # pragma: no cover - PyYAML ships with most installs
            raise InputError(f"{path.name}: reading YAML needs PyYAML; use JSON instead") from None
        data = yaml.safe_load(text)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path.name}: not valid JSON ({exc})") from None
    answers = data.get("answers") if isinstance(data, Mapping) else None
    if not isinstance(answers, Mapping):
        raise InputError(f"{path.name}: expected a mapping 'answers' of threshold → {{met: ...}}")
    known = {t[0] for t in THRESHOLDS}
    out: dict[str, dict[str, Any]] = {}
    for key, value in answers.items():
        key = str(key)
        if key not in known:
            raise InputError(
                f"{path.name}: unknown threshold {key!r}; use {', '.join(sorted(known))}"
            )
        if not isinstance(value, Mapping) or not isinstance(value.get("met"), bool | None):
            raise InputError(f"{path.name}, threshold {key}: give 'met: true' or 'met: false'")
        out[key] = {"met": value.get("met"), "evidence": str(value.get("evidence") or "")}
    return out


def _log_evidence(figures: Mapping[str, Any]) -> dict[str, tuple[bool | None, str]]:
    """What the audit figures say per threshold: (verdict or None, evidence text)."""
    out: dict[str, tuple[bool | None, str]] = {}
    rates = figures.get("rates") or {}
    if rates:
        rate = rates.get("rejection_rate")
        text = f"rejection rate {rate:.1%}" if rate is not None else "no handed-in work"
        out["1.1"] = (None, f"{text}; whether rejections were fair is not in the log")
    minimum = ((figures.get("wages") or {}).get("minimum") or {}).get("all_time")
    if minimum:
        share = minimum["share_of_workers_below"]
        verdict = False if share > 0.5 else None
        out["1.2"] = (verdict, f"{share:.1%} of workers below the minimum wage (all time)")
    exposure = figures.get("exposure") or {}
    if exposure.get("workers_over_day_limit") is not None:
        out["2.1"] = (
            None,
            f"{exposure['workers_over_day_limit']} worker(s) over the daily exposure limit "
            f"of {exposure['limit_hours_day']} h",
        )
    return out


def scorecard(
    figures: Mapping[str, Any], answers: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """Score the ten thresholds from the audit figures and the questionnaire answers."""
    answers = answers or {}
    evidence = _log_evidence(figures)
    rows, met = [], {}
    for key, principle, text in THRESHOLDS:
        log_verdict, log_text = evidence.get(key, (None, ""))
        answer = answers.get(key, {})
        verdict = answer.get("met")
        note = ""
        if log_verdict is False:
            if verdict:
                note = "the log contradicts the questionnaire"
            verdict = False
        met[key] = verdict
        rows.append(
            {
                "threshold": key,
                "principle": principle,
                "text": text,
                "met": verdict,
                "log_evidence": log_text,
                "questionnaire_evidence": answer.get("evidence", ""),
                "note": note,
            }
        )
    points = 0
    for row in rows:
        first = row["threshold"].split(".")[0] + ".1"
        awarded = bool(row["met"]) and (row["threshold"].endswith(".1") or bool(met.get(first)))
        row["point"] = int(awarded)
        points += int(awarded)
    return {
        "points": points,
        "out_of": len(THRESHOLDS),
        "unanswered": sum(1 for r in rows if r["met"] is None),
        "thresholds": rows,
        "note": (
            "Fairwork's cloudwork threshold 1.2 asks for the local minimum wage; the living-wage "
            "figures in this audit are a stricter test."
        ),
    }
