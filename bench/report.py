"""Benchmark: reports, the dashboard and the API on large ledgers, against a plain GROUP BY.

Builds (or reuses, in ``--dir``) ledgers of N synthetic requests with ``bench/import.py``'s
generator (``--rows``, default ``1000000,10000000``), then measures, each in a fresh child
process so that its peak RSS is its own, the fastest of ``--repeat`` runs of:

- floor: DuckDB alone opens the ledger file and runs
  ``SELECT team, count(*), sum(input_tokens), sum(output_tokens) FROM activities GROUP BY team``;
- ``fairprint report --format F`` for every format, as a user runs it (the CLI in a new
  interpreter: its wall time includes Python's start and imports), and the same report
  built in-process (``report_from_ledger`` + the writer: the part that grows with the ledger);
- the dashboard page ``/`` and ``GET /api/report`` through the real ASGI app (the second
  request is timed: a server answers many).

Prints wall seconds, the child's CPU seconds (start-up included), peak RSS (MiB) and the
ratio of wall times to the floor query. Run:
``.venv/bin/python bench/report.py --rows 1000000 --dir /tmp/fairprint-bench``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

FORMATS = ("table", "html", "json", "csv", "esrs")
FLOOR_SQL = (
    "SELECT team, count(*), sum(input_tokens), sum(output_tokens) FROM activities GROUP BY team"
)


def _generator() -> object:
    spec = importlib.util.spec_from_file_location(
        "bench_import", Path(__file__).with_name("import.py")
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def build_ledger(folder: Path, rows: int) -> Path:
    """A ledger of ``rows`` generated requests (kept in ``folder`` for the next run)."""
    ledger = folder / f"ledger-{rows}.duckdb"
    if ledger.exists():
        return ledger
    csv_path = folder / f"requests-{rows}.csv"
    start = time.perf_counter()
    _generator().generate(csv_path, rows)  # type: ignore[attr-defined]
    from fairprint.ledger import Ledger

    with Ledger(ledger) as opened:
        opened.import_file(csv_path, format="csv")
    csv_path.unlink()
    print(f"built a {rows:,}-row ledger in {time.perf_counter() - start:.1f} s", flush=True)
    return ledger


def child_floor(ledger: str) -> dict:
    import duckdb

    connection = duckdb.connect(ledger, read_only=True)
    start = time.perf_counter()
    groups = connection.execute(FLOOR_SQL).fetchall()
    return {"seconds": time.perf_counter() - start, "groups": len(groups)}


def child_report(ledger: str, format: str) -> dict:
    """The report built and written in-process (no CLI start-up)."""
    import io

    from rich.console import Console

    from fairprint.ledger import Ledger
    from fairprint.report import (
        render_html,
        render_terminal,
        report_from_ledger,
        to_csv,
        to_esrs_csv,
        to_json,
    )

    start = time.perf_counter()
    with Ledger(ledger) as opened:
        report = report_from_ledger(opened, by="team")
    if format == "table":
        render_terminal(report, Console(file=io.StringIO(), width=80))
    else:
        writers = {
            "html": render_html,
            "json": to_json,
            "esrs": lambda r: to_esrs_csv(list(r.esrs)),
        }
        text = writers.get(format, lambda r: to_csv(r.summary))(report)
        assert text
    return {"seconds": time.perf_counter() - start}


def child_web(ledger: str, path: str) -> dict:
    """One request to the real app, after a first one (the server is warm)."""
    from fastapi.testclient import TestClient

    from fairprint.web import create_app

    client = TestClient(create_app(Path(ledger)), client=("127.0.0.1", 50000))
    assert client.get(path).status_code == 200
    start = time.perf_counter()
    answer = client.get(path)
    seconds = time.perf_counter() - start
    assert answer.status_code == 200, answer.text[:200]
    return {"seconds": seconds, "bytes": len(answer.content)}


def run_child(*args: str) -> dict:
    """A measurement in a fresh interpreter; it prints its JSON, including its peak RSS."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_cli(ledger: Path, format: str, out: Path) -> dict:
    """``fairprint report`` as a user runs it: wall time and peak RSS of that process."""
    command = [sys.executable, "-c", "from fairprint.cli import main; main()"]
    command += ["report", "--by", "team", "--format", format]
    command += ["--ledger", str(ledger), "--output", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"fairprint report --format {format} failed: {process.stderr.read()}")  # type: ignore[union-attr]
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "peak_rss_mib": usage.ru_maxrss / 1024, "cpu_s": cpu}


def best(repeat: int, measure) -> dict:  # type: ignore[no-untyped-def]
    return min((measure() for _ in range(repeat)), key=lambda figures: figures["seconds"])


def line(label: str, figures: dict, floor: float) -> str:
    """Wall time, the process's CPU time (whole process: start-up and imports included;
    less disturbed than wall time on a shared machine), peak RSS, ratio to the floor."""
    return (
        f"  {label:<28} {figures['seconds']:7.2f} s  cpu {figures['cpu_s']:6.2f} s  "
        f"{figures['peak_rss_mib']:6.0f} MiB  {figures['seconds'] / floor:6.1f}x floor"
    )


def bench(ledger: Path, rows: int, repeat: int) -> None:
    floor = best(repeat, lambda: run_child("floor", str(ledger)))
    base = floor["seconds"]
    print(f"\n{rows:,} activities ({ledger.stat().st_size / 2**20:,.0f} MiB ledger)")
    print(line("DuckDB GROUP BY team (floor)", floor, base))
    for format in FORMATS:
        out = ledger.with_suffix(f".{format}.out")
        cli = best(repeat, lambda: run_cli(ledger, format, out))  # noqa: B023
        print(line(f"fairprint report -f {format}", cli, base))
        inside = best(repeat, lambda: run_child("report", str(ledger), format))  # noqa: B023
        print(line(f"  in-process {format}", inside, base))
    for label, path in (("dashboard page /", "/"), ("GET /api/report", "/api/report")):
        web = best(repeat, lambda: run_child("web", str(ledger), path))  # noqa: B023
        print(line(label, web, base))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000000,10000000", help="ledger sizes, comma-separated")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/fairprint-bench-report"))
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best counts)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        figures = {"floor": child_floor, "report": child_report, "web": child_web}[kind](*rest)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        figures["peak_rss_mib"] = usage.ru_maxrss / 1024
        figures["cpu_s"] = usage.ru_utime + usage.ru_stime
        print(json.dumps(figures))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    for rows in (int(r) for r in args.rows.split(",")):
        bench(build_ledger(args.dir, rows), rows, max(1, args.repeat))


if __name__ == "__main__":
    main()
