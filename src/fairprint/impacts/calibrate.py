"""Fit the free serving parameters on GPU measurements of open models.

Run ``python -m fairprint.impacts.calibrate`` to print the fit and its residuals, and
``--write`` to rewrite the fitted rows of ``registry/data/parameters.csv`` (the shipped
parameter file). The input is ``registry/data/energy_measurements.csv`` (ML.ENERGY
Benchmark v2/v3 runs: model, GPU, accelerators, batch, tokens, mean GPU power and GPU energy
per output token). Provider disclosures and independent studies are held out
(``fairprint validate``) and never read here.

What the measurements identify, and how (no constant is tuned to one figure):

* ``accelerator_power_fraction`` ``f``: each run's mean GPU power over the TDP of its
  accelerators; central = median, low/high = 5th/95th percentiles over all runs.
* ``kernel_error_factor``: measured over predicted J per token at the fit, 5th and 95th
  percentiles (central 1): the model error the intervals carry beside the input ranges.
* ``memory_bandwidth_efficiency`` ``η`` and ``decode_utilisation`` ``u``: the kernel's
  accelerator-seconds per output token (``arithmetic.seconds_formula`` with the run's batch,
  replica, precision and tokens) times the run's measured power per accelerator predicts
  its J per output token; ``(η, u)`` minimise the squared log residuals over all runs
  (grid search). Their low/high are the 5th/95th percentiles of the per-run values that
  would make each run exact with the other parameter at its fit, over the runs that the
  fit finds memory-bound (for ``η``) or compute-bound (for ``u``).

The serving concurrency, host ratio, idle ratio and PUE are not identified by
accelerator-only lab runs at a fixed batch; they keep their sourced values.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fairprint.impacts import energy
from fairprint.impacts.arithmetic import token_seconds
from fairprint.registry import DATA_DIR, ENERGY_MEASUREMENTS, Registry, Row

BYTES_PER_PARAMETER = {"bfloat16": 2.0, "fp8": 1.0, "mxfp4": 0.5}
"""Weight bytes by the precision a run served in (MXFP4: 4-bit values; scales ignored)."""

GRID = np.linspace(0.05, 1.0, 96)


@dataclass(frozen=True)
class Run:
    """One measured run, reduced to what the kernel needs."""

    case_id: str
    measured_j_per_token: float
    power_per_accelerator_w: float
    power_fraction: float
    weights: dict[str, float]
    seconds: dict[str, Any]


@dataclass(frozen=True)
class Fit:
    """The fitted parameters (low, central, high) and the residuals at the fit."""

    power_fraction: tuple[float, float, float]
    bandwidth_efficiency: tuple[float, float, float]
    decode_utilisation: tuple[float, float, float]
    runs: int
    log_residuals: np.ndarray

    @property
    def kernel_error(self) -> tuple[float, float, float]:
        """Measured over predicted J per token: 5th percentile, 1 (the kernel), 95th."""
        ratios = np.exp(-self.log_residuals)
        low, high = (float(np.percentile(ratios, q)) for q in (5, 95))
        return (round(min(low, 1.0), 3), 1.0, round(max(high, 1.0), 3))

    def summary(self) -> list[str]:
        ratios = np.exp(self.log_residuals)
        within = float(np.mean((ratios >= 0.5) & (ratios <= 2.0)))
        return [
            f"runs fitted: {self.runs}",
            _line("accelerator_power_fraction", self.power_fraction),
            _line("memory_bandwidth_efficiency", self.bandwidth_efficiency),
            _line("decode_utilisation", self.decode_utilisation),
            _line("kernel_error_factor", self.kernel_error),
            f"predicted/measured J per output token: median {np.median(ratios):.3f}, "
            f"5th-95th percentile {np.percentile(ratios, 5):.3f}-"
            f"{np.percentile(ratios, 95):.3f}, within 2x: {within:.0%}",
        ]


def _line(name: str, values: tuple[float, float, float]) -> str:
    low, central, high = values
    return f"{name:<28}low {low:.3f}  central {central:.3f}  high {high:.3f}"


def runs(registry: Registry) -> list[Run]:
    """The measured runs the kernel can describe (known model, hardware and precision)."""
    table = registry.extra_table("energy_measurements", ENERGY_MEASUREMENTS)
    out = []
    for row in table.rows:
        precision = str(row["weight_precision"])
        if row["metric"] != "j_per_output_token" or precision not in BYTES_PER_PARAMETER:
            continue
        try:
            model = registry.model(str(row["model_id"]))
            hardware = registry.hardware(str(row["hardware_id"]))
        except Exception:  # a run of a model or GPU the registry lacks cannot be described
            continue
        run = _run(registry, row, model, hardware, BYTES_PER_PARAMETER[precision])
        if run is not None:
            out.append(run)
    return out


def _run(registry: Registry, row: Row, model: Row, hardware: Row, bytes_pp: float) -> Run | None:
    values = [float(row[k]) for k in ("accelerators", "mean_batch_size", "mean_power_w")]
    accelerators, batch, power = values
    if batch != batch:
        batch = float(row["batch_size"])
    measured = float(row["value"])
    if any(math.isnan(v) or v <= 0 for v in (accelerators, batch, power, measured)):
        return None
    active, total = float(model["active_params_b"]), float(model["total_params_b"])
    total = active if math.isnan(total) else total
    architecture = registry.architecture(str(model["model_id"]))
    kv, attention = 0.0, 0.0
    if architecture is not None and not math.isnan(float(architecture["kv_cache_kib_per_token"])):
        kv = float(architecture["kv_cache_kib_per_token"]) * 1024.0
        attention = float(architecture["attention_gflop_per_token_per_1k_context"]) * 1e9
    memory_gb = float(hardware["memory_gb"])
    filled = max(1.0, total * 1e9 * bytes_pp / (memory_gb * 1e9))
    # Coefficients at eta = u = 1; the fit divides the memory and compute terms.
    coefficients = energy.decode_coefficients(
        active,
        total,
        bytes_pp,
        float(hardware["peak_bf16_tflops"]),
        1.0,
        float(hardware["memory_bandwidth_tbs"]),
        1.0,
        batch / filled,
        memory_gb,
        accelerators,
        kv,
        attention,
    )
    output = float(row["output_tokens"])
    prompt = float(row["input_tokens"])
    tokens = {
        "input_tokens": 0.0 if math.isnan(prompt) else prompt,
        "cache_write_tokens": 0.0,
        "cached_input_tokens": 0.0,
        "output_tokens": 1.0 if math.isnan(output) else output,
        "reasoning_tokens": 0.0,
    }
    return Run(
        case_id=str(row["case_id"]),
        measured_j_per_token=measured,
        power_per_accelerator_w=power / accelerators,
        power_fraction=power / (accelerators * float(hardware["tdp_w"])),
        weights=tokens,
        seconds=coefficients,
    )


def _predicted(run: Run, efficiency: np.ndarray, utilisation: np.ndarray) -> np.ndarray:
    """J per output token of ``run`` for arrays of η and u (decode only, per token)."""
    per_token = {
        "seconds_per_input": np.zeros_like(efficiency),
        "seconds_per_input_per_1k_context": np.zeros_like(efficiency),
        "seconds_per_cached": np.zeros_like(efficiency),
    }
    for name, value in run.seconds.items():
        scale = utilisation if "compute" in name else efficiency
        per_token[name] = value / scale
    seconds: np.ndarray = token_seconds(per_token, run.weights)
    return seconds / run.weights["output_tokens"] * run.power_per_accelerator_w


def fit(registry: Registry) -> Fit:
    """Fit ``f``, ``η`` and ``u`` on every describable run (see the module docstring)."""
    measured = runs(registry)
    if not measured:
        raise ValueError("no energy measurement the kernel can describe")
    efficiency, utilisation = np.meshgrid(GRID, GRID, indexing="ij")
    loss = np.zeros_like(efficiency)
    for run in measured:
        loss += (np.log(_predicted(run, efficiency, utilisation) / run.measured_j_per_token)) ** 2
    i, j = np.unravel_index(int(np.argmin(loss)), loss.shape)
    eta, u = float(GRID[i]), float(GRID[j])
    residuals = np.array(
        [
            math.log(float(_predicted(r, np.array(eta), np.array(u))) / r.measured_j_per_token)
            for r in measured
        ]
    )
    compute_bound = [_compute_bound(r, eta, u) for r in measured]
    memory_runs = [r for r, c in zip(measured, compute_bound, strict=True) if not c] or measured
    compute_runs = [r for r, c in zip(measured, compute_bound, strict=True) if c] or measured
    eta_each = [_solve(r, u, along="efficiency") for r in memory_runs]
    u_each = [_solve(r, eta, along="utilisation") for r in compute_runs]
    fractions = [r.power_fraction for r in measured]
    return Fit(
        power_fraction=_spread(fractions, float(np.median(fractions))),
        bandwidth_efficiency=_spread(eta_each, eta),
        decode_utilisation=_spread(u_each, u),
        runs=len(measured),
        log_residuals=residuals,
    )


def _compute_bound(run: Run, efficiency: float, utilisation: float) -> bool:
    """Whether the run's decode is limited by compute (not memory) at the fitted values."""
    at_fit = float(_predicted(run, np.array(efficiency), np.array(utilisation)))
    faster_memory = float(_predicted(run, np.array(1e6), np.array(utilisation)))
    return math.isclose(at_fit, faster_memory, rel_tol=1e-9)


def _solve(run: Run, other: float, along: str) -> float:
    """The value of one parameter (on the grid) that makes ``run`` exact, the other fixed."""
    if along == "efficiency":
        predicted = _predicted(run, GRID, np.full_like(GRID, other))
    else:
        predicted = _predicted(run, np.full_like(GRID, other), GRID)
    return float(GRID[int(np.argmin(np.abs(np.log(predicted / run.measured_j_per_token))))])


def _spread(values: list[float], central: float) -> tuple[float, float, float]:
    low, high = (float(np.percentile(values, q)) for q in (5, 95))
    return (round(min(low, central), 3), round(central, 3), round(max(high, central), 3))


FITTED = {
    "accelerator_power_fraction": "power_fraction",
    "memory_bandwidth_efficiency": "bandwidth_efficiency",
    "decode_utilisation": "decode_utilisation",
    "kernel_error_factor": "kernel_error",
}


KERNEL_ERROR_NOTE = (
    "The kernel's own error, from the calibration residuals: measured over predicted GPU "
    "energy per output token of the fitted runs, 5th and 95th percentiles (central 1 = the "
    "kernel). Multiplies accelerator time in the interval propagation, so intervals carry "
    "model error as well as input ranges (docs/methodology.md, calibration)."
)


def write_parameters(result: Fit, path: Path) -> str:
    """Rewrite the fitted rows of ``parameters.csv`` at ``path``; returns the new text."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    if not any(row["name"] == "kernel_error_factor" for row in rows):
        rows.append(
            dict.fromkeys(fields, "")
            | {"name": "kernel_error_factor", "unit": "ratio", "favourable_end": "low"}
        )
    for row in rows:
        attribute = FITTED.get(row["name"])
        if attribute is None:
            continue
        low, central, high = getattr(result, attribute)
        row["low"], row["central"], row["high"] = (f"{v:g}" for v in (low, central, high))
        row["notes"] = (
            KERNEL_ERROR_NOTE
            if row["name"] == "kernel_error_factor"
            else (
                f"Fitted by `python -m fairprint.impacts.calibrate` on {result.runs} GPU runs of "
                "open models (energy_measurements.csv): central = the fit, low/high = 5th/95th "
                "percentiles of the per-run values (see docs/methodology.md, calibration)."
            )
        )
        row["source"] = (
            "fairprint calibration on ML.ENERGY Benchmark v2/v3 measurements "
            "(Chung et al. 2025, arXiv:2505.06371) in registry/data/energy_measurements.csv"
        )
        row["source_url"] = "https://github.com/ml-energy/leaderboard"
        row["year"] = "2025"
        row["licence"] = "derived from Apache-2.0 data (ML.ENERGY); figures cited"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue()
    path.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write", type=Path, nargs="?", const=DATA_DIR / "parameters.csv")
    args = parser.parse_args(argv)
    result = fit(Registry.default())
    print("\n".join(result.summary()))
    if args.write:
        write_parameters(result, args.write)
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
