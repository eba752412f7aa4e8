"""`journal list`, `show`, `search`, `edit`, `delete`, `trash`, `restore` and `purge`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli.app import (
    app,
    console,
    err_console,
    local_tz,
    now,
    open_store,
    settings,
)
from relational_journal.cli.options import (
    FeelingOpt,
    FromOpt,
    IncludePrivateOpt,
    LimitOpt,
    OnOpt,
    PackOpt,
    PersonOpt,
    PrivateOpt,
    PromptOpt,
    SinceSessionOpt,
    StarredOpt,
    TagOpt,
    ToOpt,
    build_filter,
)
from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from rich.console import Console

    from relational_journal.config import Config
    from relational_journal.content.feelings import Vocabulary
    from relational_journal.core.editing import EntryChanges
    from relational_journal.models import Entry, Person
    from relational_journal.render.entries import EntryLines
    from relational_journal.storage.query import EntryFilter
    from relational_journal.storage.store import Store

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first (for scripts).")]
IdsArg = Annotated[list[int], typer.Argument(help="Entry ids, as `journal list` shows them.")]


@contextmanager
def journal() -> Iterator[tuple[Config, Store]]:
    """Settings and the open journal; what has been in the trash too long is purged first."""
    from relational_journal.storage.entries import purge_expired

    cfg = settings()
    store = open_store()
    try:
        purge_expired(store, now())
        yield cfg, store
    finally:
        store.close()


def prompt_texts(entries: Iterable[Entry], *, needed_only: bool = True) -> dict[str, str]:
    """Prompt text for entries that answer one (loaded only when a line needs it)."""
    ids = {e.prompt_id for e in entries if e.prompt_id and (not needed_only or not e.title)}
    if not ids:
        return {}
    texts = all_prompt_texts()
    return {pid: texts[pid] for pid in ids if pid in texts}


def all_prompt_texts() -> dict[str, str]:
    """Every prompt's text by id (bundled packs, then the client's own)."""
    from relational_journal.content.loader import bundled_prompts_dir, cache_dir
    from relational_journal.content.prompts import prompt_texts
    from relational_journal.paths import user_prompts_dir

    return prompt_texts(bundled_prompts_dir(), user_prompts_dir(), cache_dir())


def confirm(question: str) -> bool:
    """Ask yes/no on the terminal; no answer (end of input) means no."""
    out = console()
    try:
        answer = out.input(f"{_esc(question)} \\[y/N] ")
    except EOFError:
        out.print()
        return False
    return answer.strip().lower() in ("y", "yes")


def _note_unknown_people(store: Store, people: list[str] | None) -> None:
    from relational_journal.storage.people import unknown_names

    for name in unknown_names(store, people or ()):
        err_console().print(
            f"[dim]note: the journal knows nobody called {_esc(name)!r}; "
            "`journal people` lists everyone[/]",
            highlight=False,
        )


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("list")
def list_entries(
    from_: FromOpt = None,
    to: ToOpt = None,
    on: OnOpt = None,
    since_session: SinceSessionOpt = False,
    person: PersonOpt = None,
    feeling: FeelingOpt = None,
    prompt: PromptOpt = None,
    pack: PackOpt = None,
    tag: TagOpt = None,
    starred: StarredOpt = False,
    private: PrivateOpt = False,
    include_private: IncludePrivateOpt = False,
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List entries one line each, the newest last."""
    from relational_journal.render.entries import empty_note, entry_lines, hidden_note
    from relational_journal.storage.entries import listed_ids

    with journal() as (cfg, store):
        f = build_filter(
            store,
            cfg,
            from_=from_,
            to=to,
            on=on,
            since_session=since_session,
            people=person,
            feelings=feeling,
            prompts=prompt,
            packs=pack,
            tags=tag,
            starred=starred,
            private=private,
            include_private=include_private,
            limit=limit,
        )
        _note_unknown_people(store, person)
        ids, hidden = listed_ids(store, f)
        if as_json:
            _stream_json(store, ids)
            return
        out = console()
        if not ids:
            out.print(empty_note("No entries match." if _filtered(f) else "No entries yet."))
        tz = local_tz()
        texts = all_prompt_texts() if ids else {}
        # Up to one chunk, columns fit the entries shown; beyond, lines are written as
        # they are read, in fixed columns, so a 100,000-entry list starts at once.
        fixed_id_width = len(str(max(ids))) if len(ids) > CHUNK else None
        for chunk in _chunks(store, ids):
            lines = entry_lines(chunk, texts, tz)
            if fixed_id_width is not None:
                lines.fix_columns(fixed_id_width)
            write_lines(out, lines)
        if hidden:
            out.print(hidden_note(hidden))


CHUNK = 500


def _chunks(store: Store, ids: list[int]) -> Iterator[list[Entry]]:
    from relational_journal.storage.query import EntryFilter

    for start in range(0, len(ids), CHUNK):
        part = tuple(ids[start : start + CHUNK])
        by_id = {e.id: e for e in store.iter_entries(EntryFilter(ids=part, privacy="include"))}
        yield [by_id[i] for i in part if i in by_id]


def _stream_json(store: Store, ids: list[int]) -> None:
    """A JSON array, one entry per line, written as it is read (memory stays flat)."""
    import sys

    from relational_journal.render.entries import entry_dict

    texts = all_prompt_texts() if ids else {}
    out = sys.stdout
    out.write("[")
    first = True
    for chunk in _chunks(store, ids):
        for entry in chunk:
            out.write("\n" if first else ",\n")
            first = False
            data = entry_dict(entry, texts.get(entry.prompt_id or ""))
            out.write(json.dumps(data, ensure_ascii=False))
    out.write("\n]\n" if not first else "]\n")
    out.flush()


def write_lines(out: Console, lines: EntryLines) -> None:
    """Write entry lines straight to the terminal or pipe.

    Console.print costs about 0.1 ms a line in its general layout machinery; these
    lines are already laid out, so their segments are styled and written directly
    (colour only on a colour terminal, never with NO_COLOR or into a pipe).
    """
    from rich.color import ColorSystem

    systems = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
        "windows": ColorSystem.WINDOWS,
    }
    system = systems.get(out.color_system or "")
    parts: list[str] = []
    for segment in lines.segments(out, out.width):
        text, style = segment.text, segment.style
        if style is not None and system is not None:
            if out.no_color:
                style = style.without_color
            parts.append(style.render(text, color_system=system))
        else:
            parts.append(text)
    out.file.write("".join(parts))
    out.file.flush()


def _filtered(f: EntryFilter) -> bool:
    from relational_journal.storage.query import EntryFilter

    return f != EntryFilter(privacy=f.privacy, limit=f.limit)


@app.command()
def show(entry_id: Annotated[int, typer.Argument(help="The entry's id.")]) -> None:
    """Show one whole entry, with its people, feelings and episode."""
    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.render.entries import entry_panel

    with journal() as (_cfg, store):
        entry = store.get_entry(entry_id, include_trash=True)
        texts = prompt_texts([entry], needed_only=False)
        console().print(
            entry_panel(entry, texts.get(entry.prompt_id or ""), load_ccrt(), local_tz())
        )


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", hurt*, title:word, A NOT B.')],
    from_: FromOpt = None,
    to: ToOpt = None,
    on: OnOpt = None,
    since_session: SinceSessionOpt = False,
    person: PersonOpt = None,
    feeling: FeelingOpt = None,
    prompt: PromptOpt = None,
    pack: PackOpt = None,
    tag: TagOpt = None,
    starred: StarredOpt = False,
    private: PrivateOpt = False,
    include_private: IncludePrivateOpt = False,
    limit: Annotated[int, typer.Option("-n", min=1, help="At most N results, best first.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Search the text of your entries; best matches first, highlighted."""
    from relational_journal.render.entries import (
        empty_note,
        entry_dict,
        hidden_note,
        search_footer,
        search_results,
    )
    from relational_journal.storage.search import search as run_search

    with journal() as (cfg, store):
        f = build_filter(
            store,
            cfg,
            from_=from_,
            to=to,
            on=on,
            since_session=since_session,
            people=person,
            feelings=feeling,
            prompts=prompt,
            packs=pack,
            tags=tag,
            starred=starred,
            private=private,
            include_private=include_private,
        )
        _note_unknown_people(store, person)
        result = run_search(store, query, f, limit)
        entries = {
            int(e.id or 0): e
            for e in store.iter_entries(_ids_filter(h.entry_id for h in result.hits))
        }
        if as_json:
            texts = prompt_texts(entries.values(), needed_only=False)
            _print_json(
                [
                    {
                        **entry_dict(
                            entries[h.entry_id], texts.get(entries[h.entry_id].prompt_id or "")
                        ),
                        "snippet": h.snippet.replace("\x02", "").replace("\x03", ""),
                        "score": round(-h.score, 4),
                    }
                    for h in result.hits
                    if h.entry_id in entries
                ]
            )
            return
        out = console()
        tz = local_tz()
        if result.hits:
            out.print(search_results(result.hits, entries, prompt_texts(entries.values()), tz))
            out.print(
                search_footer(
                    len(result.hits),
                    result.total,
                    result.as_phrase,
                    result.query,
                    result.ranked_within,
                )
            )
        else:
            out.print(empty_note("Nothing found."))
            if result.as_phrase:
                out.print(empty_note(f"searched for the phrase {result.query}"))
        if result.hidden_private:
            out.print(hidden_note(result.hidden_private, "private matching"))


def _ids_filter(ids: Iterable[int]) -> EntryFilter:
    from relational_journal.storage.query import EntryFilter

    wanted = tuple(ids)
    return EntryFilter(ids=wanted or (-1,), privacy="include")


@app.command()
def edit(
    entry_id: Annotated[int, typer.Argument(help="The entry's id.")],
    feel: Annotated[
        list[str] | None,
        typer.Option("--feel", "-f", help="Add a feeling or change its intensity: hurt:7."),
    ] = None,
    unfeel: Annotated[list[str] | None, typer.Option("--unfeel", help="Remove a feeling.")] = None,
    with_: Annotated[
        list[str] | None, typer.Option("--with", "-w", help="Add a person it is about.")
    ] = None,
    without: Annotated[
        list[str] | None, typer.Option("--without", help="Remove a person from it.")
    ] = None,
    star: Annotated[
        bool | None, typer.Option("--star/--unstar", help="Star it, or take the star away.")
    ] = None,
    private: Annotated[
        bool | None,
        typer.Option("--private/--public", help="Keep it private (never exported), or not."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Move it to another day or time.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="A new title ('' removes it).")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag.")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag.")] = None,
    use_editor: Annotated[
        bool, typer.Option("--editor", "-e", help="Open the editor even when flags are given.")
    ] = False,
) -> None:
    """Change an entry in your editor, or its feelings, people and flags."""
    from relational_journal.content.feelings import load_vocabulary, parse_feel
    from relational_journal.core.dates import parse_moment
    from relational_journal.core.editing import EntryChanges, apply_changes
    from relational_journal.core.sessions import session_lookup
    from relational_journal.paths import user_dir
    from relational_journal.render.prompts import saved_line
    from relational_journal.storage.edits import update_entry
    from relational_journal.storage.people import known_people

    with journal() as (cfg, store):
        entry = store.get_entry(entry_id, include_trash=True)
        if entry.deleted_at is not None:
            raise JournalError(
                f"entry {entry_id} is in the trash: `journal restore {entry_id}` first"
            )
        about = None
        if date is not None:
            about = parse_moment(
                date,
                now(),
                local_tz(),
                week_start=cfg.week_start_index,
                sessions=session_lookup(store),
            )
        changes = EntryChanges(
            feel=tuple(parse_feel(x) for x in feel or ()),
            unfeel=tuple(unfeel or ()),
            with_people=tuple(with_ or ()),
            without_people=tuple(without or ()),
            starred=star,
            private=private,
            about=about,
            title=title,
            tags=tuple(tag or ()),
            untag=tuple(untag or ()),
        )
        vocab = load_vocabulary(user_dir() / "feelings.yaml") if not changes.is_empty() else None
        known = known_people(store) if not changes.is_empty() else {}
        notes: list[str] = []
        if changes.is_empty() or use_editor:
            before, after, changed_meanwhile = _edit_in_editor(
                store, cfg, entry_id, changes, vocab, known, notes
            )
        else:
            assert vocab is not None

            def flags(current: Entry, _version: int) -> Entry:
                updated, found = apply_changes(current, changes, vocab, known)
                notes[:] = found
                return updated

            before, after = update_entry(store, entry_id, flags)
            changed_meanwhile = False
        out = console()
        for note in notes:
            err_console().print(f"[dim]note: {_esc(note)}[/]", highlight=False)
        if after == before:
            out.print(f"No change: entry {entry_id} is as it was.")
            return
        if changed_meanwhile:
            err_console().print(
                f"[dim]note: entry {entry_id} was changed elsewhere while it was in the editor; "
                "your text was saved with those changes kept[/]",
                highlight=False,
            )
        out.print(f"[green]✓[/] {_esc(saved_line(after))}")


def _edit_in_editor(
    store: Store,
    cfg: Config,
    entry_id: int,
    changes: EntryChanges,
    vocab: Vocabulary | None,
    known: dict[str, Person],
    notes: list[str],
) -> tuple[Entry, Entry, bool]:
    """Open the entry in the editor; save the text merged with what changed meanwhile.

    The entry's version is remembered when the editor opens. At save, the option
    edits and the text are applied to the entry as it is then; a text changed
    elsewhere too is kept as a draft instead, and the entry is left as it is.
    """
    from dataclasses import replace

    from relational_journal.cli.terminal import edit_text
    from relational_journal.core.editing import apply_changes, merge_edit
    from relational_journal.paths import drafts_dir
    from relational_journal.storage.edits import entry_and_version, update_entry

    base, opened_version = entry_and_version(store, entry_id)
    shown = base
    if not changes.is_empty():
        assert vocab is not None
        shown, notes[:] = apply_changes(base, changes, vocab, known)
    texts = prompt_texts([base], needed_only=False)
    prompt = texts.get(base.prompt_id or "")
    comment = (f"Prompt: {prompt}\n" if prompt else "") + (
        f"Entry {entry_id}. Lines starting with # at the top are left out.\n"
        "Save and close to keep the change; close without saving to keep it as it was."
    )
    written = edit_text(shown.body, drafts_dir(), cfg.editor, comment=comment)
    if written is None:
        raise JournalError(f"the editor did not finish normally; entry {entry_id} was not changed")
    mine = written.strip()
    if mine == base.body.strip() and changes.is_empty():
        return base, base, False
    if not mine:
        raise JournalError(
            f"entry {entry_id} would be empty, so nothing was changed "
            f"(to remove it: journal delete {entry_id})"
        )
    meanwhile = False

    def merged(current: Entry, version: int) -> Entry:
        nonlocal meanwhile
        meanwhile = version != opened_version
        updated, found = merge_edit(current, base.body, mine, changes, vocab, known)
        notes[:] = found
        return updated

    from relational_journal.core.editing import EditConflict

    try:
        before, after = update_entry(store, entry_id, merged)
    except EditConflict:
        # Private now, or when it was opened: the draft stays private too.
        private = shown.private or store.get_entry(entry_id, include_trash=True).private
        draft_id = _keep_as_draft(store, replace(shown, private=private), mine)
        raise JournalError(
            f"entry {entry_id} was changed elsewhere while it was in the editor, so it was left "
            f"as it is now; your text is kept as draft {draft_id} "
            f"(`journal write --draft {draft_id}` goes on with it)"
        ) from None
    return before, after, meanwhile


def _keep_as_draft(store: Store, entry: Entry, body: str) -> str:
    """The editor's text, with the entry's other fields, kept as a draft; returns its id."""
    import secrets
    from dataclasses import replace
    from datetime import datetime

    from relational_journal.core.drafts import encode, from_entry, new_draft_id
    from relational_journal.storage.drafts import keep_draft

    moment = datetime.now().astimezone()
    draft_id = new_draft_id(moment, secrets.token_hex(2))
    draft = from_entry(replace(entry, body=body))
    draft.id = draft_id
    stamp = moment.isoformat(timespec="seconds")
    draft.started_at = stamp
    keep_draft(store, draft_id, stamp, moment.isoformat(timespec="microseconds"), encode(draft))
    return draft_id


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
            _print_json([entry_dict(e) for e in entries])
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
        list[int] | None, typer.Argument(help="Only these entries in the trash (default: all).")
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
