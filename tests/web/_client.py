"""An in-process client that names a loopback host, as a browser on this machine would.

The app refuses any other ``Host`` (DNS rebinding), and Starlette's ``TestClient`` sends
``Host: testserver`` unless told otherwise.
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

LOCAL_URL = "http://127.0.0.1"


def local_client(app: Any, **options: Any) -> TestClient:
    """``TestClient(app)`` whose requests carry ``Host: 127.0.0.1``."""
    return TestClient(app, base_url=LOCAL_URL, **options)
