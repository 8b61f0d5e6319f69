"""Server-rendered SVG charts with text alternatives (no JavaScript, no colour-only meaning)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup, escape

ROW_HEIGHT = 34
LABEL_WIDTH = 260
BAR_WIDTH = 360
VALUE_WIDTH = 230  # room for e.g. '30,00 % · 10,00 % par membre'


@dataclass(frozen=True)
class Bar:
    label: str
    value: Fraction  # between 0 and 1
    text: str  # the value as shown next to the bar
    marker: Fraction | None = None  # e.g. the nominal share next to an effective weight


def bar_chart(title: str, description: str, bars: list[Bar]) -> Markup:
    """A horizontal bar chart; every value is also written as text, beside its bar."""
    height = ROW_HEIGHT * len(bars) + 10
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    uid = f"chart-{abs(hash((title, description))) % 10**8}"
    parts = [f'<svg class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" viewBox="0 0 {width} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(description)}</desc>']
    for i, bar in enumerate(bars):
        y = 5 + i * ROW_HEIGHT
        length = float(max(Fraction(0), min(Fraction(1), bar.value))) * BAR_WIDTH
        parts.append(f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + 20}" text-anchor="end">'
                     f'{escape(_shorten(bar.label))}</text>')
        parts.append(f'<rect class="chart-track" x="{LABEL_WIDTH}" y="{y + 4}" width="{BAR_WIDTH}" height="22"/>')
        parts.append(f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" height="22"/>')
        if bar.marker is not None:
            mx = LABEL_WIDTH + float(max(Fraction(0), min(Fraction(1), bar.marker))) * BAR_WIDTH
            parts.append(f'<line class="chart-marker" x1="{mx:.1f}" x2="{mx:.1f}" y1="{y}" y2="{y + 30}"/>')
        parts.append(f'<text class="chart-value" x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 20}">'
                     f'{escape(bar.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _shorten(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
