"""Trend charts drawn on the server as SVG: no chart library, no CDN, no script (CSP).

A chart is a line per series over the years; an unknown value leaves a gap in its line (and no
dot), it is never drawn as 0. Every text is escaped; colours are SVG presentation attributes.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

# Colour-blind-safe palette (Okabe–Ito), then darker repeats with dashes.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B")
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | int | None]  # one per year, None = unknown


def _nice_max(peak: float) -> float:
    """Round the axis maximum up to 1, 2 or 5 times a power of ten."""
    if peak <= 0:
        return 1.0
    step = 10 ** (len(str(int(peak))) - 1)
    for factor in (1, 2, 5, 10):
        if peak <= factor * step:
            return float(factor * step)
    return float(10 * step)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_chart(*, title: str, years: Sequence[int], series: Sequence[Series], unit: str) -> str:
    """Return an accessible SVG line chart (``role="img"`` with a title) of ``series`` over ``years``."""
    known = [float(v) for s in series for v in s.values if v is not None]
    # counts: a multiple of 4, so the five grid lines fall on whole numbers (no "0.8 件")
    top = 100.0 if unit == "%" else float(math.ceil(_nice_max(max(known, default=0.0)) / 4) * 4)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(len(years) - 1, 1)

    def x(i: int) -> float:
        return LEFT + plot_w * (i / span if len(years) > 1 else 0.5)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="trend-chart"><title>{escape(title)}</title>'
    ]
    for k in range(5):  # grid and y labels
        v = top * k / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="#333">'
            f"{_fmt(v)}{escape(unit)}</text>"
        )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="12" fill="#333">{year}</text>'
        )
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        dash = ' stroke-dasharray="6 3"' if n >= len(PALETTE) else ""
        run: list[str] = []
        runs: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{x(i):.1f},{y(float(v)):.1f}")
        if run:
            runs.append(run)
        label = escape(s.name)
        for points in runs:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}><title>{label}</title></polyline>'
                )
        for i, v in enumerate(s.values):
            if v is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(float(v)):.1f}" r="3.5" fill="{colour}">'
                    f"<title>{label} {years[i]}：{escape(_fmt(float(v)))}{escape(unit)}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)


def legend(series: Sequence[Series]) -> list[tuple[str, str]]:
    """Return (name, colour) per series, for the legend beside the chart."""
    return [(s.name, PALETTE[n % len(PALETTE)]) for n, s in enumerate(series)]
