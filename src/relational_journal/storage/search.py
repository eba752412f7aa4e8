"""Full-text search over entries (SQLite FTS5, porter stemming), ranked by bm25.

A query is first tried as FTS5 syntax, so "hurt NOT work", "title:sister",
"lonel*" and "\"felt small\"" all work. When FTS5 cannot read it (an unbalanced
quote, a lone AND, a stray `*`, an unknown `col:`, a half-written NEAR(), it
falls back to searching the query's words as one quoted phrase; when there are
no words at all, a SearchQueryError says so. Nothing the client types reaches
SQL other than as a bound parameter.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from relational_journal.errors import SearchQueryError
from relational_journal.storage.query import EntryFilter, where_clause

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

# Highlight markers inside snippets: control characters never typed in an entry,
# turned into styles by the renderer (so entry text is never read as markup).
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_TOKENS = 14
# Title matches count for more than body matches.
TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    entry_id: int
    snippet: str
    score: float
    parts: tuple[str, ...] = ()  # where it matched, when its episode did: "how they responded"


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    query: str  # the FTS5 expression actually run
    as_phrase: bool  # True when the query was not valid FTS5 and ran as a phrase
    ranked_within: int | None = None  # set when only the newest matches were ranked
    hidden_private: int = 0  # private matches left out by the filter


def phrase_query(text: str) -> str | None:
    """The words of `text` as one FTS5 phrase, or None if it has no words."""
    if not _WORD.search(text):
        return None
    # Inside an FTS5 string only '"' is special; the tokenizer splits the rest into words.
    return '"' + " ".join(text.replace('"', " ").split()) + '"'


def _is_query_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(
        marker in text
        for marker in ("fts5", "syntax error", "no such column", "unterminated", "unknown special")
    )


# Ranking costs a few microseconds per match; a word found in most of 100,000
# entries would take half a second. Past this many matches only the most
# recently written ones are ranked (the footer says so).
RANK_CAP = 20_000


def _floor(store: Store, fts: str) -> tuple[int, int | None]:
    """The lowest rowid worth ranking, and the number of raw matches when capped."""
    conn = store.conn
    rows = conn.execute(
        "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?"
        " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        [fts, RANK_CAP - 1],
    ).fetchall()
    if not rows:
        return 0, None
    raw = conn.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?", [fts])
    return int(rows[0][0]), int(raw.fetchone()[0])


def _run(
    store: Store, fts: str, f: EntryFilter, limit: int | None
) -> tuple[list[Hit], int, int | None, int]:
    """Hits, total matches, the rank cap if it applied, and private matches left out."""
    conn = store.conn
    floor, raw = _floor(store, fts)
    where, params = where_clause(f.without_limit())
    base = (
        " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
        " WHERE entries_fts MATCH ? AND entries_fts.rowid >= ? AND {where}"
    )
    rows = conn.execute(
        "SELECT e.id,"
        f" snippet(entries_fts, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}),"
        f" bm25(entries_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score"
        f"{base.format(where=where)} ORDER BY score, e.about_ts DESC LIMIT ?",
        [fts, floor, *params, -1 if limit is None else limit],
    ).fetchall()
    hits = [Hit(int(r[0]), str(r[1] or ""), float(r[2])) for r in rows]
    hidden = 0
    total = len(hits)
    if f.privacy == "exclude" or (limit is not None and len(hits) >= limit):
        # One count for both: every match the filter allows, and how many of them are private.
        counted = replace(f, privacy="include") if f.privacy == "exclude" else f
        where_all, params_all = where_clause(counted.without_limit())
        row = conn.execute(
            f"SELECT count(*), total(e.private){base.format(where=where_all)}",
            [fts, floor, *params_all],
        ).fetchone()
        if f.privacy == "exclude":
            hidden = int(row[1])
            total = int(row[0]) - hidden
        else:
            total = int(row[0])
    hits, extra, extra_hidden = _with_episodes(store, fts, f, hits, limit)
    hidden += extra_hidden
    if raw is not None:
        return hits, raw + extra, RANK_CAP, hidden
    return hits, total + extra, None, hidden


def _with_episodes(
    store: Store, fts: str, f: EntryFilter, hits: list[Hit], limit: int | None
) -> tuple[list[Hit], int, int]:
    """Hits with the entries whose episode matches merged in; matches and private ones added."""
    from relational_journal.storage.search_episodes import (
        TEXT_PART,
        episode_matches,
        matched_parts,
        text_matches,
    )

    matches = episode_matches(store, fts, f, MARK_START, MARK_END, SNIPPET_TOKENS)
    if not matches:
        return hits, 0, 0
    by_id = {m.entry_id: m for m in matches}
    in_text = text_matches(store, fts, list(by_id))
    only = [m for m in matches if m.entry_id not in in_text]
    hidden = sum(1 for m in only if m.private) if f.privacy == "exclude" else 0
    allowed = [m for m in only if not (m.private and f.privacy == "exclude")]
    merged = {h.entry_id: h for h in hits}
    for entry_id, hit in merged.items():
        if entry_id in by_id:
            merged[entry_id] = replace(hit, score=min(hit.score, by_id[entry_id].score))
    for m in allowed:
        merged[m.entry_id] = Hit(m.entry_id, m.snippet, m.score)
    ranked = sorted(merged.values(), key=lambda h: h.score)
    if limit is not None:
        ranked = ranked[:limit]
    out = []
    for hit in ranked:
        if hit.entry_id in by_id:
            parts = matched_parts(store, fts, hit.entry_id, MARK_START)
            if hit.entry_id in in_text:
                parts = (TEXT_PART, *parts)
            hit = replace(hit, parts=parts)
        out.append(hit)
    return out, len(allowed), hidden


# Each word is one more posting list to merge and score: 40 repeated or OR-ed words
# over 100,000 entries take seconds, 16 stay under half a second.
MAX_TERMS = 16
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def term_count(text: str) -> int:
    """The words a query searches for (FTS5 operators are not counted)."""
    return sum(1 for word in _WORD.findall(text) if word not in _OPERATORS)


def search(store: Store, text: str, f: EntryFilter, limit: int | None = None) -> SearchResult:
    """The entries matching `text` and the filter, best first, with highlighted snippets."""
    from relational_journal.storage.connection import translate_error

    if not text.strip():
        raise SearchQueryError("the search is empty: give a word or phrase to look for")
    terms = term_count(text)
    if terms > MAX_TERMS:
        raise SearchQueryError(
            f"the search has {terms} words; at most {MAX_TERMS} are searched at once:"
            " keep the few that matter most"
        )
    try:
        hits, total, within, hidden = _run(store, text, f, limit)
        return SearchResult(hits, total, text, False, within, hidden)
    except sqlite3.Error as exc:
        if not _is_query_error(exc):
            raise translate_error(exc, store.path) from None
    phrase = phrase_query(text)
    if phrase is None:
        raise SearchQueryError('the search has no words in it: try a word, "a phrase" or hurt*')
    try:
        hits, total, within, hidden = _run(store, phrase, f, limit)
    except sqlite3.Error as exc:
        if _is_query_error(exc):
            raise SearchQueryError(
                "the search could not be read, even as a plain phrase: try simpler words"
            ) from None
        raise translate_error(exc, store.path) from None
    return SearchResult(hits, total, phrase, True, within, hidden)
