"""Server-rendered SVG charts with text alternatives (no JavaScript, no colour-only meaning).

The SVG has no viewBox: its geometry is in percentages of the width it is given and its text
in CSS pixels, so the bars stretch with the screen while the labels keep their size (14 px)
on a 375 px phone as on a desktop. Each bar takes three lines: its label, the bar, its value.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup, escape

ROW_HEIGHT = 62  # label line, bar, value line, gap
LABEL_BASELINE = 15
BAR_TOP, BAR_HEIGHT = 21, 16
VALUE_BASELINE = 52
LABEL_LIMIT = 40  # characters: about 280 px at 14 px, inside a phone's 343 px column


@dataclass(frozen=True)
class Bar:
    label: str
    value: Fraction  # between 0 and 1
    text: str  # the value as shown next to the bar
    marker: Fraction | None = None  # e.g. the nominal share next to an effective weight


def bar_chart(title: str, description: str, bars: list[Bar]) -> Markup:
    """A horizontal bar chart; every value is also written as text, under its bar."""
    height = ROW_HEIGHT * len(bars) + 4
    uid = f"chart-{abs(hash((title, description))) % 10**8}"
    parts = [f'<svg class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" width="100%" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(description)}</desc>']
    for i, bar in enumerate(bars):
        y = 2 + i * ROW_HEIGHT
        parts.append(f'<text class="chart-label" x="0" y="{y + LABEL_BASELINE}">{escape(_shorten(bar.label))}</text>')
        parts.append(f'<rect class="chart-track" x="0" y="{y + BAR_TOP}" width="100%" height="{BAR_HEIGHT}"/>')
        parts.append(f'<rect class="chart-bar" x="0" y="{y + BAR_TOP}" width="{_percent(bar.value)}" '
                     f'height="{BAR_HEIGHT}"/>')
        if bar.marker is not None:
            mx = _percent(bar.marker)
            parts.append(f'<line class="chart-marker" x1="{mx}" x2="{mx}" y1="{y + BAR_TOP - 4}" '
                         f'y2="{y + BAR_TOP + BAR_HEIGHT + 4}"/>')
        parts.append(f'<text class="chart-value" x="0" y="{y + VALUE_BASELINE}">{escape(bar.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _percent(value: Fraction) -> str:
    return f"{float(max(Fraction(0), min(Fraction(1), value))) * 100:.2f}%"


def _shorten(label: str, limit: int = LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
