"""The change-over-time chart drawn with fpdf2 lines and shapes (vector, no image).

The same reading as the HTML chart: Okabe-Ito blue solid line with round
markers for tone, vermillion dashed line with square markers for intensity,
dotted grey verticals for sessions, so it stays readable in black and white.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relational_journal.core.document import Chart

TONE = (0, 114, 178)
INTENSITY = (213, 94, 0)
SESSION = (85, 85, 85)
INK = (38, 35, 31)
GRID = (217, 211, 200)
HEIGHT = 62.0  # mm the chart takes, legend included


def draw_chart(pdf: Any, chart: Chart, sans: str, clean: Callable[[str], str]) -> None:
    """Draw `chart` at the current position across the text width; moves below it."""
    if pdf.will_page_break(HEIGHT):
        pdf.add_page()
    top0 = pdf.get_y()
    left = float(pdf.l_margin) + 14
    right = float(pdf.w - pdf.r_margin) - 10
    top, bottom = float(top0) + 7, float(top0) + 44
    days = chart.days
    n = len(days)

    def x_at(i: int) -> float:
        return left + (right - left) * (i / (n - 1) if n > 1 else 0.5)

    def tone_y(t: float) -> float:
        return bottom - (t + 1) / 2 * (bottom - top)

    def strength_y(v: float) -> float:
        return bottom - v / 10 * (bottom - top)

    pdf.set_font(sans, "", 6.5)
    pdf.set_line_width(0.2)
    for t, name in ((1.0, "+1 pleasant"), (0.0, "0"), (-1.0, "-1 unpleasant")):
        y = tone_y(t)
        pdf.set_draw_color(*GRID)
        pdf.line(left, y, right, y)
        pdf.set_text_color(*TONE)
        width = pdf.get_string_width(name)
        pdf.text(left - 1.5 - width, y + 1, name)
    pdf.set_text_color(*INTENSITY)
    for v in (0, 5, 10):
        pdf.text(right + 1.5, strength_y(v) + 1, str(v))
    pdf.set_draw_color(*INK)
    pdf.line(left, bottom, right, bottom)
    pdf.set_text_color(*INK)
    step = max(1, round(n / 8))
    for i, d in enumerate(days):
        if i % step == 0 or i == n - 1:
            x = x_at(i)
            pdf.line(x, bottom, x, bottom + 1)
            label = f"{d.day.day} {d.day:%b}"
            pdf.text(x - pdf.get_string_width(label) / 2, bottom + 4, label)
    pdf.text((left + right) / 2 - 2, bottom + 7.5, "day")
    pdf.set_text_color(*TONE)
    pdf.text(pdf.l_margin, top - 2.5, "tone")
    pdf.set_text_color(*INTENSITY)
    pdf.text(right - 4, top - 2.5, "intensity (0-10)")
    index = {d.day: i for i, d in enumerate(days)}
    pdf.set_draw_color(*SESSION)
    pdf.set_text_color(*SESSION)
    pdf.set_line_width(0.35)
    for s in chart.sessions:
        if s in index:
            x = x_at(index[s])
            pdf.set_dash_pattern(dash=0.4, gap=0.9)
            pdf.line(x, top - 1, x, bottom)
            pdf.set_dash_pattern()
            label = f"session {s.day} {s:%b}"
            pdf.text(x - pdf.get_string_width(label) / 2, top - 1.8 + 0.0, label)
    tone = [(x_at(i), tone_y(d.tone)) for i, d in enumerate(days) if d.tone is not None]
    strength = [
        (x_at(i), strength_y(d.intensity)) for i, d in enumerate(days) if d.intensity is not None
    ]
    pdf.set_draw_color(*TONE)
    pdf.set_fill_color(*TONE)
    pdf.set_line_width(0.7)
    for (x1, y1), (x2, y2) in zip(tone, tone[1:], strict=False):
        pdf.line(x1, y1, x2, y2)
    for x, y in tone:
        pdf.circle(x, y, 0.9, style="F")
    pdf.set_draw_color(*INTENSITY)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=1.6, gap=1.1)
    for (x1, y1), (x2, y2) in zip(strength, strength[1:], strict=False):
        pdf.line(x1, y1, x2, y2)
    pdf.set_dash_pattern()
    for x, y in strength:
        pdf.rect(x - 0.9, y - 0.9, 1.8, 1.8, style="DF")
    # Legend.
    ly = bottom + 12
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*TONE)
    pdf.set_fill_color(*TONE)
    pdf.set_line_width(0.7)
    pdf.line(left, ly, left + 7, ly)
    pdf.circle(left + 3.5, ly, 0.9, style="F")
    pdf.text(left + 9, ly + 1, clean("tone (balance of pleasant and unpleasant feelings)"))
    pdf.set_draw_color(*INTENSITY)
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=1.6, gap=1.1)
    pdf.line(left + 70, ly, left + 77, ly)
    pdf.set_dash_pattern()
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(left + 72.6, ly - 0.9, 1.8, 1.8, style="DF")
    pdf.text(left + 79, ly + 1, "intensity")
    pdf.set_draw_color(*SESSION)
    pdf.set_line_width(0.35)
    pdf.set_dash_pattern(dash=0.4, gap=0.9)
    pdf.line(left + 96, ly - 2, left + 96, ly + 2)
    pdf.set_dash_pattern()
    pdf.text(left + 98, ly + 1, "session")
    pdf.set_line_width(0.2)
    pdf.set_xy(pdf.l_margin, top0 + HEIGHT - 4)
