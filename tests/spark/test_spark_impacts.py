"""``with_impacts`` on local Spark gives the numbers ``estimate_table`` gives on one machine."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from fairprint.errors import InputError, UnknownModelError
from fairprint.impacts import estimate_table
from fairprint.registry import Registry
from tests.spark.conftest import make_activities

pytestmark = [pytest.mark.spark, pytest.mark.slow]


def by_id(table: pa.Table) -> pa.Table:
    return table.sort_by("activity_id")


def assert_same_impacts(
    spark_result: pa.Table, expected: pa.Table, names: list[str] | None = None
) -> None:
    """Same rows, same values: floats to 1e-12 relative, everything else exactly."""
    got, want = by_id(spark_result), by_id(expected)
    assert got.num_rows == want.num_rows
    if names is None:
        assert got.column_names == want.column_names
    for name in names or want.column_names:
        if pa.types.is_floating(want.schema.field(name).type):
            a = got[name].to_numpy(zero_copy_only=False).astype(float)
            b = want[name].to_numpy(zero_copy_only=False).astype(float)
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=0, equal_nan=True, err_msg=name)
        else:
            assert got[name].to_pylist() == want[name].to_pylist(), name


@pytest.fixture(scope="module")
def activities() -> pa.Table:
    return make_activities()


@pytest.fixture(scope="module")
def spark_result(spark: Any, activities: pa.Table, mini_registry: Registry) -> pa.Table:
    from fairprint.spark import with_impacts

    df = spark.createDataFrame(activities)
    return with_impacts(df, mini_registry).toArrow()


def test_impacts_equal_the_single_machine_path(
    spark_result: pa.Table, activities: pa.Table, mini_registry: Registry
) -> None:
    assert_same_impacts(spark_result, estimate_table(activities, mini_registry, "null"))


def test_the_registry_shipped_is_the_one_passed_not_the_bundled_one(
    spark_result: pa.Table, mini_registry: Registry
) -> None:
    versions = set(spark_result["registry_version"].to_pylist())
    assert versions == {mini_registry.version} != {Registry.default().version}
    assert "dense-70b" in spark_result["model_id"].to_pylist()


def test_unknown_models_keep_null_impacts_and_say_why(spark_result: pa.Table) -> None:
    rows = [r for r in spark_result.to_pylist() if r["model"] == "nope-1"]
    assert rows, "the fixture has unknown-model rows"
    assert all(r["energy_kwh"] is None and r["gwp_kgco2e_high"] is None for r in rows)
    assert all("nope-1" in r["impact_note"] for r in rows)


def test_input_columns_pass_through_unchanged(spark_result: pa.Table, activities: pa.Table) -> None:
    got = by_id(spark_result)
    for name in activities.column_names:
        assert got[name].to_pylist() == by_id(activities)[name].to_pylist(), name


def test_output_schema_declares_the_kernel_columns_with_spark_types(
    spark: Any, activities: pa.Table, mini_registry: Registry
) -> None:
    from pyspark.sql import types as T

    from fairprint.spark import with_impacts

    schema = with_impacts(spark.createDataFrame(activities.slice(0, 5)), mini_registry).schema
    expected = estimate_table(activities.slice(0, 5), mini_registry, "null")
    assert schema.names == expected.column_names
    fields = {f.name: f.dataType for f in schema.fields}
    assert isinstance(fields["gwp_kgco2e_high"], T.DoubleType)
    assert isinstance(fields["impact_note"], T.StringType)
    assert isinstance(fields["started_at"], T.TimestampType)


def test_raise_mode_names_the_unknown_model_before_any_task(
    spark: Any, activities: pa.Table, mini_registry: Registry
) -> None:
    from fairprint.spark import with_impacts

    with pytest.raises(UnknownModelError, match="nope-1"):
        with_impacts(spark.createDataFrame(activities), mini_registry, on_unknown="raise")


def test_a_mapped_ingest_schema_gives_the_canonical_numbers(
    spark: Any, activities: pa.Table, mini_registry: Registry
) -> None:
    from pyspark.sql import functions as F

    from fairprint.spark import with_impacts

    known = activities.filter(pa.compute.is_in(activities["model"], pa.array(["dense-70b"])))
    # An OpenAI-style log: prompt tokens include the cached ones, completion tokens
    # include reasoning; the mapping normalises them as the ingest rules say.
    openai_style = pa.table(
        {
            "activity_id": known["activity_id"],
            "model_name": known["model"],
            "prompt_tokens": pa.compute.add(known["input_tokens"], known["cached_input_tokens"]),
            "cached_tokens": known["cached_input_tokens"],
            "completion_tokens": pa.compute.add(known["output_tokens"], known["reasoning_tokens"]),
            "reasoning": known["reasoning_tokens"],
        }
    )
    mapping = {
        "model": "model_name",
        "input_tokens": F.col("prompt_tokens") - F.col("cached_tokens"),
        "cached_input_tokens": "cached_tokens",
        "output_tokens": F.col("completion_tokens") - F.col("reasoning"),
        "reasoning_tokens": "reasoning",
    }
    df = with_impacts(spark.createDataFrame(openai_style), mini_registry, columns=mapping)
    canonical = known.select(
        [
            "activity_id",
            "model",
            "input_tokens",
            "cached_input_tokens",
            "output_tokens",
            "reasoning_tokens",
        ]
    )
    expected = estimate_table(canonical, mini_registry, "null")
    assert_same_impacts(df.toArrow(), expected, expected.column_names[len(canonical.columns) :])


def test_a_frame_without_a_model_column_is_refused_on_the_driver(spark: Any) -> None:
    from fairprint.spark import with_impacts

    df = spark.createDataFrame([("x", 10, 5)], "id string, input_tokens long, output_tokens long")
    with pytest.raises(InputError, match="'model' column"):
        with_impacts(df)


def test_text_token_counts_are_refused_with_a_cast_hint(spark: Any) -> None:
    from fairprint.spark import with_impacts

    df = spark.createDataFrame([("gpt-4o", "10")], "model string, input_tokens string")
    with pytest.raises(InputError, match=r"input_tokens.*cast"):
        with_impacts(df)


def test_a_bad_token_value_on_an_executor_surfaces_as_input_error(
    spark: Any, mini_registry: Registry
) -> None:
    from fairprint.spark import translate_errors, with_impacts

    df = spark.createDataFrame(
        [("dense-70b", 10), ("dense-70b", -3)], "model string, input_tokens long"
    )
    with pytest.raises(InputError, match=r"negative.*Spark executor"), translate_errors():
        with_impacts(df, mini_registry).collect()


def test_large_string_transfer_gives_the_same_impacts(
    spark: Any, activities: pa.Table, mini_registry: Registry
) -> None:
    from fairprint.spark import with_impacts

    sample = activities.slice(0, 50)
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", "true")
    try:
        got = with_impacts(spark.createDataFrame(sample), mini_registry).toArrow()
    finally:
        spark.conf.unset("spark.sql.execution.arrow.useLargeVarTypes")
    assert_same_impacts(
        got.cast(
            pa.schema(
                [
                    pa.field(f.name, pa.string() if pa.types.is_large_string(f.type) else f.type)
                    for f in got.schema
                ]
            )
        ),
        estimate_table(sample, mini_registry, "null"),
    )
