"""Defence against differencing: two audits must not give back one worker by subtraction.

The attack (issue 15): audit a log with 12 workers, then the same log without one worker
(11, still at least k). Every total, count and mean of the second audit, subtracted from
the first, is that worker's own figure (paid hours, rejections, exposure, pay rate).
k-anonymity of each audit alone does not stop it.

The defence: a *worker-set register* kept beside the audit key (the same trust domain:
whoever holds the key can already re-derive every pseudonym). For every audit it keeps a
fingerprint of each worker's pseudonym — SHA-256 of the pseudonym, cut to 64 bits, so
it is neither a raw id nor the pseudonym the ledger could be joined on. Before an audit
is released, its worker set is compared with every registered audit it overlaps (at least
one worker in common): if the two sets differ by at least one and fewer than k workers,
the audit is refused (``DifferencingError``) and the message says which earlier audit it
would be subtracted from. Adding or removing at least k workers, or reusing the earlier
audit, is safe in this sense: the difference is then itself a group of k or more.

What it does not cover (docs/audit.md): audits made with another key or on another
machine (no shared register), and differences in *sessions* of the same workers (e.g. the
same 12 workers with one session removed), which change one worker's figures by one task.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fairprint.errors import DifferencingError

__all__ = [
    "DifferencingError",
    "WorkerSetRegister",
    "fingerprints",
    "register_path",
]

REGISTER_NAME = "audit-worker-sets.jsonl"


def fingerprints(pseudonyms: Iterable[str]) -> frozenset[str]:
    """64-bit SHA-256 fingerprints of worker pseudonyms (never the pseudonyms themselves)."""
    return frozenset(
        hashlib.sha256(f"worker-set\x00{p}".encode()).hexdigest()[:16] for p in pseudonyms
    )


def register_path(key_file: Path) -> Path:
    """The register lives beside the key that made the pseudonyms."""
    return key_file.parent / REGISTER_NAME


@dataclass(frozen=True)
class _Entry:
    audit_id: str
    created_at: str
    workers: frozenset[str]


class WorkerSetRegister:
    """Append-only JSON-lines file of (audit id, date, worker fingerprints)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def entries(self) -> list[_Entry]:
        if not self.path.exists():
            return []
        out = []
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    data = json.loads(line)
                    out.append(
                        _Entry(
                            str(data["audit_id"]),
                            str(data["created_at"]),
                            frozenset(data["workers"]),
                        )
                    )
                except (ValueError, KeyError, TypeError):
                    continue  # a torn last line (killed run) is skipped, not fatal
        return out

    def check(self, workers: frozenset[str], k: int) -> None:
        """Raise ``DifferencingError`` if ``workers`` differs from an overlapping earlier
        audit by at least one and fewer than ``k`` workers."""
        for entry in self.entries():
            if not workers & entry.workers:
                continue
            difference = len(workers ^ entry.workers)
            if 0 < difference < k:
                raise DifferencingError(
                    f"this audit's workers differ from audit {entry.audit_id} "
                    f"({entry.created_at}) by {difference} worker(s), fewer than k={k}: "
                    "subtracting one audit from the other would reveal those workers' "
                    f"figures. Add or remove at least {k} workers, or reuse audit "
                    f"{entry.audit_id}."
                )

    def add(self, audit_id: str, created_at: str, workers: frozenset[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"audit_id": audit_id, "created_at": created_at, "workers": sorted(workers)}
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
