"""What an export shares, asked of the journal in SQL: counts, people, pseudonym order.

These take a Store; the format modules beside them never do. Every query runs
over the exported selection only (private entries are already out of it), so
nothing private shows through a count.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from relational_journal.interchange.export import Overview, Pseudonyms
from relational_journal.storage.query import EntryFilter, select_ids_sql

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT
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


def pseudonyms(store: Store, f: EntryFilter) -> Pseudonyms:
    """Every person the journal knows, in order of first appearance in the selection.

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
    return Pseudonyms([(r[1], tuple(r[3].split("\x1f")) if r[3] else (), r[2]) for r in rows])


def basic_review_markdown(store: Store, f: EntryFilter, ccrt: CCRT | None) -> str:
    """A short summary of the shared entries, used until the review module is present."""
    ov = overview(store, f, top=5)
    with_sql, params = _selection(f)
    lines = ["## Summary of these entries", ""]
    plural = "entry" if ov.count == 1 else "entries"
    lines.append(f"- {ov.count:,} {plural} shared.")
    if ov.families:
        total = sum(n for _, n in ov.families) or 1
        top = ", ".join(f"{fam} ({round(100 * n / total)}%)" for fam, n in ov.families[:3])
        lines.append(f"- Feelings most often from the families: {top}.")
    if ov.people:
        lines.append("- Written about most: " + ", ".join(n for n, _ in ov.people[:3]) + ".")
    scored = store.read(
        f"{with_sql} SELECT count(*) FROM episodes ep JOIN sel ON sel.id = ep.entry_id",
        params,
    )[0][0]
    if scored:
        lines += ["", f"## Relationship episodes ({scored})", ""]
        for column, heading in (
            ("wish_cluster", "What I wanted"),
            ("other_cluster", "How they responded"),
            ("self_cluster", "How I responded"),
        ):
            rows = store.read(
                f"{with_sql} SELECT upper(ep.{column}) AS c, count(*) AS n FROM episodes ep"
                f" JOIN sel ON sel.id = ep.entry_id WHERE ep.{column} IS NOT NULL"
                " GROUP BY c ORDER BY n DESC, c LIMIT 2",
                params,
            )
            if not rows:
                continue
            shown = []
            for code, n in rows:
                cluster = ccrt.cluster(code) if ccrt else None
                label = f"{code} {cluster.label}" if cluster else code
                shown.append(f"{label} (in {n} of {scored})")
            lines.append(f"- **{heading}:** " + "; ".join(shown))
    return "\n".join(lines) + "\n"
