"""The differencing attack of issue 15: 12 vs 11 workers must not give back one worker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from fairprint.audit import AuditConfig, run_audit
from fairprint.audit.differencing import DifferencingError, register_path
from fairprint.registry import Registry

from .conftest import session, write_canonical


def _log(workers: Sequence[int]) -> list[dict[str, Any]]:
    rows = []
    for i in workers:
        # worker 0 is the target: longer hours, a rejection, a distinct pay
        end = "10:30" if i == 0 else "09:45"
        rows.append(session(f"w{i}", "09:00", end, pay=3.0 + i))
        rows.append(
            session(f"w{i}", "11:00", "11:20", pay=1.0, status="rejected" if i == 0 else "approved")
        )
    return rows


def _audit(tmp_path: Path, key: Path, workers: Sequence[int], name: str, **extra: Any):
    path = write_canonical(tmp_path / f"{name}.csv", _log(workers))
    return run_audit([path], AuditConfig(key_file=key, **extra), Registry.default())


def test_without_the_guard_subtraction_gives_back_the_workers_hours(tmp_path: Path) -> None:
    """The attack itself, shown possible when the guard is off (why it exists)."""
    key = tmp_path / "key"
    all_12 = _audit(tmp_path, key, range(12), "a", differencing_check=False).figures
    without = _audit(tmp_path, key, range(1, 12), "b", differencing_check=False).figures
    paid = all_12["population"]["hours_paid"] - without["population"]["hours_paid"]
    assert paid == pytest.approx(1.5)  # worker 0's own paid hours, recovered exactly


def test_an_audit_one_worker_short_of_an_earlier_one_is_refused(tmp_path: Path) -> None:
    key = tmp_path / "key"
    first = _audit(tmp_path, key, range(12), "a")
    assert first.figures["population"]["workers"] == 12
    with pytest.raises(DifferencingError, match=rf"{first.audit_id}.*1 worker"):
        _audit(tmp_path, key, range(1, 12), "b")
    # one worker added is the same attack the other way round
    with pytest.raises(DifferencingError):
        _audit(tmp_path, key, range(13), "c")


def test_k_minus_one_is_refused_and_k_is_allowed(tmp_path: Path) -> None:
    key = tmp_path / "key"
    _audit(tmp_path, key, range(12), "a", k=5)
    with pytest.raises(DifferencingError, match="by 4 worker"):
        _audit(tmp_path, key, range(4, 12), "b", k=5)  # differs by 4 = k - 1
    allowed = _audit(tmp_path, key, range(5, 12), "c", k=5)  # differs by 5 = k
    assert allowed.figures["population"]["workers"] == 7


def test_the_same_workers_again_and_disjoint_logs_are_allowed(tmp_path: Path) -> None:
    key = tmp_path / "key"
    _audit(tmp_path, key, range(6), "a")
    assert _audit(tmp_path, key, range(6), "b").figures["population"]["workers"] == 6
    assert _audit(tmp_path, key, range(100, 106), "c").figures["population"]["workers"] == 6


def test_the_register_holds_no_raw_id_and_no_pseudonym(tmp_path: Path) -> None:
    key = tmp_path / "key"
    _audit(tmp_path, key, range(6), "a")
    text = register_path(key).read_text(encoding="utf-8")
    assert "w1" not in text.replace('"workers"', "")
    assert "w_" not in text  # worker pseudonyms start with "w_"
