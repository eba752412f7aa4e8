"""PDF: a printable document through fpdf2 (pure Python, installed with the package).

With a Unicode TrueType font (DejaVu, found on most Linux systems) accents,
curly quotes and most Latin, Greek and Cyrillic letters print as written, and
fonts found on the computer fill in what DejaVu lacks: Chinese, Japanese and
Korean (Droid Sans Fallback, Noto Sans CJK), emoji and symbols (Noto Emoji,
Symbola; DejaVu Sans for stars). A fallback font is added to the PDF only
when a character needs it, so a document without such characters stays small
and quick. Without DejaVu, the PDF standard fonts are used in Windows-1252,
which still covers Western European accents, curly quotes and dashes; other
letters lose their accent (ł -> l). A character no font can show is printed
as a visible code such as [U+1F642], never as "?", so a name is never lost
without trace. Never a crash, whatever the client wrote.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from relational_journal.core.document import (
    Bars,
    Block,
    Bullets,
    Chart,
    Heading,
    Paragraph,
    Table,
)
from relational_journal.interchange.export.common import (
    back_blocks,
    entry_label,
    episode_parts,
    front_blocks,
    header_facts,
    prompt_text,
    when,
)

if TYPE_CHECKING:
    from relational_journal.interchange.export import ExportContext, Overview
    from relational_journal.models import Entry

INK = (38, 35, 31)
MUTED = (107, 100, 91)
ACCENT = (91, 74, 138)
LINE = (222, 214, 202)
SOFT = (246, 242, 235)
FAMILY_COLOURS = {
    "mad": (200, 85, 61),
    "sad": (79, 109, 154),
    "scared": (138, 107, 176),
    "joyful": (217, 162, 27),
    "powerful": (209, 122, 42),
    "peaceful": (79, 154, 114),
}

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "~/.local/share/fonts",
)
FONT_FILES = {
    "serif": "DejaVuSerif.ttf",
    "serif-B": "DejaVuSerif-Bold.ttf",
    "serif-I": "DejaVuSerif-Italic.ttf",
    "sans": "DejaVuSans.ttf",
    "sans-B": "DejaVuSans-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",
}
# Fonts that fill in what DejaVu lacks, best first, by file name; looked for
# under the usual font folders. A .ttc is a collection: its first face is used.
FALLBACK_FILES = (
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansSC-Regular.ttf",
    "NotoEmoji-Regular.ttf",
    "Symbola.ttf",
    "Symbola_hint.ttf",
)
FONT_ROOTS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "/System/Library/Fonts",
)
# Stand-ins for characters a standard font cannot show, before a [U+XXXX] code.
FALLBACKS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u2022": "*",
    "\u2605": "*",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200b": "",
    "\ufeff": "",
    "\u0142": "l",
    "\u0141": "L",
    "\u0111": "d",
    "\u0110": "D",
    "\u0131": "i",
    "\u00df": "ss",
}


def find_unicode_fonts(
    dirs: Iterable[str] = FONT_DIRS, roots: Iterable[str] = FONT_ROOTS
) -> dict[str, str] | None:
    """Paths of the DejaVu fonts if this computer has them all, else None.

    Fallback fonts found under `roots` come as "fallback-1", "fallback-2", ...
    in the order of FALLBACK_FILES.
    """
    for folder in dirs:
        base = Path(folder).expanduser()
        found = {key: base / name for key, name in FONT_FILES.items()}
        if all(p.is_file() for p in found.values()):
            fonts = {key: str(p) for key, p in found.items()}
            for n, path in enumerate(find_fallback_fonts(roots), start=1):
                fonts[f"fallback-{n}"] = path
            return fonts
    return None


def find_fallback_fonts(roots: Iterable[str] = FONT_ROOTS) -> list[str]:
    """Fonts for the scripts and symbols DejaVu lacks, best first."""
    import os

    wanted = set(FALLBACK_FILES)
    seen: dict[str, str] = {}
    for root in roots:
        top = Path(root).expanduser()
        if not top.is_dir():
            continue
        for folder, _, files in os.walk(top):
            for name in wanted.intersection(files):
                seen.setdefault(name, os.path.join(folder, name))
    return [seen[name] for name in FALLBACK_FILES if name in seen]


def marker(ch: str) -> str:
    """How a character no font can show is printed: its code, visibly."""
    return f"[U+{ord(ch):04X}]"


class Glyphs:
    """Makes any text printable: keep, draw from a fallback font, substitute, or show its code."""

    def __init__(
        self, covered: Callable[[str], bool], fallback: Callable[[str], bool] | None = None
    ) -> None:
        self.covered = covered
        self.fallback = fallback
        self.cache: dict[str, str] = {}

    def char(self, ch: str) -> str:
        found = self.cache.get(ch)
        if found is not None:
            return found
        if ch in "\n\t" or self.covered(ch):
            out = ch
        elif not (ch.isprintable() or ch == " ") or unicodedata.category(ch) == "Cf":
            out = FALLBACKS.get(ch, "")  # control and format characters draw nothing
            if out and not all(self.covered(c) for c in out):
                out = ""
        elif self.fallback is not None and self.fallback(ch):
            out = ch
        elif ch in FALLBACKS and all(self.covered(c) for c in FALLBACKS[ch]):
            out = FALLBACKS[ch]
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            if unicodedata.combining(ch):
                out = ""  # a stray accent: the letter it sat on is already printed
            elif base and all(self.covered(c) for c in base):
                out = base
            else:
                out = marker(ch)
        self.cache[ch] = out
        return out

    def __call__(self, text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\t", "    ")
        if all(ch in self.cache and self.cache[ch] == ch for ch in set(text)):
            return text
        return "".join(self.char(ch) for ch in text)


def _cp1252(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return ch.isprintable() or ch == " "


def _cmap_covers(path: str) -> Callable[[str], bool]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    collection = path.lower().endswith((".ttc", ".otc"))
    font = TTFont(path, lazy=True, fontNumber=0 if collection else -1)
    codes = set(font.getBestCmap() or {})
    font.close()
    return lambda ch: ord(ch) in codes and (ch.isprintable() or ch == " ")


def _fallback_order(key: str) -> int:
    return int(key.rsplit("-", 1)[1]) if key.startswith("fallback-") else 0


class _Fallbacks:
    """Fallback fonts, each added to the PDF the first time a character needs it."""

    def __init__(self, pdf: Any, paths: list[str]) -> None:
        self.pdf = pdf
        self.paths = paths
        self.covers: list[Callable[[str], bool] | None] = [None] * len(paths)
        self.added: list[str] = []

    def __call__(self, ch: str) -> bool:
        for n, path in enumerate(self.paths):
            covers = self.covers[n]
            if covers is None:
                try:
                    covers = _cmap_covers(path)
                except Exception:  # an unreadable font file is simply not used
                    covers = _covers_nothing
                self.covers[n] = covers
            if covers(ch):
                family = f"jfallback{n}"
                if family not in self.added:
                    try:
                        self.pdf.add_font(family, "", path)
                    except Exception:
                        self.covers[n] = _covers_nothing
                        continue
                    self.added.append(family)
                    self.pdf.set_fallback_fonts(self.added, exact_match=False)
                return True
        return False


def _covers_nothing(ch: str) -> bool:
    return False


class _Doc:
    """fpdf2 document with the journal's type and colours."""

    def __init__(self, ctx: ExportContext) -> None:
        from fpdf import FPDF

        footer_text = f"{ctx.title} · page "

        class Pdf(FPDF):
            def footer(inner) -> None:
                inner.set_y(-12)
                inner.set_font(doc.sans, "", 8)
                inner.set_text_color(*MUTED)
                text = doc.clean(footer_text) + f"{inner.page_no()} of {{nb}}"
                inner.cell(0, 5, text, align="C")

        doc = self
        paper = "Letter" if (ctx.pdf_paper or "").lower() == "letter" else "A4"
        pdf = Pdf(format=paper, unit="mm")
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_title(ctx.title)
        pdf.set_creator("relational-journal")
        fonts: Mapping[str, str] | None = ctx.pdf_fonts
        if fonts:
            pdf.add_font("jserif", "", fonts["serif"])
            pdf.add_font("jserif", "B", fonts["serif-B"])
            pdf.add_font("jserif", "I", fonts["serif-I"])
            pdf.add_font("jsans", "", fonts["sans"])
            pdf.add_font("jsans", "B", fonts["sans-B"])
            pdf.add_font("jmono", "", fonts["mono"])
            self.serif, self.sans, self.mono = "jserif", "jsans", "jmono"
            spare = [fonts["sans"]] + [
                fonts[k] for k in sorted(fonts, key=_fallback_order) if k.startswith("fallback-")
            ]
            self.fallbacks = _Fallbacks(pdf, spare)
            self.clean = Glyphs(_cmap_covers(fonts["serif"]), self.fallbacks)
            self.star = "★"
        else:
            pdf.core_fonts_encoding = "cp1252"
            self.serif, self.sans, self.mono = "Times", "Helvetica", "Courier"
            self.clean = Glyphs(_cp1252)
            self.star = "*"
        self.pdf = pdf
        self.width = pdf.w - pdf.l_margin - pdf.r_margin
        self.widths: dict[tuple[str, str, float], dict[str, float]] = {}

    def text(
        self,
        text: str,
        *,
        size: float = 11,
        style: str = "",
        sans: bool = False,
        colour: tuple[int, int, int] = INK,
        height: float | None = None,
        indent: float = 0,
    ) -> None:
        pdf = self.pdf
        pdf.set_font(self.sans if sans else self.serif, style, size)
        pdf.set_text_color(*colour)
        line_height = height or size * 0.52
        for line in self.wrap(self.clean(text), self.width - indent):
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(self.width - indent, line_height, line, new_x="LMARGIN", new_y="NEXT")

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap with cached word widths.

        fpdf2's multi_cell re-measures the growing line for every character,
        which made long entries quadratic; this measures each word once. A PDF
        of 2,000 entries takes 7.6 s with it and 56 s with multi_cell
        (benchmarks/bench_export_tricks.py).
        """
        pdf = self.pdf
        key = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
        widths = self.widths.setdefault(key, {})

        def measure(word: str) -> float:
            found = widths.get(word)
            if found is None:
                found = widths[word] = float(pdf.get_string_width(word))
            return found

        space = measure(" ")
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current: list[str] = []
            used = 0.0
            for word in paragraph.split(" "):
                w = measure(word)
                if w > width:  # a word longer than the line: cut it by characters
                    if current:
                        lines.append(" ".join(current))
                        current, used = [], 0.0
                    piece = ""
                    for ch in word:
                        if piece and measure(piece + ch) > width:
                            lines.append(piece)
                            piece = ""
                        piece += ch
                    current, used = [piece], measure(piece)
                    continue
                if current and used + space + w > width:
                    lines.append(" ".join(current))
                    current, used = [word], w
                else:
                    used += (space if current else 0.0) + w
                    current.append(word)
            lines.append(" ".join(current))
        return lines

    def rule(self, colour: tuple[int, int, int] = LINE, weight: float = 0.3) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*colour)
        pdf.set_line_width(weight)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())


def _chart(doc: _Doc, overview: Overview) -> None:
    rows = [(f, n) for f, n in overview.families if n > 0]
    if not rows:
        return
    pdf = doc.pdf
    most = max(n for _, n in rows)
    doc.text("FEELINGS BY FAMILY", size=7.5, style="B", sans=True, colour=MUTED)
    pdf.ln(1)
    for family, n in rows:
        if pdf.will_page_break(6):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(doc.sans, "", 9)
        pdf.set_text_color(*INK)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(24, 5, family.capitalize())
        width = max(0.8, 60 * n / most)
        pdf.set_fill_color(*FAMILY_COLOURS.get(family, (140, 140, 140)))
        pdf.rect(pdf.l_margin + 24, y + 0.8, width, 3.6, style="F")
        pdf.set_text_color(*MUTED)
        pdf.set_xy(pdf.l_margin + 26 + width, y)
        pdf.cell(20, 5, str(n))
        pdf.set_xy(pdf.l_margin, y + 6)
    pdf.ln(2)


def _table(doc: _Doc, block: Table) -> None:
    cells = [list(block.head), *(list(r) for r in block.rows)]
    width = len(block.head)
    longest = [max(len(r[i]) for r in cells) + 2 for i in range(width)]
    pdf = doc.pdf
    pdf.set_font(doc.sans, "", 8.5)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        cell_fill_mode="NONE",
        col_widths=tuple(longest),
        width=min(doc.width, sum(longest) * 2.1),
        align="LEFT",
        text_align="LEFT",
        borders_layout="HORIZONTAL_LINES",
        line_height=4.6,
        padding=(0.6, 1.5, 0.6, 0),
        headings_style=_headings(doc),
    ) as table:
        for r in cells:
            row = table.row()
            for c in r:
                row.cell(doc.clean(c))
    pdf.ln(2)


def _headings(doc: _Doc) -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family=doc.sans, emphasis="BOLD", color=MUTED, size_pt=8, fill_color=None)


def _front(doc: _Doc, blocks: list[Block]) -> None:
    """The review and the safety plan, block by block."""
    pdf = doc.pdf
    pdf.ln(2)
    for block in blocks:
        if isinstance(block, Heading):
            pdf.ln(1.5)
            doc.text(block.text.upper(), size=8, style="B", sans=True, colour=MUTED)
        elif isinstance(block, Paragraph):
            if block.role == "quote":
                doc.text(block.text, size=9.5, sans=True, colour=ACCENT, indent=3)
            else:
                doc.text(block.text, size=9.5, sans=True)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.text("•  " + item.text, size=9.5, sans=True, indent=3)
                for detail in item.details:
                    doc.text("–  " + detail, size=9, sans=True, indent=8)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            from relational_journal.interchange.export.chart_pdf import draw_chart

            draw_chart(pdf, block, doc.sans, doc.clean)
            doc.text(block.summary, size=8.5, sans=True, colour=MUTED)
        elif isinstance(block, Bars):
            pdf.set_font(doc.mono, "", 7.5)
            pdf.set_text_color(*INK)
            for line in block.lines():
                pdf.cell(0, 3.6, doc.clean(line), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        else:
            _client_text(doc, block.text)
    pdf.ln(3)


def _client_text(doc: _Doc, text: str, *, size: float = 9.5, height: float | None = None) -> None:
    """The client's own Markdown, marks taken off, lists and quotes kept as such.

    At the entry's size (11 pt) it is the entry body, in the serif; smaller, the
    safety plan's sections, in the sans.
    """
    from relational_journal.interchange.export.client_text import to_lines

    sans = size < 11
    for kind, line in to_lines(text):
        if kind == "gap":
            doc.pdf.ln(1.5 if sans else 2)
        elif kind == "item":
            doc.text("•  " + line, size=size, sans=sans, indent=3, height=height)
        elif kind == "quote":
            doc.text(line, size=size, sans=sans, colour=MUTED, indent=4, height=height)
        else:
            doc.text(line, size=size, sans=sans, height=height)


def _header(doc: _Doc, ctx: ExportContext) -> None:
    pdf = doc.pdf
    pdf.add_page()
    doc.text(ctx.title, size=22, height=10)
    doc.text(header_facts(ctx), size=10, sans=True, colour=MUTED)
    ov = ctx.overview
    pdf.ln(2)
    doc.rule(INK, 0.6)
    pdf.ln(4)
    # With the session brief, its people, moments and chart stand for the overview.
    if ov is not None and ctx.brief is None:
        if ov.people:
            doc.text("PEOPLE", size=7.5, style="B", sans=True, colour=MUTED)
            doc.text(", ".join(f"{n} ({c})" for n, c in ov.people), size=9.5, sans=True)
            pdf.ln(2)
        if ov.feelings:
            doc.text("FELT MOST", size=7.5, style="B", sans=True, colour=MUTED)
            doc.text(", ".join(f"{w} ({c})" for w, c in ov.feelings), size=9.5, sans=True)
            pdf.ln(2)
        _chart(doc, ov)
    front = front_blocks(ctx)
    if front:
        _front(doc, front)


def _entry(doc: _Doc, entry: Entry, ctx: ExportContext) -> None:
    pdf = doc.pdf
    if pdf.will_page_break(30):
        pdf.add_page()
    else:
        pdf.ln(3)
        doc.rule()
        pdf.ln(4)
    number = entry_label(entry)
    heading = f"{number} · {when(entry.about)}" if number else when(entry.about)
    doc.text(heading.upper(), size=8, style="B", sans=True, colour=MUTED)
    if entry.title or entry.starred:
        title = (entry.title or "") + (f"  {doc.star}" if entry.starred else "")
        doc.text(title.strip(), size=13, style="B", height=6.5)
    pdf.ln(1)
    prompt = prompt_text(entry, ctx)
    if prompt:
        top = pdf.get_y()
        doc.text(prompt, size=10, style="I", colour=MUTED, indent=4)
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.8)
        if pdf.get_y() > top:
            pdf.line(pdf.l_margin + 0.5, top, pdf.l_margin + 0.5, pdf.get_y())
        pdf.ln(2)
    if entry.body.strip():
        _client_text(doc, entry.body, size=11, height=5.6)
        pdf.ln(2)
    meta = []
    if entry.people:
        people = [
            p.name + (f" ({', '.join(x for x in (p.role, p.era) if x)})" if p.role or p.era else "")
            for p in entry.people
        ]
        meta.append("People: " + ", ".join(people))
    if entry.feelings:
        felt = [
            f.word + ("" if f.intensity is None else f" {f.intensity}/10") for f in entry.feelings
        ]
        meta.append("Feelings: " + ", ".join(felt))
    if entry.tags:
        meta.append("Tags: " + " ".join(f"#{t}" for t in entry.tags))
    for line in meta:
        doc.text(line, size=9, sans=True, colour=MUTED)
    ep = entry.episode
    parts = episode_parts(entry, ctx)
    if ep is not None and (parts or ep.what_happened):
        pdf.ln(2)
        if pdf.will_page_break(25):
            pdf.add_page()
        who = f" with {ep.person}" if ep.person else ""
        doc.text(f"Relationship episode{who}", size=9.5, style="B", sans=True, colour=ACCENT)
        if ep.what_happened:
            doc.text(ep.what_happened.strip(), size=9.5, sans=True)
        for part in parts:
            pdf.ln(0.8)
            heading = part.heading + (" (expected)" if part.expected else "")
            doc.text(f"{part.key}  {heading}", size=8.5, style="B", sans=True, colour=MUTED)
            if part.words:
                doc.text(part.words.strip(), size=9.5, sans=True, indent=4)
            if part.code:
                code = part.code + (f" · {part.label}" if part.label else "")
                if part.plain:
                    code += f": {part.plain}"
                doc.text(code, size=8.5, sans=True, colour=ACCENT, indent=4)


def write(entries: Iterable[Entry], sink: IO[Any], ctx: ExportContext) -> int:
    doc = _Doc(ctx)
    _header(doc, ctx)
    count = 0
    for entry in entries:
        _entry(doc, entry, ctx)
        count += 1
    if count == 0:
        doc.text("No entries to share.", size=11, style="I", colour=MUTED)
    back = back_blocks(ctx)
    if back:
        doc.pdf.add_page()  # the safety plan on a page of its own
        _front(doc, back)
    sink.write(bytes(doc.pdf.output()))
    return count
