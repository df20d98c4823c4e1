"""The ledger: an embedded DuckDB store of activities, impacts (with history) and imports."""

from fairprint.ledger._forget import ForgetResult
from fairprint.ledger._writer import ImportResult
from fairprint.ledger.ledger import Ledger, default_ledger_path
from fairprint.ledger.migrations import MIGRATIONS, migrate, schema_version

__all__ = [
    "MIGRATIONS",
    "ForgetResult",
    "ImportResult",
    "Ledger",
    "default_ledger_path",
    "migrate",
    "schema_version",
]
