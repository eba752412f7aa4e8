"""The SQLite connection: its settings, the file's header check, and errors in plain words."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from relational_journal.errors import (
    DatabaseLockedError,
    DiskFullError,
    NotAJournalError,
    StoreError,
)

BUSY_TIMEOUT_SECONDS = 15.0
SQLITE_HEADER = b"SQLite format 3\x00"


def translate_error(exc: sqlite3.Error, path: Path | None = None) -> StoreError:
    """Turn a sqlite3 error into a one-line StoreError a client can act on."""
    text = str(exc).lower()
    where = f" ({path})" if path else ""
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"the journal is busy in another `journal` process{where}; "
            "nothing was changed, try again in a moment"
        )
    if "full" in text:
        return DiskFullError(f"the disk is full{where}; nothing was changed")
    if "readonly" in text or "read-only" in text:
        return DiskFullError(f"the journal's folder is read-only{where}; nothing was changed")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return NotAJournalError(
            f"the file at {path or 'the database path'} is not a readable journal "
            "(damaged, encrypted or another kind of file); it was left untouched"
        )
    if "unable to open" in text or "disk i/o" in text:
        return StoreError(f"the journal cannot be opened or written{where}: {exc}")
    return StoreError(f"database error{where}: {exc.__class__.__name__}")


def create_private_file(path: Path) -> None:
    """Create an empty database file readable by the owner only, whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def check_header(path: Path) -> bool:
    """Refuse a file that is not SQLite before sqlite3 ever touches it.

    Returns True when the file is an encrypted journal (SQLCipher writes no
    plain header); anything else that is not SQLite is refused, untouched.
    """
    from relational_journal.storage.crypto import looks_encrypted

    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if not head or head == SQLITE_HEADER:
        return False
    if looks_encrypted(head, size):
        return True
    raise NotAJournalError(
        f"{path} is not a journal database (or it is damaged); it was left untouched"
    )


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the journal's settings: autocommit, busy timeout, foreign keys."""
    try:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise translate_error(exc, path) from None
    return conn
