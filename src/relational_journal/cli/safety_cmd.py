"""`journal safety-plan`: write and read your own safety plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli.app import console, err_console, new_group, open_store, settings

if TYPE_CHECKING:
    from relational_journal.config import Config
    from relational_journal.storage.store import Store

safety_plan_app = new_group(
    "safety-plan",
    "Your own safety plan: what helps, and whom to reach, when things get very hard.",
    no_args_is_help=False,
)


@safety_plan_app.callback(invoke_without_command=True)
def show(ctx: typer.Context) -> None:
    """Show your safety plan (`journal safety-plan edit` to write it)."""
    if ctx.invoked_subcommand is not None:
        return
    # This screen must open in a crisis: whatever else is wrong (the config, a
    # journal another window holds, a passphrase not at hand) it shows the plan
    # as far as it can be read and always the lines, and exits 0.
    from relational_journal.render.prompts import safety_plan_screen

    cfg = _settings_or_defaults()
    lines, notices = shown_lines(cfg)
    plan, problem = _plan_or_notice()
    if problem:
        notices.insert(0, problem)
    console().print(safety_plan_screen(plan, lines, notices))


def _settings_or_defaults() -> Config:
    from relational_journal.config import Config

    try:
        return settings()
    except Exception as exc:  # noqa: BLE001 - nothing may keep this screen from opening
        err_console().print(f"[yellow]warning:[/] {exc}; every setting keeps its default")
        return Config()


def _plan_or_notice() -> tuple[dict[str, str], str | None]:
    """The written plan, or an empty one and a line saying why it is not shown."""
    from relational_journal.cli.passphrase import cli_passphrase
    from relational_journal.paths import db_path
    from relational_journal.storage.crypto import PASSPHRASE_ENV
    from relational_journal.storage.safety_plan import read_plan

    try:
        reading = read_plan(db_path(), passphrase_source=cli_passphrase)
    except Exception as exc:  # noqa: BLE001 - the lines are shown regardless
        return {}, f"Your written plan could not be read just now ({exc.__class__.__name__})."
    if reading.problem == "needs-passphrase":
        return {}, (
            "Your journal is encrypted and its passphrase is not at hand, so your written plan "
            "is not shown here. To see it, run `journal safety-plan` in a terminal and type the "
            f"passphrase, or set {PASSPHRASE_ENV}."
        )
    if reading.problem == "locked":
        return {}, (
            "Another `journal` window is using the journal, so your written plan could not be "
            "read just now; try again in a moment. The lines below are always here."
        )
    if reading.problem is not None:
        return {}, f"Your written plan could not be read: {reading.detail}"
    return reading.plan, None


def shown_lines(cfg: Config) -> tuple[tuple[str, ...], list[str]]:
    """The crisis lines for the client's country and config, and notices about them."""
    from relational_journal.content.crisis import LOCAL_EMERGENCY, CrisisLinesError, lines_for

    notices: list[str] = []
    try:
        lines = lines_for(cfg.country, cfg.crisis_lines)
    except CrisisLinesError as exc:
        err_console().print(f"[yellow]warning:[/] {exc}")
        lines = (*cfg.crisis_lines, LOCAL_EMERGENCY)
    if cfg.country and lines[-1] == LOCAL_EMERGENCY:
        notices.append(
            f"No crisis lines for {cfg.country} come with the journal yet; you can add the ones "
            "you use as crisis_lines in your config (journal config shows where it is)."
        )
    return lines, notices


def note_lines(cfg: Config) -> tuple[str, ...]:
    """The lines for the calm note after an entry (never raises)."""
    try:
        return shown_lines(cfg)[0]
    except Exception:  # noqa: BLE001 - the note must show; fall back to the config's lines
        return cfg.crisis_lines


def note_contacts(store: Store) -> tuple[str, ...]:
    """The people and professionals in the client's plan, for the calm note (never raises)."""
    from relational_journal.storage.safety_plan import plan_contacts

    try:
        return plan_contacts(store)
    except Exception:  # noqa: BLE001 - the entry is saved; the note shows the lines anyway
        return ()


@safety_plan_app.command("edit")
def edit(
    section: Annotated[
        str | None,
        typer.Option(
            "--section",
            "-s",
            help="Only this part: 1-7, or warning-signs, own-coping, distraction, "
            "people-to-ask, professionals, safe-environment, reasons-for-living.",
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
        PARTS,
        find_section,
        from_editor_text,
        load_plan,
        save_sections,
        to_editor_text,
    )

    cfg = settings()
    out = console()
    chosen = [find_section(section)] if section is not None else list(PARTS)
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
                if item.guidance and item.key not in plan:
                    out.print(f"[dim italic]{_esc(item.guidance)}[/]")
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
    from relational_journal.render.safe import markup_safe

    return markup_safe(text)
