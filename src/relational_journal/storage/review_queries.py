"""The SQL behind `journal review`: every count is a GROUP BY inside SQLite.

Nothing here loads entries into Python. A set of entries is gathered into a
temporary table of ids (temp schema, in memory, never in the journal file)
and grouped from there into a Tally (review_tally.py): counts that add up.

A long review is not recounted from every entry each time. The tally of each
whole calendar month is kept in the journal (table `review_months`, one row
per month and privacy choice), made the first time a review needs it and
thrown away by triggers whenever an entry of that month, or anything linked
to it, changes (schema step m006). A review of a year then adds up about
twelve stored months and counts only the few days at its edges. Reviews that
select by anything but dates and privacy (a person, a tag, ...) count their
own entries directly.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from relational_journal.storage.query import EntryFilter, Privacy, where_clause
from relational_journal.storage.review_tally import ECHO_IDS, FORMAT, Tally, newest

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

# An entry's day is the local day where it was written; a period's bounds are moments in
# the reader's zone. Zones differ by up to 26 hours, so a month is read from its stored
# tally only when it lies at least this far inside the period's first and last days:
# then every entry of that month is certainly inside the period.
MONTH_MARGIN = timedelta(days=3)

IDS = "review_ids"  # the entries being counted: id, local day, star, pack, prompt
FELT = "review_felt"  # their feelings, a word tagged twice on one entry kept once


@dataclass(frozen=True)
class Part:
    """One kind of count in a tally, and how it is made and added up.

    `count` groups the entries in temp.IDS (and their feelings in temp.FELT) by
    month and `keys`; its rows are what `review_month_<name>` stores. `merge`
    adds rows of several months (or of stored months and counted edges) up by `keys`.
    """

    name: str
    keys: tuple[str, ...]
    values: tuple[str, ...]
    merge: tuple[str, ...]  # the aggregate that adds each value up across months
    count: str

    def merged(self) -> str:
        """SELECT list: the keys, and each value added up."""
        return ", ".join(
            [*self.keys, *(f"{m}({v})" for m, v in zip(self.merge, self.values, strict=True))]
        )


PARTS: dict[str, Part] = {
    p.name: p
    for p in (
        Part(
            "days",
            ("day",),
            ("entries", "starred", "pleasant_sum", "pleasant_n"),
            ("sum", "sum", "sum", "sum"),
            "SELECT substr(t.day, 1, 7), t.day, count(*), sum(t.starred),"
            " coalesce(tone.s, 0.0), coalesce(tone.n, 0)"
            f" FROM temp.{IDS} t LEFT JOIN (SELECT f.day, sum(v.pleasantness) AS s,"
            "  count(v.pleasantness) AS n"
            f"  FROM temp.{FELT} f CROSS JOIN temp.review_vocab v ON v.word = f.word"
            "  GROUP BY f.day) tone ON tone.day = t.day"
            " GROUP BY t.day",
        ),
        Part(
            "prompts",
            ("pack_id", "prompt_id"),
            ("entries",),
            ("sum",),
            f"SELECT substr(day, 1, 7), pack_id, prompt_id, count(*) FROM temp.{IDS}"
            " WHERE pack_id IS NOT NULL OR prompt_id IS NOT NULL GROUP BY 1, 2, 3",
        ),
        Part(
            "feelings",
            ("word",),
            ("family", "entries", "intensity_sum", "intensity_n"),
            ("max", "sum", "sum", "sum"),
            "SELECT substr(day, 1, 7), word, max(family), count(*),"
            f" coalesce(sum(intensity), 0), count(intensity) FROM temp.{FELT} GROUP BY 1, 2",
        ),
        Part(
            "people",
            ("person_id",),
            ("entries",),
            ("sum",),
            f"SELECT substr(t.day, 1, 7), ep.person_id, count(*) FROM temp.{IDS} t"
            " CROSS JOIN entry_people ep ON ep.entry_id = t.id GROUP BY 1, 2",
        ),
        Part(
            "person_feelings",
            ("person_id", "word"),
            ("entries",),
            ("sum",),
            f"SELECT substr(f.day, 1, 7), ep.person_id, f.word, count(*) FROM temp.{FELT} f"
            " CROSS JOIN entry_people ep ON ep.entry_id = f.entry_id GROUP BY 1, 2, 3",
        ),
        Part(
            "clusters",
            ("wish_cluster", "other_cluster", "self_cluster"),
            ("episodes",),
            ("sum",),
            "SELECT substr(t.day, 1, 7), ep.wish_cluster, ep.other_cluster, ep.self_cluster,"
            f" count(*) FROM temp.{IDS} t CROSS JOIN episodes ep ON ep.entry_id = t.id"
            " GROUP BY 1, 2, 3, 4",
        ),
        Part(
            "echoes",
            ("wish_cluster", "other_cluster", "person_id", "era"),
            ("episodes", "latest"),
            ("sum", "group_concat"),
            # Each group keeps only its latest few entry ids.
            "SELECT month, w, o, person_id, era, count(*),"
            f" group_concat(CASE WHEN rank <= {ECHO_IDS} THEN entry_id END)"
            " FROM (SELECT substr(t.day, 1, 7) AS month, ep.wish_cluster AS w,"
            "  ep.other_cluster AS o, ep.person_id, ep.era, ep.entry_id,"
            "  row_number() OVER (PARTITION BY substr(t.day, 1, 7), ep.wish_cluster,"
            "   ep.other_cluster, ep.person_id, ep.era ORDER BY ep.entry_id DESC) AS rank"
            f"  FROM temp.{IDS} t CROSS JOIN episodes ep ON ep.entry_id = t.id"
            "  WHERE ep.wish_cluster IS NOT NULL AND ep.other_cluster IS NOT NULL"
            "  AND ep.person_id IS NOT NULL)"
            " GROUP BY 1, 2, 3, 4, 5",
        ),
    )
}
EVERYTHING: frozenset[str] = frozenset(PARTS)
# The parts that read the period's feelings (temp.FELT).
_NEED_FELT = frozenset({"days", "feelings", "person_feelings"})


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
    from relational_journal.storage.store import translate_error

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
    if f.start is not None:
        where += " AND e.about_day >= ?"
        params.append((f.start.date() - timedelta(days=2)).isoformat())
    if f.end is not None:
        where += " AND e.about_day <= ?"
        params.append((f.end.date() + timedelta(days=2)).isoformat())
    return where, params


def _select(store: Store, *parts: tuple[str, Sequence[object]], felt: bool = True) -> None:
    """Gather into temp.IDS the entries matching any of the WHERE `parts` (over ENTRIES),
    and, when `felt`, their feelings into temp.FELT.

    Read from covering indexes: no entry body is touched.
    """
    _run(store, f"DROP TABLE IF EXISTS temp.{IDS}")
    _run(
        store,
        f"CREATE TEMP TABLE {IDS} (id INTEGER PRIMARY KEY, day TEXT NOT NULL,"
        " starred INTEGER NOT NULL, pack_id TEXT, prompt_id TEXT)",
    )
    for where, params in parts:
        _run(
            store,
            f"INSERT OR IGNORE INTO temp.{IDS}"
            f" SELECT e.id, e.about_day, e.starred, e.pack_id, e.prompt_id FROM {ENTRIES}"
            f" WHERE {where}",
            params,
        )
    _run(store, f"DROP TABLE IF EXISTS temp.{FELT}")
    if not felt:
        return
    _run(
        store,
        f"CREATE TEMP TABLE {FELT} (entry_id INTEGER NOT NULL, word TEXT NOT NULL,"
        " day TEXT NOT NULL, family TEXT, intensity INTEGER,"
        " PRIMARY KEY (entry_id, word)) WITHOUT ROWID",
    )
    # The first time a word was tagged on an entry is the one that counts. Grouped by
    # t.id (the same value as f.entry_id): rows already come in that order, so no sort.
    _run(
        store,
        f"INSERT INTO temp.{FELT} SELECT entry_id, word, day, family, intensity FROM"
        " (SELECT f.entry_id, f.word, t.day, f.family, f.intensity, min(f.id)"
        f"  FROM temp.{IDS} t CROSS JOIN entry_feelings f"
        "   INDEXED BY idx_entry_feelings_entry_review ON f.entry_id = t.id"
        "  GROUP BY t.id, f.word)",
    )


def _into_tally(t: Tally, part: str, rows: Iterable[Sequence[Any]]) -> Tally:
    """Put the added-up rows of `part` (its keys, then its values) into `t`."""
    if part == "days":
        t.days.update({r[0]: list(r[1:]) for r in rows})
    elif part == "prompts":
        t.prompts.update({(r[0], r[1]): r[2] for r in rows})
    elif part == "feelings":
        t.feelings.update({r[0]: list(r[1:]) for r in rows})
    elif part == "people":
        t.people.update({r[0]: r[1] for r in rows})
    elif part == "person_feelings":
        t.person_feelings.update({(r[0], r[1]): r[2] for r in rows})
    elif part == "clusters":
        t.clusters.update({(r[0], r[1], r[2]): r[3] for r in rows})
    elif part == "echoes":
        t.echoes.update(
            {
                (r[0], r[1], r[2], r[3]): [
                    r[4],
                    sorted(map(int, r[5].split(",")), reverse=True)[:ECHO_IDS],
                ]
                for r in rows
            }
        )
    return t


def _count_selected(store: Store, parts: Collection[str]) -> Tally:
    """The entries gathered by `_select`, grouped into a Tally holding `parts`.

    Counted by month as a stored month would be, then added up the same way.
    """
    t = Tally()
    for name in parts:
        part = PARTS[name]
        columns = ", ".join(["month", *part.keys, *part.values])
        _into_tally(
            t,
            name,
            store.read(
                f"WITH counted ({columns}) AS ({part.count})"
                f" SELECT {part.merged()} FROM counted GROUP BY {', '.join(part.keys)}"
            ),
        )
    return t


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


def tally_version(pleasantness: Mapping[str, float]) -> str:
    """What a stored month's tally depends on besides the entries: its format, the vocabulary."""
    import hashlib

    words = json.dumps(sorted(pleasantness.items()), separators=(",", ":"))
    return f"{FORMAT}:{hashlib.sha256(words.encode()).hexdigest()[:16]}"


@contextmanager
def _temporary(store: Store) -> Iterator[None]:
    _run(store, "PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        for name in (
            "review_stem_terms",
            "review_stem_src",
            "review_stems",
            IDS,
            FELT,
            "review_vocab",
        ):
            try:
                store.conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
            except sqlite3.Error:
                pass


# -- stored months -----------------------------------------------------------------


def _plain(f: EntryFilter) -> bool:
    """True when `f` selects by dates and privacy only (the usual review)."""
    return f.trash == "exclude" and not (
        f.people or f.feelings or f.prompts or f.packs or f.tags or f.starred or f.ids
    )


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _whole_months(store: Store, f: EntryFilter) -> list[str]:
    """The calendar months (YYYY-MM) whose entries all lie inside `f`'s period."""
    bounds: Sequence[str | None] = (None, None)
    if f.start is None or f.end is None:
        # Two subqueries: each is then one step to an end of the index.
        bounds = store.read(
            f"SELECT (SELECT min(e.about_day) FROM {ENTRIES} WHERE e.deleted_at IS NULL),"
            f" (SELECT max(e.about_day) FROM {ENTRIES} WHERE e.deleted_at IS NULL)"
        )[0]
        if bounds[0] is None or bounds[1] is None:
            return []
    if f.start is None:
        first = date.fromisoformat(str(bounds[0])).replace(day=1)
    else:
        first = f.start.date() + MONTH_MARGIN
        if first.day != 1:
            first = _next_month(first)
    last = date.fromisoformat(str(bounds[1])) if f.end is None else f.end.date() - MONTH_MARGIN
    months = []
    while _next_month(first) - timedelta(days=1) <= last:
        months.append(first.isoformat()[:7])
        first = _next_month(first)
    return months


def _month_days(months: Sequence[str]) -> tuple[str, str]:
    """The first and last possible day of a run of months, as about_day bounds."""
    return f"{months[0]}-01", f"{months[-1]}-31"


def _runs(months: Sequence[str]) -> list[list[str]]:
    """Consecutive months grouped together (each run is read as one day range)."""
    runs: list[list[str]] = []
    for month in months:
        if runs and _next_month(date.fromisoformat(f"{runs[-1][-1]}-01")).isoformat()[:7] == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _keep_months(store: Store, privacy: Privacy, months: list[str], version: str) -> bool:
    """Count `months` and store them, when the journal can be written right now.

    Counted and stored in one write transaction, so no change can slip in between
    (a change after it removes the stored month again). When the journal is busy,
    read-only or full, nothing is stored and False is returned: the caller counts
    those months itself. A review never fails, nor waits, for the sake of what it keeps.
    """
    conn = store.conn
    if conn.in_transaction or not _begin_now(conn):
        return False
    try:
        where, params = where_clause(EntryFilter(privacy=privacy))
        _select(
            store,
            *(
                (f"{where} AND e.about_day BETWEEN ? AND ?", [*params, *_month_days(run)])
                for run in _runs(months)
            ),
        )
        marks = ", ".join("?" for _ in months)
        # Older tallies of these months (another vocabulary or format) go with their rows.
        conn.execute(
            f"DELETE FROM review_months WHERE privacy = ? AND month IN ({marks})",
            [privacy, *months],
        )
        conn.executemany(
            "INSERT INTO review_months (privacy, month, version) VALUES (?, ?, ?)",
            [(privacy, m, version) for m in months],
        )
        for part in PARTS.values():
            columns = ", ".join(["privacy", "month", *part.keys, *part.values])
            conn.execute(
                f"INSERT INTO review_month_{part.name} ({columns}) SELECT ?, * FROM ({part.count})",
                [privacy],
            )
        conn.execute("COMMIT")
        return True
    except sqlite3.Error:
        return False
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _begin_now(conn: sqlite3.Connection) -> bool:
    """BEGIN IMMEDIATE without waiting for another writer; False when that is not possible."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("BEGIN IMMEDIATE")
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def _stored(store: Store, f: EntryFilter, version: str) -> list[str]:
    """The run of whole months of `f`'s period that can be read from stored tallies.

    Months not stored yet are counted and stored first. Empty when `f` selects by
    more than dates and privacy, or the period holds no whole month, or the months
    could not be stored right now (then everything is counted from the entries).
    """
    months = _whole_months(store, f) if _plain(f) else []
    if not months:
        return []
    first, last = months[0], months[-1]
    have = {
        r[0]
        for r in store.read(
            "SELECT month FROM review_months"
            " WHERE privacy = ? AND month BETWEEN ? AND ? AND version = ?",
            [f.privacy, first, last, version],
        )
    }
    missing = [m for m in months if m not in have]
    if missing and not _keep_months(store, f.privacy, missing, version):
        return []
    return months


def tally(store: Store, f: EntryFilter, parts: Collection[str], version: str) -> Tally:
    """The counts of the entries matching `f`: stored months added up, the rest counted.

    Needs temp.review_vocab (the days' tone).
    """
    where, params = _period(f)
    months = _stored(store, f, version)
    felt = bool(_NEED_FELT & set(parts))
    if not months:
        _select(store, (where, params), felt=felt)
        return _count_selected(store, parts)
    total = Tally()
    lo, hi = _month_days(months)
    for name in parts:
        part = PARTS[name]
        _into_tally(
            total,
            name,
            store.read(
                f"SELECT {part.merged()} FROM review_month_{name}"
                " WHERE privacy = ? AND month BETWEEN ? AND ?"
                f" GROUP BY {', '.join(part.keys)}",
                [f.privacy, months[0], months[-1]],
            ),
        )
    # The days around the stored months.
    _select(
        store,
        (f"{where} AND e.about_day < ?", [*params, lo]),
        (f"{where} AND e.about_day > ?", [*params, hi]),
        felt=felt,
    )
    return total.add(_count_selected(store, parts))


# -- untagged feeling words ---------------------------------------------------------


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
    bounds = store.read(f"SELECT min(id), max(id) FROM temp.{IDS}")[0]
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
        from relational_journal.storage.store import translate_error

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
        f" CROSS JOIN temp.{IDS} t ON t.id = entries_fts.rowid"
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

_ECHO_ERAS = ("present", "past", "therapy")
COMPONENTS = ("wish", "other", "self")


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
    version = tally_version(pleasantness)
    with _temporary(store):
        _fill_vocabulary(store, pleasantness)
        now = tally(store, cur, EVERYTHING, version)
        before = None
        if previous is not None:
            # Only counts are compared.
            before = tally(
                store,
                replace(f, start=previous[0], end=previous[1], limit=None),
                ("days", "feelings", "clusters"),
                version,
            )
        people = _people(store, use_share_names)
        here = _echo_rows(now, people)
        anywhere: list[EchoRow] = []
        if here:
            # Partners may come from any entry up to the period's end (same privacy).
            if _plain(f):
                partners = tally(
                    store,
                    EntryFilter(end=start - timedelta(seconds=1), privacy=f.privacy),
                    ("echoes",),
                    version,
                )
                partners.add(Tally(echoes=now.echoes))
            else:
                partners = tally(
                    store, EntryFilter(end=end, privacy=f.privacy), ("echoes",), version
                )
            pairs = {(r.wish_cluster, r.other_cluster) for r in here}
            anywhere = [
                r
                for r in _echo_rows(partners, people)
                if (r.wish_cluster, r.other_cluster) in pairs
            ]
        episodes = now.episodes
        episode_list = _episode_list(store, cur, use_share_names) if 0 < episodes < 3 else []
        untagged: list[UntaggedRow] = []
        if end - start <= SUGGEST_WITHIN:
            _select(store, _period(cur), felt=False)
            untagged = [
                replace(u, family=families.get(u.word, ""))
                for u in _untagged(store, list(pleasantness))
            ]
        starred = _starred(store, cur)

    days = [
        DayRow(day, int(v[0]), float(v[2]), int(v[3]))
        for day, v in sorted(now.days.items())
        if v[0]
    ]
    return ReviewRows(
        entries=now.entries,
        days_journaled=len(days),
        days=days,
        prompts=sorted(
            ((pack, prompt, n) for (pack, prompt), n in now.prompts.items()),
            key=lambda r: (-r[2], r[0] or "", r[1] or ""),
        ),
        feelings=_feelings(now, with_intensity=True),
        previous_feelings=None if before is None else _feelings(before, with_intensity=False),
        previous_entries=None if before is None else before.entries,
        people=sorted(
            (
                PersonRow(pid, people[pid][0], people[pid][1], people[pid][2], n)
                for pid, n in now.people.items()
                if pid in people
            ),
            key=lambda p: (-p.mentions, p.name.lower()),
        ),
        person_feelings=sorted(
            ((pid, word, n) for (pid, word), n in now.person_feelings.items()),
            key=lambda r: (r[0], -r[2], r[1]),
        ),
        episodes=episodes,
        clusters=_clusters(now),
        previous_episodes=None if before is None else before.episodes,
        previous_clusters=None if before is None else _clusters(before),
        episode_list=episode_list,
        echoes_here=here,
        echoes_any=anywhere,
        starred=starred,
        starred_total=int(sum(v[1] for v in now.days.values())),
        untagged=untagged,
    )


def _feelings(t: Tally, *, with_intensity: bool) -> list[FeelingRow]:
    rows = [
        FeelingRow(
            word,
            family,
            int(n),
            isum / icount if with_intensity and icount else None,
        )
        for word, (family, n, isum, icount) in t.feelings.items()
    ]
    rows.sort(key=lambda r: (-r.count, r.word))
    return rows


def _clusters(t: Tally) -> list[ClusterRow]:
    """Episodes per cluster of each component (None: no cluster for that component)."""
    rows: list[ClusterRow] = []
    for i, component in enumerate(COMPONENTS):
        counts: dict[str | None, int] = {}
        for key, n in t.clusters.items():
            counts[key[i]] = counts.get(key[i], 0) + n
        rows.extend(
            ClusterRow(component, code, n)
            for code, n in sorted(counts.items(), key=lambda x: (x[0] is not None, x[0] or ""))
        )
    return rows


def _people(store: Store, use_share_names: bool) -> dict[int, tuple[str, str | None, str | None]]:
    """Every person's name (or the name they are shared as), era and role, by id."""
    name = "coalesce(share_as, name)" if use_share_names else "name"
    return {
        r[0]: (r[1], r[2], r[3]) for r in store.read(f"SELECT id, {name}, era, role FROM people")
    }


def _echo_rows(t: Tally, people: Mapping[int, tuple[str, str | None, str | None]]) -> list[EchoRow]:
    """Episodes by W, RO, person and era (the episode's own, else the person's; a
    therapist's is therapy), for the eras an echo can join."""
    merged: dict[tuple[str, str, int, str], tuple[int, list[int]]] = {}
    for (w, o, pid, own_era), (n, ids) in t.echoes.items():
        person = people.get(pid)
        if person is None:
            continue
        _name, era, role = person
        if (role or "").lower() == "therapist":
            era = "therapy"
        elif own_era is not None:
            era = own_era
        if era not in _ECHO_ERAS:
            continue
        key = (w, o, pid, era)
        if key in merged:
            had_n, had_ids = merged[key]
            merged[key] = (had_n + n, newest({*had_ids, *ids}))
        else:
            merged[key] = (n, ids)
    return [
        EchoRow(w, o, pid, people[pid][0], era, n, tuple(ids))
        for (w, o, pid, era), (n, ids) in merged.items()
    ]


def _episode_list(store: Store, cur: EntryFilter, use_share_names: bool) -> list[EpisodeRow]:
    where, params = _period(cur)
    name = "coalesce(p.share_as, p.name)" if use_share_names else "p.name"
    return [
        EpisodeRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), r[9], r[10])
        for r in store.read(
            f"SELECT e.id, e.about_day, {name}, coalesce(ep.era, p.era), ep.wish, ep.wish_cluster,"
            " ep.other, ep.other_cluster, ep.other_expected, ep.self, ep.self_cluster"
            f" FROM {ENTRIES} CROSS JOIN episodes ep ON ep.entry_id = e.id"
            f" LEFT JOIN people p ON p.id = ep.person_id WHERE {where}"
            " ORDER BY e.about_day, e.id",
            params,
        )
    ]


def _starred(store: Store, cur: EntryFilter, limit: int = 20) -> list[StarredRow]:
    """The first starred entries of the period, in time order (walked on the time index)."""
    where, params = where_clause(cur.without_limit())
    return [
        StarredRow(r[0], r[1], r[2], _excerpt(r[3]))
        for r in store.read(
            "SELECT e.id, e.about_day, e.title, substr(e.body, 1, 300)"
            f" FROM entries e INDEXED BY idx_entries_about WHERE {where} AND e.starred = 1"
            f" ORDER BY e.about_ts, e.id LIMIT {int(limit)}",
            params,
        )
    ]


def _excerpt(body: str | None, width: int = 90) -> str:
    """The first line of an entry, shortened at a word boundary."""
    text = " ".join((body or "").split())
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"
