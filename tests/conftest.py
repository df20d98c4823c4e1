"""Shared fixtures: a small, hand-checkable registry shipped under tests/data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fairprint.registry import Registry

MINI_REGISTRY = Path(__file__).parent / "data" / "mini_registry"


@pytest.fixture(scope="session")
def mini_registry() -> Registry:
    """A registry of invented test-fixture rows whose numbers are easy to recompute by hand."""
    return Registry(MINI_REGISTRY)


@pytest.fixture()
def registry_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini registry folder, for tests that break it on purpose."""
    target = tmp_path / "registry"
    shutil.copytree(MINI_REGISTRY, target)
    return target
