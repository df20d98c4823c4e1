"""Tracker behaviour: reversible, scoped by context, safe, and writing canonical activities."""

from __future__ import annotations

import asyncio
import json
import threading

import openai
import pyarrow as pa
import pytest

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.ledger import Ledger
from fairprint.track import Tracker, _patch, read_spool, track, tracking, untrack
from fairprint.track.sdk import openai as openai_adapter

MESSAGES = [{"role": "user", "content": "hi"}]
ORIGINAL_CREATE = openai.resources.chat.completions.Completions.create


@pytest.fixture()
def client(server) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "/v1", api_key="test", max_retries=0)


def _ask(client, model: str = "gpt-4o-mini") -> None:
    client.chat.completions.create(model=model, messages=MESSAGES)


def test_untrack_restores_the_original_sdk_methods(client):
    tracker = track(project="p", sdks=["openai"])
    assert openai.resources.chat.completions.Completions.create is not ORIGINAL_CREATE
    _ask(client)
    assert untrack() is tracker
    assert openai.resources.chat.completions.Completions.create is ORIGINAL_CREATE
    assert _patch.installed() == []
    _ask(client)
    assert len(tracker.calls) == 1


def test_track_sees_calls_from_other_threads(client):
    tracker = track(sdks=["openai"])
    workers = [threading.Thread(target=_ask, args=(client,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    untrack()
    assert len(tracker.calls) == 4


def test_tracking_block_does_not_see_another_threads_calls(client):
    with tracking() as outer:
        other = threading.Thread(target=_ask, args=(client,))
        other.start()
        other.join()
        _ask(client)
    assert len(outer.calls) == 1


def test_concurrent_tasks_each_see_only_their_own_calls(server):
    async_client = openai.AsyncOpenAI(base_url=server.url + "/v1", api_key="t", max_retries=0)

    async def task(n: int) -> Tracker:
        with tracking(project=f"task-{n}") as t:
            for _ in range(n):
                await async_client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
                await asyncio.sleep(0)
        return t

    async def main() -> list[Tracker]:
        return await asyncio.gather(*(task(n) for n in (1, 2, 3)))

    trackers = asyncio.run(main())
    assert [len(t.calls) for t in trackers] == [1, 2, 3]


def test_nested_blocks_both_record_and_patches_stay_until_the_last_exits(client):
    with tracking() as outer:
        with tracking() as inner:
            _ask(client)
        assert _patch.installed()  # the outer block still needs them
        _ask(client)
    assert (len(inner.calls), len(outer.calls)) == (1, 2)
    assert _patch.installed() == []


def test_a_failure_inside_fairprint_is_logged_once_and_the_call_succeeds(
    client, monkeypatch, caplog
):
    def broken(response):
        raise RuntimeError("adapter bug")

    monkeypatch.setattr(openai_adapter, "response_usage", broken)
    with tracking() as t:
        first = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        second = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert first.choices[0].message.content == second.choices[0].message.content == "Hello."
    assert t.calls == []
    assert caplog.text.count("adapter bug") == 1


def test_sdk_errors_reach_the_user_unchanged(server):
    client = openai.OpenAI(base_url=server.url + "/v1", api_key="t", max_retries=0)
    with tracking() as t, pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="fail-model", messages=MESSAGES)
    assert t.calls == []


def test_activities_follow_the_canonical_schema(client):
    with tracking(project="search", team="core", user="ana", region="us-east-1") as t:
        _ask(client)
    table = t.activities()
    assert table.schema == ACTIVITY_SCHEMA
    row = table.to_pylist()[0]
    assert (row["source"], row["provider"], row["project"], row["team"], row["user"]) == (
        "tracker",
        "openai",
        "search",
        "core",
        "ana",
    )
    assert (
        row["input_tokens"],
        row["cached_input_tokens"],
        row["output_tokens"],
        row["reasoning_tokens"],
        row["requests"],
    ) == (100, 20, 40, 10, 1)
    assert row["ended_at"] >= row["started_at"]
    assert json.loads(row["attributes"])["response_id"].startswith("chatcmpl-")


def test_spool_round_trips_and_ids_are_stable(client, tmp_path):
    spool = tmp_path / "spool" / "calls.jsonl"
    with tracking(project="p", spool=spool) as t:
        _ask(client)
        _ask(client)
        assert t.flush() == 2
        _ask(client)
    lines = spool.read_text().splitlines()
    assert len(lines) == 3
    assert json.loads(lines[0])["started_at"].endswith("Z")
    back = read_spool(spool)
    assert back.schema == ACTIVITY_SCHEMA
    assert (
        back.column("activity_id").to_pylist() == t.activities().column("activity_id").to_pylist()
    )
    assert len(set(back.column("activity_id").to_pylist())) == 3


def test_impacts_and_totals_come_from_the_impact_kernels(server, mini_registry):
    from fairprint.impacts import estimate_table

    client = openai.OpenAI(base_url=server.url + "/v1", api_key="t", max_retries=0)
    with tracking(registry=mini_registry) as t:
        client.responses.create(model="dense-70b", input="hi")
        client.responses.create(model="no-such-model", input="hi")
    impacts = t.impacts()
    energy = impacts.column("energy_kwh").to_pylist()
    assert energy[0] > 0 and energy[1] is None
    assert "no-such-model" in impacts.column("impact_note").to_pylist()[1]
    expected = estimate_table(t.activities().slice(0, 1), mini_registry)
    totals = t.totals()
    assert totals["energy_kwh"] == pytest.approx(expected.column("energy_kwh")[0].as_py())
    assert totals["gwp_kgco2e_low"] <= totals["gwp_kgco2e"] <= totals["gwp_kgco2e_high"]
    assert (totals["requests"], totals["unpriced_requests"]) == (2, 1)
    assert totals["input_tokens"] == 300


def test_write_ledger_adds_priced_activities(client, tmp_path, mini_registry):
    path = tmp_path / "ledger.duckdb"
    with tracking(project="p", ledger=path, registry=mini_registry) as t:
        client.responses.create(model="dense-70b", input="hi")
    assert t.write_ledger() == 0  # already written when the block ended
    with Ledger(path) as ledger:
        [row] = ledger.activities().to_pylist()
    assert (row["source"], row["project"], row["input_tokens"]) == ("tracker", "p", 150)
    assert row["energy_kwh"] > 0


def test_spool_is_imported_by_the_ledger_without_double_counting(client, tmp_path):
    spool = tmp_path / "calls.jsonl"
    with tracking(spool=spool):
        _ask(client)
        _ask(client)
    with Ledger(tmp_path / "ledger.duckdb") as ledger:
        first = ledger.import_file(spool)
        with tracking(spool=spool):  # the spool grows; the old lines are already known
            _ask(client)
        second = ledger.import_file(spool)
        rows = ledger.activities().num_rows
    assert (first.accepted, second.accepted, second.already_known, rows) == (2, 1, 2, 3)


def test_empty_tracker_gives_an_empty_canonical_table():
    assert Tracker().activities().num_rows == 0
    assert isinstance(Tracker().activities(), pa.Table)


def test_a_failing_stream_observer_never_interrupts_the_stream(client, monkeypatch, caplog):
    def broken(self, chunk):
        raise ValueError("observer bug")

    monkeypatch.setattr(openai_adapter.StreamUsage, "observe", broken)
    with tracking():
        stream = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
        )
        text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "Hello."
    assert caplog.text.count("observer bug") == 1


def test_a_stream_abandoned_early_is_still_recorded(client):
    import gc

    with tracking() as t:
        stream = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
        next(iter(stream))
        del stream
        gc.collect()
    [call] = t.calls
    assert call.streamed and call.usage is None


def test_track_again_replaces_and_closes_the_previous_tracker(client, tmp_path):
    first = track(spool=tmp_path / "first.jsonl", sdks=["openai"])
    _ask(client)
    second = track(sdks=["openai"])
    _ask(client)
    assert (tmp_path / "first.jsonl").read_text().count("\n") == 1
    assert untrack() is second
    assert (len(first.calls), len(second.calls)) == (1, 1)
    assert _patch.installed() == []
