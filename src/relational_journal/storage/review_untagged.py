"""Feeling words the client wrote in the period without tagging them: offered as suggestions."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from relational_journal.storage.review_rows import UntaggedRow
from relational_journal.storage.review_select import IDS, run

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


# Everyday words that are in the feelings list but are written far more often
# in other senses ("sat down", "close to the station", "I've seen it"), so the
# "you wrote ... without tagging it" suggestions would mostly be noise.
NOT_SUGGESTED: frozenset[str] = frozenset(
    {
        "down",
        "low",
        "close",
        "seen",
        "heard",
        "important",
        "content",
        "settled",
        "warm",
        "silly",
        "rested",  # "rest" as in "the rest of the day"
    }
)

# Untagged-word suggestions are about what was just written: offered for periods up to
# about a quarter; over years they would be noise (and cost a full-text pass over all of it).
SUGGEST_WITHIN = timedelta(days=93)


def untagged_words(store: Store, words: Sequence[str]) -> list[UntaggedRow]:
    """Vocabulary words written in the period's entries but not tagged on those entries.

    One full-text MATCH per vocabulary word, inside SQLite, limited to the rowid
    range of the period (FTS5 seeks to it) and joined to the period's ids: the
    cost follows how often feeling words are written in the period. Words are
    stemmed by the index's own tokenizer, so "dismissed" also finds "dismiss";
    words that share a stem ("loved", "loving") are asked about once.
    """
    candidates = [w for w in words if w not in NOT_SUGGESTED]
    tokenize = _fts_tokenize(store)
    if not candidates or tokenize is None:
        return []
    bounds = store.read(f"SELECT min(id), max(id) FROM temp.{IDS}")[0]
    if bounds[0] is None:
        return []
    run(store, "DROP TABLE IF EXISTS temp.review_stem_terms")
    run(store, "DROP TABLE IF EXISTS temp.review_stem_src")
    run(store, f"CREATE VIRTUAL TABLE temp.review_stem_src USING fts5(w, tokenize={tokenize})")
    try:
        store.conn.executemany(
            "INSERT INTO temp.review_stem_src (rowid, w) VALUES (?, ?)",
            list(enumerate(candidates, 1)),
        )
    except sqlite3.Error as exc:
        from relational_journal.storage.connection import translate_error

        raise translate_error(exc, store.path) from None
    run(
        store,
        "CREATE VIRTUAL TABLE temp.review_stem_terms"
        " USING fts5vocab(temp, review_stem_src, instance)",
    )
    run(store, "DROP TABLE IF EXISTS temp.review_stems")
    run(
        store,
        "CREATE TEMP TABLE review_stems"
        " (term TEXT NOT NULL, word TEXT NOT NULL, query TEXT NOT NULL, first INTEGER)",
    )
    # term: the word's stemmed tokens in order, the key shared by words that match alike.
    run(
        store,
        "INSERT INTO temp.review_stems"
        " SELECT (SELECT group_concat(term, ' ') FROM (SELECT term FROM temp.review_stem_terms i"
        "   WHERE i.doc = s.rowid ORDER BY i.offset)), s.w,"
        " '\"' || replace(s.w, '\"', '\"\"') || '\"', 0"
        " FROM temp.review_stem_src s ORDER BY s.rowid",
    )
    run(store, "CREATE INDEX temp.review_stems_term ON review_stems (term, word)")
    run(
        store,
        "UPDATE temp.review_stems SET first = 1 WHERE rowid IN"
        " (SELECT min(rowid) FROM temp.review_stems WHERE term IS NOT NULL GROUP BY term)",
    )
    pairs = store.read(
        "SELECT s.word, entries_fts.rowid"
        " FROM temp.review_stems s CROSS JOIN entries_fts"
        f" CROSS JOIN temp.{IDS} t ON t.id = entries_fts.rowid"
        " WHERE s.first = 1 AND entries_fts MATCH s.query"
        " AND entries_fts.rowid BETWEEN ? AND ?"
        " AND NOT EXISTS (SELECT 1 FROM temp.review_stems o"
        "   CROSS JOIN entry_feelings f INDEXED BY idx_entry_feelings_entry_review"
        "   ON f.entry_id = entries_fts.rowid AND f.word = o.word"
        "   WHERE o.term = s.term)"
        " ORDER BY entries_fts.rowid",
        [bounds[0], bounds[1]],
    )
    return _own_feelings(store, [(str(w), int(i)) for w, i in pairs])


# The client saying how they felt: "I felt", "I'm so", "feeling", "made me feel"...
_SELF = (
    r"(?:\bi\s+(?:\w+\s+)?(?:feel|felt|am|was|get|got|became|become|grew|keep\s+feeling)"
    r"|\bi\s*['’]m|\bim|\bi\s*(?:have|had|['’]ve|['’]d)\s+(?:\w+\s+)?(?:been|felt)"
    r"|\bme\s+feel(?:ing)?|(?:^|[.!?:;]|\n)\s*(?:still\s+|so\s+)?feeling)"
)
_SOFTENERS = (
    r"(?:so|very|really|quite|too|pretty|rather|totally|completely|utterly|deeply|a\s+bit"
    r"|a\s+little|kind\s+of|sort\s+of|just|incredibly|terribly|more|still|somewhat"
    r"|extremely|feeling|getting|being|and|,)"
)
_SUFFIXES = r"(?:s|es|d|ed|ing|ly|ness)?"


def _said_of_self(word: str) -> re.Pattern[str]:
    """The client's own feeling: 'I felt thankful', not 'thank you' or 'she was annoyed'."""
    forms = re.escape(word).replace(r"\-", "[- ]")
    if word.endswith("e"):
        forms = f"(?:{forms}|{re.escape(word[:-1])})"
    return re.compile(rf"{_SELF}\s+(?:{_SOFTENERS}\s+){{0,3}}{forms}{_SUFFIXES}\b", re.IGNORECASE)


def _own_feelings(store: Store, pairs: list[tuple[str, int]]) -> list[UntaggedRow]:
    """Of the entries whose text has a feeling word, those where the client said they felt it.

    The index finds every use of the word's stem ("thought" for thoughtful);
    only the matched entries of a short period are read again here.
    """
    ids = sorted({i for _, i in pairs})
    bodies: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join("?" for _ in part)
        for entry_id, title, body in store.read(
            f"SELECT id, title, body FROM entries WHERE id IN ({marks})", part
        ):
            bodies[int(entry_id)] = f"{title or ''}\n{body or ''}"
    counts: dict[str, int] = {}
    patterns: dict[str, re.Pattern[str]] = {}
    for word, entry_id in pairs:
        pattern = patterns.setdefault(word, _said_of_self(word))
        if pattern.search(bodies.get(entry_id, "")):
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    return [UntaggedRow(word, "", n, n) for word, n in ranked]


def _fts_tokenize(store: Store) -> str | None:
    """The tokenize= argument of the journal's full-text index, quoted for reuse."""
    rows = store.read("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'")
    if not rows or not rows[0][0]:
        return None
    import re

    m = re.search(r"tokenize\s*=\s*('(?:[^']|'')*'|\"[^\"]*\"|\w+)", rows[0][0], re.IGNORECASE)
    return m.group(1) if m else "unicode61"
