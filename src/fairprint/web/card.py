"""The shareable card: one calculator answer drawn as a self-contained SVG (1200 × 630).

Why SVG drawn here: it needs no image library and no font download, it scales, and it
carries its numbers as text (and in ``data-`` attributes) so it stays readable and testable.
The page turns it into a PNG in the visitor's browser (a canvas, no server dependency);
1200 × 630 is the size social networks use for link previews.
"""

from __future__ import annotations

from functools import partial

from markupsafe import Markup, escape

from fairprint.i18n import gettext, localise_numbers
from fairprint.report import METRIC_BY_COLUMN
from fairprint.web.calculator import Answer, count_text

WIDTH, HEIGHT = 1200, 630
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


def _text(x: int, y: int, content: str, size: int, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x}" y="{y}" font-size="{size}"{extra}>{escape(content)}</text>'


def fit(text: str, width: int, largest: int) -> int:
    """A font size at which ``text`` fits ``width`` px (a sans-serif glyph is ~0.62 em)."""
    return max(12, min(largest, int(width / (0.62 * max(len(text), 1)))))


def _what(answer: Answer, locale: str = "en") -> str:
    t = partial(gettext, locale)
    q = answer.question
    r = answer.result
    if answer.preset is not None:
        shape = t(answer.preset.label)
    else:
        shape = t("%(input)s input + %(output)s output tokens") % {
            "input": f"{r.input_tokens:,}",
            "output": f"{r.output_tokens:,}",
        }
    times = t("1 request") if q.requests == 1 else t("%(n)s requests") % {"n": f"{q.requests:,}"}
    return localise_numbers(f"{times} · {shape}", locale)


def _people(answer: Answer, locale: str = "en") -> str:
    t = partial(gettext, locale)
    work = answer.datawork
    minutes = work.minutes_per_1000_requests
    if work.basis == "analogy" and minutes is not None:
        hours = t(
            "Human work: ~%(minutes)s min per 1,000 requests (undisclosed; estimated by analogy)"
        ) % {"minutes": f"{minutes[1]:.3g}"}
    elif work.status == "undisclosed" or work.total_hours is None:
        hours = t("Human data work behind it: undisclosed")
    else:
        hours = t("Human data work behind the %(family)s family: %(hours)s hours (%(status)s)") % {
            "family": work.family,
            "hours": count_text(work.total_hours),
            "status": t(work.status),
        }
    share = answer.transparency
    if share.status == "undisclosed":
        tail = t("%(provider)s: no labour disclosure found (FMTI)") % {"provider": answer.provider}
    else:
        tail = t("%(name)s: %(share)s of FMTI labour indicators") % {
            "name": share.name,
            "share": f"{share.share:.0%}",
        }
    return localise_numbers(f"{hours} · {tail}", locale)


def _people_lines(text: str, x: int, y: int, size: int = 21) -> list[str]:
    """The people line, on two lines where one would run past the card (French is longer)."""
    room = WIDTH - 2 * x
    if fit(text, room, size) == size:
        return [_text(x, y, text, size, fill="#7a2e2e")]
    first, _, second = text.partition(" · ")
    return [
        _text(x, y, first, fit(first, room, size), fill="#7a2e2e"),
        _text(x, y + size + 4, second, fit(second, room, size), fill="#7a2e2e"),
    ]


def render_card(answer: Answer, locale: str = "en") -> Markup:
    """The card of ``answer`` as an SVG document (text, no external reference)."""
    t = partial(gettext, locale)
    n = partial(localise_numbers, locale=locale)
    r = answer.result
    title = t("%(model)s: the hidden costs of %(what)s") % {
        "model": r.model_id,
        "what": _what(answer, locale),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="{FONT}" class="share-card" '
        f'data-model="{escape(r.model_id)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f6f6f4"/>',
        f'<rect width="{WIDTH}" height="118" fill="#2f6f4f"/>',
        _text(
            48,
            62,
            t("The hidden cost of asking %(model)s") % {"model": r.model_id},
            40,
            fill="#ffffff",
            font_weight="700",
        ),
        _text(48, 100, _what(answer, locale), 22, fill="#e6f2ea"),
    ]
    for index, line in enumerate(answer.lines[:4]):
        x = 48 + index * 282
        metric = METRIC_BY_COLUMN[line.column]
        low, _, high = n(line.range_text).partition(" – ")
        low_text, high_text = (
            t("low %(value)s") % {"value": low},
            t("high %(value)s") % {"value": high},
        )
        parts += [
            f'<rect x="{x}" y="150" width="262" height="170" rx="12" fill="#ffffff" '
            f'stroke="#dddddd"/>',
            f'<rect x="{x}" y="150" width="8" height="170" rx="4" fill="{metric.colour}"/>',
            _text(x + 24, 188, t(metric.label), 22, fill="#444444"),
            _text(
                x + 24,
                240,
                n(line.text) if line.text != "unknown" else t("unknown"),
                fit(line.text, 224, 36),
                fill="#1d1d1f",
                font_weight="700",
                data_value=repr(line.central),
                class_="card-value",
            ),
            _text(x + 24, 278, low_text if low else "", fit(low_text, 224, 17), fill="#666666"),
            _text(x + 24, 302, high_text if high else "", fit(high_text, 224, 17), fill="#666666"),
        ]
    y = 370
    for item in answer.comparisons:
        phrase = f"≈ {n(count_text(item.central))} {t(item.label)}"
        parts.append(_text(48, y, phrase, 28, fill="#1d1d1f", data_value=repr(item.central)))
        y += 42
    footer = t(
        "fairprint · served from %(datacenter)s (grid %(zone)s) · registry %(registry)s"
        " · methodology %(methodology)s · ranges low–high"
    ) % {
        "datacenter": r.datacenter,
        "zone": r.grid_zone,
        "registry": r.registry_version,
        "methodology": r.methodology_version,
    }
    parts += [
        *_people_lines(_people(answer, locale), 48, y + 18),
        f'<line x1="48" x2="{WIDTH - 48}" y1="{HEIGHT - 64}" y2="{HEIGHT - 64}" stroke="#cccccc"/>',
        _text(48, HEIGHT - 30, footer, fit(footer, WIDTH - 96, 17), fill="#555555"),
        "</svg>",
    ]
    return Markup("".join(parts))
