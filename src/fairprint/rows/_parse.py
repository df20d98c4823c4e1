"""Field parsers: text or JSON values → checked Python values, or ``RowError``.

One set for usage logs and work logs, so that a count, a time or a label means the same
whichever door it came through. Each parser is also the validation gate for its kind of
value (``_limits``): counts are whole numbers in ``0 ≤ n ≤ MAX_COUNT`` (``1.5``, ``NaN``,
``2**63`` are refused, never rounded), floats are finite and in ``0 ≤ x ≤ MAX_FLOAT``, and
text loses its control characters (ANSI escapes included) so that no label can drive a
terminal.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from fairprint.rows._limits import MAX_COUNT, MAX_FLOAT
from fairprint.rows._row import RowError

__all__ = [
    "CONTROL_PATTERN",
    "as_count",
    "as_float",
    "as_money",
    "as_text",
    "as_time",
    "clean_text",
]

CONTROL_PATTERN = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI sequences (colours, cursor moves)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC sequences (titles, hyperlinks)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC
    r"|[\x00-\x1f\x7f-\x9f]"  # every other C0/C1 control character, ESC included
)
"""What ``clean_text`` removes; also used by the vectorised gate (``gate.py``)."""
_CONTROL = re.compile(CONTROL_PATTERN)


def _short(value: Any) -> str:
    return repr(value if not isinstance(value, str) else value.strip()[:40])


def clean_text(text: str) -> str:
    """``text`` without control characters or terminal escape sequences."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def as_text(value: Any) -> str | None:
    """Trimmed text without control characters; ``None`` for missing or blank."""
    if value is None:
        return None
    text = clean_text(str(value)).strip()
    return text or None


def _count_of_float(value: float, name: str, shown: Any) -> int:
    if not math.isfinite(value) or value != int(value):
        raise RowError(f"{name}: {_short(shown)} is not a whole number")
    return int(value)


def as_count(value: Any, name: str) -> int:
    """A whole count in ``0 ≤ n ≤ MAX_COUNT`` from JSON/CSV; ``None``/empty count as 0."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise RowError(f"{name}: {value!r} is not a count")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = _count_of_float(value, name, value)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > 40:
            raise RowError(f"{name}: {_short(value)} is not a count")
        try:
            number = int(text)
        except ValueError:
            try:
                as_float = float(text)
            except ValueError:
                raise RowError(f"{name}: {_short(value)} is not a number") from None
            number = _count_of_float(as_float, name, value)
    else:
        raise RowError(f"{name}: a {type(value).__name__} is not a count")
    if number < 0:
        raise RowError(f"{name}: {number} is negative")
    if number > MAX_COUNT:
        raise RowError(f"{name}: {number:.3g} is above the limit of {MAX_COUNT:.0e} per row")
    return number


def as_float(value: Any, name: str) -> float | None:
    """A finite float in ``0 ≤ x ≤ MAX_FLOAT``; ``None`` for missing or empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RowError(f"{name}: {_short(value)} is not a number")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        raise RowError(f"{name}: {_short(value)} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise RowError(f"{name}: {_short(value)} must be a finite non-negative number")
    if number > MAX_FLOAT:
        raise RowError(f"{name}: {number:.3g} is above the limit of {MAX_FLOAT:.0e}")
    return number


_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "₱": "PHP"}
_AMOUNT = re.compile(r"^([-+0-9.eE]+)\s*([A-Za-z]{3})?$")
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")


def as_money(text: str | None, name: str) -> tuple[float | None, str | None]:
    """``"$0.05"`` → (0.05, "USD"); ``"1.50 GBP"`` → (1.5, "GBP"); ``"0.3"`` → (0.3, None)."""
    if text is None or not text.strip():
        return None, None
    value = text.strip()
    currency = None
    for symbol, code in _SYMBOLS.items():
        if value.startswith(symbol):
            value, currency = value[len(symbol) :], code
            break
    match = _AMOUNT.match(value)
    if not match or not _NUMBER.match(match.group(1)):
        raise RowError(f"{name}: {_short(text)} is not an amount")
    if match.group(2):
        currency = match.group(2).upper()
    return as_float(match.group(1), name), currency


_TZ_ABBREVIATIONS = {"UTC": 0, "GMT": 0, "Z": 0, "PST": -8, "PDT": -7, "EST": -5, "EDT": -4}
_MTURK_TIME = re.compile(
    r"^\w{3} (?P<rest>\w{3} \d{1,2} \d{2}:\d{2}:\d{2}) (?P<tz>[A-Z]{1,4}) (?P<year>\d{4})$"
)


def _unix(value: float, name: str, shown: Any) -> datetime:
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise RowError(f"{name}: {_short(shown)} is out of the range of dates") from None


def as_time(value: Any, name: str) -> datetime | None:
    """An aware UTC datetime; ``None`` for missing or empty.

    Reads ISO 8601 / RFC 3339 (naive = UTC, ``" UTC"`` suffix accepted), unix seconds
    (numbers or numeric text) and MTurk's ``Fri Nov 01 10:00:00 PDT 2024``.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RowError(f"{name}: {value!r} is not an ISO 8601 time")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise RowError(f"{name}: {value!r} is not an ISO 8601 time")
        return _unix(value, name, value)
    text = str(value).strip()
    if not text:
        return None
    match = _MTURK_TIME.match(text)
    if match:
        offset = _TZ_ABBREVIATIONS.get(match.group("tz"))
        if offset is None:
            raise RowError(f"{name}: time zone {match.group('tz')!r} is not known")
        try:
            naive = datetime.strptime(
                f"{match.group('rest')} {match.group('year')}", "%b %d %H:%M:%S %Y"
            )
        except ValueError:
            raise RowError(f"{name}: {_short(text)} is not an ISO 8601 time") from None
        return (naive - timedelta(hours=offset)).replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    except ValueError:
        try:
            seconds = float(text)
        except ValueError:
            raise RowError(f"{name}: {_short(text)} is not an ISO 8601 time") from None
        if not math.isfinite(seconds):
            raise RowError(f"{name}: {_short(text)} is not an ISO 8601 time") from None
        return _unix(seconds, name, text)
    try:
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise RowError(f"{name}: {_short(text)} is out of the range of dates") from None
