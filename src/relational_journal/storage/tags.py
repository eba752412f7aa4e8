"""Tags: counts, renames, and turning a tag into a person or a person into a tag.

Each change is one transaction over every entry it touches, so an
interruption leaves all of them as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from relational_journal.errors import JournalError, TagNotFoundError

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


@dataclass(frozen=True)
class TagCount:
    tag: str
    count: int


def tag_counts(store: Store) -> list[TagCount]:
    """Entries per tag (trash left out), most used first, as `jrnl --tags` counts them."""
    rows = store.read(
        "SELECT min(t.tag), count(*) AS n FROM entry_tags t JOIN entries e ON e.id = t.entry_id"
        " WHERE e.deleted_at IS NULL GROUP BY t.tag COLLATE NOCASE"
        " ORDER BY n DESC, min(t.tag) COLLATE NOCASE"
    )
    return [TagCount(str(r[0]), int(r[1])) for r in rows]


def clean_tag(tag: str) -> str:
    clean = " ".join(tag.strip().lstrip("#@").split())
    if not clean:
        raise JournalError("a tag cannot be empty")
    return clean


def _require_tag(store: Store, tag: str) -> str:
    """The tag as it is stored, or a one-line error."""
    rows = store.read("SELECT tag FROM entry_tags WHERE tag = ? LIMIT 1", [clean_tag(tag)])
    if not rows:
        raise TagNotFoundError(f"no entry has the tag {tag!r}: `journal tags` lists them")
    return str(rows[0][0])


def rename_tag(store: Store, old: str, new: str) -> int:
    """Every entry tagged `old` is tagged `new` instead; returns how many entries."""
    found, new = _require_tag(store, old), clean_tag(new)
    with store.transaction() as conn:
        count = conn.execute("SELECT count(*) FROM entry_tags WHERE tag = ?", [found]).fetchone()
        # An entry with both keeps one; the tag's new spelling wins.
        conn.execute(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag)"
            " SELECT entry_id, ? FROM entry_tags WHERE tag = ?",
            [new, found],
        )
        conn.execute("DELETE FROM entry_tags WHERE tag = ? AND tag <> ?", [found, new])
        conn.execute("UPDATE entry_tags SET tag = ? WHERE tag = ?", [new, new])
    return int(count[0])


def tag_to_person(store: Store, tag: str, now: datetime) -> tuple[str, int]:
    """Every entry tagged `tag` is about a person of that name instead: their name, how many."""
    found = _require_tag(store, tag)
    person = store.find_person(found)
    with store.transaction() as conn:
        name = person.name if person is not None else found
        if person is None:
            cursor = conn.execute(
                "INSERT INTO people (name, created_at) VALUES (?, ?)", [found, now.isoformat()]
            )
            person_id = int(cursor.lastrowid or 0)
        else:
            person_id = int(person.id or 0)
        count = conn.execute("SELECT count(*) FROM entry_tags WHERE tag = ?", [found]).fetchone()
        conn.execute(
            "INSERT OR IGNORE INTO entry_people (entry_id, person_id)"
            " SELECT entry_id, ? FROM entry_tags WHERE tag = ?",
            [person_id, found],
        )
        conn.execute("DELETE FROM entry_tags WHERE tag = ?", [found])
    return name, int(count[0])


def person_to_tag(store: Store, name: str) -> tuple[str, int]:
    """Someone who is no person (a project, a place) becomes a tag on each of their entries.

    Refused for a person named in a relationship episode: the episode would
    lose whom it is with.
    """
    person = store.require_person(name)
    person_id = int(person.id or 0)
    episodes = store.read("SELECT count(*) FROM episodes WHERE person_id = ?", [person_id])
    if episodes and episodes[0][0]:
        n = int(episodes[0][0])
        raise JournalError(
            f"{person.name} is the other person in {n} relationship "
            f"episode{'s' if n != 1 else ''}, so they stay a person"
        )
    tag = clean_tag(person.name)
    with store.transaction() as conn:
        count = conn.execute(
            "SELECT count(*) FROM entry_people WHERE person_id = ?", [person_id]
        ).fetchone()
        conn.execute(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag)"
            " SELECT entry_id, ? FROM entry_people WHERE person_id = ?",
            [tag, person_id],
        )
        conn.execute("DELETE FROM entry_people WHERE person_id = ?", [person_id])
        conn.execute("DELETE FROM person_aliases WHERE person_id = ?", [person_id])
        conn.execute("DELETE FROM people WHERE id = ?", [person_id])
    return tag, int(count[0])
