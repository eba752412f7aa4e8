"""People: lookups, renames, merges, aliases and share-as names. Each change is one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from relational_journal.errors import JournalError
from relational_journal.models import ERAS, Person, person_name

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


def known_people(store: Store) -> dict[str, Person]:
    """Lower-cased names and aliases to the people they name."""
    known: dict[str, Person] = {}
    for person in store.people():
        known[person.name.lower()] = person
        for alias in person.aliases:
            known.setdefault(alias.lower(), person)
    return known


def _clean_name(name: str, what: str = "the new name") -> str:
    try:
        return person_name(name)
    except ValueError as exc:
        raise JournalError(f"{what}: {exc}; nothing was changed") from None


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
    clean = [_clean_name(a, "an alias") for a in aliases]
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


def known_names(store: Store) -> list[str]:
    """Every name and other name of the people the journal knows."""
    rows = store.read("SELECT name FROM people UNION SELECT alias FROM person_aliases")
    return [str(r[0]) for r in rows]
