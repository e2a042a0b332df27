"""Charts as inline SVG, drawn here so the report needs no script library and no network.

Every chart reads on paper, without hovering: labels and values are printed, lines
differ by colour *and* dash, every chart with more than one series has a legend, and
text of the office is passed in by the caller (Indonesian, with its English beside it
for the language switch).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from pipelines.lib.office.formats import percent

FONT_SIZE = 11  # the charts' text, px (templates/report.css)
# widths of DejaVu Sans / system-ui glyphs in em, generous so no label is cut: the
# browser's font is unknown here, and a name cut at its start is worse than one too short
_NARROW, _WIDE = set("iljtfr.,:;'|!()[] "), set("mwMW")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width ``text`` takes at ``size`` px, estimated per glyph."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.34
        elif char in _WIDE:
            em += 0.95
        elif char.isupper() or char.isdigit():
            em += 0.70
        else:
            em += 0.60
    return em * size


def fit(text: str, width: float, size: float = FONT_SIZE) -> str:
    """``text`` cut with an ellipsis to fit ``width`` px (whole when it fits)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class Label:
    """Chart text in Indonesian, and its English for the language switch."""

    id: str
    en: str

    def svg(self, x: float, y: float, css: str, anchor: str = "start", extra: str = "") -> str:
        return (
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{css}" '
            f'data-en="{escape(self.en)}"{extra}>{escape(self.id)}</text>'
        )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    colour: str
    text: str  # the value as the office reads it, e.g. '87,65 % (Baik)'
    text_en: str | None = None  # the same for the English switch, when it has words


def bar_ranking(bars: list[Bar], max_value: float, reference: float | None = None) -> str:
    """Horizontal bars, one per agency, in the given order; the values in a column of
    their own to the right, so no value sits on the ``reference`` line (labelled above
    the bars)."""
    label_width, bar_width, value_width, row, top = 280, 340, 150, 16, 18
    width, height = label_width + bar_width + value_width, top + row * len(bars) + 4
    scale = bar_width / max_value if max_value else 0
    parts = [_svg_open(width, height, "bar-ranking")]
    for i, bar in enumerate(bars):
        y = top + i * row
        length = max((bar.value or 0) * scale, 0)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 11}" text-anchor="end" class="lbl">'
            f"{escape(fit(bar.label, label_width - 10))}</text>"
            f'<rect class="bar" x="{label_width}" y="{y + 2}" width="{length:.1f}" height="11" '
            f'fill="{bar.colour}"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>'
            f'<text x="{label_width + bar_width + 8}" y="{y + 11}" class="val"'
            + (f' data-en="{escape(bar.text_en)}"' if bar.text_en else "")
            + f">{escape(bar.text)}</text>"
        )
    if reference is not None:
        x = label_width + reference * scale
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 2}" y2="{height}" class="ref"/>'
            f'<text x="{x:.1f}" y="11" text-anchor="middle" class="val">'
            f"{percent(reference, 0)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    label: str  # short name, printed beside the point
    x: float
    y: float
    colour: str
    text: str  # full name and values, on hover


# quadrant id and the corner of the plot it takes, by (target met, money spent)
QUADRANT_CORNERS = {
    (True, False): ("real_efficiency", "top-left"),
    (True, True): ("effective", "top-right"),
    (False, False): ("under_execution", "bottom-left"),
    (False, True): ("waste", "bottom-right"),
}


def quadrant_scatter(
    points: list[Point],
    x_threshold: float,
    y_threshold: float,
    x_title: Label,
    y_title: Label,
    quadrant_names: dict[str, Label],
) -> str:
    """Capaian (y) against serapan (x); the thresholds split the four quadrants, whose
    names are written in their corners. Axes span the data (and the thresholds). Each
    point is labelled with its short name where the label fits without overlapping
    another; the caller lists every agency per quadrant beneath the chart."""
    width, height, pad = 760, 500, 54
    xs = [p.x for p in points] + [x_threshold]
    ys = [p.y for p in points] + [y_threshold]
    x_span, y_span = (max(xs) - min(xs)) or 0.1, (max(ys) - min(ys)) or 0.1
    x_lo, x_hi = min(xs) - 0.06 * x_span, max(xs) + 0.06 * x_span
    y_lo, y_hi = min(ys) - 0.06 * y_span, max(ys) + 0.08 * y_span

    def sx(v: float) -> float:
        return pad + (v - x_lo) / (x_hi - x_lo) * (width - 2 * pad)

    def sy(v: float) -> float:
        return height - pad - (v - y_lo) / (y_hi - y_lo) * (height - 2 * pad)

    corners = {
        "top-left": (pad + 6, pad + 14, "start"),
        "top-right": (width - pad - 6, pad + 14, "end"),
        "bottom-left": (pad + 6, height - pad - 6, "start"),
        "bottom-right": (width - pad - 6, height - pad - 6, "end"),
    }
    parts = [
        _svg_open(width, height, "quadrant-scatter"),
        f'<rect x="{pad}" y="{pad}" width="{width - 2 * pad}" height="{height - 2 * pad}" '
        'class="frame"/>',
    ]
    parts.append(
        _scatter_axes(
            sx, sy, (x_lo, x_hi), (y_lo, y_hi), (x_threshold, y_threshold), pad, width, height
        )
    )
    parts.append(
        x_title.svg(width / 2, height - 10, "axis", "middle")
        + y_title.svg(14, height / 2, "axis", "middle", f' transform="rotate(-90 14 {height / 2})"')
    )
    for quadrant, corner in QUADRANT_CORNERS.values():
        x, y, anchor = corners[corner]
        parts.append(quadrant_names[quadrant].svg(x, y, "quadrant-name", anchor))
    placed = [
        (x - 120 if a == "end" else x, y - 12, x + 120 if a == "start" else x, y + 2)
        for x, y, a in corners.values()
    ]
    at = [(p, sx(p.x), sy(p.y)) for p in points]
    parts.append(_labelled_points(at, placed, pad, width, height))
    parts.append("</svg>")
    return "".join(parts)


def _scatter_axes(sx, sy, x_range, y_range, thresholds, pad, width, height) -> str:
    """Percent ticks on both axes and the two threshold lines."""
    parts = []
    for tick in _ticks(*x_range):
        parts.append(
            f'<text x="{sx(tick):.1f}" y="{height - pad + 16}" text-anchor="middle" '
            f'class="val">{tick * 100:.0f} %</text>'
        )
    for tick in _ticks(*y_range):
        parts.append(
            f'<text x="{pad - 6}" y="{sy(tick) + 4:.1f}" text-anchor="end" class="val">'
            f"{tick * 100:.0f} %</text>"
        )
    tx, ty = sx(thresholds[0]), sy(thresholds[1])
    parts.append(
        f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{pad}" y2="{height - pad}" class="ref"/>'
        f'<line x1="{pad}" x2="{width - pad}" y1="{ty:.1f}" y2="{ty:.1f}" class="ref"/>'
    )
    return "".join(parts)


def _labelled_points(at, placed, pad, width, height) -> str:
    """Each point as a dot (its full text on hover), then its short label where one fits
    without overlapping a dot, a corner name or another label; top-most labelled first."""
    placed = [(cx - 5, cy - 5, cx + 5, cy + 5) for _, cx, cy in at] + placed
    parts = [
        f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="5" '
        f'fill="{p.colour}"><title>{escape(p.text)}</title></circle>'
        for p, cx, cy in at
    ]
    for p, cx, cy in sorted(at, key=lambda a: (-a[0].y, a[0].x)):
        box = _free_label_box(cx, cy, text_width(p.label, 10), placed, pad, width, height)
        if box is None:
            continue
        placed.append(box)
        parts.append(
            f'<text x="{box[0]:.1f}" y="{box[3] - 2:.1f}" class="point-label">'
            f"{escape(p.label)}</text>"
        )
    return "".join(parts)


def _free_label_box(cx, cy, text_width, placed, pad, width, height):
    """The first of right, left, above, below of a point where its label overlaps
    nothing placed and stays in the plot; None when there is no such place."""
    for x0, y0 in (
        (cx + 7, cy - 6),
        (cx - 7 - text_width, cy - 6),
        (cx - text_width / 2, cy - 20),
        (cx - text_width / 2, cy + 8),
    ):
        box = (x0, y0, x0 + text_width, y0 + 12)
        inside = pad < box[0] and box[2] < width - pad and pad < box[1] and box[3] < height - pad
        if inside and not any(_overlap(box, other) for other in placed):
            return box
    return None


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


DASHES = ["", "6 3", "2 3", "8 3 2 3"]


def trend_lines(
    years: list[int],
    series: dict[Label, tuple[str, list[float | None]]],
    width: int = 360,
    height: int = 190,
) -> str:
    """Rates across years: one line per series (colour and dash differ, so they read in
    black and white too), the values on a y axis, a legend above, 100 % dashed."""
    pad, top = 42, 30
    values = [v for _, vals in series.values() for v in vals if v is not None] or [0.0, 1.0]
    lo, hi = min(min(values), 1.0), max(max(values), 1.0)
    lo, hi = lo - 0.05 * ((hi - lo) or 1), hi + 0.05 * ((hi - lo) or 1)
    span = len(years) - 1 or 1

    def sx(i: int) -> float:
        if len(years) == 1:  # one year: its points in the middle, not at the y axis
            return (pad + width - 16) / 2
        return pad + i / span * (width - pad - 16)

    def sy(v: float) -> float:
        return height - 24 - (v - lo) / (hi - lo) * (height - 24 - top)

    parts = [_svg_open(width, height, "trend")]
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{sx(i):.1f}" y="{height - 8}" text-anchor="middle" class="val">{year}</text>'
        )
    for tick in _ticks(lo, hi):
        parts.append(
            f'<text x="{pad - 5}" y="{sy(tick) + 4:.1f}" text-anchor="end" class="val">'
            f'{tick * 100:.0f} %</text><line x1="{pad}" x2="{width - 16}" y1="{sy(tick):.1f}" '
            f'y2="{sy(tick):.1f}" class="grid"/>'
        )
    parts.append(
        f'<line x1="{pad}" x2="{width - 16}" y1="{sy(1.0):.1f}" y2="{sy(1.0):.1f}" class="ref"/>'
    )
    legend_x = pad
    for n, (name, (colour, vals)) in enumerate(series.items()):
        dash = DASHES[n % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(sx(i), sy(v)) for i, v in enumerate(vals) if v is not None]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline class="line" points="{path}" stroke="{colour}" fill="none"{dash_attr}/>'
        )
        for (x, y), v in zip(points, [v for v in vals if v is not None], strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}">'
                f"<title>{escape(name.id)}: {percent(v)}</title></circle>"
            )
        parts.append(
            f'<line class="legend-line" x1="{legend_x}" x2="{legend_x + 22}" y1="12" y2="12" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
            + name.svg(legend_x + 26, 16, "val legend-text")
        )
        legend_x += 34 + max(text_width(name.id), text_width(name.en))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Share:
    label: str
    value: float
    colour: str
    text: str


def stacked_share(rows: list[tuple[str, list[Share]]]) -> str:
    """One 100 % bar per row (e.g. per year), split into its shares, each with its
    percentage inside where it fits; a legend beneath names every share (and, for a
    single bar, its value)."""
    label_width, bar_width, row = 70, 560, 26
    labels: dict[str, Share] = {}
    for _, shares in rows:
        for share in shares:
            labels.setdefault(share.label, share)
    legend_rows = len(labels)
    width = label_width + bar_width + 10
    height = row * len(rows) + 12 + 16 * legend_rows
    parts = [_svg_open(width, height, "stacked-share")]
    for i, (label, shares) in enumerate(rows):
        y = 4 + i * row
        total = sum(s.value for s in shares) or 1.0
        x = float(label_width)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" class="lbl">'
            f"{escape(label)}</text>"
        )
        for share in shares:
            w = share.value / total * bar_width
            parts.append(
                f'<rect class="share" x="{x:.1f}" y="{y}" width="{w:.1f}" height="20" '
                f'fill="{share.colour}"><title>{escape(share.label)}: {escape(share.text)}'
                "</title></rect>"
            )
            if w > 42:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 14}" text-anchor="middle" '
                    f'class="share-value">{percent(share.value / total, 1)}</text>'
                )
            x += w
    single = len(rows) == 1
    for n, share in enumerate(labels.values()):
        y = row * len(rows) + 8 + n * 16
        value = f": {share.text}" if single else ""
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="10" height="10" fill="{share.colour}"/>'
            f'<text x="{label_width + 16}" y="{y + 9}" class="val legend-text">'
            f"{escape(share.label)}{escape(value)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(width: int, height: int, kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">'
    )


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = 0.05 if span <= 0.4 else 0.1 if span <= 1.2 else 0.25
    first = round(lo / step + 0.5) * step
    ticks, value = [], first
    while value <= hi:
        ticks.append(round(value, 4))
        value += step
    return ticks
