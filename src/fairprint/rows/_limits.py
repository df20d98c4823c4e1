"""The documented limits every value passes on its way in (docs/formats.md, "Limits").

Why limits at all: a count of 2**63 overflows the ledger's sums and a float of ``inf``
turns a total into "unknown"; deep JSON exhausts Python's stack. Each limit is far above
any real log (the largest single usage bucket seen in provider exports is ~10^10 tokens)
and is checked before a value reaches the ledger.
"""

from __future__ import annotations

__all__ = ["MAX_COUNT", "MAX_FLOAT", "MAX_JSON_DEPTH"]

MAX_COUNT = 10**12
"""Largest token or request count one activity (or bucket) may carry: 0 ≤ n ≤ 10^12."""

MAX_FLOAT = 1e15
"""Largest float (energy in kWh, duration in s, pay) one row may carry; finite and ≥ 0."""

MAX_JSON_DEPTH = 64
"""Deepest nesting of JSON arrays and objects an importer reads (usage records need < 10)."""
