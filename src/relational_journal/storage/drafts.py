"""Unsaved entries kept inside the journal, one row per draft, rewritten as the client types."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


@dataclass(frozen=True)
class DraftRow:
    id: str
    started_at: str
    updated_at: str
    data: str  # the draft as JSON (core/drafts.py reads it)


def keep_draft(store: Store, draft_id: str, started_at: str, updated_at: str, data: str) -> None:
    """Write (or rewrite) one draft in its own short transaction."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO drafts (id, started_at, updated_at, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data",
            [draft_id, started_at, updated_at, data],
        )


def kept_drafts(store: Store) -> list[DraftRow]:
    """Every draft, the most recently changed first."""
    rows = store.read(
        "SELECT id, started_at, updated_at, data FROM drafts ORDER BY updated_at DESC, id DESC"
    )
    return [DraftRow(*row) for row in rows]


def kept_draft(store: Store, draft_id: str) -> DraftRow | None:
    rows = store.read(
        "SELECT id, started_at, updated_at, data FROM drafts WHERE id = ?", [draft_id]
    )
    return DraftRow(*rows[0]) if rows else None


def discard_draft(store: Store, draft_id: str) -> bool:
    """Remove one draft; False if there was none with that id."""
    with store.transaction() as conn:
        return conn.execute("DELETE FROM drafts WHERE id = ?", [draft_id]).rowcount > 0


# -- set aside, when the journal cannot be written ---------------------------------------

ASIDE_SUFFIX = ".draft.db"
_ASIDE_TABLE = (
    "CREATE TABLE IF NOT EXISTS drafts (id TEXT PRIMARY KEY, started_at TEXT NOT NULL, "
    "updated_at TEXT NOT NULL, data TEXT NOT NULL)"
)


def _aside_connect(path: Path, passphrase: str | None) -> sqlite3.Connection:
    if passphrase is not None:
        from relational_journal.storage.crypto import connect_encrypted

        return connect_encrypted(path, passphrase, 1.0)
    return sqlite3.connect(path, timeout=1.0, isolation_level=None)


def keep_aside(folder: Path, passphrase: str | None, row: DraftRow) -> Path:
    """Keep a draft in a small file of its own beside the journal, encrypted like it.

    For when the journal itself cannot be written (locked by another program,
    read-only). Raises OSError or sqlite3.Error when even this is impossible
    (a full disk); the caller then shows the words instead.
    """
    import os

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{row.id}{ASIDE_SUFFIX}"
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn = _aside_connect(path, passphrase)
    try:
        conn.execute(_ASIDE_TABLE)
        conn.execute(
            "INSERT INTO drafts (id, started_at, updated_at, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data",
            [row.id, row.started_at, row.updated_at, row.data],
        )
    finally:
        conn.close()
    return path


def take_in_aside(store: Store, folder: Path) -> int:
    """Move drafts kept aside back into the journal; returns how many came back."""
    if not folder.is_dir():
        return 0
    moved = 0
    for path in sorted(folder.glob(f"*{ASIDE_SUFFIX}")):
        try:
            conn = _aside_connect(path, store.passphrase)
            try:
                rows = [DraftRow(*r) for r in conn.execute("SELECT * FROM drafts").fetchall()]
            finally:
                conn.close()
        except (sqlite3.Error, OSError, JournalError):
            continue  # another journal's, or damaged: left as it is for the doctor
        for row in rows:
            current = kept_draft(store, row.id)
            if current is None or current.updated_at < row.updated_at:
                keep_draft(store, row.id, row.started_at, row.updated_at, row.data)
        path.unlink(missing_ok=True)
        moved += len(rows)
    return moved
