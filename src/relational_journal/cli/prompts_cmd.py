"""`journal prompts`: list, show, validate and add prompt packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relational_journal.cli.app import console, new_group
from relational_journal.errors import JournalError, PackError
from relational_journal.render.safe import markup_safe, visible

group = new_group("prompts", "Browse, check and add prompt packs.")


@group.command("list")
def list_prompts(
    relationship: Annotated[
        str | None,
        typer.Option(
            "--relationship", "-r", help="Only prompts about present, past, therapy, self."
        ),
    ] = None,
    pack: Annotated[str | None, typer.Option("--pack", help="Only this pack.")] = None,
) -> None:
    """List the prompt packs and their prompts."""
    from rich.table import Table
    from rich.text import Text

    from relational_journal.cli.write_text import load_prompt_library

    library = load_prompt_library()
    packs = [library.pack(pack)] if pack else list(library.packs.values())
    out = console()
    for p in packs:
        prompts = [q for q in p.prompts if relationship in (None, q.relationship)]
        if not prompts:
            continue
        where = "bundled" if p.bundled else f"yours: {p.source.name}"
        table = Table(
            title=Text(visible(f"{p.title} ({p.id}, {where})")),
            title_justify="left",
            expand=False,
            show_lines=False,
        )
        table.add_column("id", style="cyan", no_wrap=True)
        table.add_column("about")
        table.add_column("kind")
        table.add_column("prompt", overflow="fold")
        for q in prompts:
            table.add_row(Text(visible(q.id)), q.relationship, q.kind, Text(visible(q.text)))
        out.print(table)


@group.command("show")
def show_prompt(prompt_id: Annotated[str, typer.Argument(help="The prompt's id.")]) -> None:
    """Show one prompt with its follow-up questions."""
    from relational_journal.cli.write_text import load_prompt_library
    from relational_journal.render.prompts import prompt_panel

    prompt = load_prompt_library().prompt(prompt_id)
    out = console()
    out.print(prompt_panel(prompt))
    for question in prompt.follow_ups:
        out.print(f"  · {markup_safe(question)}", highlight=False)
    out.print(f"[dim]kind: {prompt.kind}[/]")


@group.command("validate")
def validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Pack files to check (default: all installed).")
    ] = None,
) -> None:
    """Check prompt packs without installing them."""
    from relational_journal.content.loader import bundled_prompts_dir
    from relational_journal.content.prompts import load_pack, pack_files
    from relational_journal.paths import user_prompts_dir

    targets = list(files or []) or [
        *pack_files(bundled_prompts_dir()),
        *pack_files(user_prompts_dir()),
    ]
    failures = 0
    out = console()
    for path in targets:
        try:
            pack = load_pack(path)
        except PackError as exc:
            failures += 1
            out.print(f"[red]✗[/] {markup_safe(str(exc))}", highlight=False, markup=True)
        else:
            out.print(
                f"[green]✓[/] {markup_safe(str(path))}: pack '{markup_safe(pack.id)}',"
                f" {len(pack.prompts)} prompts",
                highlight=False,
            )
    if failures:
        raise typer.Exit(code=1)


@group.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="A pack file, e.g. one your therapist gave you.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a pack of the same name.")
    ] = False,
) -> None:
    """Install a prompt pack into your own packs (checked first)."""
    from relational_journal.cli.write_text import load_prompt_library
    from relational_journal.content.prompts import load_library, load_pack
    from relational_journal.paths import ensure_user_dir, user_prompts_dir, write_private

    pack = load_pack(file)
    ensure_user_dir()
    folder = user_prompts_dir()
    folder.mkdir(exist_ok=True, mode=0o700)
    folder.chmod(0o700)  # mkdir's mode is cut by the umask, and an older folder may be wider
    target = folder / f"{pack.id}.yaml"
    if target.exists() and not force:
        raise JournalError(
            f"you already have a pack '{pack.id}' ({target}); use --force to replace it"
        )
    existing = load_prompt_library(warn=False)
    staging = folder / f".{pack.id}.yaml.new"
    # Written 0600 whatever the umask: a pack a therapist wrote for the client is private too.
    write_private(staging, file.read_bytes())
    try:
        # The new pack must load beside everything else before it is installed.
        load_library(Path(staging.parent / "__none__"), None)
        load_pack(staging)
        staging.replace(target)
    finally:
        staging.unlink(missing_ok=True)
    replaced = [
        q.id
        for q in pack.prompts
        if q.id in existing.prompts and existing.prompts[q.id].pack_id != pack.id
    ]
    out = console()
    out.print(
        f"[green]✓[/] installed pack '{markup_safe(pack.id)}' ({len(pack.prompts)} prompts)"
        f" to {markup_safe(str(target))}",
        highlight=False,
    )
    if replaced:
        out.print(
            f"[dim]it replaces these prompts: {markup_safe(', '.join(replaced))}[/]",
            highlight=False,
        )
