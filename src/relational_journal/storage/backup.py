"""Consistent copies of the journal, through SQLite's online backup API.

The copy is one read snapshot of the journal, so it is consistent even while
another `journal` is writing. A copy of an encrypted journal is encrypted with
the same passphrase. Backups are written owner-only (0600, folder 0700).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from relational_journal.errors import StoreError

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

AUTOMATIC_KEEP = 5
AUTOMATIC_PREFIX = "auto-"
MANUAL_PREFIX = "journal-"
LAST_BACKUP_AT = "last_backup_at"
LAST_BACKUP_PATH = "last_backup_path"
PARTIAL_SUFFIX = ".partial"


def backups_folder(store: Store) -> Path:
    return store.path.parent / "backups"


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def _target_connection(store: Store, tmp: Path) -> sqlite3.Connection:
    if store.passphrase is None:
        return sqlite3.connect(str(tmp))
    from relational_journal.storage.crypto import _quote, sqlcipher

    dest: sqlite3.Connection = sqlcipher().connect(str(tmp))
    dest.execute(f"PRAGMA key = {_quote(store.passphrase)}")
    return dest


def backup_to(store: Store, target: Path) -> Path:
    """Copy the open journal to `target` (0600), consistent even while others write."""
    target = Path(target)
    if target.exists():
        raise StoreError(f"{target} already exists; choose another name")
    try:
        _private_folder(target.parent)
    except OSError as exc:
        raise StoreError(f"cannot make the folder {target.parent}: {exc.strerror}") from None
    # The process id in the name tells a copy still being written from one left by a
    # killed process (storage/leftovers.py removes those).
    tmp = target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        dest = _target_connection(store, tmp)
        try:
            store.conn.backup(dest)
        finally:
            dest.close()
        from relational_journal.storage.faults import checkpoint

        checkpoint("backup:partial")
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"the backup to {target} failed: {exc}") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"the backup to {target} failed: {exc.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _record(store, target)
    return target


def _record(store: Store, target: Path) -> None:
    """Remember when and where the last backup went (shown by `journal status`)."""
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        store.set_meta(LAST_BACKUP_AT, stamp)
        store.set_meta(LAST_BACKUP_PATH, str(target))
    except StoreError:
        pass  # the copy exists; failing to note it must not fail the backup


def default_target(store: Store, now: datetime) -> Path:
    """backups/journal-YYYYMMDD-HHMMSS.db beside the journal (a new name each time)."""
    folder = backups_folder(store)
    base = f"{MANUAL_PREFIX}{now.strftime('%Y%m%d-%H%M%S')}"
    target = folder / f"{base}.db"
    n = 2
    while target.exists():
        target = folder / f"{base}-{n}.db"
        n += 1
    return target


def automatic_backup(store: Store, *, keep: int = AUTOMATIC_KEEP) -> Path:
    """Back up beside the journal (backups/auto-*.db) and keep only the newest `keep`."""
    folder = backups_folder(store)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_to(store, folder / f"{AUTOMATIC_PREFIX}{stamp}.db")
    automatic = sorted(folder.glob(f"{AUTOMATIC_PREFIX}*.db"))
    for old in automatic[:-keep]:
        old.unlink(missing_ok=True)
    return target


def last_backup(store: Store) -> tuple[str, str] | None:
    """(when, where) of the last backup recorded in the journal, or None."""
    when = store.get_meta(LAST_BACKUP_AT)
    if when is None:
        return None
    return when, store.get_meta(LAST_BACKUP_PATH) or ""
