"""A small neutral document: what the review and the safety plan say, before a format draws it.

The review is worded once, as a sequence of blocks (headings, paragraphs,
lists, tables, bars). The terminal's Markdown, and the Markdown, HTML and PDF
exports each draw the same blocks their own way, so no format re-parses
another's output. Text in a block is plain: each format escapes it itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from relational_journal.core.chart import ChartDay

Style = Literal["plain", "em", "code"]
Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Span:
    text: str
    style: Style = "plain"


@dataclass(frozen=True)
class Heading:
    level: int  # 1 the document's title, 2 a section, 3 a part of one
    text: str


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]
    role: Literal["text", "note", "quote"] = "text"  # note: a quiet aside; quote: a question

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Item:
    text: str
    details: tuple[str, ...] = ()  # indented lines under the item


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    align: tuple[Align, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Bars:
    """Labelled counts drawn as bars of block characters, longest = `width` cells."""

    rows: tuple[tuple[str, int], ...]
    width: int = 30

    def lines(self) -> list[str]:
        most = max((n for _, n in self.rows), default=0)
        label_width = max((len(label) for label, _ in self.rows), default=0)
        return [f"{label:<{label_width}}  {bar(n, most, self.width)} {n}" for label, n in self.rows]


@dataclass(frozen=True)
class Lines:
    """The client's own text, line breaks kept, shown as written."""

    text: str


@dataclass(frozen=True)
class Chart:
    """Tone and intensity per day, session days marked; each format draws it its own way."""

    days: tuple[ChartDay, ...]
    sessions: tuple[date, ...]
    summary: str  # the chart in words, for readers who do not see it

    def spark_lines(self) -> list[str]:
        """The chart as text: a tone sparkline, an intensity row, session days marked."""
        from relational_journal.core.chart import SPARK_LEGEND, sparkline

        sessions = set(self.sessions)
        tone = sparkline([d.tone for d in self.days])
        strength = "".join(
            "·" if d.intensity is None else str(min(9, int(d.intensity))) for d in self.days
        )
        marks = "".join("S" if d.day in sessions else " " for d in self.days)
        lines = [f"tone       {tone}", f"intensity  {strength}"]
        if marks.strip():
            lines.append(f"session    {marks.rstrip()}")
        return [*lines, SPARK_LEGEND + "; intensity 0-9 (10 shows as 9)"]


Block = Heading | Paragraph | Bullets | Table | Bars | Lines | Chart


def para(text: str, role: Literal["text", "note", "quote"] = "text") -> Paragraph:
    """A paragraph; `like this` in our own wording becomes a code span."""
    spans = tuple(
        Span(piece, "code" if i % 2 else "plain")
        for i, piece in enumerate(text.split("`"))
        if piece
    )
    return Paragraph(spans, role)


def bar(value: int, most: int, width: int = 20) -> str:
    """A bar of `value` against `most` in block characters, to an eighth of a cell."""
    if most <= 0 or value <= 0:
        return ""
    cells = value / most * width
    full = int(cells)
    rest = "▏▎▍▌▋▊▉"[int((cells - full) * 7) - 1] if cells - full >= 1 / 7 else ""
    return ("█" * full + rest) or "▏"


# -- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = ("\\", "|", "*", "_", "`", "[", "]", "<", ">")
_MD_ALIGN = {"left": "---", "right": "---:", "center": ":---:"}


def md_escape(text: str) -> str:
    """Escape what Markdown would read as formatting, in lines and table cells."""
    for ch in _MD_SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text


def _md_spans(p: Paragraph) -> str:
    out = []
    for s in p.spans:
        if s.style == "code":
            out.append(f"`{s.text}`")
        elif s.style == "em":
            out.append(f"_{md_escape(s.text)}_")
        else:
            out.append(md_escape(s.text))
    return "".join(out)


def _md_row(cells: tuple[str, ...]) -> str:
    return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {md_escape(block.text)}"
    if isinstance(block, Paragraph):
        text = _md_spans(block)
        if block.role == "note":
            return f"_{text}_"
        if block.role == "quote":
            return f"> {text}"
        return text
    if isinstance(block, Bullets):
        lines = []
        for item in block.items:
            lines.append(f"- {md_escape(item.text)}")
            lines += [f"  - {md_escape(d)}" for d in item.details]
        return "\n".join(lines)
    if isinstance(block, Table):
        lines = [_md_row(tuple(md_escape(c) for c in block.head))]
        lines.append("|" + "|".join(_MD_ALIGN[a] for a in block.align) + "|")
        lines += [_md_row(tuple(md_escape(c) for c in row)) for row in block.rows]
        return "\n".join(lines)
    if isinstance(block, Bars):
        return "\n".join(["```", *block.lines(), "```"])
    if isinstance(block, Chart):
        return "\n".join(["```", *block.spark_lines(), "```", "", md_escape(block.summary)])
    return block.text.strip()


def to_markdown(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The blocks as one Markdown document, a blank line between blocks."""
    return "\n\n".join(_md_block(b) for b in blocks) + "\n"
