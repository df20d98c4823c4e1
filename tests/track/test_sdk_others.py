"""Anthropic, Mistral, Google GenAI and LiteLLM through their real SDKs and the fake server."""

from __future__ import annotations

import asyncio

import anthropic
import pytest

from fairprint.track import tracking

MESSAGES = [{"role": "user", "content": "hi"}]


def _tokens(call) -> tuple[int, int, int, int, int]:
    u = call.usage
    return (
        u.input_tokens,
        u.cached_input_tokens,
        u.cache_write_tokens,
        u.output_tokens,
        u.reasoning_tokens,
    )


@pytest.fixture()
def claude(server) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=server.url, api_key="test", max_retries=0)


def test_anthropic_message_keeps_input_as_reported_and_cache_apart(claude):
    with tracking() as t:
        message = claude.messages.create(model="claude-sonnet-4", max_tokens=10, messages=MESSAGES)
    assert message.content[0].text == "Hello."
    [call] = t.calls
    assert (call.provider, call.model) == ("anthropic", "claude-sonnet-4")
    assert _tokens(call) == (30, 400, 5, 60, 0)


def test_anthropic_create_stream_reads_message_start_and_delta(claude):
    with tracking() as t:
        stream = claude.messages.create(
            model="claude-sonnet-4", max_tokens=10, messages=MESSAGES, stream=True
        )
        assert isinstance(stream, anthropic.Stream)
        kinds = [event.type for event in stream]
    assert kinds[0] == "message_start"
    [call] = t.calls
    assert call.streamed
    assert _tokens(call) == (30, 400, 5, 60, 0)


def test_anthropic_stream_helper_is_observed(claude):
    with (
        tracking() as t,
        claude.messages.stream(model="claude-sonnet-4", max_tokens=10, messages=MESSAGES) as stream,
    ):
        assert stream.get_final_text() == "Hello."
    [call] = t.calls
    assert call.attributes["sdk_method"] == "Messages.stream"
    assert _tokens(call) == (30, 400, 5, 60, 0)


def test_anthropic_async_create_and_stream_helper(server):
    client = anthropic.AsyncAnthropic(base_url=server.url, api_key="test", max_retries=0)

    async def run():
        with tracking() as t:
            await client.messages.create(model="claude-sonnet-4", max_tokens=10, messages=MESSAGES)
            async with client.messages.stream(
                model="claude-sonnet-4", max_tokens=10, messages=MESSAGES
            ) as stream:
                await stream.get_final_message()
        return t

    t = asyncio.run(run())
    assert [c.streamed for c in t.calls] == [False, True]
    assert [_tokens(c) for c in t.calls] == [(30, 400, 5, 60, 0)] * 2


def test_mistral_complete_stream_and_async(server):
    from mistralai.client import Mistral

    client = Mistral(api_key="test", server_url=server.url)
    headers = {"x-fake": "mistral"}

    async def run_async():
        await client.chat.complete_async(
            model="mistral-small-3", messages=MESSAGES, http_headers=headers
        )
        async for _ in await client.chat.stream_async(
            model="mistral-small-3", messages=MESSAGES, http_headers=headers
        ):
            pass

    with tracking() as t:
        client.chat.complete(model="mistral-small-3", messages=MESSAGES, http_headers=headers)
        for _ in client.chat.stream(
            model="mistral-small-3", messages=MESSAGES, http_headers=headers
        ):
            pass
        asyncio.run(run_async())
    assert [c.provider for c in t.calls] == ["mistral"] * 4
    assert [c.streamed for c in t.calls] == [False, True, False, True]
    assert {_tokens(c) for c in t.calls} == {(15, 0, 0, 25, 0)}


def test_google_genai_generate_content_sync_stream_async(server):
    from google import genai
    from google.genai import types

    client = genai.Client(api_key="test", http_options=types.HttpOptions(base_url=server.url))

    async def run_async():
        await client.aio.models.generate_content(model="gemini-2.0-flash", contents="hi")
        async for _ in await client.aio.models.generate_content_stream(
            model="gemini-2.0-flash", contents="hi"
        ):
            pass

    with tracking() as t:
        assert (
            client.models.generate_content(model="gemini-2.0-flash", contents="hi").text == "Hello."
        )
        for _ in client.models.generate_content_stream(model="gemini-2.0-flash", contents="hi"):
            pass
        asyncio.run(run_async())
    assert [c.streamed for c in t.calls] == [False, True, False, True]
    assert {(c.provider, c.model) for c in t.calls} == {("google", "gemini-2.0-flash-001")}
    # prompt 70 incl. 10 cached; 33 candidates; 7 thoughts (reported apart)
    assert {_tokens(c) for c in t.calls} == {(60, 10, 0, 33, 7)}


def test_litellm_counts_once_although_it_drives_the_openai_sdk(server):
    import litellm

    options = {
        "model": "openai/gpt-4o-mini",
        "api_base": server.url + "/v1",
        "api_key": "test",
        "messages": MESSAGES,
    }

    async def run_async():
        await litellm.acompletion(**options)
        async for _ in await litellm.acompletion(
            **options, stream=True, stream_options={"include_usage": True}
        ):
            pass

    with tracking(sdks=["litellm", "openai"]) as t:
        litellm.completion(**options)
        for _ in litellm.completion(**options, stream=True, stream_options={"include_usage": True}):
            pass
        asyncio.run(run_async())
    assert [c.attributes["sdk_method"] for c in t.calls] == [
        "completion",
        "completion",
        "acompletion",
        "acompletion",
    ]
    assert {c.provider for c in t.calls} == {"openai"}
    assert {_tokens(c) for c in t.calls} == {(100, 20, 0, 40, 10)}
