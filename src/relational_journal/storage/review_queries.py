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

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from relational_journal.storage.query import EntryFilter, where_clause
from relational_journal.storage.review_months import plain_filter, tally
from relational_journal.storage.review_quotes import cluster_quotes, expected_counts
from relational_journal.storage.review_recent import last_mentions
from relational_journal.storage.review_rows import (
    ClusterRow,
    DayRow,
    EchoRow,
    EpisodeRow,
    FeelingRow,
    PersonRow,
    ReviewRows,
    StarredRow,
    UntaggedRow,
    person_order,
)
from relational_journal.storage.review_select import (
    ENTRIES,
    EVERYTHING,
    fill_vocabulary,
    period_sql,
    select_period,
    tally_version,
    temporary_tables,
)
from relational_journal.storage.review_tally import Tally, newest
from relational_journal.storage.review_untagged import SUGGEST_WITHIN, untagged_words

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


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
    with temporary_tables(store):
        fill_vocabulary(store, pleasantness)
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
            if plain_filter(f):
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
            select_period(store, period_sql(cur), felt=False)
            untagged = [
                replace(u, family=families.get(u.word, ""))
                for u in untagged_words(store, list(pleasantness))
            ]
        starred = _starred(store, cur)
        last = last_mentions(store, cur, {p: n for p, n in now.people.items() if p in people})
        quotes = cluster_quotes(store, cur) if episodes else []
        expected = expected_counts(store, cur) if episodes else []

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
                PersonRow(pid, people[pid][0], people[pid][1], people[pid][2], n, last.get(pid))
                for pid, n in now.people.items()
                if pid in people
            ),
            key=person_order,
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
        quotes=quotes,
        expected=expected,
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
    where, params = period_sql(cur)
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
