"""The fair data-work audit: work logs in, k-anonymous fair-work figures out.

``run_audit(paths, AuditConfig(...))`` reads MTurk, Prolific, Toloka, Label Studio or
canonical-CSV work logs (pseudonymising worker ids on reading), measures effective hourly
pay with and without unpaid time against minimum and living wages, rejections, exposure to
harmful content and the living-wage premium, and scores the Fairwork cloudwork
principles. ``store.save_audit(ledger, result)`` keeps it in the ledger.
"""

from fairprint.audit.config import DEFAULT_GAP_LIMIT_MINUTES, DEFAULT_K, AuditConfig
from fairprint.audit.ingest import IngestContext, detect_format, read_work_log
from fairprint.audit.pseudonym import Pseudonymiser, load_or_create_key
from fairprint.audit.run import AuditResult, run_audit
from fairprint.audit.schema import WORK_SESSION_SCHEMA
from fairprint.audit.store import list_audits, load_audit, save_audit

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
