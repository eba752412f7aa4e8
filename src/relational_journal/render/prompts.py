"""Rich renderables for the terminal. Functions return objects; they never print."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from relational_journal.content.grounding import Grounding
    from relational_journal.content.prompts import Prompt
    from relational_journal.models import Entry


def prompt_panel(prompt: Prompt) -> RenderableType:
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    if prompt.note:
        body.append(prompt.note + "\n\n", style="italic")
    body.append(prompt.text)
    subtitle = f"{prompt.pack_id} · {prompt.id} · {prompt.relationship}"
    if prompt.deep:
        subtitle += " · goes deeper"
    return Panel(body, title="Today's prompt", subtitle=subtitle, padding=(1, 2), expand=False)


def pause_panel(grounding: Grounding, draft_id: str | None) -> RenderableType:
    """What `:pause` shows: the draft is kept, a short grounding exercise, the way back."""
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    body.append(grounding.kept + "\n", style="bold")
    if draft_id:
        body.append("To go on later: ", style="dim")
        body.append(f"journal write --draft {draft_id}\n", style="cyan")
    body.append("\n" + grounding.intro + "\n\n")
    for i, step in enumerate(grounding.steps, 1):
        body.append(f"  {i}. {step}\n")
    body.append("\n" + grounding.after + " ", style="dim")
    body.append("journal safety-plan", style="cyan")
    return Panel(body, title=grounding.title, title_align="left", padding=(1, 2), expand=False)


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


def safety_panel(note: str, lines: Sequence[str], contacts: Sequence[str] = ()) -> RenderableType:
    """The calm note: the people and professionals in the client's plan first, then the lines."""
    from rich.panel import Panel
    from rich.text import Text

    text = Text(note)
    if contacts:
        text.append("\nFrom your safety plan:")
        for contact in contacts:
            text.append(f"\n  • {contact}")
        text.append("\nLines you can reach:")
    for line in lines:
        text.append(f"\n  • {line}")
    text.append("\nYour own plan: journal safety-plan")
    return Panel(text, title="A note for you", border_style="cyan", padding=(1, 2))


def safety_plan_screen(
    plan: Mapping[str, str],
    lines: Sequence[str],
    notices: Sequence[str] = (),
) -> RenderableType:
    """The safety plan: each part (or its question and guidance), the lines, and any notices.

    `notices` say what could not be read (a locked or encrypted journal); the
    parts and the lines are shown whatever they say.
    """
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from relational_journal.storage.safety_plan import PARTS

    parts: list[RenderableType] = []
    for notice in notices:
        parts.append(Text(notice + "\n", style="yellow"))
    if not plan and not notices:
        parts.append(
            Text(
                "You have not written a safety plan yet. It takes a few minutes, best at a calm "
                "time, perhaps with your therapist: journal safety-plan edit\n"
            )
        )
    for number, section in enumerate(PARTS, 1):
        body = Text()
        written = plan.get(section.key)
        if written:
            body.append(written)
        else:
            body.append(section.question, style="dim")
            if section.guidance:
                body.append("\n" + section.guidance, style="dim italic")
        if section.key == "professionals" and lines:
            body.append("\n")
            for line in lines:
                body.append(f"\n  • {line}")
        parts.append(
            Panel(body, title=f"{number}. {section.title}", title_align="left", padding=(0, 1))
        )
    parts.append(
        Text("Change a part: journal safety-plan edit --section NAME (or all of it: edit)")
    )
    return Group(*parts)
