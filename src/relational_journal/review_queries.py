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
import threading
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


ENTRIES = "entries e INDEXED BY idx_entries_review"


def _period(f: EntryFilter) -> tuple[str, list[object]]:
    """WHERE over `ENTRIES`, the covering index of live entries, read by local day.

    The extra day bounds (two days of slack either side: an entry's day is the
    one where it was written, and time zones differ by up to 26 hours) let the
    index be walked in day order; the moment bounds stay the exact test.
    """
    where, params = where_clause(f.without_limit())
    days = []
    if f.start is not None:
        days.append("e.about_day >= ?")
        params.append((f.start.date() - timedelta(days=2)).isoformat())
    if f.end is not None:
        days.append("e.about_day <= ?")
        params.append((f.end.date() + timedelta(days=2)).isoformat())
    extra = "".join(f" AND {d}" for d in days)
    return f"{where}{extra}", params


def _fill(store: Store, table: str, f: EntryFilter) -> None:
    """Gather the ids (and day, star) of the entries matching `f` into temp.<table>.

    Read from a covering index: no entry body is touched.
    """
    where, params = _period(f)
    _run(store, f"DROP TABLE IF EXISTS temp.{table}")
    _run(
        store,
        f"CREATE TEMP TABLE {table} (id INTEGER PRIMARY KEY, day TEXT NOT NULL,"
        " starred INTEGER NOT NULL)",
    )
    _run(
        store,
        f"INSERT INTO temp.{table} SELECT e.id, e.about_day, e.starred"
        f" FROM {ENTRIES} WHERE {where}",
        params,
    )


def _fill_deduplicated_feelings(store: Store, table: str) -> None:
    """temp.<table>_f: the period's feelings with a word tagged twice on one entry kept once.

    Only needed when such repeats exist (the first one tagged counts, as always).
    """
    _run(store, f"DROP TABLE IF EXISTS temp.{table}_f")
    _run(
        store,
        f"CREATE TEMP TABLE {table}_f (entry_id INTEGER NOT NULL, word TEXT NOT NULL,"
        " family TEXT, intensity INTEGER, PRIMARY KEY (entry_id, word)) WITHOUT ROWID",
    )
    _run(
        store,
        f"INSERT OR IGNORE INTO temp.{table}_f SELECT f.entry_id, f.word, f.family, f.intensity"
        f" FROM temp.{table} t CROSS JOIN entry_feelings f INDEXED BY idx_entry_feelings_entry"
        " ON f.entry_id = t.id ORDER BY f.entry_id, f.id",
    )


def _fill_episodes(store: Store, table: str, big: bool) -> None:
    joined = (
        f"episodes ep CROSS JOIN temp.{table} t ON t.id = ep.entry_id"
        if big
        else f"temp.{table} t CROSS JOIN episodes ep ON ep.entry_id = t.id"
    )
    _run(store, f"DROP TABLE IF EXISTS temp.{table}_e")
    _run(
        store,
        f"CREATE TEMP TABLE {table}_e AS SELECT ep.entry_id, t.day, ep.person_id, ep.era,"
        " ep.wish, ep.wish_cluster, ep.other, ep.other_cluster, ep.other_expected, ep.self,"
        f" ep.self_cluster FROM {joined}",
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
        tables = [f"{t}{suffix}" for t in (CUR, PREV) for suffix in ("", "_f", "_e")]
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


def _feelings(
    store: Store,
    table: str,
    *,
    big: bool,
    deduplicated: bool,
    distinct: bool = False,
    whole: bool = False,
) -> list[FeelingRow]:
    """Per word: family, entries tagged with it, mean intensity (and, if asked, distinct entries).

    A long period is read in word order straight from the index (no sort); a short one
    from its own entries.
    """
    extra = ", count(DISTINCT f.entry_id)" if distinct else ""
    if deduplicated:
        source = f"temp.{table}_f f"
    elif whole:
        source = "entry_feelings f INDEXED BY idx_entry_feelings_word_review"
    elif big:
        source = (
            "entry_feelings f INDEXED BY idx_entry_feelings_word_review"
            f" CROSS JOIN temp.{table} t ON t.id = f.entry_id"
        )
    else:
        source = (
            f"temp.{table} t CROSS JOIN entry_feelings f"
            " INDEXED BY idx_entry_feelings_entry_review ON f.entry_id = t.id"
        )
    rows = store.read(
        f"SELECT f.word, max(f.family), count(*), avg(f.intensity){extra}"
        f" FROM {source} GROUP BY f.word ORDER BY 3 DESC, f.word"
    )
    if distinct:
        return [FeelingRow(r[0], r[1], r[4], None) for r in rows]
    return [FeelingRow(r[0], r[1], r[2], r[3]) for r in rows]


def _feelings_once(
    store: Store, table: str, *, big: bool, whole: bool = False
) -> tuple[list[FeelingRow], bool]:
    """The period's feelings, and whether some entry has a word tagged twice."""
    rows = store.read(
        "SELECT f.word, max(f.family), count(*), avg(f.intensity), count(DISTINCT f.entry_id)"
        + (
            " FROM entry_feelings f INDEXED BY idx_entry_feelings_word_review"
            if whole
            else " FROM entry_feelings f INDEXED BY idx_entry_feelings_word_review"
            f" CROSS JOIN temp.{table} t ON t.id = f.entry_id"
            if big
            else f" FROM temp.{table} t CROSS JOIN entry_feelings f"
            " INDEXED BY idx_entry_feelings_entry_review ON f.entry_id = t.id"
        )
        + " GROUP BY f.word ORDER BY 3 DESC, f.word"
    )
    repeats = any(r[2] != r[4] for r in rows)
    return [FeelingRow(r[0], r[1], r[2], r[3]) for r in rows], repeats


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
    # One grouping of the episodes by all three clusters; the components are summed from it.
    rows = store.read(
        "WITH eps AS MATERIALIZED (SELECT ep.wish_cluster w, ep.other_cluster o,"
        f" ep.self_cluster s, count(*) n FROM {source} GROUP BY 1, 2, 3)"
        " SELECT 'wish', w, sum(n) FROM eps GROUP BY 2"
        " UNION ALL SELECT 'other', o, sum(n) FROM eps GROUP BY 2"
        " UNION ALL SELECT 'self', s, sum(n) FROM eps GROUP BY 2",
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
        "   CROSS JOIN entry_feelings f INDEXED BY idx_entry_feelings_entry_review"
        "   ON f.entry_id = entries_fts.rowid AND f.word = o.word"
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

# A period holding at least this share of the journal is aggregated by walking whole
# indexes in group order (no sort); a shorter one from its own entries.
BIG_SHARE = 0.25


def _is_big(store: Store, entries: int) -> bool:
    last = store.read("SELECT max(id) FROM entries")[0][0]
    return bool(last) and entries >= BIG_SHARE * int(last)


def _is_whole(store: Store, entries: int) -> bool:
    """True when the period's `entries` are every entry in the journal (trash included).

    Then the joins with the period's ids select nothing away and are left out.
    """
    return int(store.read("SELECT count(*) FROM entries")[0][0]) == entries


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
    helper = _Helper.start(store, f, start, end, use_share_names)
    with _temporary(store):
        where, params = _period(cur)
        day_rows = store.read(
            f"SELECT e.about_day, count(*), sum(e.starred) FROM {ENTRIES} WHERE {where}"
            " GROUP BY e.about_day ORDER BY e.about_day",
            params,
        )
        totals = (sum(r[1] for r in day_rows), len(day_rows))
        starred_total = sum(int(r[2]) for r in day_rows)
        _fill(store, CUR, cur)
        big = _is_big(store, totals[0])
        whole = big and _is_whole(store, totals[0])
        # First: it does not need to know whether tags repeat.
        linked = "entry_people ep INDEXED BY idx_entry_people_person" if whole else _linked(big)
        people = [
            PersonRow(r[0], r[1], r[2], r[3], r[4])
            for r in store.read(
                f"SELECT p.id, {name}, p.era, p.role, c.n"
                f" FROM (SELECT ep.person_id, count(*) AS n FROM {linked} GROUP BY 1) c"
                " CROSS JOIN people p ON p.id = c.person_id"
                " ORDER BY 5 DESC, 2 COLLATE NOCASE"
            )
        ]
        _fill_vocabulary(store, pleasantness)
        if helper is not None and helper.no_repeats(wait=False):
            # No entry anywhere has a word tagged twice: plain counts, no distinct count.
            feelings = _feelings(store, CUR, big=big, deduplicated=False, whole=whole)
            repeats = False
        else:
            feelings, repeats = _feelings_once(store, CUR, big=big, whole=whole)
        if repeats:
            _fill_deduplicated_feelings(store, CUR)
            feelings = _feelings(store, CUR, big=big, deduplicated=True)
            by_entry = f"temp.{CUR}_f f"
        else:
            by_entry = PLAIN_FEELINGS
        # Walked in day order from the index, so the grouping needs no sort.
        tone = {
            r[0]: (r[1], r[2])
            for r in store.read(
                "SELECT e.about_day, sum(v.pleasantness), count(v.pleasantness)"
                f" FROM {ENTRIES} CROSS JOIN {by_entry} ON f.entry_id = e.id"
                f" CROSS JOIN temp.review_vocab v ON v.word = f.word WHERE {where}"
                " GROUP BY e.about_day",
                params,
            )
        }
        days = [DayRow(r[0], r[1], *tone.get(r[0], (0.0, 0))) for r in day_rows]
        _fill_episodes(store, CUR, big)
        episodes, clusters = _clusters(store, _in_table(CUR))

        previous_feelings = previous_clusters = None
        previous_entries = previous_episodes = None
        if previous is not None:
            # Only counts are compared.
            _fill(store, PREV, replace(f, start=previous[0], end=previous[1], limit=None))
            previous_entries = int(store.read(f"SELECT count(*) FROM temp.{PREV}")[0][0])
            prev_big = _is_big(store, previous_entries)
            if helper is not None and helper.no_repeats():
                # Every tag is on a different entry or word: the count is the entries.
                previous_feelings = [
                    replace(r, mean_intensity=None)
                    for r in _feelings(store, PREV, big=prev_big, deduplicated=False)
                ]
            else:
                previous_feelings = _feelings(
                    store, PREV, big=prev_big, deduplicated=False, distinct=True
                )
            previous_episodes, previous_clusters = _clusters(
                store,
                f"episodes ep CROSS JOIN temp.{PREV} t ON t.id = ep.entry_id"
                if prev_big
                else f"temp.{PREV} t CROSS JOIN episodes ep ON ep.entry_id = t.id",
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

        # What the helper has not started yet is done here; the rest is waited for.
        prompts = echoes = None
        if helper is None or helper.claim("prompts"):
            prompts = _prompts(store, cur)
        if helper is None or helper.claim("echoes"):
            echoes = _echoes(store, f, start, end, use_share_names)
        side = helper.result() if helper is not None else _Side()
        if prompts is None:
            prompts = side.prompts if side.prompts is not None else _prompts(store, cur)
        if echoes is None:
            echoes = side.echoes
            if echoes is None:
                echoes = _echoes(store, f, start, end, use_share_names)
        echoes_here, echoes_any = echoes
        if side.person_feelings is not None and not repeats:
            person_feelings = side.person_feelings
        else:
            person_feelings = _person_feelings(store, _entries_linked(whole), by_entry)

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


def _prompts(store: Store, cur: EntryFilter) -> list[tuple[str | None, str | None, int]]:
    """Per pack and prompt: the entries matching `cur` written from it."""
    where, params = _period(cur)
    return [
        (r[0], r[1], r[2])
        for r in store.read(
            f"SELECT e.pack_id, e.prompt_id, count(*) FROM {ENTRIES} WHERE {where}"
            " AND (e.prompt_id IS NOT NULL OR e.pack_id IS NOT NULL)"
            " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
            params,
        )
    ]


def _linked(big: bool) -> str:
    """FROM clause: the period's entries (temp.<CUR> as `t`) with their people (as `ep`)."""
    if big:
        return (
            "entry_people ep INDEXED BY idx_entry_people_person"
            f" CROSS JOIN temp.{CUR} t ON t.id = ep.entry_id"
        )
    return f"temp.{CUR} t CROSS JOIN entry_people ep ON ep.entry_id = t.id"


def _entries_linked(whole: bool = False) -> str:
    """Like `_linked`, read in entry order: the feelings then follow in their index's order."""
    if whole:
        return "entry_people ep"
    return f"temp.{CUR} t CROSS JOIN entry_people ep ON ep.entry_id = t.id"


PLAIN_FEELINGS = "entry_feelings f INDEXED BY idx_entry_feelings_entry_review"


def _person_feelings(store: Store, linked: str, by_entry: str) -> list[tuple[int, str, int]]:
    """Per person and word: the period's entries naming the person tagged with the word."""
    return [
        (r[0], r[1], r[2])
        for r in store.read(
            "SELECT ep.person_id, f.word, count(*)"
            f" FROM {linked} CROSS JOIN {by_entry} ON f.entry_id = ep.entry_id"
            " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
        )
    ]


def _echoes(
    store: Store, f: EntryFilter, start: datetime, end: datetime, use_share_names: bool
) -> tuple[list[EchoRow], list[EchoRow]]:
    """This period's echo rows (from temp.<CUR>_e) and their partners up to its end."""
    here = _echo_rows(store, _in_table(CUR))
    anywhere: list[EchoRow] = []
    if here:
        anywhere = _echo_partners(store, f, start, end, here)
    if use_share_names:
        here = _share_names(store, here)
        anywhere = _share_names(store, anywhere)
    return here, anywhere


# A period at least this long is reviewed on two connections at once: the person x feeling
# counts and the echoes on a second, read-only one in a thread (SQLite lets go of the
# interpreter while it works), everything else on the store's own.
PARALLEL_FROM = timedelta(days=60)


@dataclass
class _Side:
    """What the helper found (None: not done there)."""

    person_feelings: list[tuple[int, str, int]] | None = None  # repeats not de-duplicated
    echoes: tuple[list[EchoRow], list[EchoRow]] | None = None
    prompts: list[tuple[str | None, str | None, int]] | None = None


class _Helper:
    """The second connection's share of a long review, run in a thread.

    Person x feeling is always counted there; the echoes and the prompts go to
    whichever connection gets to them first (`claim`).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._side = _Side()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._claimed: set[str] = set()
        self._repeats_checked = threading.Event()
        self._no_repeats = False

    @classmethod
    def start(
        cls, store: Store, f: EntryFilter, start: datetime, end: datetime, use_share_names: bool
    ) -> _Helper | None:
        # Not for an encrypted journal (a second key derivation costs more than it saves),
        # nor inside a transaction (a second connection would not see its changes).
        if end - start < PARALLEL_FROM or store.encrypted or store.conn.in_transaction:
            return None
        helper = cls(store)
        helper._thread = threading.Thread(
            target=helper._run,
            args=(f, start, end, use_share_names),
            name="review-helper",
            daemon=True,
        )
        helper._thread.start()
        return helper

    def claim(self, task: str) -> bool:
        """True for the first connection to ask for `task` (it then does it)."""
        with self._lock:
            if task in self._claimed:
                return False
            self._claimed.add(task)
            return True

    def no_repeats(self, *, wait: bool = True) -> bool:
        """True when the helper found no entry with a word tagged twice.

        Without `wait`, False also while it is still looking.
        """
        if wait:
            self._repeats_checked.wait()
        return self._repeats_checked.is_set() and self._no_repeats

    def _run(self, f: EntryFilter, start: datetime, end: datetime, use_share_names: bool) -> None:
        from .store import Store

        try:
            other = Store.open(self._store.path, create=False)
        except Exception:
            self._repeats_checked.set()
            return  # the main connection does it all
        side = self._side
        try:
            try:
                # Stops at the first repeat; without one, one pass over a small index.
                self._no_repeats = not other.read(
                    "SELECT EXISTS (SELECT 1 FROM entry_feelings f"
                    " INDEXED BY idx_entry_feelings_entry_review"
                    " GROUP BY f.entry_id, f.word HAVING count(*) > 1)"
                )[0][0]
            finally:
                self._repeats_checked.set()
            _run(other, "PRAGMA temp_store = MEMORY")
            cur = replace(f, start=start, end=end, limit=None)
            _fill(other, CUR, cur)
            count = int(other.read(f"SELECT count(*) FROM temp.{CUR}")[0][0])
            whole = _is_big(other, count) and _is_whole(other, count)
            side.person_feelings = _person_feelings(other, _entries_linked(whole), PLAIN_FEELINGS)
            if self.claim("echoes"):
                _fill_episodes(other, CUR, _is_big(other, count))
                side.echoes = _echoes(other, f, start, end, use_share_names)
            if self.claim("prompts"):
                side.prompts = _prompts(other, cur)
        except Exception:
            pass  # the main connection does what is missing, and reports any error
        finally:
            other.close()

    def result(self) -> _Side:
        assert self._thread is not None
        self._thread.join()
        return self._side


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
