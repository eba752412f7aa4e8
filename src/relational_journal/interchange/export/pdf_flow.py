"""How the PDF sets text in lines and where its pages break.

Text is set as rows, one per line (or a gap). A row marked `glue` stays on the
same page as the row after it, so a heading never ends a page, an entry's date,
title and details go over with its first lines, and a short block is never
split. A run of glued rows taller than a page is the one exception: it breaks
where it must rather than leave a page blank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

# A block of at most this many lines is never split over two pages.
SHORT = 4

Runs = Sequence[tuple[str, str]]  # (style, text): "", "B", "I", "BI" or "code"


@dataclass
class Row:
    """One line of the page, drawn at the current position."""

    height: float
    draw: Callable[[], None]
    glue: bool = False  # keep on the page of the next row
    gap: bool = False  # only space: left out at the top of a page


def at_top(pdf: FPDF) -> bool:
    return bool(pdf.get_y() <= pdf.t_margin + 0.5)


def gap(pdf: FPDF, height: float, glue: bool = False) -> Row:
    return Row(height, lambda: pdf.ln(height), glue=glue, gap=True)


def place(pdf: FPDF, rows: Sequence[Row]) -> None:
    """Draw `rows`, starting a new page before any glued run that would not fit."""
    usable = pdf.h - pdf.t_margin - pdf.b_margin
    i, n = 0, len(rows)
    while i < n:
        j, height = i, rows[i].height
        while rows[j].glue and j + 1 < n:
            j += 1
            height += rows[j].height
        if not at_top(pdf) and pdf.get_y() + height > pdf.page_break_trigger and height <= usable:
            pdf.add_page()
        for row in rows[i : j + 1]:
            if row.gap and at_top(pdf):
                continue
            if pdf.get_y() + row.height > pdf.page_break_trigger and not at_top(pdf):
                pdf.add_page()  # only in a glued run taller than a page
            row.draw()
        i = j + 1


def keep_lines(rows: list[Row]) -> list[Row]:
    """Glue a block's lines: all of a short block, else its first two and its last two."""
    if len(rows) <= SHORT:
        for row in rows[:-1]:
            row.glue = True
    else:
        rows[0].glue = True
        rows[-2].glue = True
    return rows


class Setter:
    """Sets styled runs in lines, measuring every word once per font."""

    def __init__(
        self,
        pdf: FPDF,
        families: dict[str, str],
        styles: set[tuple[str, str]],
        clean: Callable[[str], str],
    ) -> None:
        self.pdf = pdf
        self.families = families  # "serif", "sans", "mono" -> font family
        self.styles = styles  # (family, style) pairs that exist
        self.clean = clean
        self.widths: dict[tuple[str, str, float, str], float] = {}

    def face(self, kind: str, style: str) -> tuple[str, str]:
        """The family and style for `style` ("code" is monospaced), as near as the fonts allow."""
        if style == "code":
            return self.families["mono"], ""
        family = self.families[kind]
        for candidate in (style, style.replace("I", ""), ""):
            if (family, candidate) in self.styles:
                return family, candidate
        return family, ""

    def measure(self, face: tuple[str, str], size: float, text: str) -> float:
        key = (face[0], face[1], size, text)
        found = self.widths.get(key)
        if found is None:
            self.pdf.set_font(face[0], face[1], size)
            found = self.widths[key] = float(self.pdf.get_string_width(text))
        return found

    def lines(
        self, runs: Runs, kind: str, size: float, width: float
    ) -> list[list[tuple[tuple[str, str], str, float]]]:
        """Greedy word wrap of `runs` into lines of (face, text, width) segments.

        fpdf2's multi_cell re-measures the growing line for every character,
        which made long entries quadratic; this measures each word once
        (benchmarks/bench_export_tricks.py).
        """
        words: list[tuple[bool, list[tuple[tuple[str, str], str]]] | None] = []  # None: break
        space_next = False
        for style, text in runs:
            if text == "\n":
                words.append(None)
                space_next = False
                continue
            face = self.face(kind, style)
            for k, piece in enumerate(self.clean(text).split(" ")):
                if k > 0:
                    space_next = True
                if not piece:
                    continue
                last = words[-1] if words else None
                if last is not None and not space_next:
                    last[1].append((face, piece))
                else:
                    words.append((space_next, [(face, piece)]))
                space_next = False
        out: list[list[tuple[tuple[str, str], str, float]]] = []
        line: list[tuple[tuple[str, str], str, float]] = []
        used = 0.0

        def add(face: tuple[str, str], text: str, w: float, spaced: bool) -> None:
            nonlocal used
            if spaced and line:
                sw = self.measure(face, size, " ")
                if line[-1][0] == face:
                    prev = line.pop()
                    line.append((face, prev[1] + " " + text, prev[2] + sw + w))
                    used += sw + w
                    return
                line.append((face, " ", sw))
                used += sw
            elif line and line[-1][0] == face:
                prev = line.pop()
                line.append((face, prev[1] + text, prev[2] + w))
                used += w
                return
            line.append((face, text, w))
            used += w

        for word in words:
            if word is None:
                out.append(line)
                line, used = [], 0.0
                continue
            spaced, atoms = word
            sized = [(face, text, self.measure(face, size, text)) for face, text in atoms]
            total = sum(w for _, _, w in sized)
            space = self.measure(sized[0][0], size, " ") if spaced and line else 0.0
            if line and used + space + total > width:
                out.append(line)
                line, used = [], 0.0
                spaced = False
            if total > width:  # a word longer than the line: cut it by characters
                for face, text, _ in sized:
                    for ch in text:
                        w = self.measure(face, size, ch)
                        if line and used + w > width:
                            out.append(line)
                            line, used = [], 0.0
                        add(face, ch, w, False)
                continue
            for n, (face, text, w) in enumerate(sized):
                add(face, text, w, spaced and n == 0)
        out.append(line)
        return out

    def rows(
        self,
        runs: Runs,
        *,
        kind: str = "serif",
        size: float = 11,
        colour: tuple[int, int, int] = (0, 0, 0),
        height: float | None = None,
        indent: float = 0,
        width: float,
        first: str = "",
        decorate: Callable[[float, float], None] | None = None,
    ) -> list[Row]:
        """One row per line; `first` (a list marker) hangs before the first line."""
        line_height = height or size * 0.52
        hang = 0.0
        if first:
            hang = self.measure(self.face(kind, ""), size, first + "  ")
        lines = self.lines(runs, kind, size, width - indent - hang)
        out = []
        for n, segments in enumerate(lines):
            marker = first if n == 0 else ""
            out.append(
                Row(
                    line_height,
                    self._drawer(
                        segments, indent, hang, marker, kind, size, colour, line_height, decorate
                    ),
                )
            )
        return out

    def _drawer(
        self,
        segments: Iterable[tuple[tuple[str, str], str, float]],
        indent: float,
        hang: float,
        marker: str,
        kind: str,
        size: float,
        colour: tuple[int, int, int],
        line_height: float,
        decorate: Callable[[float, float], None] | None,
    ) -> Callable[[], None]:
        pdf = self.pdf

        def draw() -> None:
            y = pdf.get_y()
            if decorate is not None:
                decorate(y, line_height)
            pdf.set_text_color(*colour)
            x = pdf.l_margin + indent
            if marker:
                face = self.face(kind, "")
                pdf.set_font(face[0], face[1], size)
                pdf.set_xy(x, y)
                pdf.cell(hang, line_height, marker)
            x += hang
            for face, text, w in segments:
                pdf.set_font(face[0], face[1], size)
                pdf.set_xy(x, y)
                pdf.cell(w + 0.01, line_height, text)
                x += w
            pdf.set_xy(pdf.l_margin, y + line_height)

        return draw
