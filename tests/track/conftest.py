"""Fixtures for the tracker tests: one fake provider server per session, clean patches."""

from __future__ import annotations

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # LiteLLM: no network at import

import pytest

from fairprint.track import _context, _patch
from tests.track.fake_servers import FakeServer, fake_server


@pytest.fixture(scope="session")
def server() -> FakeServer:
    with fake_server() as running:
        yield running


@pytest.fixture(autouse=True)
def no_leftover_patches():
    """Every test starts and ends with the SDKs unpatched and no process tracker."""
    assert _patch.installed() == []
    yield
    _context.PROCESS.sinks = ()
    while _patch._PATCHES.users:
        _patch.uninstall()
    _patch._logged.clear()
