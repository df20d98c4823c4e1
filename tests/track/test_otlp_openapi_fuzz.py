"""Schemathesis against the OTLP receiver's OpenAPI schema: never a 5xx, answers as declared.

Bounded (25 derandomised examples) so it runs in seconds on two cores. The receiver's
FastAPI app is driven in-process; its sink is a list, so nothing here needs a ledger.
"""

from __future__ import annotations

import pyarrow as pa
import schemathesis
from hypothesis import HealthCheck, settings

from fairprint.track.otlp_receiver import OtlpReceiver

BATCHES: list[pa.Table] = []
RECEIVER = OtlpReceiver(BATCHES.append, port=0)
RECEIVER._socket.close()  # only the app is exercised
schema = schemathesis.openapi.from_asgi("/openapi.json", RECEIVER.api)


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_receiver_honours_its_schema(case) -> None:
    # Random JSON objects are mostly not OTLP exports: a 400 that says why is the right
    # answer, which the schema cannot express, so positive-data acceptance is left out.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
