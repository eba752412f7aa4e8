"""The client's own Markdown, drawn faithfully: HTML with raw HTML escaped, or plain lines.

Clients write Markdown (emphasis, lists, quotes) in entries and in the safety
plan. markdown-it-py (CommonMark, installed with Rich) reads it; raw HTML in
the text is shown as text and never passed through, and line breaks are kept
as the client made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # No raw HTML, and an image shows as its description: nothing is fetched from anywhere.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    md.add_render_rule("image", _image_as_text)
    # A link shows its words and its address and is not a link: a shared page sends no one off.
    md.add_render_rule("link_open", _nothing)
    md.add_render_rule("link_close", _link_address)
    md.add_render_rule("heading_open", _heading_tag)
    md.add_render_rule("heading_close", _heading_tag)
    return md


def _nothing(self: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
    return ""


def _link_address(self: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
    from html import escape

    href = _address(tokens, idx)
    return f" ({escape(href)})" if href else ""


def _address(tokens: list[Token], idx: int) -> str:
    """The address of the link closing at tokens[idx], or "" when its words already say it."""
    start = idx
    while start > 0 and tokens[start].type != "link_open":
        start -= 1
    href = str(tokens[start].attrGet("href") or "")
    label = "".join(t.content for t in tokens[start + 1 : idx] if t.type in ("text", "code_inline"))
    same = label.strip() in (href, href.removeprefix("mailto:"))
    return "" if same else href


def _heading_tag(self: object, tokens: list[Token], idx: int, options: object, env: Any) -> str:
    token = tokens[idx]
    shift = env.get("heading_shift", 0) if isinstance(env, dict) else 0
    level = min(6, int(token.tag[1:]) + shift)
    return f"<h{level}>" if token.nesting == 1 else f"</h{level}>\n"


def _image_as_text(
    self: object, tokens: list[Token], idx: int, options: object, env: object
) -> str:
    from html import escape

    return escape(tokens[idx].content)


def to_html(text: str, heading_shift: int = 0) -> str:
    """The client's Markdown as safe HTML; `heading_shift` pushes its headings down a level."""
    return str(_parser().render(text, {"heading_shift": heading_shift}))


def _inline_text(token: Token) -> str:
    out = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "image":
            out.append(child.content)
    return "".join(out)


def to_lines(text: str) -> list[tuple[str, str]]:
    """The client's Markdown as (kind, line) pairs with the marks taken off.

    kind is "text", "item" (a list item), "quote" or "gap" (between blocks);
    for formats that draw text themselves, such as the PDF.
    """
    out: list[tuple[str, str]] = []
    quote = item = 0
    for token in _parser().parse(text):
        if token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type == "list_item_open":
            item += 1
        elif token.type == "list_item_close":
            item -= 1
        elif token.type == "inline":
            kind = "quote" if quote else "item" if item else "text"
            lines = _inline_text(token).split("\n")
            out.append((kind, lines[0]))
            out += [("quote" if quote else "text", line) for line in lines[1:]]
        elif token.type in ("fence", "code_block"):
            out += [("text", line) for line in token.content.rstrip("\n").split("\n")]
        elif token.type in ("paragraph_close", "bullet_list_close", "ordered_list_close"):
            if not item and not quote:
                out.append(("gap", ""))
    while out and out[-1][0] == "gap":
        out.pop()
    return out


@dataclass(frozen=True)
class TextBlock:
    """One block of the client's Markdown, for formats that draw text themselves.

    runs are (style, text) with style "", "B", "I", "BI" or "code", and "\n" a line break.
    """

    kind: str  # "para", "heading", "quote", "code"
    runs: tuple[tuple[str, str], ...]
    depth: int = 0  # how deep in lists and quotes
    marker: str = ""  # "•" or "2." on an item's first line
    level: int = 0  # a heading's level


def _runs(token: Token) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    bold = italic = 0
    children = token.children or []
    for i, child in enumerate(children):
        t = child.type
        style = ("B" if bold else "") + ("I" if italic else "")
        if t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t in ("softbreak", "hardbreak"):
            out.append(("", "\n"))
        elif t in ("text", "image"):
            out.append((style, child.content))
        elif t == "code_inline":
            out.append(("code", child.content))
        elif t == "link_close":
            href = _address(children, i)
            if href:
                out.append((style, f" ({href})"))
    return out


def to_blocks(text: str) -> list[TextBlock]:
    """The client's Markdown as blocks of styled runs, lists and quotes marked."""
    out: list[TextBlock] = []
    lists: list[list[int]] = []  # per open list: [next number] or [-1] for bullets
    quote = 0
    marker = ""
    heading = 0
    for token in _parser().parse(text):
        t = token.type
        depth = len(lists) + quote
        if t == "blockquote_open":
            quote += 1
        elif t == "blockquote_close":
            quote -= 1
        elif t == "bullet_list_open":
            lists.append([-1])
        elif t == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open":
            number = lists[-1][0]
            marker = "•" if number < 0 else f"{number}."
            if number >= 0:
                lists[-1][0] += 1
        elif t == "heading_open":
            heading = int(token.tag[1:])
        elif t == "inline":
            kind = "heading" if heading else "quote" if quote else "para"
            out.append(TextBlock(kind, tuple(_runs(token)), depth, marker, heading))
            marker, heading = "", 0
        elif t in ("fence", "code_block"):
            lines = token.content.rstrip("\n").split("\n")
            runs = [r for line in lines for r in (("code", line), ("", "\n"))][:-1]
            out.append(TextBlock("code", tuple(runs), depth, marker))
            marker = ""
    return out
