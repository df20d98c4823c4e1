"""One reading of ``since``/``until`` for the CLI, the JSON API and the dashboard.

Both bounds are inclusive calendar periods in UTC: ``--since 2026-07-01 --until 2026-07-31``
(or ``?since=2026-07-01&until=2026-07-31``) is all of July; a month (``2026-07``) stands for
its first day as ``since`` and for its whole last day as ``until``. A full ISO 8601 time is
an exact instant (``until`` then excludes that instant). The result is the half-open UTC
range ``[start, end)`` that :func:`fairprint.report.report_from_ledger` takes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fairprint.errors import InputError

PERIOD_HELP = "YYYY-MM-DD or YYYY-MM (UTC, inclusive), or an ISO 8601 time"


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _bound(text: str | None, name: str, *, end: bool) -> datetime | None:
    """One bound: a day or month (whole, inclusive) or an exact instant."""
    if text is None or text.strip() == "":
        return None
    text = text.strip()
    try:
        if len(text) == 7:
            first = date.fromisoformat(f"{text}-01")
            return datetime.combine(_next_month(first) if end else first, time(0), tzinfo=UTC)
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day + timedelta(days=end), time(0), tzinfo=UTC)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{name} {text!r} is not a date: use {PERIOD_HELP}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def parse_period(
    since: str | None, until: str | None, *, names: tuple[str, str] = ("since", "until")
) -> tuple[datetime | None, datetime | None]:
    """``since``/``until`` as given by a person (both inclusive) as ``[start, end)`` in UTC."""
    start = _bound(since, names[0], end=False)
    end = _bound(until, names[1], end=True)
    if start is not None and end is not None and end <= start:
        raise InputError(
            f"{names[1]} ({until}) is before {names[0]} ({since}): swap them"
            if end < start
            else f"{names[0]} ({since}) and {names[1]} ({until}) leave an empty period"
        )
    return start, end
