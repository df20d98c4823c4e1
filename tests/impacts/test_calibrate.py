"""The calibration is reproducible and its output is the shipped parameter file."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from fairprint.impacts.calibrate import FITTED, fit, write_parameters
from fairprint.registry import Registry
from fairprint.registry.registry import DATA_DIR


def test_rerunning_the_fit_reproduces_the_shipped_parameters(tmp_path: Path) -> None:
    copy = tmp_path / "parameters.csv"
    shutil.copy(DATA_DIR / "parameters.csv", copy)
    text = write_parameters(fit(Registry.default()), copy)
    assert text == (DATA_DIR / "parameters.csv").read_text(encoding="utf-8")


def test_fit_describes_most_runs_within_a_factor_of_two() -> None:
    result = fit(Registry.default())
    ratios = np.exp(result.log_residuals)
    assert result.runs >= 100
    assert 0.5 <= float(np.median(ratios)) <= 2.0
    assert float(np.mean((ratios >= 0.5) & (ratios <= 2.0))) >= 0.6


def test_fitted_rows_say_where_they_come_from() -> None:
    registry = Registry.default()
    for name in FITTED:
        parameter = registry.parameter(name)
        assert "calibration" in parameter.source
        assert parameter.low <= parameter.central <= parameter.high
