"""Benchmark: the fair data-work audit against the floor of a plain DuckDB query.

Run: ``.venv/bin/python bench/audit.py [--rows 1000000]`` (``--rows 10000000`` for the
10M-row run). A synthetic canonical work log is written once; then, each in its own child
process so that peak memory is its own:

* the audit: ``fairprint.audit.run_audit`` (streaming ingest, pseudonymisation, every
  measure, k-anonymous summary), peak RSS reported;
* the floor: one DuckDB query computing plain per-worker hourly pay (pay / summed task
  hours of approved work) on the same CSV — what any audit has to do at least.

Printed: rows/s for each, peak RSS for each, and the ratios (audit over floor).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

COUNTRIES = ("KE", "PH", "IN", "US", "UG", "VE")
STATUSES = ("approved", "submitted", "rejected", "returned", "abandoned")
STATUS_P = (0.88, 0.03, 0.05, 0.03, 0.01)
CATEGORIES = ("", "none", "violent", "sexual", "hateful", "self-harm")
CATEGORY_P = (0.6, 0.28, 0.04, 0.03, 0.03, 0.02)


def write_log(path: Path, rows: int, seed: int = 11, chunk: int = 1_000_000) -> None:
    """A canonical CSV of ``rows`` sessions by ``rows / 100`` workers over 90 days."""
    rng = np.random.default_rng(seed)
    workers = max(rows // 100, 10)
    base = np.datetime64("2024-03-01T00:00:00", "s").astype(np.int64)
    writer = None
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        worker = rng.integers(0, workers, n)
        started = base + rng.integers(0, 90 * 86400, n)
        duration = rng.integers(20, 900, n)
        table = pa.table(
            {
                "worker": pc.binary_join_element_wise("W", pa.array(worker.astype(str)), ""),
                "country": pa.array(np.array(COUNTRIES)[worker % len(COUNTRIES)]),
                "task": pa.array((rng.integers(0, rows // 10 + 1, n)).astype(str)),
                "started": pc.strftime(
                    pa.array(started.astype("datetime64[s]")), "%Y-%m-%dT%H:%M:%SZ"
                ),
                "submitted": pc.strftime(
                    pa.array((started + duration).astype("datetime64[s]")), "%Y-%m-%dT%H:%M:%SZ"
                ),
                "pay": np.round(rng.uniform(0.01, 0.6, n), 2),
                "currency": pa.array(["USD"] * n),
                "status": pa.array(np.array(STATUSES)[rng.choice(5, n, p=STATUS_P)]),
                "content_category": pa.array(
                    np.array(CATEGORIES)[rng.choice(len(CATEGORIES), n, p=CATEGORY_P)]
                ),
            }
        )
        if writer is None:
            writer = pacsv.CSVWriter(str(path), table.schema)
        writer.write_table(table)
    writer.close()


def _child_audit(path: str, key: str) -> dict:
    from fairprint.audit import AuditConfig, run_audit

    started = time.perf_counter()
    result = run_audit([path], AuditConfig(key_file=Path(key), exposure_limit_hours_day=2))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "workers": result.figures["population"]["workers"]}


def _child_floor(path: str) -> dict:
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    workers = con.execute(
        f"""SELECT count(*) FROM (
              SELECT worker, sum(pay) / (sum(epoch(submitted - started)) / 3600) AS hourly
              FROM read_csv('{path}', header = true)
              WHERE status = 'approved' GROUP BY worker)"""
    ).fetchone()[0]
    return {"seconds": time.perf_counter() - started, "workers": workers}


def _run_child(kind: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        figures = _child_audit(*rest) if kind == "audit" else _child_floor(*rest)
        figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    # the machine may be shared: the load average says how far the figures are comparable
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="fairprint-bench-") as scratch:
        path = Path(scratch) / "worklog.csv"
        t0 = time.perf_counter()
        write_log(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        written = time.perf_counter() - t0
        print(f"log: {args.rows:,} rows, {size_mb:,.0f} MB, written in {written:.1f} s")
        audit = _run_child("audit", str(path), str(Path(scratch) / "key"))
        floor = _run_child("floor", str(path))
    for name, figures in (("fairprint audit", audit), ("DuckDB floor", floor)):
        print(
            f"{name:16s} {args.rows / figures['seconds']:>12,.0f} rows/s  "
            f"{figures['seconds']:7.2f} s  peak RSS {figures['peak_rss_mb']:7.0f} MB  "
            f"workers {figures['workers']:,}"
        )
    print(
        f"ratio (audit / floor): time {audit['seconds'] / floor['seconds']:.1f}x, "
        f"peak RSS {audit['peak_rss_mb'] / floor['peak_rss_mb']:.1f}x"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
