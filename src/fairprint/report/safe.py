"""Labels made safe for the places a report goes: spreadsheets and terminals.

Why: team, project, user and model names come from the organisation's logs, so anyone who
can write a log line chooses them. In a CSV opened by a spreadsheet, a cell that begins
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
(``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``): OWASP's rule for CSV injection is to prefix
such a cell with a single quote, which spreadsheets show as text
(https://owasp.org/www-community/attacks/CSV_Injection). In a terminal, escape sequences
in a label can rewrite the screen, set the window title or hide text; they are removed,
with every other control character.
"""

from __future__ import annotations

import re

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet may read as the start of a formula (OWASP)."""

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erase
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]?"  # other escapes (and a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def spreadsheet_cell(text: str) -> str:
    """``text`` prefixed with ``'`` when a spreadsheet would read it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def terminal_text(text: str) -> str:
    """``text`` without escape sequences or control characters (tabs and newlines kept)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))
