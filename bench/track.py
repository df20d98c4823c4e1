"""Overhead of fairprint's SDK instrumentation per call, side by side with EcoLogits'.

Each mode runs in its own process (EcoLogits instruments once per process and cannot be
undone): ``baseline`` (no instrumentation), ``fairprint`` (``with tracking():``) and
``ecologits`` (``EcoLogits.init(providers=["openai"])``). The same OpenAI client makes the
same calls, plain and streaming, in two set-ups:

- ``server``: against the fake provider server on 127.0.0.1 (tests/track/fake_servers.py),
  run in a separate process, as a real application would;
- ``no-transport``: the SDK's ``create()`` with its HTTP call replaced by a ready response,
  which isolates the instrumentation itself (plain calls only, 10 x ``--calls``);
- ``in-process``: through an in-memory transport returning the same JSON, which removes the
  network and server noise so that differences of a few microseconds are visible.

Times are the calling thread's CPU time (``time.thread_time``), not wall time: the overhead
of an instrumentation is CPU spent in the caller, and CPU time is far less disturbed by other
processes on a shared machine than wall time. Overhead = mode's CPU time per call -
baseline's, best of ``--repeats`` runs. fairprint only
records on the hot path and prices later, so the amortised cost of pricing the recorded
calls (``Tracker.impacts()`` / calls) is printed too. EcoLogits computes its impacts inside
every call.

    .venv/bin/python bench/track.py [--calls 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("baseline", "fairprint", "ecologits")
MESSAGES = [{"role": "user", "content": "hi"}]


def _chat_json(model: str, stream: bool) -> bytes:
    usage = {"prompt_tokens": 120, "completion_tokens": 50, "total_tokens": 170}
    if not stream:
        return json.dumps(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "Hello."},
                        "finish_reason": "stop",
                    }
                ],
                "usage": usage,
            }
        ).encode()
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": model}
    chunks = [
        {
            **base,
            "choices": [
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": "Hel"},
                    "finish_reason": None,
                }
            ],
        },
        {**base, "choices": [{"index": 0, "delta": {"content": "lo."}, "finish_reason": "stop"}]},
        {**base, "choices": [], "usage": usage},
    ]
    return b"".join(f"data: {json.dumps(c)}\n\n".encode() for c in chunks) + b"data: [DONE]\n\n"


def _client(setup: str, url: str):
    import openai

    if setup == "no-transport":  # the SDK's create() with the HTTP layer cut out
        from openai.types.chat import ChatCompletion

        response = ChatCompletion.model_validate_json(_chat_json("gpt-4o-mini", False))
        client = openai.OpenAI(base_url="http://bench.invalid/v1", api_key="bench")
        client.chat.completions._post = lambda *args, **kwargs: response
        return client
    if setup == "server":
        return openai.OpenAI(base_url=url + "/v1", api_key="bench", max_retries=0)
    import httpx2

    def handler(request):
        body = json.loads(request.content)
        stream = bool(body.get("stream"))
        return httpx2.Response(
            200,
            content=_chat_json(body["model"], stream),
            headers={"content-type": "text/event-stream" if stream else "application/json"},
        )

    return openai.OpenAI(
        base_url="http://bench.invalid/v1",
        api_key="bench",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )


def _loop(client, calls: int, stream: bool) -> float:
    extra = {"stream": True, "stream_options": {"include_usage": True}} if stream else {}
    start = time.thread_time()
    for _ in range(calls):
        response = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=MESSAGES,
            extra_headers={"x-fake-exact-model": "1"},
            **extra,
        )
        if stream:
            for _chunk in response:
                pass
    return (time.thread_time() - start) / calls * 1e6


def child(mode: str, setup: str, url: str, calls: int) -> dict:
    """One process, one mode: microseconds per call for plain and streaming chat."""
    client = _client(setup, url)
    tracker = None
    if mode == "ecologits":
        import warnings

        warnings.simplefilter("ignore")
        from ecologits import EcoLogits

        EcoLogits.init(providers=["openai"])
    elif mode == "fairprint":
        from fairprint.track import Tracker, track

        tracker = track(tracker=Tracker(), sdks=["openai"])
    _loop(client, 50, False)  # warm-up: imports, connection, caches
    if setup != "no-transport":
        _loop(client, 50, True)
    result = {"plain_us": _loop(client, calls, False)}
    if setup != "no-transport":
        result["stream_us"] = _loop(client, calls, True)
    if tracker is not None:
        recorded = len(tracker.calls)
        tracker.impacts()  # first pricing pays one-off imports and registry loading
        start = time.perf_counter()
        tracker.impacts()
        result["pricing_us_per_call"] = (time.perf_counter() - start) / recorded * 1e6
        result["recorded"] = recorded
    return result


def _start_server() -> tuple[subprocess.Popen, str]:
    code = (
        "import sys; from tests.track.fake_servers import FakeServer; s = FakeServer(); "
        "print(s.url, flush=True); s.serve_forever()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    return process, process.stdout.readline().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SETUP", "URL"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, args.calls)))
        return
    server, url = _start_server()
    env = {
        **os.environ,
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    try:
        for setup in ("no-transport", "in-process", "server"):
            best: dict[str, dict] = {}
            for _ in range(args.repeats):
                for mode in MODES:  # interleaved, so drifting machine load hits every mode
                    calls = args.calls * (10 if setup == "no-transport" else 1)
                    out = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--calls",
                            str(calls),
                            "--child",
                            mode,
                            setup,
                            url,
                        ],
                        capture_output=True,
                        text=True,
                        env=env,
                        check=True,
                    )
                    result = json.loads(out.stdout.strip().splitlines()[-1])
                    for key, value in result.items():
                        best.setdefault(mode, {})
                        best[mode][key] = min(best[mode].get(key, value), value)
            _report(setup, best, calls, args.repeats)
    finally:
        server.terminate()
        server.wait()


def _report(setup: str, best: dict[str, dict], calls: int, repeats: int) -> None:
    print(f"\n== {setup}: {calls} calls per kind, best of {repeats} (caller CPU µs per call)")
    base = best["baseline"]
    for kind in ("plain_us", "stream_us"):
        if kind not in base:
            continue
        fair = best["fairprint"][kind] - base[kind]
        eco = best["ecologits"][kind] - base[kind]
        ratio = f"{eco / fair:.1f}x" if fair > 0 else "n/a (fairprint within noise)"
        print(
            f"{kind[:-3]:>6}: baseline {base[kind]:8.1f} | fairprint +{fair:7.1f} | "
            f"ecologits +{eco:7.1f} | ecologits/fairprint overhead {ratio}"
        )
    pricing = best["fairprint"].get("pricing_us_per_call")
    if pricing is not None:
        print(
            f"fairprint pricing afterwards (Tracker.impacts(), steady state): {pricing:.1f} "
            "µs per call, outside the request path"
        )


if __name__ == "__main__":
    main()
