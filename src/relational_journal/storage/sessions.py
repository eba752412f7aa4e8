"""Therapy sessions and schedules as stored: the rows behind "last/next session"."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from relational_journal.models import Session

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


def schedule_rows(store: Store) -> list[tuple[int, str, str, str | None]]:
    """(id, rule, starts, timezone) of every schedule in force, oldest first."""
    rows = store.read(
        "SELECT id, rule, starts, timezone FROM session_schedules WHERE active = 1 ORDER BY id"
    )
    return [(r["id"], r["rule"], r["starts"], r["timezone"]) for r in rows]


def replace_schedule(
    store: Store, rule: str, starts: str, timezone: str | None, created_at: str
) -> int:
    """Retire the schedules in force and store a new one; its id."""
    with store.transaction() as conn:
        conn.execute("UPDATE session_schedules SET active = 0 WHERE active = 1")
        cursor = conn.execute(
            "INSERT INTO session_schedules (rule, starts, timezone, created_at, active)"
            " VALUES (?, ?, ?, ?, 1)",
            [rule, starts, timezone, created_at],
        )
    return int(cursor.lastrowid or 0)


def end_schedules(store: Store, changes: list[tuple[int, str | None]]) -> None:
    """Give each schedule its ended rule, or retire it (None) when it had not started."""
    with store.transaction() as conn:
        for schedule_id, rule in changes:
            if rule is None:
                conn.execute("UPDATE session_schedules SET active = 0 WHERE id = ?", [schedule_id])
            else:
                conn.execute(
                    "UPDATE session_schedules SET rule = ? WHERE id = ?", [rule, schedule_id]
                )


def add_session(store: Store, at: str, at_ts: int, notes: str | None) -> int:
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO therapy_sessions (at, at_ts, notes) VALUES (?, ?, ?)", [at, at_ts, notes]
        )
    return int(cursor.lastrowid or 0)


def recorded_sessions(store: Store, start: datetime | None, end: datetime | None) -> list[Session]:
    clauses, params = ["1"], []
    if start is not None:
        clauses.append("at_ts >= ?")
        params.append(int(start.timestamp()))
    if end is not None:
        clauses.append("at_ts <= ?")
        params.append(int(end.timestamp()))
    rows = store.read(
        f"SELECT id, at, notes FROM therapy_sessions WHERE {' AND '.join(clauses)}"
        " ORDER BY at_ts, id",
        params,
    )
    return [Session(datetime.fromisoformat(r["at"]), r["notes"], True, r["id"]) for r in rows]


def recorded_session(store: Store, which: str, now: datetime) -> datetime | None:
    """The latest recorded session at or before `now` ('last') or the first after it ('next')."""
    ts = int(now.timestamp())
    if which == "last":
        sql = "SELECT at FROM therapy_sessions WHERE at_ts <= ? ORDER BY at_ts DESC LIMIT 1"
    else:
        sql = "SELECT at FROM therapy_sessions WHERE at_ts > ? ORDER BY at_ts LIMIT 1"
    rows = store.read(sql, [ts])
    return datetime.fromisoformat(rows[0][0]) if rows else None


def skipped_days(store: Store) -> frozenset[str]:
    """Local days (YYYY-MM-DD) whose scheduled session did not take place."""
    return frozenset(r[0] for r in store.read("SELECT day FROM skipped_sessions"))


def skip_day(store: Store, day: str, created_at: str) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO skipped_sessions (day, created_at) VALUES (?, ?)",
            [day, created_at],
        )


def move_session(
    store: Store, skip: str | None, created_at: str, session_id: int | None, at: str, at_ts: int
) -> int:
    """In one step: skip a scheduled day, and move a recorded session or record a new one."""
    with store.transaction() as conn:
        if skip is not None:
            conn.execute(
                "INSERT OR IGNORE INTO skipped_sessions (day, created_at) VALUES (?, ?)",
                [skip, created_at],
            )
        if session_id is not None:
            conn.execute(
                "UPDATE therapy_sessions SET at = ?, at_ts = ? WHERE id = ?",
                [at, at_ts, session_id],
            )
            return session_id
        cursor = conn.execute(
            "INSERT INTO therapy_sessions (at, at_ts, notes) VALUES (?, ?, NULL)", [at, at_ts]
        )
    return int(cursor.lastrowid or 0)


def delete_session(store: Store, session_id: int) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM therapy_sessions WHERE id = ?", [session_id])
