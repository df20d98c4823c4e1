"""All of fairprint's monkeypatching, in one module, and all of it reversible.

Why one module: patches spread over many files cannot be audited or undone (the EcoLogits
counter-example in STYLE.md). Here a table of ``Target`` rows names every SDK method touched;
``install()`` replaces each with a thin wrapper that times the call and hands the response to
the provider's adapter (``fairprint.track.sdk.<name>``); ``uninstall()`` puts the originals
back. The wrapper never changes the arguments and returns the SDK's own response object: for
streams it swaps the stream's internal iterator for one that watches chunks go by (the stream
keeps its type), and only where an SDK has no such iterator does it hand back a delegating
proxy. Any failure inside fairprint is logged once and the user's call goes on untouched.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import logging
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from fairprint.track import _context
from fairprint.track._records import Call

log = logging.getLogger("fairprint.track")


@dataclass(frozen=True)
class Target:
    """One SDK callable to wrap.

    ``style``: ``call``/``acall`` stream when the ``stream`` argument is true; ``stream``/
    ``astream`` always return a stream; ``manager``/``amanager`` return Anthropic's
    ``MessageStreamManager``. ``suppress_nested`` silences the SDK calls made inside this
    one (LiteLLM drives the OpenAI SDK itself).
    """

    module: str
    qualname: str
    adapter: str
    operation: str
    style: str
    suppress_nested: bool = False

    @property
    def key(self) -> str:
        return f"{self.module}:{self.qualname}"


TARGETS: tuple[Target, ...] = (
    Target("openai.resources.chat.completions", "Completions.create", "openai", "chat", "call"),
    Target(
        "openai.resources.chat.completions", "AsyncCompletions.create", "openai", "chat", "acall"
    ),
    Target("openai.resources.responses.responses", "Responses.create", "openai", "chat", "call"),
    Target(
        "openai.resources.responses.responses", "AsyncResponses.create", "openai", "chat", "acall"
    ),
    Target("anthropic.resources.messages.messages", "Messages.create", "anthropic", "chat", "call"),
    Target(
        "anthropic.resources.messages.messages",
        "AsyncMessages.create",
        "anthropic",
        "chat",
        "acall",
    ),
    Target(
        "anthropic.resources.messages.messages", "Messages.stream", "anthropic", "chat", "manager"
    ),
    Target(
        "anthropic.resources.messages.messages",
        "AsyncMessages.stream",
        "anthropic",
        "chat",
        "amanager",
    ),
    Target("mistralai.client.chat", "Chat.complete", "mistral", "chat", "call"),
    Target("mistralai.client.chat", "Chat.complete_async", "mistral", "chat", "acall"),
    Target("mistralai.client.chat", "Chat.stream", "mistral", "chat", "stream"),
    Target("mistralai.client.chat", "Chat.stream_async", "mistral", "chat", "astream"),
    Target(
        "google.genai.models", "Models.generate_content", "google_genai", "generate_content", "call"
    ),
    Target(
        "google.genai.models",
        "Models.generate_content_stream",
        "google_genai",
        "generate_content",
        "stream",
    ),
    Target(
        "google.genai.models",
        "AsyncModels.generate_content",
        "google_genai",
        "generate_content",
        "acall",
    ),
    Target(
        "google.genai.models",
        "AsyncModels.generate_content_stream",
        "google_genai",
        "generate_content",
        "astream",
    ),
    Target("litellm", "completion", "litellm", "chat", "call", suppress_nested=True),
    Target("litellm", "acompletion", "litellm", "chat", "acall", suppress_nested=True),
)

_logged: set[str] = set()


def _log_once(where: str, exc: BaseException) -> None:
    """Report a failure inside fairprint once per place; the user's call is not affected."""
    if where in _logged:
        return
    _logged.add(where)
    log.warning(
        "fairprint tracking failed in %s (%s: %s); the call itself is unaffected, "
        "further failures here are not logged",
        where,
        type(exc).__name__,
        exc,
    )


def _warn_no_usage(target: Target) -> None:
    key = f"no-usage:{target.adapter}"
    if key in _logged:
        return
    _logged.add(key)
    hint = (
        ' pass stream_options={"include_usage": True}'
        if target.adapter in ("openai", "litellm")
        else ""
    )
    log.warning(
        "a %s stream ended without usage; it is recorded with zero tokens and "
        "attributes.usage='missing'.%s",
        target.adapter,
        hint,
    )


class _Recorder:
    """Builds the ``Call`` for one request once its response (or last chunk) is in."""

    __slots__ = ("adapter", "finished", "kwargs", "sinks", "started", "t0", "target")

    def __init__(self, target: Target, adapter: ModuleType, sinks: tuple, kwargs: dict) -> None:
        self.target = target
        self.adapter = adapter
        self.sinks = sinks
        self.kwargs = kwargs
        self.started = time.time()
        self.t0 = time.perf_counter()
        self.finished = False

    def response(self, result: Any) -> None:
        duration = time.perf_counter() - self.t0
        self._emit(self.adapter.response_usage(result), duration, result, streamed=False)

    def stream_done(self, acc: Any) -> None:
        if self.finished:
            return
        self.finished = True
        try:
            duration = time.perf_counter() - self.t0
            usage = acc.usage()
            if usage is None:
                _warn_no_usage(self.target)
            self._emit(
                usage,
                duration,
                getattr(acc, "last", None),
                streamed=True,
                extra={"stream_chunks": acc.chunks},
            )
        except Exception as exc:
            _log_once(self.target.key, exc)

    def _emit(
        self, usage: Any, duration: float, result: Any, streamed: bool, extra: dict | None = None
    ) -> None:
        requested = self.kwargs.get("model")
        provider_of = getattr(self.adapter, "provider_of", None)
        provider = provider_of(result, requested) if provider_of else self.adapter.PROVIDER
        attributes: dict[str, Any] = {"sdk_method": self.target.qualname}
        if requested is not None:
            attributes["requested_model"] = str(requested)
        if usage is None:
            attributes["usage"] = "missing"
        if extra:
            attributes.update(extra)
        call = Call(
            provider=provider,
            operation=self.target.operation,
            model=(usage.model if usage is not None and usage.model else None)
            or (str(requested) if requested is not None else None),
            started_at=self.started,
            duration_s=duration,
            usage=usage,
            streamed=streamed,
            attributes=attributes,
        )
        for sink in self.sinks:
            sink.record(call)


def _watch(iterator: Iterator, acc: Any, recorder: _Recorder) -> Iterator:
    try:
        for chunk in iterator:
            try:
                acc.observe(chunk)
            except Exception as exc:
                _log_once(recorder.target.key, exc)
            yield chunk
    finally:
        recorder.stream_done(acc)


async def _awatch(iterator: AsyncIterator, acc: Any, recorder: _Recorder) -> AsyncIterator:
    try:
        async for chunk in iterator:
            try:
                acc.observe(chunk)
            except Exception as exc:
                _log_once(recorder.target.key, exc)
            yield chunk
    finally:
        recorder.stream_done(acc)


class _ObservedStream:
    """Delegating proxy for a stream object without a swappable internal iterator."""

    def __init__(self, inner: Any, watched: Any) -> None:
        self._fp_inner = inner
        self._fp_watched = watched

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fp_inner, name)

    def __iter__(self) -> Any:
        return self._fp_watched

    def __next__(self) -> Any:
        return next(self._fp_watched)

    def __aiter__(self) -> Any:
        return self._fp_watched

    async def __anext__(self) -> Any:
        return await self._fp_watched.__anext__()

    def __enter__(self) -> Any:
        self._fp_inner.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._fp_inner.__exit__(*exc)

    async def __aenter__(self) -> Any:
        await self._fp_inner.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._fp_inner.__aexit__(*exc)


def _observe(stream: Any, recorder: _Recorder, is_async: bool) -> Any:
    """Make ``stream`` report its chunks to the adapter, keeping its type where possible."""
    acc = recorder.adapter.StreamUsage()
    watch: Callable[..., Any] = _awatch if is_async else _watch
    for attribute in ("_iterator", "generator"):  # Stainless (OpenAI/Anthropic), Speakeasy
        inner = getattr(stream, attribute, None)
        if inner is not None and (hasattr(inner, "__anext__") or hasattr(inner, "__next__")):
            setattr(stream, attribute, watch(inner, acc, recorder))
            return stream
    if inspect.isgenerator(stream) or inspect.isasyncgen(stream):
        return watch(stream, acc, recorder)
    inner_iter = stream.__aiter__() if is_async else iter(stream)
    return _ObservedStream(stream, watch(inner_iter, acc, recorder))


def _wrap_manager(manager: Any, recorder: _Recorder, is_async: bool) -> Any:
    """Anthropic ``.stream()``: watch the raw event stream the manager opens on ``__enter__``."""
    name = next((n for n in vars(manager) if n.endswith("__api_request")), None)
    if name is None:
        raise AttributeError("MessageStreamManager has no api_request to observe")
    request = getattr(manager, name)
    if inspect.isawaitable(request):  # the async manager holds the pending request itself

        async def observed_awaitable() -> Any:
            return _observe(await request, recorder, True)

        setattr(manager, name, observed_awaitable())
    elif is_async:

        async def observed_async() -> Any:
            return _observe(await request(), recorder, True)

        setattr(manager, name, observed_async)
    else:

        def observed_request() -> Any:
            return _observe(request(), recorder, False)

        setattr(manager, name, observed_request)
    return manager


def _make_wrapper(original: Callable, target: Target, adapter: ModuleType) -> Callable:
    style = target.style
    streams_always = style in ("stream", "astream", "manager", "amanager")

    def after(result: Any, recorder: _Recorder, kwargs: dict) -> Any:
        try:
            if style in ("manager", "amanager"):
                return _wrap_manager(result, recorder, style == "amanager")
            if streams_always or kwargs.get("stream"):
                return _observe(result, recorder, style in ("acall", "astream"))
            recorder.response(result)
        except Exception as exc:
            _log_once(target.key, exc)
        return result

    def start(kwargs: dict) -> _Recorder | None:
        sinks = _context.destinations()
        if not sinks:
            return None
        try:
            return _Recorder(target, adapter, sinks, kwargs)
        except Exception as exc:
            _log_once(target.key, exc)
            return None

    if style in ("acall", "astream"):

        @functools.wraps(original)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            recorder = start(kwargs)
            if recorder is None:
                return await original(*args, **kwargs)
            token = _context.suppress() if target.suppress_nested else None
            try:
                result = await original(*args, **kwargs)
            finally:
                if token is not None:
                    _context.unsuppress(token)
            return after(result, recorder, kwargs)

        async_wrapper.__fairprint_original__ = original  # type: ignore[attr-defined]
        return async_wrapper

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        recorder = start(kwargs)
        if recorder is None:
            return original(*args, **kwargs)
        token = _context.suppress() if target.suppress_nested else None
        try:
            result = original(*args, **kwargs)
        finally:
            if token is not None:
                _context.unsuppress(token)
        return after(result, recorder, kwargs)

    wrapper.__fairprint_original__ = original  # type: ignore[attr-defined]
    return wrapper


@dataclass
class _Installed:
    owner: Any
    attribute: str
    original: Any
    wrapper: Any


class _Patches:
    """The installed wrappers, reference-counted so nested ``tracking()`` blocks compose."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.installed: dict[str, _Installed] = {}


_PATCHES = _Patches()


def _package(target: Target) -> str:
    return (
        "google.genai" if target.module.startswith("google.genai") else target.module.split(".")[0]
    )


def _resolve(target: Target, sdks: frozenset[str] | None) -> tuple[Any, str, Any] | None:
    """The owner, attribute and current callable of ``target``; ``None`` to skip it.

    With ``sdks=None`` only SDKs the program has already imported are patched (importing
    LiteLLM alone takes seconds); naming an adapter in ``sdks`` imports its SDK.
    """
    if sdks is None:
        if _package(target) not in sys.modules:
            return None
    elif target.adapter not in sdks:
        return None
    try:
        module = importlib.import_module(target.module)
    except Exception:  # the SDK is not installed, or fails to import: nothing to patch
        return None
    owner: Any = module
    *path, attribute = target.qualname.split(".")
    for name in path:
        owner = getattr(owner, name, None)
        if owner is None:
            return None
    raw = (
        owner.__dict__.get(attribute)
        if isinstance(owner, type)
        else getattr(owner, attribute, None)
    )
    if raw is None or not callable(raw):
        return None
    return owner, attribute, raw


def install(sdks: frozenset[str] | None = None, targets: tuple[Target, ...] = TARGETS) -> list[str]:
    """Wrap the SDK methods in ``targets``; returns the keys now patched.

    Each call takes one reference (release it with ``uninstall()``) and also patches SDKs
    imported since the last call.
    """
    with _PATCHES.lock:
        _PATCHES.users += 1
        for target in targets:
            if target.key in _PATCHES.installed:
                continue
            resolved = _resolve(target, sdks)
            if resolved is None:
                continue
            owner, attribute, original = resolved
            adapter = importlib.import_module(f"fairprint.track.sdk.{target.adapter}")
            wrapper = _make_wrapper(original, target, adapter)
            setattr(owner, attribute, wrapper)
            _PATCHES.installed[target.key] = _Installed(owner, attribute, original, wrapper)
        return sorted(_PATCHES.installed)


def uninstall() -> None:
    """Undo ``install()`` once every user has released it; restores the original callables.

    A wrapper that someone else has since wrapped again is left in place (removing it would
    remove theirs too); with no tracker active it passes every call straight through.
    """
    with _PATCHES.lock:
        if _PATCHES.users == 0:
            return
        _PATCHES.users -= 1
        if _PATCHES.users:
            return
        for key, item in list(_PATCHES.installed.items()):
            current = (
                item.owner.__dict__.get(item.attribute)
                if isinstance(item.owner, type)
                else getattr(item.owner, item.attribute, None)
            )
            if current is item.wrapper:
                setattr(item.owner, item.attribute, item.original)
            else:
                log.debug("leaving %s wrapped: it was wrapped again after fairprint", key)
            del _PATCHES.installed[key]


def installed() -> list[str]:
    """The SDK methods currently wrapped (``module:qualname``)."""
    with _PATCHES.lock:
        return sorted(_PATCHES.installed)
