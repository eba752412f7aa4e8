"""The client's own Markdown, drawn faithfully: HTML with raw HTML escaped, or plain lines.

Clients write Markdown (emphasis, lists, quotes) in entries and in the safety
plan. markdown-it-py (CommonMark, installed with Rich) reads it; raw HTML in
the text is shown as text and never passed through, and line breaks are kept
as the client made them.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # No raw HTML, and an image shows as its description: nothing is fetched from anywhere.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    md.add_render_rule("image", _image_as_text)
    return md


def _image_as_text(
    self: object, tokens: list[Token], idx: int, options: object, env: object
) -> str:
    from html import escape

    return escape(tokens[idx].content)


def to_html(text: str) -> str:
    """The client's Markdown as safe HTML."""
    return str(_parser().render(text))


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
