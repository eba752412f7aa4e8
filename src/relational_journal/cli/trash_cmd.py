"""`journal delete`, `trash`, `restore` and `purge`: the trash, where a deleted entry waits."""

from __future__ import annotations

from typing import Annotated

import typer

from relational_journal.cli.app import app, console, local_tz, now
from relational_journal.cli.entries import (
    IdsArg,
    JsonOpt,
    YesOpt,
    confirm,
    journal,
    print_json,
    prompt_texts,
)
from relational_journal.cli.options import MAX_ID


@app.command()
def delete(ids: IdsArg, yes: YesOpt = False) -> None:
    """Move entries to the trash; `journal restore` brings them back."""
    from relational_journal.render.entries import entry_lines
    from relational_journal.storage.entries import TRASH_DAYS, check_deletable, move_to_trash
    from relational_journal.storage.query import EntryFilter

    with journal() as (_cfg, store):
        wanted = check_deletable(store, ids)
        entries = list(store.iter_entries(EntryFilter(ids=tuple(wanted), privacy="include")))
        out = console()
        noun = "entry" if len(wanted) == 1 else "entries"
        if not yes:
            out.print(entry_lines(entries, prompt_texts(entries), local_tz()))
            what = "this entry" if len(wanted) == 1 else f"these {len(wanted)} entries"
            if not confirm(f"Move {what} to the trash?"):
                out.print("Nothing was deleted.")
                raise typer.Exit(code=1)
        move_to_trash(store, wanted, now())
        shown = ", ".join(str(i) for i in wanted)
        out.print(
            f"[green]✓[/] Moved {noun} {shown} to the trash"
            f" (kept {TRASH_DAYS} days; `journal restore {wanted[0]}` undoes it)."
        )


@app.command()
def trash(as_json: JsonOpt = False) -> None:
    """List the entries in the trash and when each will be purged."""
    from relational_journal.render.entries import empty_note, entry_dict, entry_lines
    from relational_journal.storage.query import EntryFilter

    with journal() as (_cfg, store):
        entries = list(store.iter_entries(EntryFilter(trash="only", privacy="include")))
        if as_json:
            print_json([entry_dict(e) for e in entries])
            return
        out = console()
        if not entries:
            out.print(empty_note("The trash is empty."))
            return
        out.print(entry_lines(entries, prompt_texts(entries), local_tz(), trash=True))
        out.print(
            empty_note(
                "`journal restore ID` brings one back; `journal purge` empties the trash now."
            )
        )


@app.command()
def restore(ids: IdsArg) -> None:
    """Bring entries back from the trash."""
    from relational_journal.storage.entries import restore as restore_entries

    with journal() as (_cfg, store):
        done = restore_entries(store, ids)
        shown = ", ".join(str(i) for i in done)
        console().print(f"[green]✓[/] Restored {'entry' if len(done) == 1 else 'entries'} {shown}.")


@app.command()
def purge(
    ids: Annotated[
        list[int] | None,
        typer.Argument(max=MAX_ID, help="Only these entries in the trash (default: all)."),
    ] = None,
    yes: YesOpt = False,
) -> None:
    """Empty the trash now: its entries are deleted for good."""
    from relational_journal.storage.entries import check_in_trash
    from relational_journal.storage.entries import purge as purge_entries
    from relational_journal.storage.query import EntryFilter

    with journal() as (_cfg, store):
        if ids:
            count = len(check_in_trash(store, ids))
        else:
            count = store.count_entries(EntryFilter(trash="only", privacy="include"))
        out = console()
        if count == 0:
            out.print("The trash is already empty.")
            return
        noun = "entry" if count == 1 else "entries"
        if not yes and not confirm(
            f"Delete {count} {noun} in the trash for good? This cannot be undone."
        ):
            out.print("Nothing was deleted.")
            raise typer.Exit(code=1)
        done = purge_entries(store, ids or ())
        out.print(f"[green]✓[/] Deleted {done} {'entry' if done == 1 else 'entries'} for good.")
