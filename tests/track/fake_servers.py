"""A local HTTP server on 127.0.0.1 that answers like OpenAI, Anthropic, Mistral and Gemini.

Why a fake server rather than mocks: the tests drive the real SDKs, so their real response
parsing, streaming and SSE decoding run, and the instrumentation sees exactly the objects a
user's program sees. The usage figures are fixed (``USAGE``) so tests can check the token
normalisation; every response gets a fresh id.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# What the fake providers report, in each provider's own counting convention.
USAGE = {
    # OpenAI chat: prompt includes cached, completion includes reasoning.
    "openai_chat": {
        "prompt_tokens": 120,
        "completion_tokens": 50,
        "total_tokens": 170,
        "prompt_tokens_details": {"cached_tokens": 20},
        "completion_tokens_details": {"reasoning_tokens": 10},
    },
    "openai_responses": {
        "input_tokens": 200,
        "input_tokens_details": {"cached_tokens": 50},
        "output_tokens": 80,
        "output_tokens_details": {"reasoning_tokens": 30},
        "total_tokens": 280,
    },
    # Anthropic: input excludes the cache.
    "anthropic": {
        "input_tokens": 30,
        "cache_read_input_tokens": 400,
        "cache_creation_input_tokens": 5,
        "output_tokens": 60,
    },
    "mistral": {"prompt_tokens": 15, "completion_tokens": 25, "total_tokens": 40},
    "gemini": {
        "promptTokenCount": 70,
        "cachedContentTokenCount": 10,
        "candidatesTokenCount": 33,
        "thoughtsTokenCount": 7,
        "totalTokenCount": 110,
    },
}

_ids = itertools.count(1)


def _next_id(prefix: str) -> str:
    return f"{prefix}-{next(_ids)}"


def _openai_chat(body: dict, exact: bool = False) -> dict:
    return {
        "id": _next_id("chatcmpl"),
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": body["model"] if exact else body["model"] + "-2024-07-18",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hello."},
                "finish_reason": "stop",
            }
        ],
        "usage": USAGE["openai_chat"],
    }


def _openai_chat_chunks(body: dict, exact: bool = False) -> Iterator[dict]:
    cid = _next_id("chatcmpl")
    base = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": body["model"] if exact else body["model"] + "-2024-07-18",
    }
    for i, word in enumerate(["Hel", "lo", "."]):
        delta = {"content": word} if i else {"role": "assistant", "content": word}
        yield {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    if (body.get("stream_options") or {}).get("include_usage"):
        yield {**base, "choices": [], "usage": USAGE["openai_chat"]}


def _openai_response(body: dict, status: str = "completed") -> dict:
    return {
        "id": _next_id("resp"),
        "object": "response",
        "created_at": 1_700_000_000,
        "status": status,
        "model": body["model"],
        "output": [
            {
                "type": "message",
                "id": "msg_1",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": "Hello.", "annotations": []}],
            }
        ],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": USAGE["openai_responses"] if status == "completed" else None,
    }


def _openai_response_events(body: dict) -> Iterator[tuple[str, dict]]:
    final = _openai_response(body)
    started = {**final, "status": "in_progress", "usage": None, "output": []}
    yield (
        "response.created",
        {"type": "response.created", "response": started, "sequence_number": 0},
    )
    yield (
        "response.output_text.delta",
        {
            "type": "response.output_text.delta",
            "item_id": "msg_1",
            "output_index": 0,
            "content_index": 0,
            "delta": "Hello.",
            "sequence_number": 1,
            "logprobs": [],
        },
    )
    yield (
        "response.completed",
        {"type": "response.completed", "response": final, "sequence_number": 2},
    )


def _anthropic_message(body: dict) -> dict:
    return {
        "id": _next_id("msg"),
        "type": "message",
        "role": "assistant",
        "model": body["model"],
        "content": [{"type": "text", "text": "Hello."}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": USAGE["anthropic"],
    }


def _anthropic_events(body: dict) -> Iterator[tuple[str, dict]]:
    message = _anthropic_message(body)
    start_usage = {**USAGE["anthropic"], "output_tokens": 1}
    yield (
        "message_start",
        {
            "type": "message_start",
            "message": {**message, "content": [], "stop_reason": None, "usage": start_usage},
        },
    )
    yield (
        "content_block_start",
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    )
    yield "ping", {"type": "ping"}
    for word in ("Hel", "lo."):
        yield (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": word},
            },
        )
    yield "content_block_stop", {"type": "content_block_stop", "index": 0}
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": USAGE["anthropic"]["output_tokens"]},
        },
    )
    yield "message_stop", {"type": "message_stop"}


def _mistral_chat(body: dict) -> dict:
    return {
        "id": _next_id("cmpl"),
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hello."},
                "finish_reason": "stop",
            }
        ],
        "usage": USAGE["mistral"],
    }


def _mistral_chunks(body: dict) -> Iterator[dict]:
    base = {
        "id": _next_id("cmpl"),
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": body["model"],
    }
    yield {
        **base,
        "choices": [
            {"index": 0, "delta": {"role": "assistant", "content": "Hel"}, "finish_reason": None}
        ],
    }
    yield {
        **base,
        "choices": [{"index": 0, "delta": {"content": "lo."}, "finish_reason": "stop"}],
        "usage": USAGE["mistral"],
    }


def _gemini(model: str) -> dict:
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": "Hello."}]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": USAGE["gemini"],
        "modelVersion": model + "-001",
        "responseId": _next_id("gem"),
    }


def _gemini_chunks(model: str) -> Iterator[dict]:
    first = _gemini(model)
    first["candidates"][0]["content"]["parts"][0]["text"] = "Hel"
    first["usageMetadata"] = {"promptTokenCount": 70, "cachedContentTokenCount": 10}
    del first["candidates"][0]["finishReason"]
    yield first
    yield _gemini(model)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle's algorithm and
        # delayed ACKs add ~40 ms to every keep-alive request
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _json(self, payload: dict, status: int = 200) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _sse(self, events: Iterator[tuple[str | None, dict]], done: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        for name, payload in events:
            head = f"event: {name}\n" if name else ""
            self.wfile.write(f"{head}data: {json.dumps(payload)}\n\n".encode())
            self.wfile.flush()
        if done:
            self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append((self.path, body))  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        stream = bool(body.get("stream"))
        if str(body.get("model", "")).startswith("fail-"):
            self._json(
                {"error": {"message": "model not found", "type": "invalid_request"}}, status=404
            )
            return
        if path.endswith("/chat/completions") and self.headers.get("x-fake") == "mistral":
            if stream:
                self._sse(((None, c) for c in _mistral_chunks(body)), done=True)
            else:
                self._json(_mistral_chat(body))
        elif path.endswith("/chat/completions"):
            exact = self.headers.get("x-fake-exact-model") == "1"  # echo the model (bench)
            if stream:
                self._sse(((None, c) for c in _openai_chat_chunks(body, exact)), done=True)
            else:
                self._json(_openai_chat(body, exact))
        elif path.endswith("/responses"):
            if stream:
                self._sse(_openai_response_events(body), done=False)
            else:
                self._json(_openai_response(body))
        elif path.endswith("/messages"):
            if stream:
                self._sse(_anthropic_events(body), done=False)
            else:
                self._json(_anthropic_message(body))
        elif ":streamGenerateContent" in path:
            model = path.rsplit("/", 1)[1].split(":")[0]
            self._sse(((None, c) for c in _gemini_chunks(model)), done=False)
        elif ":generateContent" in path:
            model = path.rsplit("/", 1)[1].split(":")[0]
            self._json(_gemini(model))
        else:
            self._json({"error": {"message": f"no route {path}"}}, status=404)


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def fake_server() -> Iterator[FakeServer]:
    """Serve on a free port in a background thread for the duration of the block."""
    server = FakeServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
