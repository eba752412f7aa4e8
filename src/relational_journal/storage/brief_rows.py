"""What the session brief and its chart ask of the shared selection, in SQL.

Every query runs over the exported selection only (private entries and the
trash are already out of it) and groups inside SQLite: one row per day, per
day and feeling word, or per episode of the few people the brief follows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from relational_journal.storage.export_rows import shared_only
from relational_journal.storage.query import select_ids_sql

if TYPE_CHECKING:
    from relational_journal.storage.query import EntryFilter
    from relational_journal.storage.store import Store


def _selection(f: EntryFilter) -> tuple[str, list[object]]:
    sql, params = select_ids_sql(shared_only(f))
    return f"WITH sel(id) AS ({sql})", params


def entries_per_day(store: Store, f: EntryFilter) -> list[tuple[str, int]]:
    """(YYYY-MM-DD, entries) for each day of the selection with an entry."""
    with_sql, params = _selection(f)
    rows = store.read(
        f"{with_sql} SELECT e.about_day, count(*) FROM entries e JOIN sel ON sel.id = e.id"
        " GROUP BY e.about_day ORDER BY e.about_day",
        params,
    )
    return [(r[0], int(r[1])) for r in rows]


def feelings_per_day(store: Store, f: EntryFilter) -> list[tuple[str, str, int, int, int]]:
    """(day, word, times tagged, sum of the intensities given, how many were given)."""
    with_sql, params = _selection(f)
    rows = store.read(
        f"{with_sql} SELECT e.about_day, lower(ef.word), count(*),"
        " coalesce(sum(ef.intensity), 0), count(ef.intensity)"
        " FROM entry_feelings ef JOIN sel ON sel.id = ef.entry_id"
        " JOIN entries e ON e.id = ef.entry_id"
        " GROUP BY e.about_day, lower(ef.word) ORDER BY e.about_day",
        params,
    )
    return [(r[0], r[1], int(r[2]), int(r[3]), int(r[4])) for r in rows]


def intense_moments(store: Store, f: EntryFilter, top: int = 5) -> list[tuple[int, str, str, int]]:
    """(entry id, day, feeling word, intensity): the strongest feelings, strongest first."""
    with_sql, params = _selection(f)
    rows = store.read(
        f"{with_sql} SELECT ef.entry_id, e.about_day, ef.word, max(ef.intensity) AS i"
        " FROM entry_feelings ef JOIN sel ON sel.id = ef.entry_id"
        " JOIN entries e ON e.id = ef.entry_id WHERE ef.intensity IS NOT NULL"
        " GROUP BY ef.entry_id, lower(ef.word)"
        " ORDER BY i DESC, e.about_ts DESC, ef.entry_id DESC LIMIT ?",
        [*params, int(top)],
    )
    return [(int(r[0]), r[1], r[2], int(r[3])) for r in rows]


def entries_since(store: Store, f: EntryFilter, moment: datetime) -> int:
    """How many entries of the selection are about a moment after `moment`."""
    with_sql, params = _selection(f)
    rows = store.read(
        f"{with_sql} SELECT count(*) FROM entries e JOIN sel ON sel.id = e.id WHERE e.about_ts > ?",
        [*params, int(moment.timestamp())],
    )
    return int(rows[0][0])


def person_episodes(
    store: Store, f: EntryFilter, least: int = 3, use_share_names: bool = False
) -> list[tuple[str, str | None, str | None]]:
    """(person, RO code, RS code) of each episode, in time order, for people with `least`+."""
    with_sql, params = _selection(f)
    name = "coalesce(p.share_as, p.name)" if use_share_names else "p.name"
    rows = store.read(
        f"{with_sql}, eps AS (SELECT ep.person_id AS pid, e.about_ts AS ts, e.id AS eid,"
        "  ep.other_cluster AS ro, ep.self_cluster AS rs"
        "  FROM episodes ep JOIN sel ON sel.id = ep.entry_id JOIN entries e ON e.id = ep.entry_id"
        "  WHERE ep.person_id IS NOT NULL),"
        " many AS (SELECT pid FROM eps GROUP BY pid HAVING count(*) >= ?)"
        f" SELECT {name}, eps.ro, eps.rs FROM eps JOIN many ON many.pid = eps.pid"
        " JOIN people p ON p.id = eps.pid ORDER BY p.name COLLATE NOCASE, eps.ts, eps.eid",
        [*params, int(least)],
    )
    return [(r[0], r[1], r[2]) for r in rows]


def safety_plan_exists(store: Store) -> bool:
    rows = store.read("SELECT 1 FROM safety_plan WHERE trim(body) != '' LIMIT 1")
    return bool(rows)


def people_feelings(
    store: Store, f: EntryFilter, top: int = 8
) -> list[tuple[str, str | None, int, tuple[str, ...]]]:
    """(name, era, entries, feelings) of the people most written about; each person's
    feelings by how often, ties going to the one felt more recently."""
    with_sql, params = _selection(f)
    people = store.read(
        f"{with_sql} SELECT p.id, p.name, p.era, count(*) AS n FROM entry_people ep"
        " JOIN sel ON sel.id = ep.entry_id JOIN people p ON p.id = ep.person_id"
        " GROUP BY p.id ORDER BY n DESC, p.name COLLATE NOCASE LIMIT ?",
        [*params, int(top)],
    )
    if not people:
        return []
    ids = [int(r[0]) for r in people]
    marks = ",".join("?" * len(ids))
    felt: dict[int, list[str]] = {}
    for r in store.read(
        f"{with_sql} SELECT ep.person_id, lower(ef.word), count(DISTINCT ef.entry_id) AS n,"
        " max(e.about_ts) AS latest FROM entry_people ep JOIN sel ON sel.id = ep.entry_id"
        " JOIN entry_feelings ef ON ef.entry_id = ep.entry_id"
        " JOIN entries e ON e.id = ep.entry_id"
        f" WHERE ep.person_id IN ({marks}) GROUP BY ep.person_id, lower(ef.word)"
        " ORDER BY ep.person_id, n DESC, latest DESC, lower(ef.word)",
        [*params, *ids],
    ):
        felt.setdefault(int(r[0]), []).append(f"{r[1]} ×{int(r[2])}")
    return [(r[1], r[2], int(r[3]), tuple(felt.get(int(r[0]), ())[:4])) for r in people]


def private_count(store: Store, f: EntryFilter) -> int:
    """How many private entries the same filter matches: the ones an export leaves out."""
    from dataclasses import replace

    sql, params = select_ids_sql(replace(f, privacy="only", trash="exclude"))
    return int(store.read(f"WITH sel(id) AS ({sql}) SELECT count(*) FROM sel", params)[0][0])
