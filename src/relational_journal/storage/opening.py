"""Opening the client's journal: the store, with a safety backup before any schema upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from relational_journal.storage.backup import automatic_backup
from relational_journal.storage.store import Store

if TYPE_CHECKING:
    from relational_journal.storage.crypto import PassphraseSource


def open_journal(
    path: Path,
    *,
    create: bool = True,
    passphrase: str | None = None,
    passphrase_source: PassphraseSource | None = None,
) -> Store:
    """The journal at `path`, backed up automatically before its schema is upgraded."""
    return Store.open(
        path,
        create=create,
        passphrase=passphrase,
        passphrase_source=passphrase_source,
        before_upgrade=automatic_backup,
    )
