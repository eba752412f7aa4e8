"""The doctor's checks: is the file whole, are links intact, is the search index in step."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


def integrity_problems(store: Store, most: int = 20) -> list[str]:
    """SQLite's integrity check: an empty list when the file is whole."""
    try:
        rows = store.conn.execute(f"PRAGMA integrity_check({int(most)})").fetchall()
    except sqlite3.DatabaseError:
        return ["the file could not be read to the end"]
    result = [str(r[0]) for r in rows]
    return [] if result == ["ok"] else result


def broken_links(store: Store) -> int:
    """How many rows point at something no longer there."""
    return len(store.read("PRAGMA foreign_key_check"))


def search_index_in_step(store: Store) -> tuple[bool, int]:
    """(does the search index cover every entry, exactly?, how many entries there are)."""
    entries = int(store.read("SELECT count(*) FROM entries")[0][0])
    indexed = int(store.read("SELECT count(*) FROM entries_fts_docsize")[0][0])
    if entries != indexed:
        return False, entries
    try:
        store.conn.execute(
            "INSERT INTO entries_fts(entries_fts, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError:
        return False, entries
    return True, entries


def rebuild_search_index(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO episodes_fts(episodes_fts) VALUES ('rebuild')")


def forget_review_months(store: Store) -> int:
    """Let the review's stored monthly counts go (they are only ever a copy); how many."""
    months = int(store.read("SELECT count(*) FROM review_months")[0][0])
    if months:
        with store.transaction() as conn:
            conn.execute("DELETE FROM review_months")
    return months


def readable_copies(store: Store) -> list[Path]:
    """Beside an encrypted journal: files it owns that open without the passphrase."""
    if not store.encrypted:
        return []
    from relational_journal.storage import crypto
    from relational_journal.storage.leftovers import abandoned_copies, owned_databases

    plain = [p for p in owned_databases(store.path) if not crypto.is_encrypted(p)]
    return plain + abandoned_copies(store.path)
