"""Stored monthly tallies: a long review adds up whole months instead of recounting them.

The tally of each whole calendar month is kept in the journal (table
`review_months`, one row per month and privacy choice), made the first time a
review needs it and thrown away by triggers whenever an entry of that month,
or anything linked to it, changes (schema step m006).

Measured on 2 December 2026 (2-core machine under other load; whole `journal review`
process, median of 5 alternated runs, journals built by benchmarks/bench_review.py):

    entries  period   stored months  without (`_stored` returning [])
    10,000   week        0.46 s         0.48 s
    10,000   year        0.59 s         0.70 s
    10,000   all         0.42 s         0.65 s
    100,000  week        0.43 s         0.69 s
    100,000  year        0.63 s         1.44 s
    100,000  all         0.57 s         2.32 s

Without them the targets at 100,000 entries (week < 0.5 s, everything < 1 s) are
missed, so they stay.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from relational_journal.storage.query import EntryFilter, Privacy, where_clause
from relational_journal.storage.review_select import (
    ENTRIES,
    NEED_FELT,
    PARTS,
    count_selected,
    into_tally,
    period_sql,
    select_period,
)
from relational_journal.storage.review_tally import Tally

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


# An entry's day is the local day where it was written; a period's bounds are moments in
# the reader's zone. Zones differ by up to 26 hours, so a month is read from its stored
# tally only when it lies at least this far inside the period's first and last days:
# then every entry of that month is certainly inside the period.
MONTH_MARGIN = timedelta(days=3)


def plain_filter(f: EntryFilter) -> bool:
    """True when `f` selects by dates and privacy only (the usual review)."""
    return f == EntryFilter(start=f.start, end=f.end, privacy=f.privacy, limit=f.limit)


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _whole_months(store: Store, f: EntryFilter) -> list[str]:
    """The calendar months (YYYY-MM) whose entries all lie inside `f`'s period."""
    bounds: Sequence[str | None] = (None, None)
    if f.start is None or f.end is None:
        # Two subqueries: each is then one step to an end of the index.
        bounds = store.read(
            f"SELECT (SELECT min(e.about_day) FROM {ENTRIES} WHERE e.deleted_at IS NULL),"
            f" (SELECT max(e.about_day) FROM {ENTRIES} WHERE e.deleted_at IS NULL)"
        )[0]
        if bounds[0] is None or bounds[1] is None:
            return []
    if f.start is None:
        first = date.fromisoformat(str(bounds[0])).replace(day=1)
    else:
        first = f.start.date() + MONTH_MARGIN
        if first.day != 1:
            first = _next_month(first)
    last = date.fromisoformat(str(bounds[1])) if f.end is None else f.end.date() - MONTH_MARGIN
    months = []
    while _next_month(first) - timedelta(days=1) <= last:
        months.append(first.isoformat()[:7])
        first = _next_month(first)
    return months


def _month_days(months: Sequence[str]) -> tuple[str, str]:
    """The first and last possible day of a run of months, as about_day bounds."""
    return f"{months[0]}-01", f"{months[-1]}-31"


def _runs(months: Sequence[str]) -> list[list[str]]:
    """Consecutive months grouped together (each run is read as one day range)."""
    runs: list[list[str]] = []
    for month in months:
        if runs and _next_month(date.fromisoformat(f"{runs[-1][-1]}-01")).isoformat()[:7] == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _keep_months(store: Store, privacy: Privacy, months: list[str], version: str) -> bool:
    """Count `months` and store them, when the journal can be written right now.

    Counted and stored in one write transaction, so no change can slip in between
    (a change after it removes the stored month again). When the journal is busy,
    read-only or full, nothing is stored and False is returned: the caller counts
    those months itself. A review never fails, nor waits, for the sake of what it keeps.
    """
    conn = store.conn
    if conn.in_transaction or not _begin_now(conn):
        return False
    try:
        where, params = where_clause(EntryFilter(privacy=privacy))
        select_period(
            store,
            *(
                (f"{where} AND e.about_day BETWEEN ? AND ?", [*params, *_month_days(run)])
                for run in _runs(months)
            ),
        )
        marks = ", ".join("?" for _ in months)
        # Older tallies of these months (another vocabulary or format) go with their rows.
        conn.execute(
            f"DELETE FROM review_months WHERE privacy = ? AND month IN ({marks})",
            [privacy, *months],
        )
        conn.executemany(
            "INSERT INTO review_months (privacy, month, version) VALUES (?, ?, ?)",
            [(privacy, m, version) for m in months],
        )
        for part in PARTS.values():
            columns = ", ".join(["privacy", "month", *part.keys, *part.values])
            conn.execute(
                f"INSERT INTO review_month_{part.name} ({columns}) SELECT ?, * FROM ({part.count})",
                [privacy],
            )
        conn.execute("COMMIT")
        return True
    except sqlite3.Error:
        return False
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _begin_now(conn: sqlite3.Connection) -> bool:
    """BEGIN IMMEDIATE without waiting for another writer; False when that is not possible."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("BEGIN IMMEDIATE")
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def _stored(store: Store, f: EntryFilter, version: str) -> list[str]:
    """The run of whole months of `f`'s period that can be read from stored tallies.

    Months not stored yet are counted and stored first. Empty when `f` selects by
    more than dates and privacy, or the period holds no whole month, or the months
    could not be stored right now (then everything is counted from the entries).
    """
    months = _whole_months(store, f) if plain_filter(f) else []
    if not months:
        return []
    first, last = months[0], months[-1]
    have = {
        r[0]
        for r in store.read(
            "SELECT month FROM review_months"
            " WHERE privacy = ? AND month BETWEEN ? AND ? AND version = ?",
            [f.privacy, first, last, version],
        )
    }
    missing = [m for m in months if m not in have]
    if missing and not _keep_months(store, f.privacy, missing, version):
        return []
    return months


def tally(store: Store, f: EntryFilter, parts: Collection[str], version: str) -> Tally:
    """The counts of the entries matching `f`: stored months added up, the rest counted.

    Needs temp.review_vocab (the days' tone).
    """
    where, params = period_sql(f)
    months = _stored(store, f, version)
    felt = bool(NEED_FELT & set(parts))
    if not months:
        select_period(store, (where, params), felt=felt)
        return count_selected(store, parts)
    total = Tally()
    lo, hi = _month_days(months)
    for name in parts:
        part = PARTS[name]
        into_tally(
            total,
            name,
            store.read(
                f"SELECT {part.merged()} FROM review_month_{name}"
                " WHERE privacy = ? AND month BETWEEN ? AND ?"
                f" GROUP BY {', '.join(part.keys)}",
                [f.privacy, months[0], months[-1]],
            ),
        )
    # The days around the stored months.
    select_period(
        store,
        (f"{where} AND e.about_day < ?", [*params, lo]),
        (f"{where} AND e.about_day > ?", [*params, hi]),
        felt=felt,
    )
    return total.add(count_selected(store, parts))
