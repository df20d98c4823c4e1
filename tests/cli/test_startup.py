"""The CLI starts without loading the heavy libraries a command does not need."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_importing_the_cli_loads_no_array_dataframe_or_database_library() -> None:
    code = (
        "import sys, fairprint.cli; "
        "print(','.join(m for m in ('numpy', 'pyarrow', 'pandas', 'duckdb', 'pydantic') "
        "if m in sys.modules))"
    )
    assert _run(code) == ""


def test_report_skips_pyarrows_pandas_probe_and_pandas_still_works_after() -> None:
    code = (
        "import sys; from fairprint.cli.report import _skip_pandas_probe; "
        "_skip_pandas_probe(); import pyarrow as pa, pyarrow.compute as pc; "
        "pc.equal(pa.array(['a']), 'a'); pa.scalar(1.5); "
        "print('pandas' in sys.modules); "
        "frame = pa.table({'a': [1, 2]}).to_pandas(); print(type(frame).__name__, len(frame))"
    )
    assert _run(code).splitlines() == ["False", "DataFrame 2"]
