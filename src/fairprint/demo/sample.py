"""A realistic, invented sample of one organisation's AI usage, in the formats fairprint reads.

Why generated, not shipped: the sample follows the public field names of each source (see
``FORMATS.md``), stays small in the wheel, and is exactly reproducible from a seed, so the
demo and its tests always see the same numbers.

The organisation is fictional: five teams over one quarter (2026-07-01 to 2026-09-30) use
OpenAI (organisation usage export), Anthropic (usage report), an agent service traced with
OpenTelemetry (Collector file export), a LiteLLM proxy (spend logs), Langfuse (observations)
and a self-hosted Llama on their own GPU server (canonical CSV with metered energy).
Volumes, token sizes and cache rates are plausible shapes, not measurements of anyone.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path

from fairprint.demo._common import SEED
from fairprint.demo.exports import anthropic_usage, openai_usage
from fairprint.demo.logs import (
    CANONICAL_COLUMNS,
    LITELLM_COLUMNS,
    litellm_spend_logs,
    self_hosted_batches,
)
from fairprint.demo.traces import langfuse_observations, otlp_traces

__all__ = ["FILES", "SEED", "Sample", "write_sample"]

FILES: dict[str, str] = {
    "openai-usage": "openai_usage_completions.json",
    "anthropic-usage": "anthropic_usage_report.json",
    "otlp": "otel_traces.jsonl",
    "litellm": "litellm_spend_logs.csv",
    "langfuse": "langfuse_observations.json",
    "csv": "self_hosted_llama.csv",
}
"""Format name (as ``Ledger.import_file`` knows it) → file name in the sample folder."""


@dataclass(frozen=True)
class Sample:
    """Where the sample files were written, by format."""

    folder: Path
    files: dict[str, Path]


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_sample(folder: Path, seed: int = SEED) -> Sample:
    """Write the six sample files into ``folder`` (created); the same seed, the same bytes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = {name: folder / file for name, file in FILES.items()}
    files["openai-usage"].write_text(json.dumps(openai_usage(rng), indent=1), encoding="utf-8")
    files["anthropic-usage"].write_text(
        json.dumps(anthropic_usage(rng), indent=1), encoding="utf-8"
    )
    files["otlp"].write_text(
        "".join(json.dumps(line) + "\n" for line in otlp_traces(rng)), encoding="utf-8"
    )
    _write_csv(files["litellm"], LITELLM_COLUMNS, litellm_spend_logs(rng))
    files["langfuse"].write_text(json.dumps(langfuse_observations(rng), indent=1), encoding="utf-8")
    _write_csv(files["csv"], CANONICAL_COLUMNS, self_hosted_batches(rng))
    return Sample(folder=folder, files=files)
