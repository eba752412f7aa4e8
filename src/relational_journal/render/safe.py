"""User text made safe for a terminal: control characters and escape sequences shown, not run.

Entries, titles, names, feelings, tags, prompt texts and file names can hold
bytes a terminal obeys (ESC sequences that set the window title, clear the
screen or draw hyperlinks; a carriage return that overwrites a line; bidi
overrides that reorder what is read). `visible` writes each such character as
its escape (`\\x1b`, `\\r`, `\\u202e`), so the text is read exactly as stored.
Tabs and newlines are kept: they are layout, not commands.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderResult

from relational_journal.models import TERMINAL_CONTROLS as UNSAFE

_NAMED = {"\r": "\\r", "\x0b": "\\v", "\x0c": "\\f"}


def _shown(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character and bidi override written as its escape."""
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_shown, text)


def markup_safe(text: str) -> str:
    """`text` made visible and escaped, to put inside a Rich markup string."""
    from rich.markup import escape

    return escape(visible(text))


class Visible:
    """Wraps a renderable so that no segment it draws carries a raw control character.

    Rich's own styling travels as styles and control segments, never inside a
    segment's text, so this touches only the text the renderable was given.
    """

    def __init__(self, inner: ConsoleRenderable | str) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        for segment in console.render(self.inner, options):
            if segment.control or UNSAFE.search(segment.text) is None:
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style)


def guard_console(console: Console) -> Console:
    """`console` with every printed renderable passed through `Visible` (its last defence)."""
    from rich.console import RenderHook

    class VisibleHook(RenderHook):
        def process_renderables(
            self, renderables: list[ConsoleRenderable]
        ) -> list[ConsoleRenderable]:
            return [Visible(r) for r in renderables]

    console.push_render_hook(VisibleHook())
    return console
