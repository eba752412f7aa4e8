"""`journal drafts`: the unsaved entries kept as they were typed; go on with one or let it go."""

from __future__ import annotations

from typing import Annotated

import typer

from relational_journal.cli.app import console, new_group, open_store

drafts_app = new_group(
    "drafts",
    "Unsaved entries, kept as you typed them: list them or discard one.",
    no_args_is_help=False,
)


@drafts_app.callback(invoke_without_command=True)
def list_drafts(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Every field of every draft, as JSON.")
    ] = False,
) -> None:
    """List unsaved entries; `journal write --draft ID` goes on with one."""
    if ctx.invoked_subcommand is not None:
        return
    import json

    from relational_journal.cli.drafting import stored_drafts
    from relational_journal.core.drafts import listing

    store = open_store()
    try:
        drafts = stored_drafts(store)
    finally:
        store.close()
    if as_json:
        typer.echo(
            json.dumps(
                [listing(i, updated, d) for i, updated, d in drafts], ensure_ascii=False, indent=2
            )
        )
        return
    if not drafts:
        typer.echo("No unsaved entries.")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    table.add_column("id", no_wrap=True, style="bold", min_width=18)
    table.add_column("last typed", no_wrap=True, min_width=16)
    table.add_column("prompt", style="dim", overflow="fold")
    table.add_column("so far", overflow="ellipsis", no_wrap=True, max_width=48)
    for draft_id, updated, draft in drafts:
        words = " ".join((draft.full_text() or (draft.pending or ["", ""])[1]).split())
        flags = [f for f, on in (("private", draft.private), ("starred", draft.starred)) if on]
        shown = Text(words[:200] or "(nothing written yet)")
        if flags:
            shown.append(f"  [{', '.join(flags)}]", style="dim")
        table.add_row(draft_id, updated[:16].replace("T", " "), draft.prompt_id or "", shown)
    out = console()
    out.print(table)
    out.print(
        "[dim]Go on with one: journal write --draft ID · let one go: journal drafts discard ID[/]"
    )


@drafts_app.command()
def discard(
    draft_id: Annotated[
        str, typer.Argument(metavar="ID", help="The draft, as `journal drafts` shows it.")
    ],
) -> None:
    """Let an unsaved entry go for good."""
    from relational_journal.cli.drafting import DraftKeeper, find_draft

    store = open_store()
    try:
        DraftKeeper(store, find_draft(store, draft_id)).discard()
    finally:
        store.close()
    typer.echo(f"✓ Discarded the unsaved entry {draft_id}.")
