"""Rich renderables for the terminal. Functions return objects; they never print."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from relational_journal.content.prompts import Prompt
    from relational_journal.models import Entry


def prompt_panel(prompt: Prompt) -> RenderableType:
    from rich.panel import Panel
    from rich.text import Text

    body = Text(prompt.text)
    subtitle = f"{prompt.pack_id} · {prompt.id} · {prompt.relationship}"
    return Panel(body, title="Today's prompt", subtitle=subtitle, padding=(1, 2), expand=False)


def saved_line(entry: Entry) -> str:
    """'Saved entry 12 · about Mom, Sam · hurt 7, lonely' (markup-free)."""
    parts = [f"Saved entry {entry.id}"]
    if entry.people:
        parts.append("about " + ", ".join(p.name for p in entry.people))
    if entry.feelings:
        parts.append(
            ", ".join(
                f.word if f.intensity is None else f"{f.word} {f.intensity}" for f in entry.feelings
            )
        )
    flags = [name for name, on in (("private", entry.private), ("starred", entry.starred)) if on]
    if flags:
        parts.append(" and ".join(flags))
    return " · ".join(parts)


def safety_panel(note: str, lines: tuple[str, ...]) -> RenderableType:
    from rich.panel import Panel
    from rich.text import Text

    text = Text(note)
    for line in lines:
        text.append(f"\n  • {line}")
    text.append("\nYour own plan: journal safety-plan")
    return Panel(text, title="A note for you", border_style="cyan", padding=(1, 2))
