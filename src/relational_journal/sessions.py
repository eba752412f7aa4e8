"""Therapy sessions: recorded ones, and where "last session" / "next session" fall."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .dates import SessionLookup

if TYPE_CHECKING:
    from .store import Store


def recorded_session(store: Store, which: str, now: datetime) -> datetime | None:
    """The latest recorded session at or before `now` ('last') or the first after it ('next')."""
    ts = int(now.timestamp())
    if which == "last":
        sql = "SELECT at FROM therapy_sessions WHERE at_ts <= ? ORDER BY at_ts DESC LIMIT 1"
    else:
        sql = "SELECT at FROM therapy_sessions WHERE at_ts > ? ORDER BY at_ts LIMIT 1"
    rows = store.read(sql, [ts])
    return datetime.fromisoformat(rows[0][0]) if rows else None


def session_lookup(store: Store) -> SessionLookup:
    """A resolver for "last session" / "next session" over this journal."""

    def lookup(which: str, now: datetime) -> datetime | None:
        return recorded_session(store, which, now)

    return lookup
