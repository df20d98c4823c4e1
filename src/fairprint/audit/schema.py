"""The canonical work-session table every work-log importer produces.

One row is one unit of work a person started on a platform (an MTurk assignment, a Prolific
submission, a Toloka assignment, a Label Studio annotation, a row of the canonical CSV).
Why a table of its own: the audit measures time and pay of people, not tokens, so it does
not fit the activity table. Worker and task identifiers are keyed hashes (see
``pseudonym.py``); no raw identifier and no free text from tasks is ever put in it.

Statuses are normalised to five words so that measures read one vocabulary:

==========  =====================================================  ============
status      meaning                                                paid?
==========  =====================================================  ============
approved    accepted by the requester and paid                     yes
submitted   handed in, awaiting review (counted as paid, flagged)  yes
rejected    handed in and refused: the work was done, not paid     no
returned    given back by the worker after starting                no
abandoned   timed out, expired or skipped                          no
==========  =====================================================  ============
"""

from __future__ import annotations

import pyarrow as pa

__all__ = [
    "CANONICAL_CSV_COLUMNS",
    "CONTENT_CATEGORIES",
    "HARMFUL_CATEGORIES",
    "PAID_STATUSES",
    "STATUSES",
    "WORK_SESSION_SCHEMA",
    "normalise_category",
]

WORK_SESSION_SCHEMA = pa.schema(
    [
        pa.field("session_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("worker", pa.string(), nullable=False),
        pa.field("country", pa.string()),
        pa.field("task", pa.string()),
        pa.field("started_at", pa.timestamp("us", tz="UTC")),
        pa.field("submitted_at", pa.timestamp("us", tz="UTC")),
        pa.field("duration_s", pa.float64()),
        pa.field("pay", pa.float64()),
        pa.field("currency", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("content_category", pa.string()),
    ]
)
"""session_id: keyed hash of source + native id (re-imports of the same row dedupe);
worker/task: keyed hashes; duration_s: seconds worked on the unit (submitted - started when
both are known); pay: the reward offered for the unit in ``currency`` (paid only when the
status is paid); content_category: one of CONTENT_CATEGORIES or null (not flagged)."""

STATUSES: tuple[str, ...] = ("approved", "submitted", "rejected", "returned", "abandoned")
PAID_STATUSES: tuple[str, ...] = ("approved", "submitted")

HARMFUL_CATEGORIES: tuple[str, ...] = ("violent", "sexual", "hateful", "self-harm")
CONTENT_CATEGORIES: tuple[str, ...] = ("none", *HARMFUL_CATEGORIES, "other")

CANONICAL_CSV_COLUMNS: tuple[str, ...] = (
    "worker",
    "country",
    "task",
    "started",
    "submitted",
    "pay",
    "currency",
    "status",
    "content_category",
)
"""Required header of the canonical CSV (``duration_s`` may be added as an optional column)."""

_CATEGORY_ALIASES = {
    "": None,
    "none": "none",
    "safe": "none",
    "benign": "none",
    "violent": "violent",
    "violence": "violent",
    "gore": "violent",
    "sexual": "sexual",
    "sex": "sexual",
    "nsfw": "sexual",
    "csam": "sexual",
    "hateful": "hateful",
    "hate": "hateful",
    "hate-speech": "hateful",
    "hate_speech": "hateful",
    "self-harm": "self-harm",
    "self_harm": "self-harm",
    "selfharm": "self-harm",
    "self harm": "self-harm",
    "suicide": "self-harm",
}


def normalise_category(value: str | None) -> str | None:
    """Map a content label to the controlled vocabulary; anything else becomes ``other``.

    Why never keep the raw text: a category column is a place where free text from a task
    could leak into a report, so unknown labels are reduced to ``other``.
    """
    if value is None:
        return None
    key = value.strip().lower()
    if key in _CATEGORY_ALIASES:
        return _CATEGORY_ALIASES[key]
    return "other"
