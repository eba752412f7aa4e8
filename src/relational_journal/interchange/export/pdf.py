"""PDF: a printable document through fpdf2 (pure Python, installed with the package).

With DejaVu (found on most Linux systems) accents, curly quotes and most Latin,
Greek and Cyrillic letters print as written, and fallback fonts found beside it
(pdf_fonts.py) add Chinese, Japanese, Korean, emoji and symbols such as ★. A
fallback font is added to the PDF only when a character needs it, so a document
without such characters stays small and quick.
Without DejaVu, the PDF standard fonts are used in Windows-1252, which still
covers Western European accents, curly quotes and dashes; other letters lose
their accent (ł -> l). A character no font can show prints as a visible
marker such as [U+1F642]. Never a crash, whatever the client wrote.

Entry text is the client's Markdown, drawn with its emphasis, lists, quotes
and headings (client_text.to_blocks); pdf_flow.py decides where pages break.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import takewhile
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
    period,
    prompt_text,
    when,
)
from relational_journal.interchange.export.pdf_flow import Row, Runs, Setter, gap, keep_lines, place
from relational_journal.interchange.export.pdf_fonts import find_unicode_fonts
from relational_journal.interchange.export.pdf_glyphs import (
    Fallbacks,
    Glyphs,
    cmap_covers,
    cp1252,
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


class _Doc:
    """fpdf2 document with the journal's type and colours."""

    def __init__(self, ctx: ExportContext) -> None:
        from fpdf import FPDF

        footer_text = f"{ctx.title} · page "
        header_text = " · ".join(x for x in (ctx.title, period(ctx)) if x)

        class Pdf(FPDF):
            def header(inner) -> None:
                if inner.page_no() > 1:
                    inner.set_y(8)
                    inner.set_font(doc.sans, "", 8)
                    inner.set_text_color(*MUTED)
                    inner.cell(0, 5, doc.clean(header_text), align="L")
                    inner.set_y(inner.t_margin)

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
            styles = {("jserif", ""), ("jserif", "B"), ("jserif", "I"), ("jsans", "")}
            styles |= {("jsans", "B"), ("jmono", "")}
            pdf.add_font("jserif", "", fonts["serif"])
            pdf.add_font("jserif", "B", fonts["serif-B"])
            pdf.add_font("jserif", "I", fonts["serif-I"])
            pdf.add_font("jsans", "", fonts["sans"])
            pdf.add_font("jsans", "B", fonts["sans-B"])
            pdf.add_font("jmono", "", fonts["mono"])
            for key, family, style in (("serif-BI", "jserif", "BI"), ("sans-I", "jsans", "I")):
                if fonts.get(key):
                    pdf.add_font(family, style, fonts[key])
                    styles.add((family, style))
            self.serif, self.sans, self.mono = "jserif", "jsans", "jmono"
            self.fallbacks = Fallbacks(pdf, fonts["sans"], ctx.pdf_fallbacks)
            self.clean = Glyphs(cmap_covers([(fonts["serif"], 0)]), self.fallbacks)
            self.star = "★"
        else:
            pdf.core_fonts_encoding = "cp1252"
            self.serif, self.sans, self.mono = "Times", "Helvetica", "Courier"
            styles = {(f, s) for f in ("Times", "Helvetica") for s in ("", "B", "I", "BI")}
            styles.add(("Courier", ""))
            self.clean = Glyphs(cp1252)
            self.star = "*"
        self.pdf = pdf
        self.width = pdf.w - pdf.l_margin - pdf.r_margin
        families = {"serif": self.serif, "sans": self.sans, "mono": self.mono}
        self.setter = Setter(pdf, families, styles, self.clean)

    def rows(
        self,
        text: str | Runs,
        *,
        size: float = 11,
        style: str = "",
        sans: bool = False,
        colour: tuple[int, int, int] = INK,
        height: float | None = None,
        indent: float = 0,
        first: str = "",
        decorate: Callable[[float, float], None] | None = None,
    ) -> list[Row]:
        """The lines of `text` (plain, in one style, or styled runs) as rows, block kept."""
        runs: Runs = [(style, text)] if isinstance(text, str) else text
        return keep_lines(
            self.setter.rows(
                runs,
                kind="sans" if sans else "serif",
                size=size,
                colour=colour,
                height=height,
                indent=indent,
                width=self.width,
                first=first,
                decorate=decorate,
            )
        )

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
        keep_with: float = 0,
    ) -> None:
        """Draw `text` now; a short block moves whole to the next page, with `keep_with` mm."""
        rows = self.rows(
            text, size=size, style=style, sans=sans, colour=colour, height=height, indent=indent
        )
        if keep_with and rows:
            rows[-1].glue = True
            rows.append(Row(keep_with, lambda: None, gap=True))  # room for what follows
        place(self.pdf, rows)

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
    """The brief, the review or the safety plan, block by block."""
    from relational_journal.interchange.export.chart_pdf import HEIGHT, draw_chart

    pdf = doc.pdf
    pdf.ln(2)
    for n, block in enumerate(blocks):
        if isinstance(block, Heading):
            pdf.ln(1.5)
            # A heading stays with what it introduces, through any headings right after it.
            after = next((b for b in blocks[n + 1 :] if not isinstance(b, Heading)), None)
            keep = HEIGHT + 4 if isinstance(after, Chart) else 12
            keep += 7 * sum(1 for _ in takewhile(_is_heading, blocks[n + 1 :]))
            doc.text(block.text.upper(), size=8, style="B", sans=True, colour=MUTED, keep_with=keep)
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
            draw_chart(pdf, block, doc.sans, doc.clean)
            doc.text(block.summary, size=8.5, sans=True, colour=MUTED)
        elif isinstance(block, Bars):
            pdf.set_font(doc.mono, "", 7.5)
            pdf.set_text_color(*INK)
            for line in block.lines():
                pdf.cell(0, 3.6, doc.clean(line), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        else:
            place(pdf, _markdown_rows(doc, block.text, size=9.5, sans=True))
    pdf.ln(3)


def _is_heading(block: Block) -> bool:
    return isinstance(block, Heading)


def _markdown_rows(
    doc: _Doc, text: str, *, size: float, sans: bool, height: float | None = None
) -> list[Row]:
    """The client's Markdown as rows: emphasis, lists, quotes and headings drawn as such."""
    from relational_journal.interchange.export.client_text import to_blocks

    pdf = doc.pdf
    rows: list[Row] = []
    listed = False  # the block before was in a list: items sit closer together
    for block in to_blocks(text):
        indent = 5.0 * block.depth
        in_list = bool(block.depth) and block.kind == "para"
        if rows and not rows[-1].gap:
            rows.append(gap(pdf, 0.8 if listed and in_list else 2))
        listed = in_list
        if block.kind == "heading":
            bold = [(s if s == "code" else "B" + s.replace("B", ""), t) for s, t in block.runs]
            bigger = size + max(0.0, 2.5 - 0.8 * block.level)
            lines = doc.rows(bold, size=bigger, sans=sans, indent=indent)
            lines[-1].glue = True  # a heading goes over with what follows it
            rows += [*lines, gap(pdf, 1, glue=True)]
            continue
        runs: Runs = block.runs
        colour = INK
        decorate = None
        if block.kind == "code":
            runs = [("code", t) if t != "\n" else ("", t) for _, t in block.runs]
        elif block.kind == "quote":
            colour = MUTED
            decorate = _bar(pdf, pdf.l_margin + indent - 2.5, LINE, 0.8)
        rows += doc.rows(
            runs,
            size=size,
            sans=sans,
            colour=colour,
            height=height,
            indent=indent,
            first=block.marker,
            decorate=decorate,
        )
    while rows and rows[-1].gap:
        rows.pop()
    return rows


def _bar(
    pdf: Any, x: float, colour: tuple[int, int, int], weight: float
) -> Callable[[float, float], None]:
    """A vertical rule beside each line, as beside a quote or a prompt."""

    def draw(y: float, height: float) -> None:
        pdf.set_draw_color(*colour)
        pdf.set_line_width(weight)
        pdf.line(x, y, x, y + height)

    return draw


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
            doc.text("PEOPLE", size=7.5, style="B", sans=True, colour=MUTED, keep_with=5)
            doc.text(", ".join(f"{n} ({c})" for n, c in ov.people), size=9.5, sans=True)
            pdf.ln(2)
        if ov.feelings:
            doc.text("FELT MOST", size=7.5, style="B", sans=True, colour=MUTED, keep_with=5)
            doc.text(", ".join(f"{w} ({c})" for w, c in ov.feelings), size=9.5, sans=True)
            pdf.ln(2)
        _chart(doc, ov)
    front = front_blocks(ctx)
    if front:
        _front(doc, front)


def _details(entry: Entry) -> list[str]:
    """The People, Feelings and Tags lines under an entry's title."""
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
    return meta


def _glued(rows: list[Row]) -> list[Row]:
    for row in rows:
        row.glue = True
    return rows


def _entry(doc: _Doc, entry: Entry, ctx: ExportContext) -> None:
    """One entry: its date, title and details kept on the page of its first lines."""
    pdf = doc.pdf
    rows: list[Row] = []

    def separator() -> None:
        pdf.ln(3)
        doc.rule()
        pdf.ln(4)

    rows.append(Row(7, separator, glue=True, gap=True))
    number = entry_label(entry)
    heading = f"{number} · {when(entry.about)}" if number else when(entry.about)
    rows += _glued(doc.rows(heading.upper(), size=8, style="B", sans=True, colour=MUTED))
    if entry.title or entry.starred:
        title = (entry.title or "") + (f"  {doc.star}" if entry.starred else "")
        rows += _glued(doc.rows(title.strip(), size=13, style="B", height=6.5))
    rows.append(gap(pdf, 1, glue=True))
    for line in _details(entry):
        rows += _glued(doc.rows(line, size=9, sans=True, colour=MUTED))
    prompt = prompt_text(entry, ctx)
    if prompt:
        rows.append(gap(pdf, 1.5, glue=True))
        bar = _bar(pdf, pdf.l_margin + 0.5, ACCENT, 0.8)
        rows += _glued(doc.rows(prompt, size=10, style="I", colour=MUTED, indent=4, decorate=bar))
    rows.append(gap(pdf, 2.5, glue=True))
    rows += _markdown_rows(doc, entry.body.strip(), size=11, sans=False, height=5.6)
    ep = entry.episode
    parts = episode_parts(entry, ctx)
    if ep is not None and (parts or ep.what_happened):
        rows.append(gap(pdf, 3))
        who = f" with {ep.person}" if ep.person else ""
        head = doc.rows(f"Relationship episode{who}", size=9.5, style="B", sans=True, colour=ACCENT)
        rows += _glued(head)
        if ep.what_happened:
            rows += doc.rows(ep.what_happened.strip(), size=9.5, sans=True)
        for part in parts:
            rows.append(gap(pdf, 0.8))
            heading = part.heading + (" (expected)" if part.expected else "")
            block = doc.rows(f"{part.key}  {heading}", size=8.5, style="B", sans=True, colour=MUTED)
            if part.words:
                block += doc.rows(part.words.strip(), size=9.5, sans=True, indent=4)
            if part.code:
                code = part.code + (f" · {part.label}" if part.label else "")
                if part.plain:
                    code += f": {part.plain}"
                block += doc.rows(code, size=8.5, sans=True, colour=ACCENT, indent=4)
            rows += _glued(block[:-1]) + block[-1:]  # one part is never split
    place(pdf, rows)


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


__all__ = ["Glyphs", "find_unicode_fonts", "write"]
