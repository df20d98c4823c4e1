"""Words shared by the terminal, HTML and web views: request counts and levers, per locale.

Logs from some sources give tokens but no request count (``requests`` 0 on that row): a
count alone would read "0" or "over 0 requests", so these say how many rows have no count
instead. Lever titles and notes are built in English by ``report.levers`` (the JSON keeps
them so); ``lever_title``/``lever_note`` give them in a page's language. ``t`` is the
locale's gettext (``fairprint.i18n.gettext`` bound to a locale); English when omitted.
Numbers stay English-formatted here: the pages localise them (``|l10n``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fairprint.report.levers import MODEL_LEVER, Lever
from fairprint.report.metrics import format_number

Translate = Callable[[str], str]


def english(message: str) -> str:
    """The identity: English is the source language."""
    return message


def uncounted_text(rows: int, t: Translate = english) -> str:
    """``92 rows without a request count`` (singular for one row)."""
    message = "1 row without a request count" if rows == 1 else "%(n)s rows without a request count"
    return t(message) % {"n": f"{rows:,}"}


def requests_text(requests: int, uncounted: int = 0, t: Translate = english) -> str:
    """A request count; rows that give tokens but no count are named as such, never as 0."""
    if not uncounted:
        return f"{requests:,}"
    if not requests:
        return uncounted_text(uncounted, t)
    return t("%(requests)s + %(rows)s") % {
        "requests": f"{requests:,}",
        "rows": uncounted_text(uncounted, t),
    }


def lever_scope(lever: Lever, t: Translate = english) -> str:
    """What a lever moves: ``1,234 requests``, or its tokens where the logs count no request."""
    if lever.requests:
        return t("%(n)s requests") % {"n": f"{lever.requests:,}"}
    return t("%(tokens)s tokens (the logs give no request count)") % {
        "tokens": format_number(float(lever.tokens))
    }


def lever_title(lever: Lever, t: Translate = english) -> str:
    """The lever's title (``Lever.title``) in the page's language."""
    if lever.kind == MODEL_LEVER:
        message = "Move %(model)s traffic to %(target)s"
    else:
        message = "Serve %(model)s traffic from its %(target)s region"
    return t(message) % {"model": lever.change_from, "target": lever.change_to}


_NOTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^(?P<target>\S+) is the smallest (?P<family>.+) model in the registry "
            r"\(by active parameters\); check it does the job before switching\.$"
        ),
        "%(target)s is the smallest %(family)s model in the registry (by active "
        "parameters); check it does the job before switching.",
    ),
    (
        re.compile(
            r"^(?P<target>\S+) is (?P<provider>.+)'s newest smaller model in the registry "
            r"\(by active parameters\); check it does the job before switching\.$"
        ),
        "%(target)s is %(provider)s's newest smaller model in the registry (by active "
        "parameters); check it does the job before switching.",
    ),
    (
        re.compile(
            r"^(?P<region>\S+) draws on grid (?P<zone>\S+) at (?P<intensity>\d+) gCO2e/kWh, "
            r"the lowest of (?P<provider>.+)'s regions in the registry; only where the "
            r"provider lets you choose the region\.$"
        ),
        "%(region)s draws on grid %(zone)s at %(intensity)s gCO2e/kWh, the lowest of "
        "%(provider)s's regions in the registry; only where the provider lets you choose "
        "the region.",
    ),
)


def lever_note(lever: Lever, t: Translate = english) -> str:
    """The lever's note in the page's language (as written, if its form is not known)."""
    for pattern, message in _NOTES:
        match = pattern.match(lever.note)
        if match:
            return t(message) % match.groupdict()
    return t(lever.note)


_NOTE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"no data-work disclosure recorded for family '(?P<family>[^']*)'"),
        "no data-work disclosure recorded for family %(family)s",
    ),
    (
        re.compile(
            r"estimated by analogy — the developer discloses nothing: range over "
            r"(?P<n>\d+) disclosed pipeline\(s\) \((?P<pipelines>[^)]*)\), "
            r"one post-training data set per family"
        ),
        "estimated by analogy — the developer discloses nothing: range over %(n)s disclosed "
        "pipeline(s) (%(pipelines)s), one post-training data set per family",
    ),
    (
        re.compile(
            r"lower bound: (?P<kinds>.*) left out where no time per annotation is published"
        ),
        "lower bound: %(kinds)s left out where no time per annotation is published",
    ),
)


def people_note(note: str, t: Translate = english) -> str:
    """A data-work note (parts joined by ``; ``) in the page's language.

    ``impacts.datawork`` builds these notes in English with names and counts inside; each
    known shape is matched and its message translated, anything else goes through ``t``
    whole (English where the catalogue has no entry).
    """
    parts = []
    for part in note.split("; "):
        for pattern, message in _NOTE_PATTERNS:
            match = pattern.fullmatch(part)
            if match:
                parts.append(t(message) % match.groupdict())
                break
        else:
            parts.append(t(part))
    return "; ".join(parts)
