"""Gathering a review's entries into temporary tables and counting them into a Tally."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from relational_journal.storage.query import EntryFilter, where_clause
from relational_journal.storage.review_tally import ECHO_IDS, FORMAT, Tally

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


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
NEED_FELT = frozenset({"days", "feelings", "person_feelings"})


def run(store: Store, sql: str, params: Sequence[object] = ()) -> None:
    from relational_journal.storage.connection import translate_error

    try:
        store.conn.execute(sql, params)
    except sqlite3.Error as exc:
        raise translate_error(exc, store.path) from None


ENTRIES = "entries e INDEXED BY idx_entries_review"


def period_sql(f: EntryFilter) -> tuple[str, list[object]]:
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


def select_period(store: Store, *parts: tuple[str, Sequence[object]], felt: bool = True) -> None:
    """Gather into temp.IDS the entries matching any of the WHERE `parts` (over ENTRIES),
    and, when `felt`, their feelings into temp.FELT.

    Read from covering indexes: no entry body is touched.
    """
    run(store, f"DROP TABLE IF EXISTS temp.{IDS}")
    run(
        store,
        f"CREATE TEMP TABLE {IDS} (id INTEGER PRIMARY KEY, day TEXT NOT NULL,"
        " starred INTEGER NOT NULL, pack_id TEXT, prompt_id TEXT)",
    )
    for where, params in parts:
        run(
            store,
            f"INSERT OR IGNORE INTO temp.{IDS}"
            f" SELECT e.id, e.about_day, e.starred, e.pack_id, e.prompt_id FROM {ENTRIES}"
            f" WHERE {where}",
            params,
        )
    run(store, f"DROP TABLE IF EXISTS temp.{FELT}")
    if not felt:
        return
    run(
        store,
        f"CREATE TEMP TABLE {FELT} (entry_id INTEGER NOT NULL, word TEXT NOT NULL,"
        " day TEXT NOT NULL, family TEXT, intensity INTEGER,"
        " PRIMARY KEY (entry_id, word)) WITHOUT ROWID",
    )
    # The first time a word was tagged on an entry is the one that counts. Grouped by
    # t.id (the same value as f.entry_id): rows already come in that order, so no sort.
    run(
        store,
        f"INSERT INTO temp.{FELT} SELECT entry_id, word, day, family, intensity FROM"
        " (SELECT f.entry_id, f.word, t.day, f.family, f.intensity, min(f.id)"
        f"  FROM temp.{IDS} t CROSS JOIN entry_feelings f"
        "   INDEXED BY idx_entry_feelings_entry_review ON f.entry_id = t.id"
        "  GROUP BY t.id, f.word)",
    )


def into_tally(t: Tally, part: str, rows: Iterable[Sequence[Any]]) -> Tally:
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


def count_selected(store: Store, parts: Collection[str]) -> Tally:
    """The entries gathered by `select_period`, grouped into a Tally holding `parts`.

    Counted by month as a stored month would be, then added up the same way.
    """
    t = Tally()
    for name in parts:
        part = PARTS[name]
        columns = ", ".join(["month", *part.keys, *part.values])
        into_tally(
            t,
            name,
            store.read(
                f"WITH counted ({columns}) AS ({part.count})"
                f" SELECT {part.merged()} FROM counted GROUP BY {', '.join(part.keys)}"
            ),
        )
    return t


def fill_vocabulary(store: Store, pleasantness: Mapping[str, float]) -> None:
    run(store, "DROP TABLE IF EXISTS temp.review_vocab")
    run(
        store,
        "CREATE TEMP TABLE review_vocab (word TEXT PRIMARY KEY, pleasantness REAL) WITHOUT ROWID",
    )
    run(
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
def temporary_tables(store: Store) -> Iterator[None]:
    run(store, "PRAGMA temp_store = MEMORY")
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
