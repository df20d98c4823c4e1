"""French and English for the pages: message catalogues, locale choice, number formatting.

Why Babel: its ``.po`` catalogues are the format translators know, and its CLDR data
formats numbers and dates per locale (``1 234,5`` in French, ``1,234.5`` in English).
The catalogues ship as ``.po`` text only and are compiled in memory on first use
(``babel.messages``), so nothing needs a build step or the network.

Templates use Jinja2's i18n extension (``{% trans %}`` and ``_()``); the gettext
callables read the locale from each render's context (``locale``), so one environment
serves every language at once with no global state switched per request.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from io import BytesIO
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

__all__ = [
    "DEFAULT_LOCALE",
    "LANGUAGE_NAMES",
    "LOCALES",
    "gettext",
    "install",
    "localise_numbers",
    "localise_svg",
    "negotiate",
    "translations",
]

LOCALES: tuple[str, ...] = ("fr", "en")
"""The languages the pages speak; French first, as the public fairprint speaks to first."""
DEFAULT_LOCALE = "en"
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


@lru_cache(maxsize=len(LOCALES))
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of ``locale`` (English is the source: no catalogue)."""
    if locale not in LOCALES or locale == DEFAULT_LOCALE:
        return NullTranslations()
    po = resources.files("fairprint.i18n") / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as stream:
        catalog = read_po(stream, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def gettext(locale: str, message: str) -> str:
    return translations(locale).gettext(message)


def negotiate(requested: str | None, accept_language: str | None) -> str:
    """``?lang=`` if it names a known locale, else the best ``Accept-Language`` match."""
    if requested and requested.lower()[:2] in LOCALES:
        return requested.lower()[:2]
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        language = tag.strip().lower()[:2]
        if language in LOCALES and quality > 0:
            weighted.append((-quality, index, language))
    return sorted(weighted)[0][2] if weighted else DEFAULT_LOCALE


_ENGLISH_NUMBER = re.compile(
    r"(?<![\w.,-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\w.,-])\d+\.\d+(?![\d.\w-])"
)


def localise_numbers(text: str, locale: str) -> str:
    """Rewrite English-formatted numbers (``1,234.5``) inside ``text`` for ``locale``.

    Figures are formatted once, in English, by the report layer (one rounding rule for
    every door); this turns their separators into the locale's, digits unchanged.
    """
    if locale == DEFAULT_LOCALE or not text:
        return text

    def swap(match: re.Match[str]) -> str:
        raw = match.group(0)
        decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(float(raw.replace(",", "")), format=pattern, locale=locale)

    text = _ENGLISH_NUMBER.sub(swap, str(text))
    if locale == "fr":  # French typography: a narrow no-break space before % (CLDR)
        text = re.sub(r"(\d)%", "\\1\u202f%", text)
    return text


#: English fragments of the chart texts (``report/charts.py``, ``time_chart.py``), longest
#: first so that a phrase is translated before the words inside it.
CHART_FRAGMENTS: tuple[str, ...] = (
    "unknown (not counted as zero)",
    "no activity recorded",
    "band cut; highest high",
    "above the axis",
    "runs past the axis",
    "high end",
    "Minerals (ADPe)",
    "Primary energy",
    "Energy",
    "Carbon",
    "Water",
    "not shown",
    "no data",
    "No data.",
    "others",
    "unknown",
    "range",
)
_CHART_TEXT = re.compile(r"(<(?:text|tspan|title|desc)\b[^>]*>)([^<]+)")
_OVER_TIME = re.compile(r"^(.*) over time( \(.*\))?$")
_BY_GROUP = re.compile(r"\b(\w[\w ()]*?) by (\w+)\b")


def localise_svg(svg: str, locale: str) -> str:
    """The texts of an inline SVG chart (not its attributes) in ``locale``.

    Charts are drawn once, in English, by the report layer; this translates their words
    and numbers for the page, leaving the ``data-`` attributes (raw values) untouched.
    """
    if locale == DEFAULT_LOCALE:
        return svg
    t = translations(locale).gettext

    def words(text: str) -> str:
        text = _OVER_TIME.sub(
            lambda m: t("%(what)s over time") % {"what": m.group(1)} + (m.group(2) or ""), text
        )
        text = _BY_GROUP.sub(
            lambda m: t("%(metric)s by %(group)s") % {"metric": m.group(1), "group": t(m.group(2))},
            text,
        )
        for fragment in CHART_FRAGMENTS:
            if fragment in text:
                text = text.replace(fragment, t(fragment))
        return localise_numbers(text, locale)

    return _CHART_TEXT.sub(lambda m: m.group(1) + words(m.group(2)), svg)


def _locale_of(context: Context | dict[str, Any]) -> str:
    locale = context.get("locale") if context is not None else None
    return locale if locale in LOCALES else DEFAULT_LOCALE


@pass_context
def _gettext(context: Context, message: str) -> str:
    """Jinja's newstyle wrapper calls this with the render's context, then formats."""
    return gettext(_locale_of(context), message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return translations(_locale_of(context)).ngettext(singular, plural, count)


@pass_context
def _translate(context: Context, text: Any) -> str:
    """A data string (a label from the registry, a note) in the page's language.

    Unlike ``_()``, which marks its result safe for template literals, this returns plain
    text, so autoescaping still applies to values that did not come from a template.
    """
    return gettext(_locale_of(context), str(text)) if text is not None else ""


@pass_context
def _number(context: Context, value: Any, digits: int = 0) -> str:
    """A number in the page's locale: ``1 234,5`` (fr) or ``1,234.5`` (en); ``—`` if None."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")  # up to ``digits`` decimals
    return format_decimal(value, format=pattern, locale=_locale_of(context))


@pass_context
def _localise(context: Context, text: Any) -> str:
    return localise_numbers(str(text), _locale_of(context))


@pass_context
def _chart(context: Context, svg: Any) -> Markup:
    """A chart (already safe markup) with its texts in the page's language."""
    return Markup(localise_svg(str(svg), _locale_of(context)))


@pass_context
def _date(context: Context, value: Any) -> str:
    """A date (``datetime.date`` or ISO text) in the page's locale, e.g. 3 juil. 2026."""
    from datetime import date

    if value is None or value == "":
        return "—"
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return format_date(day, format="medium", locale=_locale_of(context))


def install(env: Environment) -> Environment:
    """Add the i18n extension, ``_``/``ngettext``, and the locale filters to ``env``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["tr"] = _translate
    env.filters["num"] = _number
    env.filters["l10n"] = _localise
    env.filters["localdate"] = _date
    env.filters["chart"] = _chart
    env.globals["language_names"] = LANGUAGE_NAMES
    env.globals["locales"] = LOCALES
    return env
