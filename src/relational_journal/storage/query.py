"""One query builder for every command that selects entries.

list, search, review and export all describe what they want as an
EntryFilter; `where_clause` turns it into SQL over `entries AS e`. Filters of
different kinds combine with AND; repeated values of one kind (two --person
options) match entries having any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Privacy = Literal["exclude", "include", "only"]
Trash = Literal["exclude", "only"]


@dataclass(frozen=True)
class EntryFilter:
    start: datetime | None = None
    end: datetime | None = None
    people: tuple[str, ...] = ()
    feelings: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    starred: bool = False
    privacy: Privacy = "include"
    trash: Trash = "exclude"
    ids: tuple[int, ...] = ()
    limit: int | None = None

    def without_limit(self) -> EntryFilter:
        from dataclasses import replace

        return replace(self, limit=None)


def _placeholders(values: tuple[object, ...]) -> str:
    return ", ".join("?" for _ in values)


def where_clause(f: EntryFilter) -> tuple[str, list[object]]:
    """SQL condition over `entries AS e` and its parameters.

    Link-table conditions are written `+e.id IN (...)`: the unary plus keeps
    SQLite from driving the query from the link table, so a date range or
    `-n` still walks the date index (5-40x faster at 100,000 entries).
    """
    clauses: list[str] = []
    params: list[object] = []
    clauses.append("e.deleted_at IS NULL" if f.trash == "exclude" else "e.deleted_at IS NOT NULL")
    if f.start is not None:
        clauses.append("e.about_ts >= ?")
        params.append(int(f.start.timestamp()))
    if f.end is not None:
        clauses.append("e.about_ts <= ?")
        params.append(int(f.end.timestamp()))
    if f.privacy == "exclude":
        clauses.append("e.private = 0")
    elif f.privacy == "only":
        clauses.append("e.private = 1")
    if f.starred:
        clauses.append("e.starred = 1")
    if f.ids:
        clauses.append(f"e.id IN ({_placeholders(f.ids)})")
        params.extend(f.ids)
    if f.prompts:
        clauses.append(f"e.prompt_id IN ({_placeholders(f.prompts)})")
        params.extend(f.prompts)
    if f.packs:
        clauses.append(f"e.pack_id IN ({_placeholders(f.packs)})")
        params.extend(f.packs)
    if f.tags:
        clauses.append(
            f"+e.id IN (SELECT entry_id FROM entry_tags WHERE tag IN ({_placeholders(f.tags)}))"
        )
        params.extend(t.lstrip("#") for t in f.tags)
    if f.people:
        names = tuple(p.lstrip("@") for p in f.people)
        marks = _placeholders(names)
        clauses.append(
            "+e.id IN (SELECT ep.entry_id FROM entry_people ep WHERE ep.person_id IN ("
            f"SELECT id FROM people WHERE name COLLATE NOCASE IN ({marks}) "
            f"UNION SELECT person_id FROM person_aliases WHERE alias COLLATE NOCASE IN ({marks})))"
        )
        params.extend(names)
        params.extend(names)
    if f.feelings:
        words = tuple(w.lower() for w in f.feelings)
        marks = _placeholders(words)
        clauses.append(
            "+e.id IN (SELECT entry_id FROM entry_feelings "
            f"WHERE word IN ({marks}) OR family IN ({marks}))"
        )
        params.extend(words)
        params.extend(words)
    return " AND ".join(clauses), params


def select_ids_sql(f: EntryFilter) -> tuple[str, list[object]]:
    """SQL returning matching entry ids in date order (the last `limit` if set)."""
    where, params = where_clause(f)
    if f.limit is not None:
        sql = (
            "SELECT id FROM (SELECT e.id, e.about_ts FROM entries e WHERE "
            f"{where} ORDER BY e.about_ts DESC, e.id DESC LIMIT ?) ORDER BY about_ts, id"
        )
        return sql, [*params, max(f.limit, 0)]
    return f"SELECT e.id FROM entries e WHERE {where} ORDER BY e.about_ts, e.id", params
