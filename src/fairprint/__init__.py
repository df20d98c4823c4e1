"""fairprint: the hidden costs of AI made visible — planet and people.

The public surface is re-exported here; nothing is read or computed at import time.
"""

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
from fairprint.estimate import Estimate, Range, estimate, estimate_batch
from fairprint.registry import Registry
from fairprint.track import measure, track, tracking, untrack

__version__ = "0.1.0"

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
