"""Benchmark: import + estimate throughput and peak memory against DuckDB's raw floor.

Generates a canonical CSV of N requests (``--rows``, default 1M; 10M takes a while and
~1.3 GB of disk), then, each in a fresh child process so peak RSS is its own:

- floor: DuckDB reads the same CSV and aggregates tokens by model (no typing, no estimate);
- write floor: DuckDB copies the same CSV into a table of a database file;
- rejects: the same copy with the canonical column types and ``store_rejects`` (DuckDB's
  own line-numbered quarantine of bad rows), the closest peer to an import;
- fairprint: ``Ledger.import_file`` into a new ledger (parse, type, estimate, dedupe, commit).

Each measurement runs ``--repeat`` times (default 3) and the fastest run counts, for the
floors as for fairprint: on a shared machine the best run is the one least disturbed.
Prints rows/s, the time ratio fairprint/floor and peak RSS of each. Run:
``.venv/bin/python bench/import.py --rows 1000000``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

MODELS = ("gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "claude-3-5-haiku", "o3-mini")
PROVIDERS = ("openai", "openai", "anthropic", "anthropic", "openai")


def generate(path: Path, rows: int, chunk: int = 500_000, seed: int = 7) -> None:
    """A canonical CSV of ``rows`` synthetic requests (request ids, so dedupe is exact)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-01-01T00:00:00", "us")
    with pacsv.CSVWriter(path, _schema()) as writer:
        for offset in range(0, rows, chunk):
            n = min(chunk, rows - offset)
            pick = rng.integers(0, len(MODELS), n)
            ids = np.char.add("req_", np.arange(offset, offset + n).astype(str))
            started = start + (np.arange(offset, offset + n) * 2_000_000).astype("timedelta64[us]")
            cached = rng.integers(0, 500, n)
            output = rng.integers(10, 800, n)
            table = pa.table(
                {
                    "activity_id": ids,
                    "started_at": pa.array(started, pa.timestamp("us", tz="UTC")),
                    "provider": np.array(PROVIDERS)[pick],
                    "model": np.array(MODELS)[pick],
                    "input_tokens": rng.integers(20, 4000, n),
                    "cached_input_tokens": cached,
                    "output_tokens": output,
                    "reasoning_tokens": np.where(pick == 4, output // 2, 0),
                    "project": np.char.add("project-", rng.integers(0, 20, n).astype(str)),
                    "team": np.char.add("team-", rng.integers(0, 5, n).astype(str)),
                },
                schema=_schema(),
            )
            writer.write_table(table)


def _schema() -> pa.Schema:
    """The CSV's columns (pyarrow is imported lazily to keep the parent process small)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("activity_id", pa.string()),
            ("started_at", pa.timestamp("us", tz="UTC")),
            ("provider", pa.string()),
            ("model", pa.string()),
            ("input_tokens", pa.int64()),
            ("cached_input_tokens", pa.int64()),
            ("output_tokens", pa.int64()),
            ("reasoning_tokens", pa.int64()),
            ("project", pa.string()),
            ("team", pa.string()),
        ]
    )


def child_floor(csv_path: str) -> dict:
    import duckdb

    start = time.perf_counter()
    rows = (
        duckdb.connect()
        .sql(
            f"SELECT model, count(*), sum(input_tokens), sum(output_tokens) "
            f"FROM read_csv('{csv_path}') GROUP BY model"
        )
        .fetchall()
    )
    return {"seconds": time.perf_counter() - start, "groups": len(rows)}


def child_write_floor(csv_path: str, db_path: str) -> dict:
    """DuckDB copying the CSV into a table of a database file: the floor for any ingest."""
    import duckdb

    start = time.perf_counter()
    connection = duckdb.connect(db_path)
    connection.execute(f"CREATE TABLE requests AS SELECT * FROM read_csv('{csv_path}')")
    connection.close()
    return {"seconds": time.perf_counter() - start}


def child_write_rejects(csv_path: str, db_path: str) -> dict:
    """DuckDB's own line-numbered quarantine: typed copy with ``store_rejects`` (a peer).

    Typed columns (the canonical types) and ``store_rejects`` keep each bad row with its
    line and error in ``reject_errors``, as fairprint's quarantine does.
    """
    import duckdb
    import pyarrow as pa

    def sql_type(kind: pa.DataType) -> str:
        if pa.types.is_timestamp(kind):
            return "TIMESTAMPTZ"
        return "BIGINT" if pa.types.is_integer(kind) else "VARCHAR"

    types = {field.name: sql_type(field.type) for field in _schema()}  # in file order
    start = time.perf_counter()
    connection = duckdb.connect(db_path)
    connection.execute(
        f"CREATE TABLE requests AS SELECT * FROM read_csv('{csv_path}', header = true, "
        f"columns = {types!r}, store_rejects = true)"
    )
    rejected = connection.execute("SELECT count(*) FROM reject_errors").fetchone()
    connection.close()
    return {"seconds": time.perf_counter() - start, "rejected": rejected[0] if rejected else 0}


def child_read(csv_path: str, estimate: str = "") -> dict:
    """Only the importer's streaming read (and, with ``estimate``, the impact kernels)."""
    import pyarrow as pa

    from fairprint.impacts import estimate_table
    from fairprint.ingest import read_activities
    from fairprint.registry import Registry

    registry = Registry.default()
    start = time.perf_counter()
    rows = 0
    for batch in read_activities(csv_path, "csv"):
        rows += batch.activities.num_rows
        if estimate:
            estimate_table(pa.Table.from_batches([batch.activities]), registry, on_unknown="null")
    return {"seconds": time.perf_counter() - start, "rows": rows}


def child_import(csv_path: str, ledger_path: str, memory_limit: str = "") -> dict:
    from fairprint.ledger import Ledger
    from fairprint.registry import Registry

    registry = Registry.default()
    start = time.perf_counter()
    options = {"import_memory_limit": memory_limit} if memory_limit else {}
    with Ledger(ledger_path, **options) as ledger:
        result = ledger.import_file(csv_path, format="csv", registry=registry)
    return {"seconds": time.perf_counter() - start, "accepted": result.accepted}


def run_child(*args: str) -> dict:
    """Run one measurement in a fresh interpreter; its JSON includes its own peak RSS."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_of(repeat: int, *args: str, fresh: Path | None = None) -> dict:
    """The fastest of ``repeat`` runs of one measurement (``fresh``: a file removed before each)."""
    runs = []
    for _ in range(repeat):
        if fresh is not None:
            fresh.unlink(missing_ok=True)
            fresh.with_suffix(fresh.suffix + ".wal").unlink(missing_ok=True)
        runs.append(run_child(*args))
    return min(runs, key=lambda figures: figures["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a tmp dir)")
    parser.add_argument("--memory-limit", default="", help="DuckDB memory_limit of the ledger")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best counts)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        children = {
            "generate": lambda path, rows: generate(Path(path), int(rows)) or {},
            "floor": child_floor,
            "write": child_write_floor,
            "rejects": child_write_rejects,
            "read": child_read,
            "import": child_import,
        }
        figures = children[kind](*rest)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        figures["peak_rss_mib"] = usage.ru_maxrss / 1024
        figures["cpu_s"] = usage.ru_utime + usage.ru_stime
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        csv_path = Path(tmp) / f"requests-{args.rows}.csv"
        start = time.perf_counter()
        run_child("generate", str(csv_path), str(args.rows))
        size_mib = csv_path.stat().st_size / 2**20
        print(
            f"generated {args.rows:,} rows ({size_mib:,.0f} MiB) in "
            f"{time.perf_counter() - start:.1f} s"
        )
        copy, ledger = Path(tmp) / "copy.duckdb", Path(tmp) / "ledger.duckdb"
        n = max(1, args.repeat)
        floor = best_of(n, "floor", str(csv_path))
        write = best_of(n, "write", str(csv_path), str(copy), fresh=copy)
        rejects = best_of(n, "rejects", str(csv_path), str(copy), fresh=copy)
        read = best_of(n, "read", str(csv_path))
        read_estimate = best_of(n, "read", str(csv_path), "estimate")
        fairprint = best_of(
            n, "import", str(csv_path), str(ledger), args.memory_limit, fresh=ledger
        )
        if fairprint["accepted"] != args.rows:
            raise SystemExit(f"imported {fairprint['accepted']} rows, expected {args.rows}")
        for name, figures in (
            ("duckdb read+aggregate (floor)", floor),
            ("duckdb CSV -> table file", write),
            ("duckdb CSV -> table, rejects", rejects),
            ("fairprint read only", read),
            ("fairprint read + estimate", read_estimate),
            ("fairprint import (all)", fairprint),
        ):
            print(
                f"{name:32s} {figures['seconds']:7.2f} s  "
                f"{args.rows / figures['seconds']:>12,.0f} rows/s  "
                f"peak RSS {figures['peak_rss_mib']:6.0f} MiB  CPU {figures['cpu_s']:6.1f} s"
            )
        print(
            f"ratio fairprint / floor: {fairprint['seconds'] / floor['seconds']:.1f}x wall, "
            f"{fairprint['cpu_s'] / floor['cpu_s']:.1f}x CPU; fairprint / DuckDB CSV -> table: "
            f"{fairprint['seconds'] / write['seconds']:.1f}x wall, "
            f"{fairprint['cpu_s'] / write['cpu_s']:.1f}x CPU; fairprint / DuckDB typed copy with "
            f"store_rejects: {fairprint['seconds'] / rejects['seconds']:.1f}x wall"
        )


if __name__ == "__main__":
    main()
