"""The ``Tracker``: where instrumented calls land, and how they become activities and impacts.

Why recording is cheap and pricing is lazy: the instrumentation runs inside the user's
request path, so a call only appends a small record under a lock (microseconds). Turning
records into the canonical activity table, pricing them with ``fairprint.impacts`` and
writing them to a ledger or a spool happens when the user asks (``impacts()``,
``totals()``, ``write_ledger()``, ``flush()``) or when a ``tracking()`` block ends.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyarrow as pa

from fairprint.activities import ACTIVITY_SCHEMA, TOKEN_COLUMNS
from fairprint.track import _context, _patch
from fairprint.track._records import Call, checked

if TYPE_CHECKING:
    from fairprint.registry import Registry

SOURCE = "tracker"

log = logging.getLogger("fairprint.track")

WRITE_BATCH = 1_000
"""Calls per ledger transaction: the ledger is opened, written and closed per batch, so a
reader (``fairprint report``, the dashboard) waits at most one short batch."""

IMPACT_TOTALS: tuple[str, ...] = (
    "energy_kwh",
    "gwp_kgco2e",
    "water_l",
    "adpe_kgsbeq",
    "pe_mj",
)


def _attributes(call: Call) -> str:
    attributes = dict(call.attributes)
    if call.usage is not None and call.usage.response_id:
        attributes["response_id"] = call.usage.response_id
    attributes["streamed"] = call.streamed
    return json.dumps(attributes, sort_keys=True, default=str)


def activity_id(call: Call) -> str:
    """Stable id: the same response re-imported from a spool is recognised, not re-counted."""
    response_id = call.usage.response_id if call.usage is not None else None
    native = f"{call.provider}|{response_id}|{call.started_at:.6f}|{call.model}"
    return hashlib.sha256(f"{SOURCE}|{native}".encode()).hexdigest()[:32]


class Tracker:
    """Collects the calls of a ``track()``/``tracking()`` scope and prices them on demand.

    ``project``, ``team``, ``user`` and ``region`` label every activity. ``spool`` is a JSONL
    file (canonical activity rows) appended to on ``flush()``; ``ledger`` a ledger path that
    ``close()`` writes to. ``registry`` defaults to ``Registry.default()`` when pricing.
    """

    def __init__(
        self,
        project: str | None = None,
        team: str | None = None,
        user: str | None = None,
        region: str | None = None,
        spool: str | Path | None = None,
        ledger: str | Path | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.project = project
        self.team = team
        self.user = user
        self.region = region
        self.spool = Path(spool) if spool is not None else None
        self.ledger = Path(ledger) if ledger is not None else None
        self.registry = registry
        self._lock = threading.Lock()
        self._calls: list[Call] = []
        self._flushed = 0
        self._written = 0
        self.failures: dict[str, int] = {}
        """Failures inside fairprint by kind (e.g. ``invalid_record``, ``ledger_write``):
        counted and logged, never raised into the user's program."""

    # -- recording (hot path) ---------------------------------------------------------------
    def record(self, call: Call) -> None:
        """Append one call; called by the instrumentation, safe from any thread.

        A call whose provider answer cannot be stored (a token count out of range, a time
        that is not one) is dropped, logged and counted in ``failures["invalid_record"]``.
        """
        clean, reason = checked(call)
        if clean is None:
            self.failed("invalid_record", f"a {call.provider} response was not recorded: {reason}")
            return
        with self._lock:
            self._calls.append(clean)

    def failed(self, kind: str, message: str) -> None:
        """Count and log one failure inside fairprint (first of each kind as a warning)."""
        with self._lock:
            seen = self.failures.get(kind, 0)
            self.failures[kind] = seen + 1
        (log.debug if seen else log.warning)("fairprint tracker: %s", message)

    @property
    def calls(self) -> list[Call]:
        """A snapshot of the calls recorded so far."""
        with self._lock:
            return list(self._calls)

    def __len__(self) -> int:
        return len(self._calls)

    # -- activities and impacts ---------------------------------------------------------------
    def activities(self, calls: list[Call] | None = None) -> pa.Table:
        """The recorded calls as canonical activity rows (``ACTIVITY_SCHEMA``).

        Built column by column (timestamps as integer microseconds): converting thousands of
        calls row by row through ``datetime`` objects costs ~100 µs each.
        """
        calls = self.calls if calls is None else calls
        n = len(calls)
        usages = [call.usage for call in calls]
        started = [round(call.started_at * 1e6) for call in calls]
        ended = [round((call.started_at + call.duration_s) * 1e6) for call in calls]
        timestamp = pa.timestamp("us", tz="UTC")

        def repeat(value: Any) -> list[Any]:
            return [value] * n

        columns: dict[str, Any] = {
            "activity_id": [activity_id(call) for call in calls],
            "source": repeat(SOURCE),
            "started_at": pa.array(started, pa.int64()).cast(timestamp),
            "ended_at": pa.array(ended, pa.int64()).cast(timestamp),
            "provider": [call.provider for call in calls],
            "model": [call.model for call in calls],
            "region": repeat(self.region),
            "operation": [call.operation for call in calls],
            "requests": repeat(1),
            **{
                name: [getattr(u, name) if u is not None else 0 for u in usages]
                for name in TOKEN_COLUMNS
            },
            "project": repeat(self.project),
            "team": repeat(self.team),
            "user": repeat(self.user),
            "duration_s": [call.duration_s for call in calls],
            "measured_energy_kwh": pa.nulls(n, pa.float64()),
            "hardware": pa.nulls(n, pa.string()),
            "attributes": [_attributes(call) for call in calls],
        }
        return pa.Table.from_pydict(columns, schema=ACTIVITY_SCHEMA)

    def impacts(self, on_unknown: Literal["raise", "null"] = "null") -> pa.Table:
        """Per-call impacts: the activities with ``fairprint.impacts`` columns appended.

        With ``on_unknown="null"`` (default) a call whose model the registry does not know
        keeps null impacts and says why in ``impact_note``; ``"raise"`` fails instead.
        """
        from fairprint.impacts import estimate_table

        return estimate_table(self.activities(), self.registry, on_unknown=on_unknown)

    def totals(self) -> dict[str, float | int]:
        """Requests, tokens and impact totals (central, low and high) over known calls.

        ``unpriced_requests`` counts calls left out of the impact sums because their model
        or region is unknown to the registry.
        """
        table = self.impacts()
        out: dict[str, float | int] = {"requests": table.num_rows}
        for name in TOKEN_COLUMNS:
            out[name] = int(sum(table.column(name).to_pylist()))
        priced = (
            [v is not None for v in table.column("energy_kwh").to_pylist()] if len(table) else []
        )
        out["unpriced_requests"] = priced.count(False)
        for stem in IMPACT_TOTALS:
            for suffix in ("", "_low", "_high"):
                values = table.column(stem + suffix).to_pylist() if len(table) else []
                out[stem + suffix] = float(sum(v for v in values if v is not None and v == v))
        return out

    # -- output -------------------------------------------------------------------------------
    def flush(self) -> int:
        """Append the calls not yet spooled to ``spool`` as JSONL; returns rows written."""
        if self.spool is None:
            return 0
        with self._lock:
            pending = self._calls[self._flushed :]
            end = len(self._calls)
        if not pending:
            return 0
        written = write_spool(self.activities(pending), self.spool)
        with self._lock:  # only once written: a failed flush is retried by the next one
            self._flushed = max(self._flushed, end)
        return written

    def write_ledger(self, ledger: str | Path | None = None) -> int:
        """Add the calls not yet written to a ledger (``ledger`` or the tracker's own)."""
        from fairprint.ledger import Ledger

        path = Path(ledger) if ledger is not None else self.ledger
        if path is None:
            from fairprint.ledger import default_ledger_path

            path = Path(default_ledger_path())
        with self._lock:
            base = self._written
            pending = self._calls[base:]
        if not pending:
            return 0
        table = self.activities(pending)
        for start in range(0, table.num_rows, WRITE_BATCH):
            store = Ledger(path)  # opened per batch: readers get the file between batches
            try:
                store.add_activities(
                    table.slice(start, WRITE_BATCH), origin=SOURCE, registry=self.registry
                )
            finally:
                close = getattr(store, "close", None)
                if close is not None:
                    close()
            with self._lock:  # advanced per committed batch: a failure keeps the rest
                self._written = base + min(start + WRITE_BATCH, len(pending))
        return len(pending)

    def close(self) -> None:
        """Flush to the spool and write to the ledger, where the tracker has them.

        Never raises: it runs in ``untrack()`` and at the end of ``tracking()``, inside the
        user's program. A failure is logged and counted in ``failures``; the calls not
        written stay in ``calls`` (and a later ``flush()``/``write_ledger()`` retries them).
        """
        for kind, step in (("spool_write", self.flush), ("ledger_write", self._close_ledger)):
            try:
                step()
            except Exception as exc:  # the user's program must not see it
                self.failed(kind, f"{kind.replace('_', ' ')} failed ({type(exc).__name__}: {exc})")

    def _close_ledger(self) -> None:
        if self.ledger is not None:
            self.write_ledger()


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value


def write_spool(table: pa.Table, path: str | Path) -> int:
    """Append canonical activity rows to a JSONL spool (one object per line, UTC ISO times).

    The spool is what ``fairprint import`` reads back: column names and meanings are those
    of ``ACTIVITY_SCHEMA``; ``attributes`` stays JSON text.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({k: _json_value(v) for k, v in row.items()}, sort_keys=False)
        for row in table.to_pylist()
    ]
    with path.open("a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
    return len(lines)


def read_spool(path: str | Path) -> pa.Table:
    """Read a spool back into an ``ACTIVITY_SCHEMA`` table (the inverse of ``write_spool``)."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for name in ("started_at", "ended_at"):
            if row.get(name):
                row[name] = datetime.fromisoformat(row[name].replace("Z", "+00:00"))
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=ACTIVITY_SCHEMA)


# -- the public switches ------------------------------------------------------------------------
def track(
    project: str | None = None,
    *,
    sdks: list[str] | None = None,
    tracker: Tracker | None = None,
    **options: Any,
) -> Tracker:
    """Instrument the installed LLM SDKs for the whole process; returns the tracker.

    ``sdks`` names adapters to import and patch (``openai``, ``anthropic``, ``mistral``,
    ``google_genai``, ``litellm``); by default the SDKs already imported are patched. Other
    keyword arguments go to ``Tracker``. Calling ``track()`` again replaces the process
    tracker (the previous one is closed and returned by nothing: keep a reference).
    """
    new = tracker or Tracker(project=project, **options)
    previous = None
    with _context.PROCESS.lock:
        if _context.PROCESS.sinks:
            previous = _context.PROCESS.sinks[0]
        _context.PROCESS.sinks = (new,)
    if previous is None:
        _patch.install(frozenset(sdks) if sdks is not None else None)
    elif sdks:
        _patch.install(frozenset(sdks))
        _patch.uninstall()  # keep a single reference for the process tracker
    if isinstance(previous, Tracker):
        previous.close()
    return new


def untrack() -> Tracker | None:
    """Stop process-wide tracking, restore the SDKs, close and return the tracker."""
    with _context.PROCESS.lock:
        sinks = _context.PROCESS.sinks
        _context.PROCESS.sinks = ()
    if not sinks:
        return None
    _guarded(_patch.uninstall)
    tracker = sinks[0]
    if isinstance(tracker, Tracker):
        tracker.close()
        return tracker
    return None


def _guarded(step: Any) -> None:
    """Run a clean-up step of fairprint's own; log instead of raising into user code."""
    try:
        step()
    except Exception as exc:  # the user's program must not see it
        log.warning("fairprint tracker: %s failed (%s: %s)", step.__name__, type(exc).__name__, exc)


@contextmanager
def tracking(
    project: str | None = None, *, sdks: list[str] | None = None, **options: Any
) -> Iterator[Tracker]:
    """Track the LLM calls made inside the block (this thread and the tasks it starts).

    On exit the SDKs are restored (unless other trackers still need them) and the tracker is
    flushed to its spool and written to its ledger, when it has them.
    """
    tracker = Tracker(project=project, **options)
    _patch.install(frozenset(sdks) if sdks is not None else None)
    token = _context.push_scoped(tracker)
    try:
        yield tracker
    finally:
        _guarded(lambda: _context.pop_scoped(token))
        _guarded(_patch.uninstall)
        tracker.close()
