"""Provider usage exports: the OpenAI organisation usage API and the Anthropic usage report."""

from __future__ import annotations

import random
from datetime import timedelta

from fairprint.demo._common import days, rfc3339, tokens, unix


def openai_usage(rng: random.Random) -> dict:
    """One page of ``/v1/organization/usage/completions`` with daily buckets."""
    groups = [
        ("gpt-4o-2024-08-06", "proj_search", 9, 1800, 420, 0.25),
        ("gpt-4o-mini-2024-07-18", "proj_support_bot", 22, 1400, 180, 0.55),
        ("o3-mini-2025-01-31", "proj_analytics", 4, 2600, 1500, 0.1),
    ]
    buckets = []
    for _, day, factor in days():
        results = []
        for model, project, per_day, prompt, completion, cached_share in groups:
            requests = max(1, int(rng.gauss(per_day * factor, per_day * 0.2)))
            input_tokens = sum(tokens(rng, prompt) for _ in range(requests))
            cached = int(input_tokens * cached_share * rng.uniform(0.7, 1.1))
            results.append(
                {
                    "object": "organization.usage.completions.result",
                    "input_tokens": input_tokens,
                    "output_tokens": sum(tokens(rng, completion) for _ in range(requests)),
                    "input_cached_tokens": min(cached, input_tokens),
                    "input_audio_tokens": 0,
                    "output_audio_tokens": 0,
                    "num_model_requests": requests,
                    "project_id": project,
                    "user_id": None,
                    "api_key_id": None,
                    "model": model,
                    "batch": False,
                    "service_tier": "default",
                }
            )
        buckets.append(
            {
                "object": "bucket",
                "start_time": unix(day),
                "end_time": unix(day + timedelta(days=1)),
                "results": results,
            }
        )
    return {"object": "page", "data": buckets, "has_more": False, "next_page": None}


def anthropic_usage(rng: random.Random) -> dict:
    """``/v1/organizations/usage_report/messages`` with daily buckets, by model and workspace."""
    groups = [
        ("claude-sonnet-4-5-20250929", "wrkspc_research", 2400, 650, 0.5),
        ("claude-haiku-4-5-20251001", "wrkspc_support", 900, 160, 0.3),
    ]
    buckets = []
    for _, day, factor in days():
        results = []
        for model, workspace, prompt, completion, cache_share in groups:
            requests = max(1, int(rng.gauss(12 * factor, 3)))
            total_input = sum(tokens(rng, prompt) for _ in range(requests))
            cache_read = int(total_input * cache_share * rng.uniform(0.6, 1.0))
            cache_write = int(total_input * 0.05)
            results.append(
                {
                    "uncached_input_tokens": total_input - cache_read - cache_write,
                    "cache_read_input_tokens": cache_read,
                    "cache_creation": {
                        "ephemeral_5m_input_tokens": cache_write,
                        "ephemeral_1h_input_tokens": 0,
                    },
                    "output_tokens": sum(tokens(rng, completion) for _ in range(requests)),
                    "server_tool_use": {"web_search_requests": 0},
                    "model": model,
                    "workspace_id": workspace,
                    "api_key_id": None,
                    "service_tier": "standard",
                    "context_window": "0-200k",
                }
            )
        buckets.append(
            {
                "starting_at": rfc3339(day),
                "ending_at": rfc3339(day + timedelta(days=1)),
                "results": results,
            }
        )
    return {"data": buckets, "has_more": False, "next_page": None}
