"""A provider (or a proxy) that answers garbage must not break the user's program.

The real OpenAI and Anthropic SDKs talk to a local server on 127.0.0.1 that returns
well-formed HTTP with hostile content: a model that is an object, token counts of 1e30 or
2**63. The user's call returns what it returns without fairprint, ``untrack()`` and the end
of ``tracking()`` do not raise, the bad record is counted, and the valid ones are stored.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest

from fairprint.track import track, tracking, untrack

GOOD_USAGE = {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}


class _Hostile(BaseHTTPRequestHandler):
    server: HostileServer

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        answer = self.server.answers.pop(0) if self.server.answers else {}
        if self.path.endswith("/messages"):
            payload = {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": body.get("model"),
                "content": [{"type": "text", "text": "Hi."}],
                "stop_reason": "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": 3, "output_tokens": 4},
            }
        else:
            payload = {
                "id": f"chatcmpl-{len(self.server.answers)}",
                "object": "chat.completion",
                "created": 1_700_000_000,
                "model": body.get("model"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "Hi."},
                        "finish_reason": "stop",
                    }
                ],
                "usage": GOOD_USAGE,
            }
        payload.update(answer)
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Hostile)
        self.answers: list[dict[str, Any]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _openai(server: HostileServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "/v1", api_key="test", max_retries=0)


def _chat(client: openai.OpenAI) -> Any:
    return client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
    )


HOSTILE_ANSWERS = [
    {"model": {"name": "gpt-4o", "nested": [1, 2]}},
    {"usage": {"prompt_tokens": 1e30, "completion_tokens": 5, "total_tokens": 1e30}},
    {"usage": {"prompt_tokens": 2**63, "completion_tokens": 5, "total_tokens": 2**63}},
]


@pytest.mark.parametrize("answer", HOSTILE_ANSWERS, ids=["model-object", "1e30", "2**63"])
def test_tracking_exit_never_raises_and_keeps_the_valid_calls(
    hostile: HostileServer, tmp_path: Path, answer: dict[str, Any]
) -> None:
    ledger = tmp_path / "ledger.duckdb"
    hostile.answers = [{}, answer, {}]
    client = _openai(hostile)
    with tracking(project="p", ledger=ledger) as tracker:
        responses = [_chat(client) for _ in range(3)]
    assert [r.choices[0].message.content for r in responses] == ["Hi."] * 3
    valid = 2 if "usage" in answer else 3  # a model object falls back to the requested one
    assert len(tracker.calls) == valid
    assert sum(tracker.failures.values()) == 3 - valid
    assert all(isinstance(call.model, str) for call in tracker.calls)

    from fairprint.ledger import Ledger

    with Ledger(ledger) as store:
        stored = store.connection.execute("SELECT count(*) FROM activities").fetchone()[0]
    assert stored == valid


def test_untrack_never_raises_with_a_hostile_answer(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.answers = [HOSTILE_ANSWERS[1], HOSTILE_ANSWERS[0]]
    client = _openai(hostile)
    track(project="p", ledger=tmp_path / "ledger.duckdb")
    first, second = _chat(client), _chat(client)
    tracker = untrack()
    assert first.usage.prompt_tokens == 1e30  # the user sees the provider's own answer
    assert second.model == {"name": "gpt-4o", "nested": [1, 2]}
    assert tracker is not None
    assert tracker.failures == {"invalid_record": 1}
    assert len(tracker.calls) == 1


def test_a_ledger_that_cannot_be_written_is_counted_not_raised(
    hostile: HostileServer, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-ledger"
    blocker.mkdir()  # a folder where the ledger file should be
    with tracking(ledger=blocker) as tracker:
        _chat(_openai(hostile))
    assert tracker.failures.get("ledger_write") == 1
    assert len(tracker.calls) == 1  # kept for a retry


def test_anthropic_hostile_usage_is_dropped_and_the_call_returns(
    hostile: HostileServer,
) -> None:
    hostile.answers = [{"usage": {"input_tokens": 1e30, "output_tokens": 4}}]
    client = anthropic.Anthropic(base_url=hostile.url, api_key="test", max_retries=0)
    with tracking() as tracker:
        message = client.messages.create(
            model="claude-3-5-haiku-latest",
            max_tokens=10,
            messages=[{"role": "user", "content": "hi"}],
        )
    assert message.content[0].text == "Hi."
    assert tracker.calls == []
    assert tracker.failures == {"invalid_record": 1}


def test_the_ledger_is_written_in_short_transactions(monkeypatch, tmp_path: Path) -> None:
    import time

    from fairprint.ledger import Ledger
    from fairprint.track import tracker as tracker_module
    from fairprint.track._records import Call, Usage

    monkeypatch.setattr(tracker_module, "WRITE_BATCH", 2)
    tracker = tracker_module.Tracker(ledger=tmp_path / "ledger.duckdb")
    for i in range(5):
        usage = Usage(input_tokens=10, output_tokens=5, model="gpt-4o-mini", response_id=f"r{i}")
        tracker.record(Call("openai", "chat", "gpt-4o-mini", time.time(), 0.1, usage))
    assert tracker.write_ledger() == 5
    with Ledger(tmp_path / "ledger.duckdb") as ledger:
        assert ledger.imports().num_rows == 3  # 2 + 2 + 1, each its own transaction
        assert ledger.activities().num_rows == 5
