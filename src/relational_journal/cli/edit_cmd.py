"""`journal edit`: change an entry in the editor or by options, without undoing other edits."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli import episode_options as eo
from relational_journal.cli.app import app, console, err_console, local_tz, now
from relational_journal.cli.entries import _esc, journal, prompt_texts
from relational_journal.cli.options import MAX_ID
from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from relational_journal.config import Config
    from relational_journal.core.editing import EntryChanges
    from relational_journal.models import Entry
    from relational_journal.storage.store import Store


@app.command()
def edit(
    entry_id: Annotated[int, typer.Argument(max=MAX_ID, help="The entry's id.")],
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
    episode_n: eo.WhichOpt = None,
    episode_with: eo.EpisodeWithOpt = None,
    era: eo.EraOpt = None,
    what_happened: eo.HappenedOpt = None,
    wish: eo.WishOpt = None,
    wish_code: eo.WishCodeOpt = None,
    other: eo.OtherOpt = None,
    other_code: eo.OtherCodeOpt = None,
    expected: eo.ExpectedOpt = None,
    self_words: eo.SelfOpt = None,
    self_code: eo.SelfCodeOpt = None,
    afterwards: eo.AfterOpt = None,
    text: Annotated[
        str | None,
        typer.Option("--text", "-t", help="Replace the entry's text; '-' reads standard input."),
    ] = None,
) -> None:
    """Change an entry in your editor, or its text, feelings, people, flags and episode.

    Every change is made against the entry as it is at that moment, in one
    transaction: an option edit writes only what it changes, and an editor edit
    that finds the entry changed meanwhile keeps what does not conflict, or
    keeps the client's text as a draft. Only `--public` makes a private entry
    shareable.
    """
    from relational_journal.cli.episode_options import edited_episode, episode_changes
    from relational_journal.cli.feel_options import feel_pairs
    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.core.dates import parse_moment
    from relational_journal.core.editing import EntryChanges, apply_changes, change_body
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
        vocab = load_vocabulary(user_dir() / "feelings.yaml")
        changes = EntryChanges(
            feel=tuple(feel_pairs(feel, vocab) if feel else ()),
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
        episode = episode_changes(
            person=episode_with,
            era=era,
            wish=wish,
            wish_code=wish_code,
            other=other,
            other_code=other_code,
            expected=expected,
            self_words=self_words,
            self_code=self_code,
            afterwards=afterwards,
            what_happened=what_happened,
        )
        new_text = None
        if text is not None:
            new_text = sys.stdin.read() if text == "-" else text
        known = known_people(store) if not changes.is_empty() else {}
        notes: list[str] = []

        def options(current: Entry) -> Entry:
            """The option edits, applied to the entry as it is when they are written."""
            updated = current
            if not changes.is_empty():
                updated, found = apply_changes(current, changes, vocab, known)
                notes[:] = found
            if not episode.is_empty() or episode_n is not None:
                updated = edited_episode(store, updated, episode, episode_n)
            if new_text is not None:
                updated = change_body(updated, new_text) or updated
            return updated

        given = not (changes.is_empty() and episode.is_empty()) or episode_n is not None
        given = given or new_text is not None
        if not given or use_editor:
            before, after, meanwhile = _edit_in_editor(store, cfg, entry_id, options, changes)
        else:
            before, after = update_entry(store, entry_id, lambda current, _v: options(current))
            meanwhile = False
        out = console()
        for note in notes:
            err_console().print(f"[dim]note: {_esc(note)}[/]", highlight=False)
        if after == before:
            out.print(f"No change: entry {entry_id} is as it was.")
            return
        if meanwhile:
            err_console().print(
                f"[dim]note: entry {entry_id} was changed elsewhere while it was in the editor; "
                "your text was saved with those changes kept[/]",
                highlight=False,
            )
        out.print(f"[green]✓[/] {_esc(saved_line(after))}")
        if (after.body, after.title, after.episode) != (before.body, before.title, before.episode):
            from relational_journal.cli.safety_note import show_safety_note
            from relational_journal.core.risk import entry_texts

            show_safety_note(store, cfg, entry_texts(after))


def _edit_in_editor(
    store: Store,
    cfg: Config,
    entry_id: int,
    options: Callable[[Entry], Entry],
    changes: EntryChanges,
) -> tuple[Entry, Entry, bool]:
    """Open the entry in the editor; save the text merged with what changed meanwhile.

    The entry's version is remembered when the editor opens. At save, the option
    edits, the text and the episode's fields are applied to the entry as it is
    then; a text changed elsewhere too is kept as a draft instead, and the entry
    is left as it is.
    """
    from dataclasses import replace

    from relational_journal.cli.episode_options import episode_text, from_editor
    from relational_journal.cli.terminal import edit_text
    from relational_journal.core.editing import EditConflict, merge_body
    from relational_journal.paths import drafts_dir
    from relational_journal.storage.edits import entry_and_version, update_entry

    base, opened_version = entry_and_version(store, entry_id)
    shown = options(base)
    texts = prompt_texts([base], needed_only=False)
    prompt = texts.get(base.prompt_id or "")
    comment = (f"Prompt: {prompt}\n" if prompt else "") + (
        f"Entry {entry_id}. Lines starting with # at the top are left out.\n"
        "Save and close to keep the change; close without saving to keep it as it was."
    )
    written = edit_text(shown.body + episode_text(shown), drafts_dir(), cfg.editor, comment=comment)
    if written is None:
        raise JournalError(f"the editor did not finish normally; entry {entry_id} was not changed")
    edited = from_editor(store, shown, written)
    mine = edited.body.strip()
    if not mine:
        raise JournalError(
            f"entry {entry_id} would be empty, so nothing was changed "
            f"(to remove it: journal delete {entry_id})"
        )
    if edited == shown and shown == base:
        return base, base, False
    meanwhile = False

    def merged(current: Entry, version: int) -> Entry:
        nonlocal meanwhile
        meanwhile = version != opened_version
        body = merge_body(shown.body, mine, current.body if meanwhile else shown.body)
        if body is None:
            raise EditConflict(f"entry {entry_id} was changed elsewhere while it was in the editor")
        updated = replace(options(current), body=body)
        if edited.episode != shown.episode:
            updated = replace(updated, episode=edited.episode)
        if current.private and changes.private is not False:
            updated = replace(updated, private=True)  # only --public ever shares it
        return updated

    try:
        before, after = update_entry(store, entry_id, merged)
    except EditConflict:
        # Private now, or when it was opened: the draft stays private too.
        private = shown.private or store.get_entry(entry_id, include_trash=True).private
        draft_id = _keep_as_draft(store, replace(edited, private=private), mine)
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
