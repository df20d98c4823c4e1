"""The shareable card: one calculator answer drawn as a self-contained SVG (1200 × 630).

Why SVG drawn here: it needs no image library and no font download, it scales, and it
carries its numbers as text (and in ``data-`` attributes) so it stays readable and testable.
The page turns it into a PNG in the visitor's browser (a canvas, no server dependency);
1200 × 630 is the size social networks use for link previews.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from fairprint.report.metrics import METRIC_BY_COLUMN
from fairprint.web.calculator import Answer, count_text

WIDTH, HEIGHT = 1200, 630
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


def _text(x: int, y: int, content: str, size: int, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x}" y="{y}" font-size="{size}"{extra}>{escape(content)}</text>'


def fit(text: str, width: int, largest: int) -> int:
    """A font size at which ``text`` fits ``width`` px (a sans-serif glyph is ~0.62 em)."""
    return max(12, min(largest, int(width / (0.62 * max(len(text), 1)))))


def _what(answer: Answer) -> str:
    q = answer.question
    r = answer.result
    if answer.preset is not None:
        shape = answer.preset.label
    else:
        shape = f"{r.input_tokens:,} input + {r.output_tokens:,} output tokens"
    times = "1 request" if q.requests == 1 else f"{q.requests:,} requests"
    return f"{times} · {shape}"


def _people(answer: Answer) -> str:
    work = answer.datawork
    minutes = work.minutes_per_1000_requests
    if work.basis == "analogy" and minutes is not None:
        hours = (
            f"Human work: ~{minutes[1]:.3g} min per 1,000 requests "
            "(undisclosed; estimated by analogy)"
        )
    elif work.status == "undisclosed" or work.total_hours is None:
        hours = "Human data work behind it: undisclosed"
    else:
        hours = (
            f"Human data work behind the {work.family} family: "
            f"{count_text(work.total_hours)} hours ({work.status})"
        )
    share = answer.transparency
    if share.status == "undisclosed":
        return f"{hours} · {answer.provider}: no labour disclosure found (FMTI)"
    return f"{hours} · {share.name}: {share.share:.0%} of FMTI labour indicators"


def render_card(answer: Answer) -> Markup:
    """The card of ``answer`` as an SVG document (text, no external reference)."""
    r = answer.result
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="{FONT}" class="share-card" '
        f'data-model="{escape(r.model_id)}">',
        f"<title>{escape(r.model_id)}: the hidden costs of {escape(_what(answer))}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f6f6f4"/>',
        f'<rect width="{WIDTH}" height="118" fill="#2f6f4f"/>',
        _text(
            48, 62, f"The hidden cost of asking {r.model_id}", 40, fill="#ffffff", font_weight="700"
        ),
        _text(48, 100, _what(answer), 22, fill="#e6f2ea"),
    ]
    for index, line in enumerate(answer.lines[:4]):
        x = 48 + index * 282
        metric = METRIC_BY_COLUMN[line.column]
        low, _, high = line.range_text.partition(" – ")
        parts += [
            f'<rect x="{x}" y="150" width="262" height="170" rx="12" fill="#ffffff" '
            f'stroke="#dddddd"/>',
            f'<rect x="{x}" y="150" width="8" height="170" rx="4" fill="{metric.colour}"/>',
            _text(x + 24, 188, metric.label, 22, fill="#444444"),
            _text(
                x + 24,
                240,
                line.text,
                fit(line.text, 224, 36),
                fill="#1d1d1f",
                font_weight="700",
                data_value=repr(line.central),
                class_="card-value",
            ),
            _text(
                x + 24, 278, f"low {low}" if low else "", fit(f"low {low}", 224, 17), fill="#666666"
            ),
            _text(
                x + 24,
                302,
                f"high {high}" if high else "",
                fit(f"high {high}", 224, 17),
                fill="#666666",
            ),
        ]
    y = 370
    for item in answer.comparisons:
        phrase = f"≈ {count_text(item.central)} {item.label}"
        parts.append(_text(48, y, phrase, 28, fill="#1d1d1f", data_value=repr(item.central)))
        y += 42
    parts += [
        _text(48, y + 18, _people(answer), 21, fill="#7a2e2e"),
        f'<line x1="48" x2="{WIDTH - 48}" y1="{HEIGHT - 64}" y2="{HEIGHT - 64}" stroke="#cccccc"/>',
        _text(
            48,
            HEIGHT - 30,
            f"fairprint · served from {r.datacenter} (grid {r.grid_zone}) · registry "
            f"{r.registry_version} · methodology {r.methodology_version} · ranges low–high",
            17,
            fill="#555555",
        ),
        "</svg>",
    ]
    return Markup("".join(parts))
