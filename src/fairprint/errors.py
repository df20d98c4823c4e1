"""The errors fairprint raises for things a user can fix.

Every message says what was wrong, where (file, row, field) and what to do next, so
the CLI can print it without a traceback. The family::

    FairprintError
    ├── RegistryError          a reference-data file is malformed or missing a source
    ├── UnknownModelError      a model name matches nothing (carries close matches)
    ├── UnknownRegionError     a provider/region/grid zone matches nothing
    ├── InputError             bad request data: negative tokens, NaN, wrong types, empty tables
    ├── FormatError            an input file cannot be read as the format asked or detected
    │   └── CompressedFileError    a gzip or zstd file is corrupt or cut short
    ├── LedgerError            the ledger file cannot be opened, migrated or written
    ├── AuditError             a work log cannot be audited (missing pay, time or currency)
    │   └── DifferencingError      an audit would let a worker be recovered by subtraction
    └── TrackingError          instrumentation or a power meter cannot be set up
"""

from __future__ import annotations

__all__ = [
    "AuditError",
    "CompressedFileError",
    "DifferencingError",
    "FairprintError",
    "FormatError",
    "InputError",
    "LedgerError",
    "RegistryError",
    "TrackingError",
    "UnknownModelError",
    "UnknownRegionError",
]


class FairprintError(Exception):
    """Base class: a problem the user can act on, with a message that says how."""


class RegistryError(FairprintError):
    """A reference-data file is malformed, unsourced or inconsistent."""


class UnknownModelError(FairprintError):
    """A model name is not in the registry; ``suggestions`` holds the nearest known names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"Unknown model {name!r}.{hint} Run `fairprint models` to list the known models."
        )


class UnknownRegionError(FairprintError):
    """A provider, cloud region or grid zone is not in the registry."""

    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown {kind} {name!r}.{hint}")


class InputError(FairprintError):
    """Request data that cannot be estimated: the message names the field and the row."""


class FormatError(FairprintError):
    """An input file does not match the format asked for or detected."""


class CompressedFileError(FormatError):
    """A gzip or zstd file is corrupt or cut short; the message names the file."""

    def __init__(self, path: object, kind: str, detail: str) -> None:
        self.path = path
        self.kind = kind
        super().__init__(
            f"{path}: the {kind} data is corrupt or truncated ({detail}); "
            "nothing was imported from it — check the file or compress it again"
        )


class LedgerError(FairprintError):
    """The ledger cannot be opened, migrated or written."""


class AuditError(FairprintError):
    """A work log lacks what an audit needs."""


class DifferencingError(AuditError):
    """An audit whose worker set differs from an earlier one by fewer than k workers.

    Publishing both would let a reader recover the missing workers' figures by subtraction.
    """


class TrackingError(FairprintError):
    """Instrumentation or a power meter cannot be set up."""
