"""Recognising a log file's format from its first records, or saying clearly that we can't.

Why only the head: detection must not read a 10 GB file. The first JSON value (or the CSV
header) carries each format's signature fields (see ../shared/FORMATS.md); when none fits,
or two do, a ``FormatError`` lists the choices instead of guessing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from fairprint.errors import FormatError
from fairprint.ingest._io import read_head
from fairprint.rows import MAX_JSON_DEPTH

FORMATS: tuple[str, ...] = (
    "openai-usage",
    "anthropic-usage",
    "otlp",
    "litellm",
    "langfuse",
    "csv",
    "jsonl",
)
"""Format names accepted by ``read_activities`` and ``fairprint import --format``."""

HEAD_BYTES = 1 << 20


def _first_json(text: str) -> Any:
    """The first JSON value: the first line, or the whole head when it is one document."""
    first_line = text.lstrip().split("\n", 1)[0]
    try:
        return json.loads(first_line)
    except RecursionError:
        raise FormatError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except json.JSONDecodeError:
        pass
    try:
        return json.loads(text)
    except RecursionError:
        raise FormatError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except json.JSONDecodeError:
        decoder = json.JSONDecoder()
        stripped = text.lstrip()
        # A big pretty-printed page: peek inside the first bucket/record instead.
        for marker in ('"results"', '"request_id"', '"usageDetails"'):
            if marker in stripped:
                return {"__partial__": stripped}
        try:
            return decoder.raw_decode(stripped)[0]
        except (json.JSONDecodeError, RecursionError):
            return None


def _record(value: Any) -> Any:
    """The first record of a page (``data``), list or bucket."""
    while True:
        if isinstance(value, list) and value:
            value = value[0]
        elif isinstance(value, dict) and isinstance(value.get("data"), list) and value["data"]:
            value = value["data"][0]
        else:
            return value


def _json_format(value: Any) -> list[str]:
    if isinstance(value, dict) and "__partial__" in value:
        text = value["__partial__"]
        keys = set()
        for key in (
            "start_time",
            "starting_at",
            "request_id",
            "usageDetails",
            "traceId",
            "resourceSpans",
            "uncached_input_tokens",
            "num_model_requests",
        ):
            if f'"{key}"' in text:
                keys.add(key)
        return _by_keys(keys, {})
    if isinstance(value, dict) and "resourceSpans" in value:
        return ["otlp"]
    record = _record(value)
    if not isinstance(record, dict):
        return []
    keys = set(record)
    if isinstance(record.get("results"), list) and record["results"]:
        first = record["results"][0]
        if isinstance(first, dict):
            keys |= set(first)
    return _by_keys(keys, record)


def _by_keys(keys: set[str], record: dict[str, Any]) -> list[str]:
    found = []
    if "start_time" in keys and ("results" in keys or "num_model_requests" in keys):
        found.append("openai-usage")
    if "starting_at" in keys or "uncached_input_tokens" in keys:
        found.append("anthropic-usage")
    if "resourceSpans" in keys:
        found.append("otlp")
    if "request_id" in keys and ({"call_type", "spend", "startTime"} & keys):
        found.append("litellm")
    if "traceId" in keys and ({"usageDetails", "usage"} & keys):
        found.append("langfuse")
    if not found and "model" in keys and {"input_tokens", "output_tokens"} <= keys:
        found.append("jsonl")
    return found


def _csv_format(text: str) -> list[str]:
    try:
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])))
    except (StopIteration, csv.Error):
        return []
    keys = {h.strip() for h in header}
    if "request_id" in keys and ({"call_type", "spend", "startTime"} & keys):
        return ["litellm"]
    if "traceId" in keys and ({"usageDetails", "usage"} & keys):
        return ["langfuse"]
    if ("model" in keys and {"input_tokens", "output_tokens"} <= keys) or (
        "measured_energy_kwh" in keys
    ):
        return ["csv"]
    return []


def detect_format(path: Path) -> str:
    """The format name of ``path``; ``FormatError`` when no format, or several, fit."""
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"{path}: no such file")
    text = read_head(path, HEAD_BYTES)
    if not text.strip():
        raise FormatError(f"{path}: the file is empty")
    stripped = text.lstrip()
    is_json = stripped[:1] in ("{", "[")
    try:
        found = _json_format(_first_json(text)) if is_json else _csv_format(stripped)
    except FormatError as exc:
        raise FormatError(f"{path}: {exc}; nothing was imported") from None
    if len(found) == 1:
        return found[0]
    shown = stripped[:120].replace("\n", " ")
    if not found:
        raise FormatError(
            f"{path}: cannot tell which log format this is (it starts {shown!r}). "
            f"Pass --format with one of: {', '.join(FORMATS)} (see docs/formats.md)"
        )
    raise FormatError(
        f"{path}: this file fits several formats ({', '.join(found)}); pass --format to choose"
    )
