"""``spark_import`` and ``fairprint spark-import``: files → daily aggregates → Parquet/ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyarrow import csv
from typer.testing import CliRunner

from fairprint.errors import FormatError, InputError
from fairprint.registry import Registry
from tests.conftest import MINI_REGISTRY
from tests.spark.conftest import make_activities

pytestmark = [pytest.mark.spark, pytest.mark.slow]

KEYS = ["day", "provider", "model", "project"]


@pytest.fixture(scope="module")
def activities() -> pa.Table:
    return make_activities(rows=300, seed=3)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, activities: pa.Table) -> dict[str, Path]:
    """The same activities as Parquet, CSV and JSON Lines (columns shuffled in the CSV)."""
    folder = tmp_path_factory.mktemp("activities")
    pq.write_table(activities, folder / "activities.parquet")
    shuffled = activities.select(list(reversed(activities.column_names)))
    csv.write_csv(shuffled, folder / "activities.csv")
    with (folder / "activities.json").open("w") as out:
        for row in activities.to_pylist():
            row = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
            out.write(json.dumps(row) + "\n")
    return {fmt: folder / f"activities.{fmt}" for fmt in ("parquet", "csv", "json")}


def sorted_rows(table: pa.Table) -> pa.Table:
    return table.sort_by([(k, "ascending") for k in KEYS])


def assert_same_aggregates(got: pa.Table, want: pa.Table) -> None:
    got, want = sorted_rows(got), sorted_rows(want)
    assert got.num_rows == want.num_rows
    for name in want.column_names:
        a, b = got[name].to_pylist(), want[name].to_pylist()
        if pa.types.is_floating(want.schema.field(name).type):
            a = np.array([np.nan if v is None else v for v in a])
            b = np.array([np.nan if v is None else v for v in b])
            np.testing.assert_allclose(a, b, rtol=1e-9, equal_nan=True, err_msg=name)
        else:
            assert a == b, name


@pytest.fixture(scope="module")
def parquet_import(
    spark: Any,
    files: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
    mini_registry: Registry,
) -> tuple[Any, pa.Table]:
    from fairprint.spark import spark_import

    output = tmp_path_factory.mktemp("out") / "daily"
    ledger = output.parent / "ledger.duckdb"
    result = spark_import(
        spark, [str(files["parquet"])], output=str(output), ledger=ledger, registry=mini_registry
    )
    return result, pq.read_table(output)


def test_parquet_aggregates_equal_the_library_report(
    parquet_import: tuple[Any, pa.Table],
    spark: Any,
    files: dict[str, Path],
    mini_registry: Registry,
) -> None:
    from fairprint.spark import footprint_report, with_impacts

    _, written = parquet_import
    df = spark.read.parquet(str(files["parquet"]))
    expected = footprint_report(with_impacts(df, mini_registry)).toArrow()
    assert_same_aggregates(written, expected)


def test_the_result_counts_what_was_read(
    parquet_import: tuple[Any, pa.Table], activities: pa.Table
) -> None:
    result, written = parquet_import
    assert result.activities == activities.num_rows
    assert result.requests == sum(activities["requests"].to_pylist())
    assert result.groups == written.num_rows
    unknown = written["energy_kwh_unknown_requests"].to_pylist()
    assert result.unestimated_requests == sum(unknown) > 0
    low, central, high = result.totals["gwp_kgco2e"]
    assert 0 < low <= central <= high
    assert result.notes == ()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_give_the_parquet_aggregates(
    fmt: str,
    spark: Any,
    files: dict[str, Path],
    tmp_path: Path,
    parquet_import: tuple[Any, pa.Table],
    mini_registry: Registry,
) -> None:
    from fairprint.spark import spark_import

    spark_import(
        spark, [str(files[fmt])], format=fmt, output=str(tmp_path / "d"), registry=mini_registry
    )
    assert_same_aggregates(pq.read_table(tmp_path / "d"), parquet_import[1])


def test_the_ledger_gets_the_same_rows_as_the_parquet_output(
    parquet_import: tuple[Any, pa.Table],
) -> None:
    from fairprint.ledger import Ledger

    result, written = parquet_import
    assert result.ledger_rows == written.num_rows
    ledger_path = Path(result.output).parent / "ledger.duckdb"
    with Ledger(ledger_path) as ledger:
        stored = ledger.connection.sql(
            "SELECT * EXCLUDE (import_key, imported_at) FROM spark_aggregates "
            "WHERE import_key = $key",
            params={"key": result.import_key},
        ).to_arrow_table()
    assert_same_aggregates(stored.select(written.column_names), written)


def test_ledger_rows_are_replaced_on_reimport_never_doubled(
    parquet_import: tuple[Any, pa.Table], tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from fairprint.ledger import Ledger
    from fairprint.spark import write_aggregates

    _, aggregates = parquet_import
    path = tmp_path / "ledger.duckdb"
    with Ledger(path) as ledger:  # the ledger's migrations create spark_aggregates
        connection = ledger.connection
        for _ in range(2):
            write_aggregates(connection, aggregates, "key-1", datetime.now(UTC))
        write_aggregates(connection, aggregates.slice(0, 2), "key-2", datetime.now(UTC))
    with duckdb.connect(str(path), read_only=True) as connection:
        counts = dict(
            connection.execute(
                "SELECT import_key, count(*) FROM spark_aggregates GROUP BY 1"
            ).fetchall()
        )
        total = connection.execute(
            "SELECT sum(gwp_kgco2e) FROM spark_aggregates WHERE import_key = 'key-1'"
        ).fetchone()[0]
    assert counts == {"key-1": aggregates.num_rows, "key-2": 2}
    expected = sum(v for v in aggregates["gwp_kgco2e"].to_pylist() if v is not None)
    assert total == pytest.approx(expected, rel=1e-12)


def test_a_file_without_started_at_is_a_format_error(spark: Any, tmp_path: Path) -> None:
    from fairprint.spark import spark_import

    pq.write_table(pa.table({"model": ["dense-70b"], "output_tokens": [5]}), tmp_path / "a.pq")
    with pytest.raises(FormatError, match="started_at"):
        spark_import(spark, [str(tmp_path / "a.pq")], output=str(tmp_path / "out"))


def test_a_missing_input_path_is_a_format_error(spark: Any, tmp_path: Path) -> None:
    from fairprint.spark import spark_import

    with pytest.raises(FormatError, match="nowhere"):
        spark_import(spark, [str(tmp_path / "nowhere")], output=str(tmp_path / "out"))


def test_an_existing_output_needs_overwrite(
    spark: Any, files: dict[str, Path], tmp_path: Path, mini_registry: Registry
) -> None:
    from fairprint.spark import spark_import

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("x")
    with pytest.raises(InputError, match="--overwrite"):
        spark_import(
            spark, [str(files["parquet"])], output=str(tmp_path / "out"), registry=mini_registry
        )


def test_the_cli_writes_parquet_and_prints_totals(
    files: dict[str, Path], tmp_path: Path, spark: Any
) -> None:
    from fairprint.cli import app

    result = CliRunner().invoke(
        app,
        [
            "spark-import",
            str(files["csv"]),
            "--format",
            "csv",
            "--master",
            "local[2]",
            "--output",
            str(tmp_path / "daily"),
        ],
        env={"FAIRPRINT_REGISTRY": str(MINI_REGISTRY)},
    )
    assert result.exit_code == 0, result.output
    assert "300 activities" in result.output and "Carbon" in result.output
    assert "could not be estimated" in result.output
    assert pq.read_table(tmp_path / "daily").num_rows > 0
    assert spark.range(1).count() == 1, "the CLI must not stop a session it did not create"


def test_the_cli_asks_where_to_write(files: dict[str, Path]) -> None:
    from fairprint.cli import app

    result = CliRunner().invoke(app, ["spark-import", str(files["parquet"])])
    assert result.exit_code == 2
    assert "--output" in result.output
