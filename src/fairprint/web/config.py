"""What one running web app knows: its ledger, registry, token and limits.

Why a frozen object on ``app.state`` rather than module globals: two apps (say, a test
server and a real one) can run in one process over different ledgers without sharing
anything, and every handler gets its settings from the request it serves.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from fairprint.registry import Registry

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""Largest accepted upload (50 MiB): a quarter of usage exports fits many times over."""

DEFAULT_MAX_JSON_BYTES = 8 * 1024 * 1024
"""Largest body of any other request (8 MiB): a full 10,000-row batch is ~2 MB of JSON."""

DEFAULT_MAX_BATCH_ROWS = 10_000
"""Most rows one ``POST /api/estimate/batch`` may carry; larger jobs belong in an import."""


@dataclass(frozen=True)
class WebConfig:
    """Settings of one app. ``token`` None means writes are accepted from loopback only."""

    ledger_path: Path
    registry: Registry
    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    max_batch_rows: int = DEFAULT_MAX_BATCH_ROWS
    max_json_bytes: int = DEFAULT_MAX_JSON_BYTES
    ledger_lock: threading.Lock = field(default_factory=threading.Lock, compare=False)
    """Serialises this app's use of the ledger file (DuckDB has one writer per file, and
    opening runs migrations), so concurrent requests queue instead of conflicting."""


def config_of(request: Request) -> WebConfig:
    """The settings of the app serving ``request`` (a FastAPI dependency)."""
    return request.app.state.config
