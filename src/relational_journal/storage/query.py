"""One query builder for every command that selects entries.

list, search, review and export all describe what they want as an
EntryFilter; `where_clause` turns it into SQL over `entries AS e`. Filters of
different kinds combine with AND; repeated values of one kind (two --person
options) match entries having any of them, or, with `match_all` (jrnl's
`-and`), every one of them. The `not_*` kinds leave out entries having any of
their values.
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
    match_all: bool = False
    not_people: tuple[str, ...] = ()
    not_feelings: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()
    not_starred: bool = False
    untagged: bool = False
    contains: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    days: tuple[int, ...] = ()

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
    if f.not_starred:
        clauses.append("e.starred = 0")
    if f.untagged:
        clauses.append("+e.id NOT IN (SELECT entry_id FROM entry_tags)")
    for kind, values in ((_tag_in, f.tags), (_person_in, f.people), (_feeling_in, f.feelings)):
        if f.match_all:
            for value in values:
                _add(clauses, params, "+e.id IN", kind((value,)))
        elif values:
            _add(clauses, params, "+e.id IN", kind(values))
    for kind, values in (
        (_tag_in, f.not_tags),
        (_person_in, f.not_people),
        (_feeling_in, f.not_feelings),
    ):
        if values:
            _add(clauses, params, "+e.id NOT IN", kind(values))
    for text in f.contains:
        # LIKE ignores case (ASCII); the pattern's own % and _ are matched as written.
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append("(e.body LIKE ? ESCAPE '\\' OR coalesce(e.title, '') LIKE ? ESCAPE '\\')")
        params.extend((pattern, pattern))
    # about_day is the local calendar day, YYYY-MM-DD.
    for start, width, numbers in ((1, 4, f.years), (6, 2, f.months), (9, 2, f.days)):
        if numbers:
            clauses.append(f"substr(e.about_day, {start}, {width}) IN ({_placeholders(numbers)})")
            params.extend(f"{n:0{width}d}" for n in numbers)
    return " AND ".join(clauses), params


def _add(clauses: list[str], params: list[object], how: str, sub: tuple[str, list[object]]) -> None:
    clauses.append(f"{how} ({sub[0]})")
    params.extend(sub[1])


def _tag_in(tags: tuple[str, ...]) -> tuple[str, list[object]]:
    marks = _placeholders(tags)
    return f"SELECT entry_id FROM entry_tags WHERE tag IN ({marks})", [t.lstrip("#") for t in tags]


def _person_in(people: tuple[str, ...]) -> tuple[str, list[object]]:
    names = [p.lstrip("@") for p in people]
    marks = _placeholders(tuple(names))
    return (
        "SELECT ep.entry_id FROM entry_people ep WHERE ep.person_id IN ("
        f"SELECT id FROM people WHERE name COLLATE NOCASE IN ({marks}) "
        f"UNION SELECT person_id FROM person_aliases WHERE alias COLLATE NOCASE IN ({marks}))",
        [*names, *names],
    )


def _feeling_in(feelings: tuple[str, ...]) -> tuple[str, list[object]]:
    words = [w.lower() for w in feelings]
    marks = _placeholders(tuple(words))
    return (
        f"SELECT entry_id FROM entry_feelings WHERE word IN ({marks}) OR family IN ({marks})",
        [*words, *words],
    )


def conflicts(f: EntryFilter) -> str | None:
    """Why `f` can match nothing by its own terms ('--person Sam and --not-person Sam'), or None."""
    pairs = (
        ("--person", f.people, "--not-person", f.not_people, "@"),
        ("--tag", f.tags, "--not-tag", f.not_tags, "#"),
        ("--feeling", f.feelings, "--not-feeling", f.not_feelings, ""),
    )
    for wanted_opt, wanted, unwanted_opt, unwanted, symbol in pairs:
        left_out = {v.lstrip(symbol).casefold() for v in unwanted}
        for value in wanted:
            if value.lstrip(symbol).casefold() in left_out:
                return f"{wanted_opt} {value} and {unwanted_opt} {value} cannot both hold"
    if f.starred and f.not_starred:
        return "--starred and --not-starred cannot both hold"
    if f.untagged and f.tags:
        return "--untagged and --tag cannot both hold"
    return None


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
