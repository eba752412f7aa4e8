"""Tending entries: the trash, and which entries a listing shows.

Each change runs in one transaction, so a failure leaves the journal as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from relational_journal.errors import EntryNotFoundError, JournalError
from relational_journal.storage.query import EntryFilter, where_clause

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

TRASH_DAYS = 30


def _iso_utc(moment: datetime) -> str:
    """UTC, second precision, one fixed format: string order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _ids_sql(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids)


# -- the trash -------------------------------------------------------------------------


def purge_expired(store: Store, now: datetime, days: int = TRASH_DAYS) -> int:
    """Delete for good what has been in the trash longer than `days`; cheap when nothing is."""
    cutoff = _iso_utc(now - timedelta(days=days))
    due = store.read(
        "SELECT 1 FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ? LIMIT 1", [cutoff]
    )
    if not due:
        return 0
    with store.transaction() as conn:
        cursor = conn.execute(
            "DELETE FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ?", [cutoff]
        )
    return cursor.rowcount


def _states(store: Store, ids: Sequence[int]) -> dict[int, str | None]:
    rows = store.read(f"SELECT id, deleted_at FROM entries WHERE id IN ({_ids_sql(ids)})", ids)
    return {int(r[0]): r[1] for r in rows}


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def check_deletable(store: Store, ids: Sequence[int]) -> list[int]:
    """The ids, each an entry not in the trash; else an error naming the first bad one."""
    ids = _unique(ids)
    states = _states(store, ids)
    for entry_id in ids:
        if entry_id not in states:
            raise EntryNotFoundError(f"there is no entry {entry_id}")
        if states[entry_id] is not None:
            raise JournalError(
                f"entry {entry_id} is already in the trash (`journal restore {entry_id}`)"
            )
    return ids


def move_to_trash(store: Store, ids: Sequence[int], now: datetime) -> list[int]:
    """Move entries to the trash, all or none; they are purged after TRASH_DAYS."""
    ids = check_deletable(store, ids)
    with store.transaction() as conn:
        conn.execute(
            f"UPDATE entries SET deleted_at = ? WHERE id IN ({_ids_sql(ids)})",
            [_iso_utc(now), *ids],
        )
    return ids


def restore(store: Store, ids: Sequence[int]) -> list[int]:
    """Bring entries back from the trash, all or none."""
    ids = check_in_trash(store, ids)
    with store.transaction() as conn:
        conn.execute(f"UPDATE entries SET deleted_at = NULL WHERE id IN ({_ids_sql(ids)})", ids)
    return ids


def check_in_trash(store: Store, ids: Sequence[int]) -> list[int]:
    """The ids, each an entry in the trash; else an error naming the first that is not."""
    ids = _unique(ids)
    states = _states(store, ids)
    for entry_id in ids:
        if entry_id not in states:
            raise EntryNotFoundError(f"there is no entry {entry_id} (nor in the trash)")
        if states[entry_id] is None:
            raise JournalError(f"entry {entry_id} is not in the trash")
    return ids


def purge(store: Store, ids: Sequence[int] = ()) -> int:
    """Delete for good: the given trashed entries, or the whole trash."""
    if ids:
        ids = check_in_trash(store, ids)
        with store.transaction() as conn:
            cursor = conn.execute(f"DELETE FROM entries WHERE id IN ({_ids_sql(ids)})", ids)
        return cursor.rowcount
    with store.transaction() as conn:
        cursor = conn.execute("DELETE FROM entries WHERE deleted_at IS NOT NULL")
    return cursor.rowcount


def purge_date(deleted_at: str, days: int = TRASH_DAYS) -> datetime:
    """When an entry put in the trash at `deleted_at` is purged."""
    return datetime.fromisoformat(deleted_at) + timedelta(days=days)


# -- what list shows and hides -----------------------------------------------------------


def listed_ids(store: Store, f: EntryFilter) -> tuple[list[int], int]:
    """The ids `journal list` shows, in date order, and how many private ones it hides.

    With privacy 'exclude', one pass over the entries the filter allows gives
    both; "hidden" counts the private entries --include-private would have
    shown (for -n N: among the last N).
    """
    if f.privacy != "exclude":
        return store.entry_ids(f), 0
    where, params = where_clause(replace(f, privacy="include", limit=None))
    if f.limit is None:
        rows = store.read(
            f"SELECT e.id, e.private FROM entries e WHERE {where} ORDER BY e.about_ts, e.id",
            params,
        )
        ids = [int(r[0]) for r in rows if not r[1]]
        return ids, len(rows) - len(ids)
    limit = max(f.limit, 0)
    cursor = store.conn.execute(
        f"SELECT e.id, e.private FROM entries e WHERE {where} ORDER BY e.about_ts DESC, e.id DESC",
        params,
    )
    newest_first: list[int] = []
    hidden = 0
    seen = 0
    try:
        for entry_id, private in cursor:
            if seen < limit and private:
                hidden += 1
            seen += 1
            if not private:
                if len(newest_first) >= limit:
                    break
                newest_first.append(int(entry_id))
            if len(newest_first) >= limit and seen >= limit:
                break
    finally:
        cursor.close()
    return newest_first[::-1], hidden
