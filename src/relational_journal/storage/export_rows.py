"""What an export shares, asked of the journal in SQL: counts, people, pseudonym order.

These take a Store; the format modules beside them never do. Every query runs
over the exported selection only (private entries are already out of it), so
nothing private shows through a count.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from relational_journal.models import Overview
from relational_journal.storage.query import EntryFilter, select_ids_sql

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

FAMILY_ORDER = ("mad", "sad", "scared", "joyful", "powerful", "peaceful")


def shared_only(f: EntryFilter) -> EntryFilter:
    """The filter with private entries and the trash always left out."""
    return replace(f, privacy="exclude", trash="exclude")


def _selection(f: EntryFilter) -> tuple[str, list[object]]:
    sql, params = select_ids_sql(shared_only(f))
    return f"WITH sel(id) AS ({sql})", params


def shared_count(store: Store, f: EntryFilter) -> int:
    """How many entries the selection shares: all a data format needs of the overview."""
    with_sql, params = _selection(f)
    return int(store.read(f"{with_sql} SELECT count(*) FROM sel", params)[0][0])


def overview(store: Store, f: EntryFilter, *, top: int = 8) -> Overview:
    """Entry count, date range, people, feeling families and words over the selection."""
    with_sql, params = _selection(f)
    row = store.read(
        f"{with_sql} SELECT count(*), min(e.about_day), max(e.about_day)"
        " FROM entries e JOIN sel ON sel.id = e.id",
        params,
    )[0]
    people = store.read(
        f"{with_sql} SELECT p.name, count(*) AS n FROM entry_people ep"
        " JOIN sel ON sel.id = ep.entry_id JOIN people p ON p.id = ep.person_id"
        " GROUP BY p.id ORDER BY n DESC, p.name COLLATE NOCASE",
        params,
    )
    families = {
        r[0]: r[1]
        for r in store.read(
            f"{with_sql} SELECT lower(ef.family), count(*) FROM entry_feelings ef"
            " JOIN sel ON sel.id = ef.entry_id WHERE ef.family IS NOT NULL"
            " GROUP BY lower(ef.family)",
            params,
        )
    }
    ordered = [(fam, families.pop(fam)) for fam in FAMILY_ORDER if fam in families]
    ordered += sorted(families.items())
    words = store.read(
        f"{with_sql} SELECT lower(ef.word) AS w, count(*) AS n FROM entry_feelings ef"
        " JOIN sel ON sel.id = ef.entry_id GROUP BY w ORDER BY n DESC, w LIMIT ?",
        [*params, top],
    )
    return Overview(
        count=int(row[0]),
        first_day=row[1],
        last_day=row[2],
        people=tuple((r[0], int(r[1])) for r in people),
        families=tuple(ordered),
        feelings=tuple((r[0], int(r[1])) for r in words),
    )


def people_in_order(store: Store, f: EntryFilter) -> list[tuple[str, tuple[str, ...], str | None]]:
    """(name, aliases, share-as) of everyone, in order of first appearance in the selection.

    People never linked to an exported entry still get a pseudonym (after the
    others, by name), because an entry's text may mention them.
    """
    with_sql, params = _selection(f)
    rows = store.read(
        f"{with_sql}, ord AS ("
        "  SELECT e.id, row_number() OVER (ORDER BY e.about_ts, e.id) AS rn"
        "  FROM entries e JOIN sel ON sel.id = e.id),"
        " first AS (SELECT ep.person_id AS pid, min(ord.rn) AS at"
        "  FROM entry_people ep JOIN ord ON ord.id = ep.entry_id GROUP BY ep.person_id)"
        " SELECT p.id, p.name, p.share_as,"
        " (SELECT group_concat(alias, char(31)) FROM person_aliases a WHERE a.person_id = p.id)"
        " FROM people p LEFT JOIN first ON first.pid = p.id"
        " ORDER BY first.at IS NULL, first.at, p.name COLLATE NOCASE",
        params,
    )
    return [(r[1], tuple(r[3].split("\x1f")) if r[3] else (), r[2]) for r in rows]


def prompt_ids(store: Store, f: EntryFilter) -> set[str]:
    """The prompts the selection's entries answer."""
    with_sql, params = _selection(f)
    rows = store.read(
        f"{with_sql} SELECT DISTINCT e.prompt_id FROM entries e JOIN sel ON sel.id = e.id"
        " WHERE e.prompt_id IS NOT NULL",
        params,
    )
    return {str(r[0]) for r in rows}
