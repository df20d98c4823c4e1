"""Error messages said for the web: the library's messages name CLI flags (``pass
--format``), which a visitor of a page cannot pass. The same advice, in the words of
the page, replaces them; the library keeps one message per error for every door."""

from __future__ import annotations

import re

_CLI_ADVICE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"([Pp])ass --format with one of:"), "choose one of these formats in the form:"),
    (re.compile(r"([Pp])ass --format to choose"), "choose the format in the form"),
    (re.compile(r"([Pp])ass --format ([a-z|]+)"), r"choose the format (\2) in the form"),
    (re.compile(r"([Pp])ass --format"), "choose the format in the form"),
)


def for_the_web(message: str) -> str:
    """``message`` with the CLI's ``--format`` advice turned into what a visitor can do."""
    for pattern, advice in _CLI_ADVICE:

        def swap(match: re.Match[str], advice: str = advice) -> str:
            text = match.expand(advice)
            return text[0].upper() + text[1:] if match.group(1) == "P" else text

        message = pattern.sub(swap, message)
    return message
