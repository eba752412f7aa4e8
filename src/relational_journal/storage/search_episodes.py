"""Relationship episodes in the search: their own words, and which part of them matched.

The episodes' words have their own full-text index (episodes_fts, same porter
tokenizer as the entries'), so "turned away" finds the entry whose episode
says the other "turned away" even when the entry's text does not.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relational_journal.storage.query import EntryFilter, where_clause

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

# The index's columns, in order, with how a search result names them.
PARTS: tuple[tuple[str, str], ...] = (
    ("what_happened", "what happened"),
    ("wish", "what you wanted"),
    ("other", "how they responded"),
    ("self", "how you responded"),
    ("self_treatment", "how you treated yourself afterwards"),
)
TEXT_PART = "the entry's text"


@dataclass(frozen=True)
class EpisodeMatch:
    entry_id: int
    score: float
    snippet: str
    private: bool


def episode_matches(
    store: Store, fts: str, f: EntryFilter, start: str, end: str, tokens: int
) -> list[EpisodeMatch] | None:
    """Entries (with `f`'s privacy 'include') whose episode matches; None if it cannot be read.

    A query this index cannot read (a column such as `title:` that episodes do
    not have) leaves the episodes out rather than failing the search.
    """
    from dataclasses import replace

    where, params = where_clause(replace(f, privacy="include").without_limit())
    try:
        rows = store.conn.execute(
            "SELECT e.id, bm25(episodes_fts),"
            f" snippet(episodes_fts, -1, '{start}', '{end}', '…', {tokens}), e.private"
            " FROM episodes_fts JOIN episodes ep ON ep.id = episodes_fts.rowid"
            " JOIN entries e ON e.id = ep.entry_id"
            f" WHERE episodes_fts MATCH ? AND {where}",
            [fts, *params],
        ).fetchall()
    except sqlite3.Error as exc:
        if "no such table" in str(exc).lower() or "fts5" in str(exc).lower():
            return None
        if any(m in str(exc).lower() for m in ("syntax error", "no such column", "unterminated")):
            return None
        raise
    return [EpisodeMatch(int(r[0]), float(r[1]), str(r[2] or ""), bool(r[3])) for r in rows]


def text_matches(store: Store, fts: str, ids: list[int]) -> set[int]:
    """Which of these entries match in their own title or text."""
    found: set[int] = set()
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        marks = ", ".join("?" for _ in part)
        found.update(
            int(r[0])
            for r in store.conn.execute(
                f"SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? AND rowid IN ({marks})",
                [fts, *part],
            )
        )
    return found


def matched_parts(store: Store, fts: str, entry_id: int, start: str) -> tuple[str, ...]:
    """Which parts of an entry's episode the query matched, as a result names them."""
    columns = ", ".join(f"highlight(episodes_fts, {i}, '{start}', '')" for i in range(len(PARTS)))
    try:
        row = store.conn.execute(
            f"SELECT {columns} FROM episodes_fts JOIN episodes ep ON ep.id = episodes_fts.rowid"
            " WHERE episodes_fts MATCH ? AND ep.entry_id = ?",
            [fts, entry_id],
        ).fetchone()
    except sqlite3.Error:
        return ()
    if row is None:
        return ()
    return tuple(
        label for (_, label), cell in zip(PARTS, row, strict=True) if start in (cell or "")
    )
