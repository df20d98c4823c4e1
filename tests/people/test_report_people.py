"""The People section of a report carries the analogy, minutes per 1,000 and the premium."""

from __future__ import annotations

import pyarrow as pa

from fairprint.impacts import estimate_table
from fairprint.registry import Registry
from fairprint.report.people import people_section


def test_report_model_entry_has_minutes_per_1000_and_the_analogy_basis() -> None:
    registry = Registry.default()
    activities = pa.table(
        {"model": ["gpt-4o"], "input_tokens": [100], "output_tokens": [50], "requests": [1000]}
    )
    section = people_section(estimate_table(activities, registry), registry)
    entry = next(m for m in section.models if m.model == "gpt-4o")
    assert entry.status == "undisclosed" and entry.basis == "analogy"
    assert entry.minutes_per_1000 is not None
    low, mid, high = entry.minutes_per_1000
    assert 0 < low < mid < high
    data = section.to_dict()["models"][0]
    assert data["basis"] == "analogy" and len(data["minutes_per_1000"]) == 3
