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
    notes: list[str] | None = None,
) -> Store:
    """The journal at `path`, backed up automatically before its schema is upgraded.

    A conversion killed midway is finished or undone first, and copies a killed
    process left beside the journal are overwritten and removed; what was found
    and done is added to `notes`, one line each.
    """
    from relational_journal.storage.leftovers import settle_after_open, settle_before_open

    found = settle_before_open(Path(path))
    store = Store.open(
        path,
        create=create,
        passphrase=passphrase,
        passphrase_source=passphrase_source,
        before_upgrade=automatic_backup,
    )
    try:
        found += settle_after_open(store)
    except BaseException:
        store.close()
        raise
    if notes is not None:
        notes.extend(found)
    return store
