"""The fair data-work audit: work logs in, k-anonymous fair-work figures out.

``run_audit(paths, AuditConfig(...))`` reads MTurk, Prolific, Toloka, Label Studio or
canonical-CSV work logs (pseudonymising worker ids on reading), measures effective hourly
pay with and without unpaid time against minimum and living wages, rejections, exposure to
harmful content and the living-wage premium, and scores the Fairwork cloudwork
principles. ``store.save_audit(ledger, result)`` keeps it in the ledger.

The names below load on first use: ``fairprint.audit.config`` (the CLI's option
defaults) must not pull in Arrow, DuckDB and the measures.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fairprint.audit.config import DEFAULT_GAP_LIMIT_MINUTES, DEFAULT_K, AuditConfig
    from fairprint.audit.ingest import IngestContext, detect_format, read_work_log
    from fairprint.audit.pseudonym import Pseudonymiser, load_or_create_key
    from fairprint.audit.run import AuditResult, run_audit
    from fairprint.audit.schema import WORK_SESSION_SCHEMA
    from fairprint.audit.store import list_audits, load_audit, save_audit

_LAZY = {
    "AuditConfig": "config",
    "DEFAULT_GAP_LIMIT_MINUTES": "config",
    "DEFAULT_K": "config",
    "list_audits": "store",
    "load_audit": "store",
    "save_audit": "store",
    "IngestContext": "ingest",
    "detect_format": "ingest",
    "read_work_log": "ingest",
    "Pseudonymiser": "pseudonym",
    "load_or_create_key": "pseudonym",
    "AuditResult": "run",
    "run_audit": "run",
    "WORK_SESSION_SCHEMA": "schema",
}


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'fairprint.audit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"fairprint.audit.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_GAP_LIMIT_MINUTES",
    "DEFAULT_K",
    "WORK_SESSION_SCHEMA",
    "AuditConfig",
    "AuditResult",
    "IngestContext",
    "Pseudonymiser",
    "detect_format",
    "list_audits",
    "load_audit",
    "load_or_create_key",
    "read_work_log",
    "run_audit",
    "save_audit",
]
