"""The SQL behind `journal review`: every count is a GROUP BY inside SQLite.

Nothing here loads entries into Python. The period's entry ids are gathered
once into a temporary table (temp schema, in memory, never in the journal file)
and every aggregation joins against it, so a year of a 100,000-entry journal
costs a handful of indexed joins. The rows returned are plain values; the
summary itself is built by the pure functions in review.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .filters import EntryFilter, where_clause

if TYPE_CHECKING:
    from .store import Store

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

CUR = "review_cur"
PREV = "review_prev"


@dataclass(frozen=True)
class DayRow:
    day: str  # YYYY-MM-DD, the entries' local calendar day
    entries: int
    pleasant_sum: float  # sum of the pleasantness of the vocabulary feelings tagged that day
    pleasant_n: int  # how many such feelings


@dataclass(frozen=True)
class FeelingRow:
    word: str
    family: str | None
    count: int  # entries tagged with it
    mean_intensity: float | None


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    era: str | None
    role: str | None
    mentions: int


@dataclass(frozen=True)
class ClusterRow:
    component: str  # wish, other, self
    code: str | None  # None: the episode has no cluster for this component
    count: int


@dataclass(frozen=True)
class EpisodeRow:
    entry_id: int
    day: str
    person: str | None
    era: str | None
    wish: str | None
    wish_cluster: str | None
    other: str | None
    other_cluster: str | None
    other_expected: bool
    self_response: str | None
    self_cluster: str | None


@dataclass(frozen=True)
class EchoRow:
    """Episodes grouped by wish, response of other, person and era."""

    wish_cluster: str
    other_cluster: str
    person_id: int
    person: str
    era: str
    episodes: int
    entry_ids: tuple[int, ...]  # the latest few, newest first


@dataclass(frozen=True)
class StarredRow:
    entry_id: int
    day: str
    title: str | None
    excerpt: str


@dataclass(frozen=True)
class UntaggedRow:
    word: str
    family: str
    times: int  # entries it was written in (the index counts entries, not repeats)
    entries: int


@dataclass(frozen=True)
class ReviewRows:
    """Everything the review needs, as aggregated rows."""

    entries: int
    days_journaled: int
    days: list[DayRow]
    prompts: list[tuple[str | None, str | None, int]]  # pack_id, prompt_id, entries
    feelings: list[FeelingRow]
    previous_feelings: list[FeelingRow] | None
    previous_entries: int | None
    people: list[PersonRow]
    person_feelings: list[tuple[int, str, int]]  # person id, word, entries
    episodes: int
    clusters: list[ClusterRow]
    previous_episodes: int | None
    previous_clusters: list[ClusterRow] | None
    episode_list: list[EpisodeRow]  # only filled when there are few episodes
    echoes_here: list[EchoRow]
    echoes_any: list[EchoRow]
    starred: list[StarredRow]
    starred_total: int
    untagged: list[UntaggedRow] = field(default_factory=list)


# -- helpers -------------------------------------------------------------------


def _run(store: Store, sql: str, params: Sequence[object] = ()) -> None:
    from .store import translate_error

    try:
        store.conn.execute(sql, params)
    except sqlite3.Error as exc:
        raise translate_error(exc, store.path) from None


def _fill(store: Store, table: str, f: EntryFilter, *, full: bool = True) -> None:
    """Gather the entries matching `f` into temp tables, in one pass over each source.

    temp.<table>: id, day, prompt, pack, starred (the only entry columns the review needs);
    <table>_f: their feelings; <table>_p: their people; <table>_e: their episodes.
    Every later aggregation reads these small in-memory tables instead of the journal.
    """
    where, params = where_clause(f.without_limit())
    for suffix in ("", "_f", "_p", "_e"):
        _run(store, f"DROP TABLE IF EXISTS temp.{table}{suffix}")
    _run(
        store,
        f"CREATE TEMP TABLE {table} (id INTEGER PRIMARY KEY, day TEXT NOT NULL,"
        " prompt_id TEXT, pack_id TEXT, starred INTEGER NOT NULL)",
    )
    _run(
        store,
        f"INSERT INTO temp.{table} SELECT e.id, e.about_day, e.prompt_id, e.pack_id, e.starred"
        f" FROM entries e WHERE {where}",
        params,
    )
    if not full:
        return
    # CROSS JOIN keeps the period's ids as the outer loop (temp tables have no statistics).
    _run(
        store,
        f"CREATE TEMP TABLE {table}_f (id INTEGER NOT NULL, word TEXT NOT NULL, family TEXT,"
        " intensity INTEGER, day TEXT NOT NULL, PRIMARY KEY (id, word)) WITHOUT ROWID",
    )
    _run(
        store,
        f"INSERT OR IGNORE INTO temp.{table}_f SELECT t.id, f.word, f.family, f.intensity, t.day"
        f" FROM temp.{table} t CROSS JOIN entry_feelings f ON f.entry_id = t.id",
    )
    _run(
        store,
        f"CREATE TEMP TABLE {table}_p (id INTEGER NOT NULL, person_id INTEGER NOT NULL,"
        " PRIMARY KEY (id, person_id)) WITHOUT ROWID",
    )
    _run(
        store,
        f"INSERT OR IGNORE INTO temp.{table}_p SELECT t.id, ep.person_id"
        f" FROM temp.{table} t CROSS JOIN entry_people ep ON ep.entry_id = t.id",
    )
    _run(
        store,
        f"CREATE TEMP TABLE {table}_e AS SELECT ep.entry_id, t.day, ep.person_id, ep.era,"
        " ep.wish, ep.wish_cluster, ep.other, ep.other_cluster, ep.other_expected, ep.self,"
        f" ep.self_cluster FROM temp.{table} t CROSS JOIN episodes ep ON ep.entry_id = t.id",
    )


def _fill_vocabulary(store: Store, pleasantness: Mapping[str, float]) -> None:
    _run(store, "DROP TABLE IF EXISTS temp.review_vocab")
    _run(
        store,
        "CREATE TEMP TABLE review_vocab (word TEXT PRIMARY KEY, pleasantness REAL) WITHOUT ROWID",
    )
    _run(
        store,
        "INSERT INTO temp.review_vocab SELECT key, value FROM json_each(?)",
        [json.dumps(dict(pleasantness))],
    )


@contextmanager
def _temporary(store: Store) -> Iterator[None]:
    _run(store, "PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        tables = [f"{t}{suffix}" for t in (CUR, PREV) for suffix in ("", "_f", "_p", "_e")]
        for name in (*tables, "review_vocab", "review_stem_src", "review_stems"):
            try:
                store.conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
            except sqlite3.Error:
                pass
        for name in ("review_stem_terms",):
            try:
                store.conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
            except sqlite3.Error:
                pass


def _feelings(store: Store, table: str) -> list[FeelingRow]:
    rows = store.read(
        "SELECT f.word, max(f.family), count(*), avg(f.intensity)"
        f" FROM temp.{table}_f f GROUP BY f.word ORDER BY 3 DESC, f.word"
    )
    return [FeelingRow(r[0], r[1], r[2], r[3]) for r in rows]


def _in_table(table: str) -> str:
    """FROM clause: the episodes gathered in temp.<table>_e, as `ep`."""
    return f"temp.{table}_e ep"


def _matching(f: EntryFilter) -> tuple[str, list[object]]:
    """FROM clause: the episodes of the entries matching `f` (episodes drive the join)."""
    where, params = where_clause(f)
    return f"episodes ep CROSS JOIN entries e ON e.id = ep.entry_id AND {where}", params


def _clusters(
    store: Store, source: str, params: Sequence[object] = ()
) -> tuple[int, list[ClusterRow]]:
    """Episode count and cluster counts per component for the episodes FROM `source`."""
    rows = store.read(
        "WITH eps AS MATERIALIZED (SELECT ep.wish_cluster, ep.other_cluster, ep.self_cluster"
        f" FROM {source})"
        " SELECT 'wish', wish_cluster, count(*) FROM eps GROUP BY 2"
        " UNION ALL SELECT 'other', other_cluster, count(*) FROM eps GROUP BY 2"
        " UNION ALL SELECT 'self', self_cluster, count(*) FROM eps GROUP BY 2",
        params,
    )
    clusters = [ClusterRow(r[0], r[1], r[2]) for r in rows]
    total = sum(c.count for c in clusters if c.component == "wish")
    return total, clusters


_ECHO_ERAS = ("present", "past", "therapy")


def _echo_rows(store: Store, source: str, params: Sequence[object] = ()) -> list[EchoRow]:
    """Episodes FROM `source` grouped by W, RO, person and era (therapists count as therapy)."""
    rows = store.read(
        "SELECT ep.wish_cluster, ep.other_cluster, p.id, p.name,"
        " CASE WHEN lower(coalesce(p.role, '')) = 'therapist' THEN 'therapy'"
        "  ELSE coalesce(ep.era, p.era) END AS era,"
        " count(*), group_concat(ep.entry_id)"
        f" FROM {source} CROSS JOIN people p ON p.id = ep.person_id"
        " WHERE ep.wish_cluster IS NOT NULL AND ep.other_cluster IS NOT NULL"
        " GROUP BY 1, 2, 3, 5",
        params,
    )
    out = []
    for r in rows:
        if r[4] not in _ECHO_ERAS:
            continue
        ids = sorted((int(i) for i in str(r[6]).split(",")), reverse=True)[:3]
        out.append(EchoRow(r[0], r[1], r[2], r[3], r[4], r[5], tuple(ids)))
    return out


def _untagged(store: Store, words: Sequence[str]) -> list[UntaggedRow]:
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
    bounds = store.read(f"SELECT min(id), max(id) FROM temp.{CUR}")[0]
    if bounds[0] is None:
        return []
    _run(store, "DROP TABLE IF EXISTS temp.review_stem_terms")
    _run(store, "DROP TABLE IF EXISTS temp.review_stem_src")
    _run(store, f"CREATE VIRTUAL TABLE temp.review_stem_src USING fts5(w, tokenize={tokenize})")
    try:
        store.conn.executemany(
            "INSERT INTO temp.review_stem_src (rowid, w) VALUES (?, ?)",
            list(enumerate(candidates, 1)),
        )
    except sqlite3.Error as exc:
        from .store import translate_error

        raise translate_error(exc, store.path) from None
    _run(
        store,
        "CREATE VIRTUAL TABLE temp.review_stem_terms"
        " USING fts5vocab(temp, review_stem_src, instance)",
    )
    _run(store, "DROP TABLE IF EXISTS temp.review_stems")
    _run(
        store,
        "CREATE TEMP TABLE review_stems"
        " (term TEXT NOT NULL, word TEXT NOT NULL, query TEXT NOT NULL, first INTEGER)",
    )
    # term: the word's stemmed tokens in order, the key shared by words that match alike.
    _run(
        store,
        "INSERT INTO temp.review_stems"
        " SELECT (SELECT group_concat(term, ' ') FROM (SELECT term FROM temp.review_stem_terms i"
        "   WHERE i.doc = s.rowid ORDER BY i.offset)), s.w,"
        " '\"' || replace(s.w, '\"', '\"\"') || '\"', 0"
        " FROM temp.review_stem_src s ORDER BY s.rowid",
    )
    _run(store, "CREATE INDEX temp.review_stems_term ON review_stems (term, word)")
    _run(
        store,
        "UPDATE temp.review_stems SET first = 1 WHERE rowid IN"
        " (SELECT min(rowid) FROM temp.review_stems WHERE term IS NOT NULL GROUP BY term)",
    )
    rows = store.read(
        "SELECT s.word, count(*)"
        " FROM temp.review_stems s CROSS JOIN entries_fts"
        f" CROSS JOIN temp.{CUR} t ON t.id = entries_fts.rowid"
        " WHERE s.first = 1 AND entries_fts MATCH s.query"
        " AND entries_fts.rowid BETWEEN ? AND ?"
        " AND NOT EXISTS (SELECT 1 FROM temp.review_stems o"
        f"   CROSS JOIN temp.{CUR}_f f ON f.id = entries_fts.rowid AND f.word = o.word"
        "   WHERE o.term = s.term)"
        " GROUP BY s.word ORDER BY 2 DESC, s.word",
        [bounds[0], bounds[1]],
    )
    return [UntaggedRow(r[0], "", r[1], r[1]) for r in rows]


def _fts_tokenize(store: Store) -> str | None:
    """The tokenize= argument of the journal's full-text index, quoted for reuse."""
    rows = store.read("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'")
    if not rows or not rows[0][0]:
        return None
    import re

    m = re.search(r"tokenize\s*=\s*('(?:[^']|'')*'|\"[^\"]*\"|\w+)", rows[0][0], re.IGNORECASE)
    return m.group(1) if m else "unicode61"


# -- the one entry point --------------------------------------------------------


def review_rows(
    store: Store,
    f: EntryFilter,
    start: datetime,
    end: datetime,
    *,
    previous: tuple[datetime, datetime] | None,
    pleasantness: Mapping[str, float],
    families: Mapping[str, str],
    use_share_names: bool = False,
) -> ReviewRows:
    """Aggregate the entries matching `f` between `start` and `end` (inclusive)."""
    cur = replace(f, start=start, end=end, limit=None)
    name = "coalesce(p.share_as, p.name)" if use_share_names else "p.name"
    with _temporary(store):
        _fill(store, CUR, cur)
        _fill_vocabulary(store, pleasantness)
        totals = store.read(f"SELECT count(*), count(DISTINCT day) FROM temp.{CUR}")[0]
        tone = {
            r[0]: (r[1], r[2])
            for r in store.read(
                "SELECT f.day, sum(v.pleasantness), count(v.pleasantness)"
                f" FROM temp.{CUR}_f f CROSS JOIN temp.review_vocab v ON v.word = f.word"
                " GROUP BY f.day"
            )
        }
        days = [
            DayRow(r[0], r[1], *tone.get(r[0], (0.0, 0)))
            for r in store.read(f"SELECT day, count(*) FROM temp.{CUR} GROUP BY day ORDER BY day")
        ]
        prompts = [
            (r[0], r[1], r[2])
            for r in store.read(
                f"SELECT pack_id, prompt_id, count(*) FROM temp.{CUR}"
                " WHERE prompt_id IS NOT NULL OR pack_id IS NOT NULL"
                " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
            )
        ]
        feelings = _feelings(store, CUR)
        people = [
            PersonRow(r[0], r[1], r[2], r[3], r[4])
            for r in store.read(
                f"SELECT p.id, {name}, p.era, p.role, count(*)"
                f" FROM temp.{CUR}_p t CROSS JOIN people p ON p.id = t.person_id"
                " GROUP BY p.id ORDER BY 5 DESC, 2 COLLATE NOCASE"
            )
        ]
        person_feelings = [
            (r[0], r[1], r[2])
            for r in store.read(
                "SELECT p.person_id, f.word, count(*)"
                f" FROM temp.{CUR}_p p CROSS JOIN temp.{CUR}_f f ON f.id = p.id"
                " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
            )
        ]
        episodes, clusters = _clusters(store, _in_table(CUR))

        previous_feelings = previous_clusters = None
        previous_entries = previous_episodes = None
        if previous is not None:
            # Only counts are compared: read the journal's tables directly for these ids.
            _fill(
                store, PREV, replace(f, start=previous[0], end=previous[1], limit=None), full=False
            )
            previous_entries = int(store.read(f"SELECT count(*) FROM temp.{PREV}")[0][0])
            previous_feelings = [
                FeelingRow(r[0], r[1], r[2], None)
                for r in store.read(
                    "SELECT f.word, max(f.family), count(DISTINCT f.entry_id)"
                    f" FROM temp.{PREV} t CROSS JOIN entry_feelings f ON f.entry_id = t.id"
                    " GROUP BY f.word"
                )
            ]
            previous_episodes, previous_clusters = _clusters(
                store, f"temp.{PREV} t CROSS JOIN episodes ep ON ep.entry_id = t.id"
            )

        episode_list: list[EpisodeRow] = []
        if 0 < episodes < 3:
            episode_list = [
                EpisodeRow(
                    r["entry_id"],
                    r["day"],
                    r["person"],
                    r["era"],
                    r["wish"],
                    r["wish_cluster"],
                    r["other"],
                    r["other_cluster"],
                    bool(r["other_expected"]),
                    r["self"],
                    r["self_cluster"],
                )
                for r in store.read(
                    f"SELECT ep.*, {name} AS person, coalesce(ep.era, p.era) AS era"
                    f" FROM temp.{CUR}_e ep LEFT JOIN people p ON p.id = ep.person_id"
                    " ORDER BY ep.day, ep.entry_id"
                )
            ]

        echoes_here = _echo_rows(store, _in_table(CUR))
        echoes_any: list[EchoRow] = []
        if echoes_here:
            echoes_any = _echo_partners(store, f, start, end, echoes_here)
        if use_share_names:
            echoes_here = _share_names(store, echoes_here)
            echoes_any = _share_names(store, echoes_any)

        starred_total = int(store.read(f"SELECT count(*) FROM temp.{CUR} WHERE starred = 1")[0][0])
        starred = [
            StarredRow(r[0], r[1], r[2], _excerpt(r[3]))
            for r in store.read(
                "SELECT e.id, e.about_day, e.title, substr(e.body, 1, 300)"
                f" FROM temp.{CUR} t CROSS JOIN entries e ON e.id = t.id"
                " WHERE t.starred = 1 ORDER BY e.about_ts, e.id LIMIT 20"
            )
        ]

        untagged: list[UntaggedRow] = []
        if end - start <= SUGGEST_WITHIN:
            untagged = [
                replace(u, family=families.get(u.word, ""))
                for u in _untagged(store, list(pleasantness))
            ]

    return ReviewRows(
        entries=int(totals[0]),
        days_journaled=int(totals[1]),
        days=days,
        prompts=prompts,
        feelings=feelings,
        previous_feelings=previous_feelings,
        previous_entries=previous_entries,
        people=people,
        person_feelings=person_feelings,
        episodes=episodes,
        clusters=clusters,
        previous_episodes=previous_episodes,
        previous_clusters=previous_clusters,
        episode_list=episode_list,
        echoes_here=echoes_here,
        echoes_any=echoes_any,
        starred=starred,
        starred_total=starred_total,
        untagged=untagged,
    )


def _plain(f: EntryFilter) -> bool:
    """True when `f` selects by dates and privacy only (the usual review)."""
    return not (f.people or f.feelings or f.prompts or f.packs or f.tags or f.starred or f.ids)


def _echo_partners(
    store: Store, f: EntryFilter, start: datetime, end: datetime, here: list[EchoRow]
) -> list[EchoRow]:
    """Episodes anywhere up to the period's end (same privacy) that could echo this period's.

    Only the wish/response pairs seen in the period are looked up. With no filter
    beyond the dates, the period's own episodes are already gathered, so only
    the entries before it are read.
    """
    pairs = sorted({(r.wish_cluster, r.other_cluster) for r in here})
    marks = ", ".join("(?, ?)" for _ in pairs)
    flat = [code for pair in pairs for code in pair]
    # In the ON clause of the first join, so it is checked before any entry is read.
    pick = f" AND (ep.wish_cluster, ep.other_cluster) IN (VALUES {marks})"
    if _plain(f):
        source, params = _matching(EntryFilter(end=start - timedelta(seconds=1), privacy=f.privacy))
        older = _echo_rows(store, source + pick, [*params, *flat])
        return _merge_echo_rows(older, here)
    source, params = _matching(EntryFilter(end=end, privacy=f.privacy))
    return _echo_rows(store, source + pick, [*params, *flat])


def _merge_echo_rows(a: list[EchoRow], b: list[EchoRow]) -> list[EchoRow]:
    merged: dict[tuple[str, str, int, str], EchoRow] = {}
    for row in (*a, *b):
        key = (row.wish_cluster, row.other_cluster, row.person_id, row.era)
        old = merged.get(key)
        if old is None:
            merged[key] = row
        else:
            ids = tuple(sorted({*old.entry_ids, *row.entry_ids}, reverse=True)[:3])
            merged[key] = replace(old, episodes=old.episodes + row.episodes, entry_ids=ids)
    return list(merged.values())


def _share_names(store: Store, rows: list[EchoRow]) -> list[EchoRow]:
    ids = sorted({r.person_id for r in rows})
    if not ids:
        return rows
    marks = ", ".join("?" for _ in ids)
    shared = {
        r[0]: r[1]
        for r in store.read(
            f"SELECT id, coalesce(share_as, name) FROM people WHERE id IN ({marks})", ids
        )
    }
    return [replace(r, person=shared.get(r.person_id, r.person)) for r in rows]


def _excerpt(body: str | None, width: int = 90) -> str:
    """The first line of an entry, shortened at a word boundary."""
    text = " ".join((body or "").split())
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"
