"""``fairprint spark-import``: impacts of activity files too large for one machine, on Spark.

The Spark engine of ``fairprint import`` (``--engine spark``), kept as its own command:
it parses, calls ``fairprint.spark.spark_import`` and prints the totals. pyspark is
imported only when the command runs (extra ``spark``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from fairprint.cli._extras import require_extra
from fairprint.cli._shared import RegistryOption, fmt, load_registry
from fairprint.errors import InputError

SHOWN_TOTALS: tuple[tuple[str, str], ...] = (
    ("Energy (kWh)", "energy_kwh"),
    ("Carbon (kgCO2e)", "gwp_kgco2e"),
    ("Water (L)", "water_l"),
    ("Abiotic resources (kg Sb eq)", "adpe_kgsbeq"),
    ("Primary energy (MJ)", "pe_mj"),
)


def _parse_conf(pairs: list[str]) -> dict[str, str]:
    conf = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--conf {pair!r}: write KEY=VALUE, e.g. spark.executor.memory=8g")
        conf[key.strip()] = value
    return conf


def spark_import_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders Spark can read (local, hdfs://, s3a://, gs://, abfss://).",
            show_default=False,
        ),
    ],
    master: Annotated[
        str,
        typer.Option(
            "--master",
            envvar="FAIRPRINT_SPARK_MASTER",
            help="Spark master URL: local[N], yarn, spark://HOST:7077, k8s://..., or a "
            "Spark Connect URL sc://HOST:15002. Ignored when a session is already active.",
        ),
    ] = "local[*]",
    file_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="Input format: parquet, json (one object per line) or csv (with a header row).",
        ),
    ] = "parquet",
    output: Annotated[
        str | None,
        typer.Option(
            "--output", help="Write the aggregates to this Parquet folder (any Spark path)."
        ),
    ] = None,
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger",
            help="Also write the aggregates to this fairprint ledger (table spark_aggregates).",
            show_default=False,
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing --output folder.")
    ] = False,
    on_unknown: Annotated[
        str,
        typer.Option(
            "--on-unknown",
            help="null: keep rows of unknown models with empty impacts (counted as not "
            "estimated); raise: stop on the first unknown model, region or hardware.",
        ),
    ] = "null",
    conf: Annotated[
        list[str] | None,
        typer.Option("--conf", help="Extra Spark setting KEY=VALUE (repeatable)."),
    ] = None,
    registry_path: RegistryOption = None,
) -> None:
    """Compute impacts of activity files on Spark; write daily aggregates to Parquet/ledger."""
    require_extra("spark", "spark-import", "pyspark")
    from fairprint.spark import spark_import, spark_session

    if on_unknown not in ("null", "raise"):
        raise InputError(f"--on-unknown must be null or raise, not {on_unknown!r}")
    if output is None and ledger is None:
        raise InputError("say where the aggregates go: --output PARQUET_DIR and/or --ledger PATH")
    registry = load_registry(registry_path)
    console = Console()
    start = time.perf_counter()
    spark, created = spark_session(master, conf=_parse_conf(conf or []))
    try:
        result = spark_import(
            spark,
            paths,
            format=file_format,
            output=output,
            ledger=ledger,
            overwrite=overwrite,
            registry=registry,
            on_unknown=on_unknown,  # type: ignore[arg-type]
        )
    finally:
        if created:
            spark.stop()
    elapsed = time.perf_counter() - start
    for note in result.notes:
        console.print(f"note: {note}")
    table = Table(
        title=(
            f"{result.activities:,} activities ({result.requests:,} requests) from "
            f"{result.input_files:,} file(s) → {result.groups:,} daily groups in {elapsed:,.1f} s"
        ),
        caption=(
            f"registry {registry.version}; import key {result.import_key}. "
            f"{result.unestimated_requests:,} request(s) could not be estimated "
            "(unknown model or undisclosed parameters) and are not in the totals."
        ),
    )
    for column in ("Total", "low", "central", "high"):
        table.add_column(column, justify="left" if column == "Total" else "right")
    for label, stem in SHOWN_TOTALS:
        low, central, high = result.totals[stem]
        table.add_row(label, fmt(low), fmt(central), fmt(high))
    console.print(table)
    if result.output:
        console.print(f"aggregates written to {result.output}")
    if result.ledger_rows is not None:
        console.print(f"{result.ledger_rows:,} rows written to {ledger} (table spark_aggregates)")


def register(app: typer.Typer) -> None:
    app.command("spark-import")(spark_import_command)
