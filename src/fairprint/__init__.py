"""fairprint: the hidden costs of AI made visible — planet and people.

The public surface is re-exported here; nothing is read or computed at import time, and
the estimator and trackers (NumPy, Arrow, pydantic) load on first use, so that
``import fairprint`` and the CLI start quickly (``fairprint report`` needs neither).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from fairprint.errors import (
    AuditError,
    CompressedFileError,
    DifferencingError,
    FairprintError,
    FormatError,
    InputError,
    LedgerError,
    RegistryError,
    TrackingError,
    UnknownModelError,
    UnknownRegionError,
)

if TYPE_CHECKING:
    from fairprint.estimate import Estimate, Range, estimate, estimate_batch
    from fairprint.registry import Registry
    from fairprint.track import measure, track, tracking, untrack

__version__ = "0.1.0"

_LAZY = {
    "Estimate": "fairprint.estimate",
    "Range": "fairprint.estimate",
    "estimate": "fairprint.estimate",
    "estimate_batch": "fairprint.estimate",
    "Registry": "fairprint.registry",
    "measure": "fairprint.track",
    "track": "fairprint.track",
    "tracking": "fairprint.track",
    "untrack": "fairprint.track",
}
"""Public name → its home module, imported on first access."""

_SHADOWED = frozenset({"estimate", "track"})
"""Submodules whose package attribute is the function of the same name."""


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'fairprint' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """Keeps ``fairprint.estimate`` and ``fairprint.track`` the public functions.

    Why: importing the submodule ``fairprint.estimate`` (or ``fairprint.track``) makes
    Python bind the package attribute of that name to the module; here it is bound to the
    function of the same name instead, as the eager ``from ... import`` used to leave it.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "AuditError",
    "CompressedFileError",
    "DifferencingError",
    "Estimate",
    "FairprintError",
    "FormatError",
    "InputError",
    "LedgerError",
    "Range",
    "Registry",
    "RegistryError",
    "TrackingError",
    "UnknownModelError",
    "UnknownRegionError",
    "__version__",
    "estimate",
    "estimate_batch",
    "measure",
    "track",
    "tracking",
    "untrack",
]
