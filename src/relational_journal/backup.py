"""Consistent copies of the journal, through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StoreError

if TYPE_CHECKING:
    from .store import Store

AUTOMATIC_KEEP = 5
AUTOMATIC_PREFIX = "auto-"


def backup_to(store: Store, target: Path) -> Path:
    """Copy the open journal to `target` (0600), consistent even while others write."""
    target = Path(target)
    if target.exists():
        raise StoreError(f"{target} already exists; choose another name")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = target.with_name(f".{target.name}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            store.conn.backup(dest)
        finally:
            dest.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"the backup to {target} failed: {exc}") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"the backup to {target} failed: {exc.strerror}") from None
    return target


def automatic_backup(store: Store, *, keep: int = AUTOMATIC_KEEP) -> Path:
    """Back up beside the journal (backups/auto-*.db) and keep only the newest `keep`."""
    folder = store.path.parent / "backups"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_to(store, folder / f"{AUTOMATIC_PREFIX}{stamp}.db")
    automatic = sorted(folder.glob(f"{AUTOMATIC_PREFIX}*.db"))
    for old in automatic[:-keep]:
        old.unlink(missing_ok=True)
    return target
