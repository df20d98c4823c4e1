"""Shared fixtures: a small, hand-checkable registry shipped under tests/data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fairprint.registry import Registry

MINI_REGISTRY = Path(__file__).parent / "data" / "mini_registry"

#: The console width every test runs at unless it pins its own (tests of the 80-column
#: layout pass ``COLUMNS=80`` themselves). Wide enough that a long temporary path in an
#: error message is never wrapped, so no result depends on the terminal the suite is run
#: from or on the length of the machine's temporary folder.
TEST_COLUMNS = "200"


@pytest.fixture(scope="session")
def _demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-folder")


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch, _demo_dir: Path) -> None:
    """Rich reads ``COLUMNS`` when it is not attached to a terminal: pin it for every test.

    ``fairprint demo`` keeps its ledger in a per-user folder; tests keep it in theirs.
    """
    monkeypatch.setenv("COLUMNS", TEST_COLUMNS)
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("FAIRPRINT_DEMO_DIR", str(_demo_dir))


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
