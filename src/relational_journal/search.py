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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import SearchQueryError
from .filters import EntryFilter, where_clause

if TYPE_CHECKING:
    from .store import Store

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


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    query: str  # the FTS5 expression actually run
    as_phrase: bool  # True when the query was not valid FTS5 and ran as a phrase


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


def _run(store: Store, fts: str, f: EntryFilter, limit: int | None) -> tuple[list[Hit], int]:
    where, params = where_clause(f.without_limit())
    base = (
        " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
        f" WHERE entries_fts MATCH ? AND {where}"
    )
    conn = store.conn
    rows = conn.execute(
        "SELECT e.id,"
        f" snippet(entries_fts, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}),"
        f" bm25(entries_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score"
        f"{base} ORDER BY score, e.about_ts DESC LIMIT ?",
        [fts, *params, -1 if limit is None else limit],
    ).fetchall()
    hits = [Hit(int(r[0]), str(r[1] or ""), float(r[2])) for r in rows]
    if limit is None or len(hits) < limit:
        total = len(hits)
    else:
        total = int(conn.execute(f"SELECT count(*){base}", [fts, *params]).fetchone()[0])
    return hits, total


def search(store: Store, text: str, f: EntryFilter, limit: int | None = None) -> SearchResult:
    """The entries matching `text` and the filter, best first, with highlighted snippets."""
    from .store import translate_error

    if not text.strip():
        raise SearchQueryError("the search is empty: give a word or phrase to look for")
    try:
        hits, total = _run(store, text, f, limit)
        return SearchResult(hits, total, text, False)
    except sqlite3.Error as exc:
        if not _is_query_error(exc):
            raise translate_error(exc, store.path) from None
    phrase = phrase_query(text)
    if phrase is None:
        raise SearchQueryError('the search has no words in it: try a word, "a phrase" or hurt*')
    try:
        hits, total = _run(store, phrase, f, limit)
    except sqlite3.Error as exc:
        if _is_query_error(exc):
            raise SearchQueryError(
                "the search could not be read, even as a plain phrase: try simpler words"
            ) from None
        raise translate_error(exc, store.path) from None
    return SearchResult(hits, total, phrase, True)


def hidden_private_matches(store: Store, text: str, f: EntryFilter) -> int:
    """How many private entries would also match (shown only as a count)."""
    from dataclasses import replace

    try:
        _, total = _run(store, text, replace(f, privacy="only"), 0)
    except sqlite3.Error:
        return 0
    return total
