"""Every text the client wrote in entries, read in one pass (for the safety note after import)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


def entry_ids(store: Store) -> set[int]:
    """The ids of every entry, the trash included."""
    return {int(row[0]) for row in store.read("SELECT id FROM entries")}


def texts_of_new_entries(store: Store, known: set[int]) -> Iterator[tuple[str | None, ...]]:
    """Title, body and episode words of each entry whose id is not in `known`."""
    rows = store.read(
        "SELECT e.id, e.title, e.body, p.what_happened, p.wish, p.other, p.self,"
        " p.self_treatment"
        " FROM entries AS e LEFT JOIN episodes AS p ON p.entry_id = e.id"
    )
    for row in rows:
        if int(row[0]) not in known:
            yield tuple(row[1:])
