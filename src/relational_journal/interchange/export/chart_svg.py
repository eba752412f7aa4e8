"""The change-over-time chart as inline SVG: no script, nothing fetched, readable in grey.

Okabe-Ito blue for tone and orange for intensity, told apart also by line
style (solid against dashed) and marker (circle against square), so the chart
reads printed in black and white and by people who see colour differently.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relational_journal.core.document import Chart

TONE = "#0072B2"  # Okabe-Ito blue
INTENSITY = "#D55E00"  # Okabe-Ito vermillion
SESSION = "#555555"
INK = "#26231f"
GRID = "#d9d3c8"
W, H = 660, 262
LEFT, RIGHT, TOP, BOTTOM = 64, 600, 34, 196


def _x(i: int, n: int) -> float:
    return LEFT + (RIGHT - LEFT) * (i / (n - 1) if n > 1 else 0.5)


def _tone_y(t: float) -> float:
    return BOTTOM - (t + 1) / 2 * (BOTTOM - TOP)


def _intensity_y(v: float) -> float:
    return BOTTOM - v / 10 * (BOTTOM - TOP)


def chart_svg(chart: Chart) -> str:
    """The chart as an <svg> element, with a <title> and an aria-label."""
    days = chart.days
    n = len(days)
    label = escape(chart.summary)
    out = [
        f'<svg class="change" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg" font-size="11" '
        'font-family="system-ui, sans-serif">',
        f"<title>Tone and intensity per day. {label}</title>",
    ]
    # Grid and axes.
    for t, name in ((1.0, "+1"), (0.0, "0"), (-1.0, "−1")):
        y = _tone_y(t)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{RIGHT}" y2="{y:.1f}" stroke="{GRID}" '
            'stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TONE}">{name}</text>'
        )
    for v in (0, 5, 10):
        y = _intensity_y(v)
        out.append(f'<text x="{RIGHT + 6}" y="{y + 4:.1f}" fill="{INTENSITY}">{v}</text>')
    out.append(
        f'<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="{INK}"/>'
        f'<text x="12" y="{(TOP + BOTTOM) / 2:.0f}" fill="{TONE}" text-anchor="middle" '
        'font-size="10" '
        f'transform="rotate(-90 12 {(TOP + BOTTOM) / 2:.0f})">tone: unpleasant − … + pleasant'
        "</text>"
        f'<text x="{W - 10}" y="{(TOP + BOTTOM) / 2:.0f}" fill="{INTENSITY}" '
        f'text-anchor="middle" transform="rotate(90 {W - 10} {(TOP + BOTTOM) / 2:.0f})">'
        "intensity (0–10)</text>"
    )
    # Day labels: at most about eight, always the first and the last.
    step = max(1, round(n / 8))
    for i, d in enumerate(days):
        if i % step == 0 or i == n - 1:
            x = _x(i, n)
            out.append(
                f'<line x1="{x:.1f}" y1="{BOTTOM}" x2="{x:.1f}" y2="{BOTTOM + 4}" stroke="{INK}"/>'
                f'<text x="{x:.1f}" y="{BOTTOM + 16}" text-anchor="middle" fill="{INK}">'
                f"{d.day.day} {d.day:%b}</text>"
            )
    out.append(
        f'<text x="{(LEFT + RIGHT) / 2:.0f}" y="{BOTTOM + 32}" text-anchor="middle" '
        f'fill="{INK}">day</text>'
    )
    # Sessions: dotted vertical lines, labelled.
    index = {d.day: i for i, d in enumerate(days)}
    for s in chart.sessions:
        if s not in index:
            continue
        x = _x(index[s], n)
        out.append(
            f'<g class="session"><line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{BOTTOM}" '
            f'stroke="{SESSION}" stroke-width="1.5" stroke-dasharray="1 3"/>'
            f'<text x="{x:.1f}" y="{TOP - 10}" text-anchor="middle" fill="{SESSION}">'
            f"session {s.day} {s:%b}</text></g>"
        )
    # Tone: solid line, circles. Intensity: dashed line, squares.
    tone = [(_x(i, n), _tone_y(d.tone)) for i, d in enumerate(days) if d.tone is not None]
    strength = [
        (_x(i, n), _intensity_y(d.intensity)) for i, d in enumerate(days) if d.intensity is not None
    ]
    if len(tone) > 1:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in tone)
        out.append(
            f'<polyline class="tone" points="{pts}" fill="none" stroke="{TONE}" '
            'stroke-width="2.5"/>'
        )
    out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{TONE}"/>' for x, y in tone]
    if len(strength) > 1:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in strength)
        out.append(
            f'<polyline class="intensity" points="{pts}" fill="none" stroke="{INTENSITY}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    out += [
        f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#fff" '
        f'stroke="{INTENSITY}" stroke-width="2"/>'
        for x, y in strength
    ]
    # Legend.
    ly = H - 12
    out.append(
        f'<line x1="{LEFT}" y1="{ly - 4}" x2="{LEFT + 26}" y2="{ly - 4}" stroke="{TONE}" '
        f'stroke-width="2.5"/><circle cx="{LEFT + 13}" cy="{ly - 4}" r="4" fill="{TONE}"/>'
        f'<text x="{LEFT + 32}" y="{ly}" fill="{INK}">tone (balance of pleasant and '
        "unpleasant feelings)</text>"
        f'<line x1="{LEFT + 320}" y1="{ly - 4}" x2="{LEFT + 346}" y2="{ly - 4}" '
        f'stroke="{INTENSITY}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<rect x="{LEFT + 329.5}" y="{ly - 7.5}" width="7" height="7" fill="#fff" '
        f'stroke="{INTENSITY}" stroke-width="2"/>'
        f'<text x="{LEFT + 352}" y="{ly}" fill="{INK}">intensity</text>'
        f'<line x1="{LEFT + 425}" y1="{ly - 10}" x2="{LEFT + 425}" y2="{ly + 2}" '
        f'stroke="{SESSION}" stroke-width="1.5" stroke-dasharray="1 3"/>'
        f'<text x="{LEFT + 431}" y="{ly}" fill="{INK}">session</text>'
    )
    out.append("</svg>")
    return "".join(out)
