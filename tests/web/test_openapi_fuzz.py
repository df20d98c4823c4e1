"""Schemathesis against the app's own OpenAPI schema: no 5xx, answers match the schema.

Bounded (20 examples per operation, derandomised) so it runs in seconds. The app runs
over a real ledger in a temporary folder (seeded with the usage CSV before the first
case), with a token so the import endpoint is exercised past its guard. The schema is
loaded at collection time because schemathesis' lazy fixture loader does not support the
pytest version in use; creating the app opens nothing (the ledger is opened per request).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from fairprint.ledger import Ledger
from fairprint.web import create_app
from tests.web.conftest import TOKEN, write_usage_csv

FOLDER = Path(tempfile.mkdtemp(prefix="fairprint-fuzz-"))
LEDGER = FOLDER / "ledger.duckdb"
# schemathesis' in-process client names ``Host: testserver``, allowed here explicitly.
APP = create_app(LEDGER, token=TOKEN, allowed_host=["testserver"])
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def seeded_ledger() -> Iterator[Path]:
    with Ledger(LEDGER) as ledger:
        ledger.import_file(write_usage_csv(FOLDER / "usage.csv"), format="csv")
    yield LEDGER
    shutil.rmtree(FOLDER, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_honours_its_schema(case) -> None:
    # A schema-valid body may still name an unknown model or hold an unreadable file: the
    # API answers those with 422 and a reason, which the schema cannot express, so the
    # "positive data must be accepted" check is left out; every other check runs.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"},
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
