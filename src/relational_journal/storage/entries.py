"""Tending entries and people: edits, the trash, renames and merges.

Core functions take a Store and values and return values; each change runs in
one transaction, so a failure leaves the journal as it was. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from relational_journal.errors import EntryNotFoundError, JournalError
from relational_journal.models import ERAS, Entry, FeelingFelt, Person, PersonRef
from relational_journal.storage.query import EntryFilter, where_clause

if TYPE_CHECKING:
    from relational_journal.content.feelings import Vocabulary
    from relational_journal.storage.store import Store

TRASH_DAYS = 30


def _iso_utc(moment: datetime) -> str:
    """UTC, second precision, one fixed format: string order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _ids_sql(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids)


# -- the trash -------------------------------------------------------------------------


def purge_expired(store: Store, now: datetime, days: int = TRASH_DAYS) -> int:
    """Delete for good what has been in the trash longer than `days`; cheap when nothing is."""
    cutoff = _iso_utc(now - timedelta(days=days))
    due = store.read(
        "SELECT 1 FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ? LIMIT 1", [cutoff]
    )
    if not due:
        return 0
    with store.transaction() as conn:
        cursor = conn.execute(
            "DELETE FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ?", [cutoff]
        )
    return cursor.rowcount


def _states(store: Store, ids: Sequence[int]) -> dict[int, str | None]:
    rows = store.read(f"SELECT id, deleted_at FROM entries WHERE id IN ({_ids_sql(ids)})", ids)
    return {int(r[0]): r[1] for r in rows}


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def check_deletable(store: Store, ids: Sequence[int]) -> list[int]:
    """The ids, each an entry not in the trash; else an error naming the first bad one."""
    ids = _unique(ids)
    states = _states(store, ids)
    for entry_id in ids:
        if entry_id not in states:
            raise EntryNotFoundError(f"there is no entry {entry_id}")
        if states[entry_id] is not None:
            raise JournalError(
                f"entry {entry_id} is already in the trash (`journal restore {entry_id}`)"
            )
    return ids


def move_to_trash(store: Store, ids: Sequence[int], now: datetime) -> list[int]:
    """Move entries to the trash, all or none; they are purged after TRASH_DAYS."""
    ids = check_deletable(store, ids)
    with store.transaction() as conn:
        conn.execute(
            f"UPDATE entries SET deleted_at = ? WHERE id IN ({_ids_sql(ids)})",
            [_iso_utc(now), *ids],
        )
    return ids


def restore(store: Store, ids: Sequence[int]) -> list[int]:
    """Bring entries back from the trash, all or none."""
    ids = check_in_trash(store, ids)
    with store.transaction() as conn:
        conn.execute(f"UPDATE entries SET deleted_at = NULL WHERE id IN ({_ids_sql(ids)})", ids)
    return ids


def check_in_trash(store: Store, ids: Sequence[int]) -> list[int]:
    """The ids, each an entry in the trash; else an error naming the first that is not."""
    ids = _unique(ids)
    states = _states(store, ids)
    for entry_id in ids:
        if entry_id not in states:
            raise EntryNotFoundError(f"there is no entry {entry_id} (nor in the trash)")
        if states[entry_id] is None:
            raise JournalError(f"entry {entry_id} is not in the trash")
    return ids


def purge(store: Store, ids: Sequence[int] = ()) -> int:
    """Delete for good: the given trashed entries, or the whole trash."""
    if ids:
        ids = check_in_trash(store, ids)
        with store.transaction() as conn:
            cursor = conn.execute(f"DELETE FROM entries WHERE id IN ({_ids_sql(ids)})", ids)
        return cursor.rowcount
    with store.transaction() as conn:
        cursor = conn.execute("DELETE FROM entries WHERE deleted_at IS NOT NULL")
    return cursor.rowcount


def purge_date(deleted_at: str, days: int = TRASH_DAYS) -> datetime:
    """When an entry put in the trash at `deleted_at` is purged."""
    return datetime.fromisoformat(deleted_at) + timedelta(days=days)


# -- what list shows and hides -----------------------------------------------------------


def hidden_private_count(store: Store, f: EntryFilter) -> int:
    """How many private entries the same filter would have shown with --include-private."""
    return listed_ids(store, f)[1]


def listed_ids(store: Store, f: EntryFilter) -> tuple[list[int], int]:
    """The ids `journal list` shows, in date order, and how many private ones it hides.

    With privacy 'exclude', one pass over the entries the filter allows gives
    both; "hidden" counts the private entries --include-private would have
    shown (for -n N: among the last N).
    """
    if f.privacy != "exclude":
        return store.entry_ids(f), 0
    where, params = where_clause(replace(f, privacy="include", limit=None))
    if f.limit is None:
        rows = store.read(
            f"SELECT e.id, e.private FROM entries e WHERE {where} ORDER BY e.about_ts, e.id",
            params,
        )
        ids = [int(r[0]) for r in rows if not r[1]]
        return ids, len(rows) - len(ids)
    limit = max(f.limit, 0)
    cursor = store.conn.execute(
        f"SELECT e.id, e.private FROM entries e WHERE {where} ORDER BY e.about_ts DESC, e.id DESC",
        params,
    )
    newest_first: list[int] = []
    hidden = 0
    seen = 0
    try:
        for entry_id, private in cursor:
            if seen < limit and private:
                hidden += 1
            seen += 1
            if not private:
                if len(newest_first) >= limit:
                    break
                newest_first.append(int(entry_id))
            if len(newest_first) >= limit and seen >= limit:
                break
    finally:
        cursor.close()
    return newest_first[::-1], hidden


# -- editing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryChanges:
    """Edits given as flags. Empty tuples and None mean 'leave as it is'."""

    feel: tuple[tuple[str, int | None], ...] = ()
    unfeel: tuple[str, ...] = ()
    with_people: tuple[str, ...] = ()
    without_people: tuple[str, ...] = ()
    starred: bool | None = None
    private: bool | None = None
    about: datetime | None = None
    title: str | None = None
    tags: tuple[str, ...] = ()
    untag: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self == EntryChanges()


def change_body(entry: Entry, text: str) -> Entry | None:
    """The entry with its new text; None when nothing changed. Empty text is refused."""
    new = text.strip()
    if new == entry.body.strip():
        return None
    if not new:
        raise JournalError(
            f"entry {entry.id} would be empty, so nothing was changed "
            f"(to remove it: journal delete {entry.id})"
        )
    return replace(entry, body=new)


def apply_changes(
    entry: Entry,
    changes: EntryChanges,
    vocab: Vocabulary,
    known: dict[str, Person],
) -> tuple[Entry, list[str]]:
    """The entry with the flag edits applied, and notes for the client. Pure.

    `known` maps lower-cased names and aliases to people, so `--without mum`
    removes Mom when Mum is her alias.
    """
    notes: list[str] = []

    def canonical(name: str) -> str:
        name = name.strip().lstrip("@")
        person = known.get(name.lower())
        return person.name if person else name

    feelings = list(entry.feelings)
    for word in changes.unfeel:
        target = vocab.felt(word, None).word
        kept = [f for f in feelings if f.word.lower() not in (target, word.strip().lower())]
        if len(kept) == len(feelings):
            raise JournalError(f"entry {entry.id} has no feeling {word.strip()!r}")
        feelings = kept
    for word, intensity in changes.feel:
        felt = vocab.felt(word, intensity)
        if not felt.in_vocabulary:
            hint = vocab.lookup(word).suggestion
            extra = f" (did you mean '{hint}'?)" if hint else ""
            notes.append(f"'{felt.word}' is outside the feelings list; kept as written{extra}")
        for i, existing in enumerate(feelings):
            if existing.word == felt.word:
                feelings[i] = FeelingFelt(
                    existing.word, existing.family, felt.intensity, existing.in_vocabulary
                )
                break
        else:
            feelings.append(felt)

    people = list(entry.people)
    episode = entry.episode
    for name in changes.without_people:
        target = canonical(name).lower()
        kept_people = [p for p in people if p.name.lower() != target]
        if len(kept_people) == len(people):
            raise JournalError(f"entry {entry.id} is not about {name.strip()!r}")
        people = kept_people
        if episode is not None and episode.person and episode.person.lower() == target:
            episode = replace(episode, person=None)
            notes.append(f"the relationship episode no longer names {name.strip()}")
    for name in changes.with_people:
        full = canonical(name)
        if not full:
            raise JournalError("a person's name cannot be empty")
        if all(p.name.lower() != full.lower() for p in people):
            people.append(PersonRef(full))
            if full.lower() not in known:
                notes.append(f"{full} is new to the journal")

    dropped = {u.strip().lstrip("#").lower() for u in changes.untag}
    tags = [t for t in entry.tags if t.lower() not in dropped]
    for tag in changes.tags:
        clean = tag.strip().lstrip("#")
        if clean and clean.lower() not in {t.lower() for t in tags}:
            tags.append(clean)

    updated = replace(
        entry,
        feelings=tuple(feelings),
        people=tuple(people),
        episode=episode,
        tags=tuple(tags),
        starred=entry.starred if changes.starred is None else changes.starred,
        private=entry.private if changes.private is None else changes.private,
        about=entry.about if changes.about is None else changes.about,
        title=entry.title if changes.title is None else (changes.title.strip() or None),
    )
    return updated, notes


def save_entry(store: Store, entry: Entry) -> None:
    """Write an edited entry back, atomically."""
    store.replace_entry(entry)


def known_people(store: Store) -> dict[str, Person]:
    """Lower-cased names and aliases to the people they name."""
    known: dict[str, Person] = {}
    for person in store.people():
        known[person.name.lower()] = person
        for alias in person.aliases:
            known.setdefault(alias.lower(), person)
    return known


# -- people ------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    clean = " ".join(name.strip().lstrip("@").split())
    if not clean:
        raise JournalError("a person's name cannot be empty")
    return clean


def _owner(store: Store, name: str) -> int | None:
    """The id of whoever has this name or alias."""
    rows = store.read(
        "SELECT id FROM people WHERE name = ? COLLATE NOCASE"
        " UNION ALL SELECT person_id FROM person_aliases WHERE alias = ? COLLATE NOCASE LIMIT 1",
        [name, name],
    )
    return int(rows[0][0]) if rows else None


def rename_person(store: Store, old: str, new: str, *, keep_alias: bool = True) -> Person:
    """Give someone a new name; the old one stays as an alias unless told otherwise."""
    person = store.require_person(old)
    new = _clean_name(new)
    owner = _owner(store, new)
    if owner is not None and owner != person.id:
        raise JournalError(
            f"the journal already knows someone called {new!r}: "
            f"to make them one person, use `journal people merge {person.name!r} {new!r}`"
        )
    with store.transaction() as conn:
        conn.execute("DELETE FROM person_aliases WHERE alias = ? COLLATE NOCASE", [new])
        conn.execute("UPDATE people SET name = ? WHERE id = ?", [new, person.id])
        if keep_alias and person.name.lower() != new.lower():
            conn.execute(
                "INSERT OR IGNORE INTO person_aliases (alias, person_id) VALUES (?, ?)",
                [person.name, person.id],
            )
    return store.people(ids=[person.id])[0]


def merge_people(store: Store, source: str, target: str) -> Person:
    """Make two people one: `source`'s mentions, episodes and aliases move to `target`.

    `source`'s name becomes one of `target`'s aliases; role, era and shared-as
    name are filled from `source` where `target` has none.
    """
    a = store.require_person(source)
    b = store.require_person(target)
    if a.id == b.id:
        raise JournalError(f"{source!r} and {target!r} are already the same person ({b.name})")
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO entry_people (entry_id, person_id)"
            " SELECT entry_id, ? FROM entry_people WHERE person_id = ?",
            [b.id, a.id],
        )
        conn.execute("DELETE FROM entry_people WHERE person_id = ?", [a.id])
        conn.execute("UPDATE episodes SET person_id = ? WHERE person_id = ?", [b.id, a.id])
        conn.execute("UPDATE person_aliases SET person_id = ? WHERE person_id = ?", [b.id, a.id])
        conn.execute(
            "UPDATE people SET role = coalesce(role, ?), era = coalesce(era, ?),"
            " share_as = coalesce(share_as, ?) WHERE id = ?",
            [a.role, a.era, a.share_as, b.id],
        )
        conn.execute("DELETE FROM people WHERE id = ?", [a.id])
        if a.name.lower() != b.name.lower():
            conn.execute(
                "INSERT OR IGNORE INTO person_aliases (alias, person_id) VALUES (?, ?)",
                [a.name, b.id],
            )
    return store.people(ids=[b.id])[0]


def add_aliases(store: Store, name: str, aliases: Sequence[str]) -> Person:
    """Other names for someone (Mum, Mother); each may belong to one person only."""
    person = store.require_person(name)
    clean = [_clean_name(a) for a in aliases]
    for alias in clean:
        owner = _owner(store, alias)
        if owner is not None and owner != person.id:
            other = store.people(ids=[owner])[0].name
            raise JournalError(f"{alias!r} already names {other}; nothing was changed")
    with store.transaction() as conn:
        for alias in clean:
            if alias.lower() == person.name.lower():
                continue
            conn.execute(
                "INSERT OR IGNORE INTO person_aliases (alias, person_id) VALUES (?, ?)",
                [alias, person.id],
            )
    return store.people(ids=[person.id])[0]


def remove_aliases(store: Store, name: str, aliases: Sequence[str]) -> Person:
    person = store.require_person(name)
    have = {a.lower() for a in person.aliases}
    for alias in aliases:
        if alias.strip().lower() not in have:
            raise JournalError(f"{alias.strip()!r} is not an alias of {person.name}")
    with store.transaction() as conn:
        conn.executemany(
            "DELETE FROM person_aliases WHERE alias = ? COLLATE NOCASE AND person_id = ?",
            [(a.strip(), person.id) for a in aliases],
        )
    return store.people(ids=[person.id])[0]


def set_person(
    store: Store,
    name: str,
    *,
    role: str | None = None,
    era: str | None = None,
    share_as: str | None = None,
) -> Person:
    """Set role, era or the name used in shared exports; an empty string clears it."""
    person = store.require_person(name)
    if era is not None and era != "" and era not in ERAS:
        raise JournalError(f"era must be one of {', '.join(ERAS)}, not {era!r}")
    updates: list[str] = []
    params: list[object] = []
    for column, value in (("role", role), ("era", era), ("share_as", share_as)):
        if value is not None:
            updates.append(f"{column} = ?")
            params.append(value.strip() or None)
    if updates:
        with store.transaction() as conn:
            conn.execute(
                f"UPDATE people SET {', '.join(updates)} WHERE id = ?", [*params, person.id]
            )
    return store.people(ids=[person.id])[0]


def unknown_names(store: Store, names: Iterable[str]) -> list[str]:
    """The names (from --person) that match nobody the journal knows."""
    return [n for n in names if store.find_person(n) is None]
