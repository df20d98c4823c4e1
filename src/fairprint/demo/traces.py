"""Observability exports: OpenTelemetry GenAI traces (Collector file exporter) and Langfuse."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from fairprint.demo._common import days, iso_ms, tokens


def _attr(key: str, value: object) -> dict:
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"doubleValue": value}}
    return {"key": key, "value": {"stringValue": str(value)}}


def _span(
    trace_id: str,
    span_id: str,
    parent: str,
    name: str,
    start: datetime,
    seconds: float,
    attributes: dict[str, object],
) -> dict:
    begin = int(start.timestamp() * 1e9)
    return {
        "traceId": trace_id,
        "spanId": span_id,
        "parentSpanId": parent,
        "name": name,
        "kind": 3,
        "startTimeUnixNano": str(begin),
        "endTimeUnixNano": str(begin + int(seconds * 1e9)),
        "attributes": [_attr(k, v) for k, v in attributes.items()],
        "status": {},
    }


def otlp_traces(rng: random.Random) -> list[dict]:
    """Collector file-exporter lines: agent runs whose ``invoke_agent`` span repeats usage.

    The resource carries ``fairprint.team``, the attribute fairprint reads a team from.
    """
    lines = []
    for index, day, factor in days():
        for run in range(max(1, int(rng.gauss(5 * factor, 1.5)))):
            trace_id = f"{rng.getrandbits(128):032x}"
            agent_id = f"{rng.getrandbits(64):016x}"
            start = day + timedelta(hours=rng.uniform(7, 19))
            spans, used_in, used_out = [], 0, 0
            for step in range(rng.randint(2, 4)):
                new_dialect = (index + run + step) % 3 != 0
                model = "gpt-4.1-mini-2025-04-14" if step % 2 else "claude-haiku-4-5-20251001"
                provider = "openai" if step % 2 else "anthropic"
                prompt, completion = tokens(rng, 2200), tokens(rng, 300)
                cached = int(prompt * rng.uniform(0.2, 0.6))
                used_in, used_out = used_in + prompt, used_out + completion
                attributes: dict[str, object] = {
                    "gen_ai.operation.name": "chat",
                    "gen_ai.request.model": model,
                    "gen_ai.response.model": model,
                    "gen_ai.response.id": f"resp_{trace_id[:12]}_{step}",
                }
                if new_dialect:
                    attributes["gen_ai.provider.name"] = provider
                    attributes["gen_ai.usage.input_tokens"] = prompt + cached
                    attributes["gen_ai.usage.output_tokens"] = completion
                    attributes["gen_ai.usage.cache_read.input_tokens"] = cached
                else:
                    attributes["gen_ai.system"] = provider.capitalize()
                    attributes["gen_ai.usage.prompt_tokens"] = prompt
                    attributes["gen_ai.usage.completion_tokens"] = completion
                spans.append(
                    _span(
                        trace_id,
                        f"{rng.getrandbits(64):016x}",
                        agent_id,
                        f"chat {model}",
                        start + timedelta(seconds=4 * step),
                        rng.uniform(1.5, 6.0),
                        attributes,
                    )
                )
            spans.insert(
                0,
                _span(
                    trace_id,
                    agent_id,
                    "",
                    "invoke_agent research_assistant",
                    start,
                    20.0,
                    {
                        "gen_ai.operation.name": "invoke_agent",
                        "gen_ai.agent.name": "research_assistant",
                        "gen_ai.usage.input_tokens": used_in,
                        "gen_ai.usage.output_tokens": used_out,
                    },
                ),
            )
            lines.append(
                {
                    "resourceSpans": [
                        {
                            "resource": {
                                "attributes": [
                                    _attr("service.name", "research-assistant"),
                                    _attr("deployment.environment", "production"),
                                    _attr("fairprint.team", "research"),
                                ]
                            },
                            "scopeSpans": [
                                {
                                    "scope": {"name": "opentelemetry.instrumentation.genai"},
                                    "spans": spans,
                                }
                            ],
                        }
                    ]
                }
            )
    return lines


def langfuse_observations(rng: random.Random) -> dict:
    """A Langfuse ``/api/public/observations`` export: generations among spans."""
    observations: list[dict[str, Any]] = []
    for _, day, factor in days():
        for _ in range(max(1, int(rng.gauss(8 * factor, 2)))):
            trace_id = f"{rng.getrandbits(128):032x}"
            start = day + timedelta(seconds=rng.uniform(8 * 3600, 20 * 3600))
            model = rng.choice(["gpt-4o-mini", "claude-haiku-4-5"])
            prompt, completion = tokens(rng, 900), tokens(rng, 220)
            seconds = rng.uniform(0.6, 4.0)
            observations.append(
                {
                    "id": f"obs-{rng.getrandbits(64):016x}",
                    "traceId": trace_id,
                    "type": "SPAN",
                    "name": "retrieve-context",
                    "startTime": iso_ms(start),
                    "endTime": iso_ms(start + timedelta(seconds=0.3)),
                    "model": None,
                    "usageDetails": {},
                }
            )
            observations.append(
                {
                    "id": f"obs-{rng.getrandbits(64):016x}",
                    "traceId": trace_id,
                    "type": "GENERATION",
                    "name": "answer-customer",
                    "startTime": iso_ms(start + timedelta(seconds=0.3)),
                    "endTime": iso_ms(start + timedelta(seconds=0.3 + seconds)),
                    "completionStartTime": iso_ms(start + timedelta(seconds=0.5)),
                    "model": model,
                    "usageDetails": {
                        "input": prompt,
                        "output": completion,
                        "total": prompt + completion,
                    },
                    "costDetails": {},
                    "metadata": {"team": "support"},
                }
            )
    return {
        "data": observations,
        "meta": {
            "page": 1,
            "limit": len(observations),
            "totalItems": len(observations),
            "totalPages": 1,
        },
    }
