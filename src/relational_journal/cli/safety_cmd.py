"""`journal safety-plan`: write and read your own safety plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli.app import JournalTyper, app, console, guard, open_store, settings

if TYPE_CHECKING:
    from rich.console import RenderableType

    from relational_journal.config import Config

safety_plan_app = JournalTyper(
    name="safety-plan",
    help="Your own safety plan: what helps, and whom to reach, when things get very hard.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
app.add_typer(safety_plan_app, name="safety-plan")


@safety_plan_app.callback(invoke_without_command=True)
@guard
def show(ctx: typer.Context) -> None:
    """Show your safety plan (`journal safety-plan edit` to write it)."""
    if ctx.invoked_subcommand is not None:
        return
    from relational_journal.storage.safety_plan import load_plan

    cfg = settings()
    with open_store() as store:
        plan = load_plan(store)
    console().print(_render(plan, cfg))


def _render(plan: dict[str, str], cfg: Config) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from relational_journal.storage.safety_plan import SECTIONS

    parts: list[RenderableType] = []
    if not plan:
        parts.append(
            Text(
                "You have not written a safety plan yet. It takes a few minutes, best at a calm "
                "time, perhaps with your therapist: journal safety-plan edit\n"
            )
        )
    for number, section in enumerate(SECTIONS, 1):
        body = Text()
        written = plan.get(section.key)
        if written:
            body.append(written)
        else:
            body.append(section.question, style="dim")
        if section.key == "professionals" and cfg.crisis_lines:
            body.append("\n" if written else "\n")
            for line in cfg.crisis_lines:
                body.append(f"\n  • {line}")
        parts.append(
            Panel(body, title=f"{number}. {section.title}", title_align="left", padding=(0, 1))
        )
    parts.append(
        Text("Change a part: journal safety-plan edit --section NAME (or all of it: edit)")
    )
    return Group(*parts)


@safety_plan_app.command("edit")
def edit(
    section: Annotated[
        str | None,
        typer.Option(
            "--section",
            "-s",
            help="Only this part: 1-6, or warning-signs, own-coping, distraction, "
            "people-to-ask, professionals, safe-environment.",
        ),
    ] = None,
    editor: Annotated[
        bool, typer.Option("--editor", "-e", help="Write the whole plan in your editor.")
    ] = False,
) -> None:
    """Write or change your safety plan, part by part."""
    from relational_journal.cli.terminal import edit_text
    from relational_journal.errors import JournalError
    from relational_journal.paths import drafts_dir
    from relational_journal.storage.safety_plan import (
        SECTIONS,
        find_section,
        from_editor_text,
        load_plan,
        save_sections,
        to_editor_text,
    )

    cfg = settings()
    out = console()
    chosen = [find_section(section)] if section is not None else list(SECTIONS)
    with open_store() as store:
        plan = load_plan(store)
        if editor:
            comment = (
                "Your safety plan. Write under each heading; keep the headings.\n"
                "Lines starting with # are left out. Save and close to keep it."
            )
            text = edit_text(to_editor_text(plan), drafts_dir(), cfg.editor, comment=comment)
            if text is None:
                raise JournalError("the editor did not finish normally; nothing was changed")
            texts = from_editor_text(text)
        else:
            out.print(
                "[dim]For each part: write as many lines as you like and finish with an empty "
                "line. An empty answer keeps what is there; a single '-' clears it.[/]"
            )
            texts = {}
            for item in chosen:
                out.print(f"\n[bold]{_esc(item.title)}[/]")
                out.print(f"[dim]{_esc(item.question)}[/]")
                if item.key in plan:
                    out.print(f"[dim]Now:[/] {_esc(plan[item.key])}")
                answer = _read_lines(out)
                if answer == "-":
                    texts[item.key] = ""
                elif answer:
                    texts[item.key] = answer
        changed = {k: v for k, v in texts.items() if v.strip() != plan.get(k, "")}
        if not changed:
            out.print("Nothing changed.")
            return
        save_sections(store, changed)
    out.print(f"[green]✓[/] Safety plan saved ({len(changed)} part(s) changed).")
    out.print("[dim]Read it any time: journal safety-plan[/]")


def _read_lines(out: object) -> str:
    from rich.console import Console

    assert isinstance(out, Console)
    lines: list[str] = []
    while True:
        try:
            line = out.input("› ")
        except EOFError:
            break
        if not line.strip():
            break
        lines.append(line.rstrip())
    return "\n".join(lines).strip()


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)
