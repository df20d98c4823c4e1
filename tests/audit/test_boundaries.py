"""Exact k-1 / k boundaries and pseudonym caches (the mutants of issue 12 item 8)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from fairprint.audit.privacy import safe_percentiles
from fairprint.audit.pseudonym import Pseudonymiser
from tests.audit.conftest import session


@pytest.mark.parametrize("k", [2, 5, 10])
def test_safe_percentiles_suppress_k_minus_one_values_and_show_k(k: int) -> None:
    assert safe_percentiles(np.arange(k - 1, dtype=float), k) is None
    shown = safe_percentiles(np.arange(k, dtype=float), k)
    assert shown is not None and shown["p50"] == pytest.approx((k - 1) / 2)


def test_safe_percentiles_count_only_finite_values() -> None:
    values = np.array([1.0, 2.0, 3.0, 4.0, np.nan])  # 4 finite values
    assert safe_percentiles(values, 5) is None


def _exposed(audit, exposed: int, k: int) -> dict:
    rows = [session(f"w{n}", "08:00", "09:00") for n in range(k + 2)]
    rows += [
        session(f"w{n}", "10:00", "11:00", category="violent", task=f"x{n}") for n in range(exposed)
    ]
    return audit(rows, k=k, exposure_limit_hours_day=1)["exposure"]


def test_exposure_of_exactly_k_minus_one_workers_is_suppressed(audit) -> None:
    exposure = _exposed(audit, exposed=4, k=5)
    assert exposure["suppressed"] is True and exposure["exposed_workers"] is None


def test_exposure_of_exactly_k_workers_is_shown(audit) -> None:
    exposure = _exposed(audit, exposed=5, k=5)
    assert exposure["suppressed"] is False and exposure["exposed_workers"] == 5


def test_worker_and_task_pseudonyms_of_one_instance_do_not_share_a_cache() -> None:
    key = b"k" * 32
    one = Pseudonymiser(key)
    ids = pa.array(["same-id", "other"])
    workers = one.pseudonymise_array(ids, "worker").to_pylist()
    tasks = one.pseudonymise_array(ids, "task").to_pylist()  # same instance, warm cache
    assert set(workers).isdisjoint(tasks)
    fresh = Pseudonymiser(key)
    assert tasks == fresh.pseudonymise_array(ids, "task").to_pylist()
    # and the scalar path agrees with the array path after the cache is warm
    assert one.pseudonymise("same-id", "task") == tasks[0]
    assert one.pseudonymise("same-id", "worker") == workers[0]
