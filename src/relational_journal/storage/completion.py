"""Names for shell completion, read without ever changing or locking the journal.

The journal is opened read-only and only when it is a plain SQLite file: an
encrypted journal, a busy one or none at all completes nothing, quietly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal

Kind = Literal["people", "tags"]
_SQL = {
    "people": "SELECT name FROM people UNION SELECT alias FROM person_aliases",
    "tags": "SELECT DISTINCT tag FROM entry_tags",
}


def stored_names(db: Path, kind: Kind, start: str) -> list[str]:
    """People (and their other names) or tags beginning with `start`, ignoring case."""
    if not db.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return []
    try:
        rows = conn.execute(_SQL[kind]).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    folded = start.casefold()
    names = {str(r[0]) for r in rows if r[0] and str(r[0]).casefold().startswith(folded)}
    return sorted(names, key=str.casefold)
