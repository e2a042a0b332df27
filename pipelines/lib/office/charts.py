"""Charts as inline SVG, drawn here so the report needs no script library and no network."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from pipelines.lib.office.formats import percent


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    colour: str
    text: str  # the value as the office reads it, e.g. '87,65 %'


def bar_ranking(bars: list[Bar], max_value: float, reference: float | None = None) -> str:
    """Horizontal bars, one per agency, in the given order; ``reference`` draws a line."""
    label_width, bar_width, row = 280, 360, 16
    width, height = label_width + bar_width + 150, row * len(bars) + 24
    scale = bar_width / max_value if max_value else 0
    parts = [_svg_open(width, height, "bar-ranking")]
    for i, bar in enumerate(bars):
        y = 4 + i * row
        length = max((bar.value or 0) * scale, 0)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 11}" text-anchor="end" class="lbl">'
            f"{escape(_clip(bar.label, 38))}</text>"
            f'<rect class="bar" x="{label_width}" y="{y + 2}" width="{length:.1f}" height="11" '
            f'fill="{bar.colour}"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 11}" class="val">'
            f"{escape(bar.text)}</text>"
        )
    if reference is not None:
        x = label_width + reference * scale
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height - 18}" class="ref"/>'
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" class="val">100 %</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    colour: str
    text: str


def quadrant_scatter(
    points: list[Point], x_threshold: float, y_threshold: float, x_title: str, y_title: str
) -> str:
    """Capaian (y) against serapan (x), the thresholds splitting the four quadrants."""
    width, height, pad = 640, 440, 48
    xs = [p.x for p in points] + [x_threshold, 1.0]
    ys = [p.y for p in points] + [y_threshold, 1.0]
    x_lo, x_hi = min(min(xs), 0.5) - 0.02, max(xs) + 0.03
    y_lo, y_hi = min(min(ys), 0.5) - 0.03, max(ys) + 0.05

    def sx(v: float) -> float:
        return pad + (v - x_lo) / (x_hi - x_lo) * (width - 2 * pad)

    def sy(v: float) -> float:
        return height - pad - (v - y_lo) / (y_hi - y_lo) * (height - 2 * pad)

    parts = [_svg_open(width, height, "quadrant-scatter")]
    parts.append(
        f'<rect x="{pad}" y="{pad}" width="{width - 2 * pad}" height="{height - 2 * pad}" '
        'class="frame"/>'
    )
    for tick in _ticks(x_lo, x_hi):
        parts.append(
            f'<text x="{sx(tick):.1f}" y="{height - pad + 16}" text-anchor="middle" '
            f'class="val">{tick * 100:.0f} %</text>'
        )
    for tick in _ticks(y_lo, y_hi):
        parts.append(
            f'<text x="{pad - 6}" y="{sy(tick) + 4:.1f}" text-anchor="end" class="val">'
            f"{tick * 100:.0f} %</text>"
        )
    parts.append(
        f'<line x1="{sx(x_threshold):.1f}" x2="{sx(x_threshold):.1f}" y1="{pad}" '
        f'y2="{height - pad}" class="ref"/>'
        f'<line x1="{pad}" x2="{width - pad}" y1="{sy(y_threshold):.1f}" '
        f'y2="{sy(y_threshold):.1f}" class="ref"/>'
        f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle" class="axis">'
        f"{escape(x_title)}</text>"
        f'<text x="14" y="{height / 2}" text-anchor="middle" class="axis" '
        f'transform="rotate(-90 14 {height / 2})">{escape(y_title)}</text>'
    )
    for p in points:
        parts.append(
            f'<circle class="point" cx="{sx(p.x):.1f}" cy="{sy(p.y):.1f}" r="5" '
            f'fill="{p.colour}"><title>{escape(p.label)}: {escape(p.text)}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)


def trend_lines(years: list[int], series: dict[str, tuple[str, list[float | None]]]) -> str:
    """Small multi-line chart across years; ``series``: name → (colour, values by year)."""
    width, height, pad = 320, 150, 30
    values = [v for _, vals in series.values() for v in vals if v is not None] or [0.0, 1.0]
    lo, hi = min(min(values), 0.5), max(max(values), 1.0)
    span = len(years) - 1 or 1

    def sx(i: int) -> float:
        return pad + i / span * (width - 2 * pad)

    def sy(v: float) -> float:
        return height - pad - (v - lo) / (hi - lo) * (height - 2 * pad)

    parts = [_svg_open(width, height, "trend")]
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{sx(i):.1f}" y="{height - 10}" text-anchor="middle" class="val">'
            f"{year}</text>"
        )
    parts.append(
        f'<line x1="{pad}" x2="{width - pad}" y1="{sy(1.0):.1f}" y2="{sy(1.0):.1f}" class="ref"/>'
    )
    for legend_row, (name, (colour, vals)) in enumerate(series.items()):
        points = [(sx(i), sy(v)) for i, v in enumerate(vals) if v is not None]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline class="line" points="{path}" stroke="{colour}" fill="none"/>')
        for (x, y), v in zip(points, [v for v in vals if v is not None], strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}">'
                f"<title>{escape(name)}: {percent(v)}</title></circle>"
            )
        parts.append(
            f'<text x="{pad}" y="{12 + legend_row * 12}" class="val" fill="{colour}">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Share:
    label: str
    value: float
    colour: str
    text: str


def stacked_share(rows: list[tuple[str, list[Share]]]) -> str:
    """One 100 % bar per row (e.g. per year), split into its shares."""
    label_width, bar_width, row = 120, 460, 24
    width, height = label_width + bar_width + 10, row * len(rows) + 8
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
                f'<rect class="share" x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" '
                f'fill="{share.colour}"><title>{escape(share.label)}: {escape(share.text)}'
                "</title></rect>"
            )
            x += w
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(width: int, height: int, kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">'
    )


def _ticks(lo: float, hi: float) -> list[float]:
    step = 0.1 if hi - lo <= 1.2 else 0.25
    first = round(lo / step + 0.5) * step
    ticks, value = [], first
    while value <= hi:
        ticks.append(round(value, 4))
        value += step
    return ticks


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
