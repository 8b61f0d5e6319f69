"""The référentiel's charts (issue 24), server-rendered SVG in web/charts.py's manner: no script, no inline style
(the CSP forbids both), no external asset, readable in grayscale and with a text alternative.

- `radar_svg`: the nine principal objectives on as many axes, one polygon per series (a college, everyone, or a
  campaign); each series differs by its line (solid, dashed, dotted…) and its point marker (circle, square,
  triangle…), never by colour alone, and the legend under the radar shows both. Its `<desc>` gives every figure; the
  page shows them in a table too.
- `movement_svg`: per objective, where a campaign stood and where the next one stands (a hollow circle, then a filled
  square, an arrow between), on a 0–100 % track, the figures written under each track.

Values are shares of their scale (0 = its lowest point, 1 = its highest: `governance.referentiel.normalised`), so
that importance (1–6) and achievement (the pole's scale) sit on the same axes. The radar has a viewBox (polar
geometry); the movement chart has none, like the bar charts: its tracks stretch with the column and its text keeps
its 14 px on a 375 px phone.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Iterable, Mapping

from flask_babel import gettext as _
from markupsafe import Markup, escape

from web.formatting import pct

SIZE = 360  # the radar's square, in viewBox units (rendered at the column's width, at most 26rem)
CENTRE, RADIUS, LABEL_RADIUS = SIZE / 2, 128, 150
RINGS = (0.25, 0.5, 0.75, 1.0)
LEGEND_ROW = 26
# The series' looks, in order (collegia.css `svg.ref-radar .radar-<style>`): the line differs in grayscale.
STYLES = ("all", "c1", "c2", "c3", "c4", "c5", "c6", "importance")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus", "star", "circle")

ROW_HEIGHT = 66  # movement chart: label line, track, value line, gap
LABEL_BASELINE, TRACK_Y, VALUE_BASELINE = 15, 31, 57
LABEL_LIMIT = 40


_COUNT = itertools.count(1)


def _uid(*parts: object) -> str:
    """An id for the chart's title and description, unique on the page even when two charts show the same."""
    return f"rchart-{abs(hash(tuple(str(p) for p in parts))) % 10**6}-{next(_COUNT)}"


def _share(value: float | Fraction | None) -> str:
    """A share of the scale as the page writes it ('67 %'), '—' when nobody rated."""
    if value is None:
        return "—"
    return pct(Fraction(value).limit_denominator(10_000), 0)


def _clamp(value: float | Fraction) -> float:
    return max(0.0, min(1.0, float(value)))


def _point(axis: int, axes: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * axis / axes
    return CENTRE + RADIUS * value * math.cos(angle), CENTRE + RADIUS * value * math.sin(angle)


def _marker(shape: str, x: float, y: float, css: str, size: float = 4.5) -> str:
    """A point marker centred on (x, y), in viewBox units."""
    s = size
    if shape == "circle":
        return f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}"/>'
    if shape == "square":
        return f'<rect class="{css}" x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}"/>'
    if shape == "triangle":
        return (f'<polygon class="{css}" points="{x:.1f},{y - s * 1.25:.1f} {x + s * 1.15:.1f},{y + s * .85:.1f} '
                f'{x - s * 1.15:.1f},{y + s * .85:.1f}"/>')
    if shape == "diamond":
        return (f'<polygon class="{css}" points="{x:.1f},{y - s * 1.3:.1f} {x + s * 1.3:.1f},{y:.1f} '
                f'{x:.1f},{y + s * 1.3:.1f} {x - s * 1.3:.1f},{y:.1f}"/>')
    if shape == "cross":
        return (f'<path class="{css} radar-stroke-marker" d="M{x - s:.1f},{y - s:.1f}L{x + s:.1f},{y + s:.1f}'
                f'M{x - s:.1f},{y + s:.1f}L{x + s:.1f},{y - s:.1f}"/>')
    if shape == "plus":
        return (f'<path class="{css} radar-stroke-marker" d="M{x - s * 1.2:.1f},{y:.1f}H{x + s * 1.2:.1f}'
                f'M{x:.1f},{y - s * 1.2:.1f}V{y + s * 1.2:.1f}"/>')
    points = " ".join(f"{x + (s * 1.4 if k % 2 == 0 else s * .6) * math.cos(-math.pi / 2 + k * math.pi / 5):.1f},"
                      f"{y + (s * 1.4 if k % 2 == 0 else s * .6) * math.sin(-math.pi / 2 + k * math.pi / 5):.1f}"
                      for k in range(10))
    return f'<polygon class="{css}" points="{points}"/>'


def series_style(index: int, style: str | None = None) -> tuple[str, str]:
    """The look of the `index`-th series (its line's CSS class suffix, its marker's shape)."""
    look = style if style in STYLES else STYLES[index % (len(STYLES) - 1)]
    return look, MARKERS[STYLES.index(look)] if style in STYLES else MARKERS[index % (len(MARKERS) - 1)]


def radar_svg(axes: list[tuple[str, str]], series: list[Mapping[str, Any]], title: str,
              description: str | None = None) -> Markup:
    """A radar: `axes` (short label written at the axis' end, its full wording), `series` [{label, values (one per
    axis, a share 0..1 or None when nobody rated), style (optional: one of `STYLES`)}]. A missing value breaks the
    series' line there. `description` comes first in the text alternative, before every figure."""
    n = len(axes)
    uid = _uid("radar", title, [s.get("label") for s in series], [tuple(s.get("values") or ()) for s in series])
    figures = [description] if description else []
    figures.append(_("Each axis runs from the centre (the lowest point of the scale) to the edge (its highest)."))
    figures.append("; ".join(f"{short}: {full}" for short, full in axes) + ".")
    for s in series:
        values = list(s.get("values") or [])
        figures.append(f"{s.get('label', '')}: " + ", ".join(
            f"{short} {_share(values[k] if k < len(values) else None)}" for k, (short, _full) in enumerate(axes)) + ".")
    height = SIZE + 8 + LEGEND_ROW * len(series)
    parts = [f'<svg class="ref-radar" role="img" aria-labelledby="{uid}-t {uid}-d" viewBox="0 0 {SIZE} {height}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(" ".join(figures))}</desc>']
    if n >= 3:
        for ring in RINGS:
            ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(k, n, ring) for k in range(n)))
            parts.append(f'<polygon class="radar-ring" points="{ring_points}"/>')
        for k, (short, full) in enumerate(axes):
            x, y = _point(k, n, 1.0)
            parts.append(f'<line class="radar-axis" x1="{CENTRE:.1f}" y1="{CENTRE:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
            angle = -math.pi / 2 + 2 * math.pi * k / n
            lx, ly = CENTRE + LABEL_RADIUS * math.cos(angle), CENTRE + LABEL_RADIUS * math.sin(angle)
            anchor = "middle" if abs(math.cos(angle)) < .3 else ("start" if math.cos(angle) > 0 else "end")
            parts.append(f'<text class="radar-label" x="{lx:.1f}" y="{ly + 5:.1f}" text-anchor="{anchor}">'
                         f'<title>{escape(full)}</title>{escape(short)}</text>')
        for ring, text in ((.5, "50 %"), (1.0, "100 %")):  # on the ring, between the first two axes
            (x0, y0), (x1, y1) = _point(0, n, ring), _point(1, n, ring)
            parts.append(f'<text class="radar-scale" x="{(x0 + x1) / 2 + 3:.1f}" y="{(y0 + y1) / 2 - 3:.1f}">'
                         f'{text}</text>')
    for index, s in enumerate(series):
        look, shape = series_style(index, s.get("style"))
        values = list(s.get("values") or [])
        points = [None if k >= len(values) or values[k] is None else _point(k, n, _clamp(values[k]))
                  for k in range(n)]
        css = f"radar-series radar-{look}"
        parts.append(f'<g class="radar-group"><title>{escape(s.get("label", ""))}</title>')
        if points and all(p is not None for p in points):
            parts.append(f'<polygon class="{css}" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                         + '"/>')
        else:  # a line through the rated axes only, broken where nobody rated
            for k in range(n):
                a, b = points[k], points[(k + 1) % n]
                if a is not None and b is not None and n > 1:
                    parts.append(f'<line class="{css} radar-open" x1="{a[0]:.1f}" y1="{a[1]:.1f}" '
                                 f'x2="{b[0]:.1f}" y2="{b[1]:.1f}"/>')
        for p in points:
            if p is not None:
                parts.append(_marker(shape, p[0], p[1], f"radar-marker radar-marker-{look}"))
        parts.append("</g>")
    for index, s in enumerate(series):  # the legend: the line and the marker, then the label
        look, shape = series_style(index, s.get("style"))
        y = SIZE + 8 + LEGEND_ROW * index + LEGEND_ROW / 2
        parts.append(f'<line class="radar-series radar-{look} radar-open" x1="8" y1="{y:.1f}" x2="52" y2="{y:.1f}"/>')
        parts.append(_marker(shape, 30, y, f"radar-marker radar-marker-{look}"))
        legend = escape(_shorten(str(s.get("label", "")), 44))
        parts.append(f'<text class="radar-legend" x="62" y="{y + 5:.1f}">{legend}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def movement_svg(rows: Iterable[Mapping[str, Any]], title: str, description: str, *, before: str,
                 after: str) -> Markup:
    """Per row {label, before, after (shares 0..1 or None), text (the figures as written under the track)}: a hollow
    circle where it stood (`before` names that campaign), a filled square where it stands (`after`), an arrow from
    one to the other (its head halfway). No viewBox: the tracks stretch with the column, the text keeps its size."""
    rows = list(rows)
    uid = _uid("movement", title, description, [(r.get("label"), r.get("before"), r.get("after")) for r in rows])
    legend = 54
    figures = escape(" ".join(f"{r.get('label', '')}: {r.get('text', '')}." for r in rows))
    height = legend + ROW_HEIGHT * len(rows) + 4
    parts = [f'<svg class="chart ref-movement" role="img" aria-labelledby="{uid}-t {uid}-d" width="100%" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(description)} {figures}</desc>',
             f'<defs><marker id="{uid}-arrow" class="movement-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" '
             f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             f'<path d="M0,0L10,5L0,10z" fill="#1b1f1c"/></marker>'
             # the markers, placed by <use> (whose x may be a share of the width); their look is in presentation
             # attributes, which the CSP allows (a stylesheet's rules do not reach a <use>'s copy in every browser)
             f'<circle id="{uid}-before" cx="0" cy="0" r="7" fill="#ffffff" stroke="#1b1f1c" stroke-width="2.5"/>'
             f'<rect id="{uid}-after" x="-6" y="-6" width="12" height="12" fill="#1d4a33" stroke="#1d4a33"/></defs>',
             # the legend, one campaign a line
             f'<use href="#{uid}-before" x="9" y="12"/>',
             f'<text class="chart-value" x="24" y="17">{escape(_shorten(before, LABEL_LIMIT))}</text>',
             f'<use href="#{uid}-after" x="9" y="36"/>',
             f'<text class="chart-value" x="24" y="41">{escape(_shorten(after, LABEL_LIMIT))}</text>']
    for i, row in enumerate(rows):
        y = legend + i * ROW_HEIGHT
        label = escape(_shorten(str(row.get("label", ""))))
        parts.append(f'<text class="chart-label" x="0" y="{y + LABEL_BASELINE}">{label}</text>')
        parts.append(f'<rect class="chart-track" x="0" y="{y + TRACK_Y - 3}" width="100%" height="6"/>')
        b, a = row.get("before"), row.get("after")
        if b is not None and a is not None and abs(float(a) - float(b)) > 1e-9:
            middle = (float(a) + float(b)) / 2  # the arrowhead halfway: at the end, the square would hide it
            parts.append(f'<line class="movement-line" x1="{_percent(b)}" y1="{y + TRACK_Y}" x2="{_percent(middle)}" '
                         f'y2="{y + TRACK_Y}" marker-end="url(#{uid}-arrow)"/>')
            parts.append(f'<line class="movement-line" x1="{_percent(middle)}" y1="{y + TRACK_Y}" x2="{_percent(a)}" '
                         f'y2="{y + TRACK_Y}"/>')
        if b is not None:
            parts.append(f'<use href="#{uid}-before" x="{_percent(b)}" y="{y + TRACK_Y}"/>')
        if a is not None:
            parts.append(f'<use href="#{uid}-after" x="{_percent(a)}" y="{y + TRACK_Y}"/>')
        parts.append(f'<text class="chart-value" x="0" y="{y + VALUE_BASELINE}">{escape(str(row.get("text", "")))}'
                     f'</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _percent(value: float | Fraction) -> str:
    return f"{_clamp(value) * 100:.2f}%"


def _shorten(label: str, limit: int = LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
