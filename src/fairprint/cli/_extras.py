"""One clear line, instead of a ``ModuleNotFoundError`` traceback, when an extra is missing.

The core installs light (``pip install fairprint``); the web app, the OpenTelemetry
receiver and Spark live in extras. A command that needs one checks for it before it
imports anything, and names the exact ``pip install`` line that fixes it.
"""

from __future__ import annotations

import importlib.util

from fairprint.errors import InputError

#: What each extra brings, as the README states it.
EXTRAS: dict[str, str] = {
    "web": "the dashboard, calculator and JSON API (`fairprint serve`)",
    "track": "SDK tracking, the OpenTelemetry receiver (`fairprint collect`), power meters",
    "spark": "Spark imports for billions of rows (`fairprint spark-import`)",
    "dev": "the test suite and linters",
}


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require_extra(extra: str, command: str, *modules: str) -> None:
    """Raise a one-line ``InputError`` naming ``pip install 'fairprint[extra]'``."""
    missing = [module for module in modules if not _installed(module)]
    if missing:
        raise InputError(
            f"`fairprint {command}` needs the {extra!r} extra ({', '.join(missing)} is not "
            f"installed): pip install 'fairprint[{extra}]' (from a clone: "
            f".venv/bin/pip install -e '.[{extra}]')"
        )
