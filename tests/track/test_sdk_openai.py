"""The real OpenAI SDK against the fake server: one normalised activity per response."""

from __future__ import annotations

import asyncio

import openai
import pytest

from fairprint.track import tracking

MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.fixture()
def client(server) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "/v1", api_key="test", max_retries=0)


@pytest.fixture()
def async_client(server) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=server.url + "/v1", api_key="test", max_retries=0)


def _tokens(call) -> tuple[int, int, int, int, int]:
    u = call.usage
    return (
        u.input_tokens,
        u.cached_input_tokens,
        u.cache_write_tokens,
        u.output_tokens,
        u.reasoning_tokens,
    )


def test_chat_completion_subtracts_cached_and_reasoning_tokens(client):
    with tracking(project="demo") as t:
        response = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert response.choices[0].message.content == "Hello."
    [call] = t.calls
    assert call.provider == "openai"
    assert call.model == "gpt-4o-mini-2024-07-18"
    # prompt 120 incl. 20 cached; completion 50 incl. 10 reasoning
    assert _tokens(call) == (100, 20, 0, 40, 10)
    assert call.usage.response_id == response.id
    assert call.duration_s > 0


def test_response_object_is_returned_untouched(client):
    with tracking():
        response = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert type(response) is openai.types.chat.ChatCompletion
    assert not hasattr(response, "impacts")


def test_chat_stream_takes_usage_from_the_final_chunk_and_keeps_stream_type(client):
    with tracking() as t:
        stream = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
        )
        assert isinstance(stream, openai.Stream)
        assert t.calls == []  # nothing is recorded before the stream is consumed
        text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "Hello."
    [call] = t.calls
    assert call.streamed
    assert _tokens(call) == (100, 20, 0, 40, 10)


def test_chat_stream_without_usage_is_recorded_as_missing_and_warned(client, caplog):
    with tracking() as t:
        for _ in client.chat.completions.create(
            model="gpt-4o-mini", messages=MESSAGES, stream=True
        ):
            pass
    [call] = t.calls
    assert call.usage is None
    assert call.attributes["usage"] == "missing"
    assert "include_usage" in caplog.text


def test_responses_api_sync_and_stream(client):
    with tracking() as t:
        client.responses.create(model="gpt-4o", input="hi")
        for _ in client.responses.create(model="gpt-4o", input="hi", stream=True):
            pass
    assert [c.streamed for c in t.calls] == [False, True]
    # input 200 incl. 50 cached; output 80 incl. 30 reasoning
    assert [_tokens(c) for c in t.calls] == [(150, 50, 0, 50, 30)] * 2


def test_async_chat_plain_and_stream(async_client):
    async def run():
        with tracking() as t:
            await async_client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
            stream = await async_client.chat.completions.create(
                model="gpt-4o-mini",
                messages=MESSAGES,
                stream=True,
                stream_options={"include_usage": True},
            )
            assert isinstance(stream, openai.AsyncStream)
            async for _ in stream:
                pass
        return t

    t = asyncio.run(run())
    assert [c.streamed for c in t.calls] == [False, True]
    assert [_tokens(c) for c in t.calls] == [(100, 20, 0, 40, 10)] * 2


def test_async_responses_api_stream(async_client):
    async def run():
        with tracking() as t:
            async for _ in await async_client.responses.create(
                model="gpt-4o", input="hi", stream=True
            ):
                pass
        return t

    [call] = asyncio.run(run()).calls
    assert _tokens(call) == (150, 50, 0, 50, 30)
