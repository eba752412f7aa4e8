"""Changing a saved entry field by field, against the row as it is at that moment.

An edit reads the entry and writes what it changes inside one `BEGIN IMMEDIATE`
transaction, so two edits at once are applied one after the other, each to
what the other left. Only what differs is written: adding a tag inserts one
row, marking an entry private sets one column; nothing else is rewritten.
Every change moves the entry's version on (see migration m008).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from relational_journal.errors import EntryNotFoundError, JournalError
from relational_journal.models import Entry, PersonRef
from relational_journal.storage.rows import INSERT_EPISODE, episode_values

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

# Given the entry as it is now and its version: the entry as it should be.
Change = Callable[[Entry, int], Entry]


def entry_version(store: Store, entry_id: int) -> int:
    """The entry's version: it moves on with every change to the entry."""
    rows = store.read("SELECT version FROM entries WHERE id = ?", [entry_id])
    if not rows:
        raise EntryNotFoundError(f"there is no entry {entry_id}")
    return int(rows[0][0])


def entry_and_version(store: Store, entry_id: int) -> tuple[Entry, int]:
    """The entry and its version, read in one snapshot."""
    own = not store.conn.in_transaction
    if own:
        store.conn.execute("BEGIN")
    try:
        entry = store.get_entry(entry_id, include_trash=True)
        version = entry_version(store, entry_id)
    finally:
        if own:
            store.conn.execute("COMMIT")
    return entry, version


def update_entry(store: Store, entry_id: int, change: Change) -> tuple[Entry, Entry]:
    """Apply `change` to the entry as it is now and write what differs, all in one transaction.

    Returns (the entry before, the entry after). An error raised by `change`
    leaves the entry exactly as it was.
    """
    from relational_journal.storage.store import ENTRY_COLUMNS

    with store.transaction() as conn:
        found = store.get_entry(entry_id, include_trash=True)
        if found.deleted_at is not None:
            raise JournalError(
                f"entry {entry_id} is in the trash: `journal restore {entry_id}` first"
            )
        version = int(
            conn.execute("SELECT version FROM entries WHERE id = ?", [entry_id]).fetchone()[0]
        )
        updated = change(found, version)
        if updated.id != found.id:
            raise EntryNotFoundError("an edit cannot change which entry it is")
        if updated != found:
            _write_difference(store, conn, found, updated, ENTRY_COLUMNS)
    return found, updated


def _write_difference(
    store: Store,
    conn: sqlite3.Connection,
    old: Entry,
    new: Entry,
    columns: tuple[str, ...],
) -> None:
    from relational_journal.storage.store import _entry_values

    entry_id = old.id
    assert entry_id is not None
    before, after = _entry_values(old), _entry_values(new)
    changed = [(c, v) for c, b, v in zip(columns, before, after, strict=True) if b != v]
    sets = ", ".join(f"{c} = ?" for c, _ in changed)
    conn.execute(
        f"UPDATE entries SET {sets + ', ' if sets else ''}version = version + 1 WHERE id = ?",
        [*(v for _, v in changed), entry_id],
    )
    _tags(conn, entry_id, old.tags, new.tags)
    _people(store, conn, entry_id, old, new)
    _feelings(conn, entry_id, old, new)
    if old.episode != new.episode:
        conn.execute("DELETE FROM episodes WHERE entry_id = ?", [entry_id])
        ep = new.episode
        if ep is not None and not ep.is_empty():
            person_id = None
            if ep.person:
                person_id = store._person_id(conn, PersonRef(ep.person, era=ep.era))
                conn.execute(
                    "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                    [entry_id, person_id],
                )
            conn.execute(INSERT_EPISODE, episode_values(entry_id, person_id, ep))


def _tags(
    conn: sqlite3.Connection, entry_id: int, old: tuple[str, ...], new: tuple[str, ...]
) -> None:
    for tag in set(old) - set(new):
        conn.execute("DELETE FROM entry_tags WHERE entry_id = ? AND tag = ?", [entry_id, tag])
    conn.executemany(
        "INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)",
        [(entry_id, tag.lstrip("#")) for tag in new if tag not in set(old)],
    )


def _people(store: Store, conn: sqlite3.Connection, entry_id: int, old: Entry, new: Entry) -> None:
    kept = {p.name.lower() for p in new.people}
    if new.episode is not None and new.episode.person:
        kept.add(new.episode.person.lower())
    for ref in old.people:
        if ref.name.lower() not in kept:
            conn.execute(
                "DELETE FROM entry_people WHERE entry_id = ? AND person_id IN"
                " (SELECT id FROM people WHERE name = ? COLLATE NOCASE)",
                [entry_id, ref.name],
            )
    had = {p.name.lower() for p in old.people}
    for ref in new.people:
        if ref.name.lower() not in had:
            conn.execute(
                "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                [entry_id, store._person_id(conn, ref)],
            )


def _feelings(conn: sqlite3.Connection, entry_id: int, old: Entry, new: Entry) -> None:
    if old.feelings == new.feelings:
        return
    before = {f.word: f for f in old.feelings}
    after = {f.word: f for f in new.feelings}
    for word in before.keys() - after.keys():
        conn.execute("DELETE FROM entry_feelings WHERE entry_id = ? AND word = ?", [entry_id, word])
    for felt in new.feelings:
        was = before.get(felt.word)
        if was is None:
            conn.execute(
                "INSERT INTO entry_feelings (entry_id, word, family, intensity, in_vocabulary)"
                " VALUES (?, ?, ?, ?, ?)",
                [entry_id, felt.word, felt.family, felt.intensity, int(felt.in_vocabulary)],
            )
        elif was != felt:
            conn.execute(
                "UPDATE entry_feelings SET family = ?, intensity = ?, in_vocabulary = ?"
                " WHERE entry_id = ? AND word = ?",
                [felt.family, felt.intensity, int(felt.in_vocabulary), entry_id, felt.word],
            )
