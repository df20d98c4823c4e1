"""Gateway and self-hosted logs: LiteLLM spend logs and fairprint's canonical CSV."""

from __future__ import annotations

import json
import random
from datetime import timedelta

from fairprint.demo._common import days, tokens

LITELLM_COLUMNS: tuple[str, ...] = (
    "request_id",
    "call_type",
    "api_key",
    "spend",
    "total_tokens",
    "prompt_tokens",
    "completion_tokens",
    "startTime",
    "endTime",
    "completionStartTime",
    "model",
    "model_id",
    "model_group",
    "custom_llm_provider",
    "api_base",
    "user",
    "team_id",
    "organization_id",
    "end_user",
    "status",
    "request_tags",
    "cache_hit",
    "metadata",
)


def litellm_spend_logs(rng: random.Random) -> list[dict[str, str]]:
    """``LiteLLM_SpendLogs`` rows as exported to CSV (JSON columns as text)."""
    routes = [
        ("mistral-large-2411", "mistral", "marketing", 1500, 700),
        ("mistral-small-2503", "mistral", "marketing", 800, 300),
        ("gemini-2.5-flash", "gemini", "platform", 3000, 400),
        ("gpt-4o-mini", "openai", "support", 1100, 200),
    ]
    rows = []
    for index, day, factor in days():
        for _ in range(max(1, int(rng.gauss(18 * factor, 4)))):
            model, provider, team, prompt_median, completion_median = rng.choice(routes)
            start = day + timedelta(seconds=rng.uniform(6 * 3600, 22 * 3600))
            seconds = rng.uniform(0.8, 9.0)
            prompt, completion = tokens(rng, prompt_median), tokens(rng, completion_median)
            cached = int(prompt * 0.3) if provider == "openai" and rng.random() < 0.5 else 0
            usage = {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
                "prompt_tokens_details": {"cached_tokens": cached},
            }
            rows.append(
                {
                    "request_id": f"chatcmpl-{rng.getrandbits(96):024x}",
                    "call_type": "acompletion",
                    "api_key": f"{rng.getrandbits(256):064x}",
                    "spend": f"{(prompt * 0.4 + completion * 1.6) / 1e6:.8f}",
                    "total_tokens": str(prompt + completion),
                    "prompt_tokens": str(prompt),
                    "completion_tokens": str(completion),
                    "startTime": start.isoformat(),
                    "endTime": (start + timedelta(seconds=seconds)).isoformat(),
                    "completionStartTime": (start + timedelta(seconds=seconds / 4)).isoformat(),
                    "model": model,
                    "model_id": f"{index % 3}",
                    "model_group": model,
                    "custom_llm_provider": provider,
                    "api_base": "",
                    "user": "",
                    "team_id": team,
                    "organization_id": "",
                    "end_user": "",
                    "status": "success",
                    "request_tags": json.dumps(["demo"]),
                    "cache_hit": "False",
                    "metadata": json.dumps(
                        {"usage_object": usage, "user_api_key_team_alias": team}
                    ),
                }
            )
    return rows


CANONICAL_COLUMNS: tuple[str, ...] = (
    "activity_id",
    "source",
    "started_at",
    "ended_at",
    "provider",
    "model",
    "region",
    "operation",
    "requests",
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "project",
    "team",
    "user",
    "duration_s",
    "measured_energy_kwh",
    "hardware",
    "attributes",
)


def self_hosted_batches(rng: random.Random) -> list[dict[str, str]]:
    """Hourly batches of a self-hosted Llama 3.1 8B on one GPU, with metered energy."""
    rows = []
    for _, day, factor in days():
        for hour in (9, 13, 17):
            if rng.random() > factor:
                continue
            requests = rng.randint(10, 40)
            start = day + timedelta(hours=hour)
            busy_seconds = requests * rng.uniform(1.5, 3.0)
            watts = rng.uniform(450, 650)
            rows.append(
                {
                    "activity_id": f"vllm-{start:%Y%m%d%H}",
                    "source": "vllm-node-1",
                    "started_at": start.isoformat(),
                    "ended_at": (start + timedelta(hours=1)).isoformat(),
                    "provider": "local",
                    "model": "llama-3.1-8b-instruct",
                    "region": "FR",
                    "operation": "chat",
                    "requests": str(requests),
                    "input_tokens": str(sum(tokens(rng, 700) for _ in range(requests))),
                    "cached_input_tokens": "0",
                    "cache_write_tokens": "0",
                    "output_tokens": str(sum(tokens(rng, 250) for _ in range(requests))),
                    "reasoning_tokens": "0",
                    "project": "proj_internal_rag",
                    "team": "data-science",
                    "user": "",
                    "duration_s": f"{busy_seconds:.1f}",
                    "measured_energy_kwh": f"{watts * busy_seconds / 3.6e6:.6f}",
                    "hardware": "nvidia-h100-sxm",
                    "attributes": json.dumps({"meter": "nvml"}),
                }
            )
    return rows
