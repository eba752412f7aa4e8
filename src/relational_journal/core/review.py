"""The weekly review as plain data: what kept coming back, with whom, and which patterns.

Pure functions over the aggregated rows of review_queries: no Rich, no clock,
no disk. `build_review` is the one call other commands (export) need; it takes
the store and hands the rows to `summarize`. Rendering lives in
render_review.py (`review_markdown`, `review_renderable`).

Clinical rules (see CLINICAL.md): pervasiveness of a CCRT cluster is the
number of episodes with it divided by the episodes scored for that component;
RO and RS valence come from data/ccrt.yaml; every sentence shown is a question
or an observation for the client, worded in ccrt.yaml's review section; with
fewer than three episodes the review says so and shows them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from relational_journal.content.ccrt import COMPONENTS
from relational_journal.content.feelings import FAMILIES
from relational_journal.core.periods import Period, same_length_before
from relational_journal.core.review_clusters import ClusterStat, cluster_stats
from relational_journal.core.review_echoes import Echo, echoes, ranked_pairs

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT
    from relational_journal.content.feelings import Vocabulary
    from relational_journal.storage.query import EntryFilter
    from relational_journal.storage.review_rows import (
        ClusterRow,
        EpisodeRow,
        ReviewRows,
    )
    from relational_journal.storage.store import Store

MIN_EPISODES = 3  # fewer than this: too few to see a pattern
VALENCE_STEP = (
    0.10  # a change in the share of warmer responses smaller than this is "about the same"
)

Unit = Literal["day", "week", "month", "year"]


# -- the summary -----------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    """One cell of the strip: a day, or a week/month/year for long periods."""

    first: date
    last: date
    entries: int
    days_journaled: int
    pleasantness: float | None  # mean of the tagged feelings' pleasantness, -1..1


@dataclass(frozen=True)
class FeelingStat:
    word: str
    family: str | None
    count: int
    mean_intensity: float | None
    previous_count: int | None  # None: no earlier period to compare with


@dataclass(frozen=True)
class FamilyStat:
    family: str
    count: int
    previous_count: int | None


@dataclass(frozen=True)
class Untagged:
    word: str
    family: str
    times: int
    entries: int


@dataclass(frozen=True)
class PersonStat:
    name: str
    era: str | None
    role: str | None
    mentions: int
    feelings: tuple[tuple[str, int], ...]  # (word, entries), most frequent first


@dataclass(frozen=True)
class Valence:
    """Warmer (positive) and harder (negative) responses of others (RO) and of self (RS)."""

    other_positive: int
    other_negative: int
    self_positive: int
    self_negative: int
    previous_share: float | None  # share positive in the previous period
    direction: str | None  # more_positive, more_negative, same; None: too little to compare
    sentence: str | None

    @property
    def share(self) -> float | None:
        return _share(
            self.other_positive + self.self_positive,
            self.other_negative + self.self_negative,
        )


@dataclass(frozen=True)
class Patterns:
    episodes: int
    scored: dict[str, int]  # episodes with a cluster, per component
    wish: tuple[ClusterStat, ...]
    other: tuple[ClusterStat, ...]
    self: tuple[ClusterStat, ...]
    too_few: bool
    note: str | None  # the too-few sentence
    pattern: tuple[str, str, str] | None  # most pervasive W, RO, RS codes
    question: str | None
    as_they_are: tuple[EpisodeRow, ...]
    valence: Valence

    def component(self, name: str) -> tuple[ClusterStat, ...]:
        return {"wish": self.wish, "other": self.other, "self": self.self}[name]


@dataclass(frozen=True)
class Starred:
    entry_id: int
    day: str
    title: str | None
    excerpt: str


@dataclass(frozen=True)
class Summary:
    period: Period
    entries: int
    days_journaled: int
    previous_entries: int | None
    unit: Unit
    buckets: tuple[Bucket, ...]
    prompts_used: int
    packs: tuple[tuple[str, int], ...]  # pack id, entries
    feelings: tuple[FeelingStat, ...]
    families: tuple[FamilyStat, ...]
    untagged: tuple[Untagged, ...]
    people: tuple[PersonStat, ...]
    patterns: Patterns
    echoes: tuple[Echo, ...]
    bring_to_session: tuple[Starred, ...]
    bring_total: int
    wording: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.entries == 0


def _share(positive: int, negative: int) -> float | None:
    total = positive + negative
    return positive / total if total else None


def bucket_unit(days: int) -> Unit:
    if days <= 14:
        return "day"
    if days <= 92:
        return "week"
    if days <= 731:
        return "month"
    return "year"


def _bucket_start(day: date, unit: Unit, period_first: date) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=((day - period_first).days % 7))
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _bucket_end(first: date, unit: Unit) -> date:
    from relational_journal.core.dates import month_of

    if unit == "day":
        return first
    if unit == "week":
        return first + timedelta(days=6)
    if unit == "month":
        return month_of(first)[1]
    return first.replace(month=12, day=31)


def buckets(period: Period, rows: ReviewRows) -> tuple[Unit, tuple[Bucket, ...]]:
    """Every day (or week, month, year) of the period, empty ones included."""
    unit = bucket_unit(period.days)
    acc: dict[date, list[float]] = {}
    first = period.first_day
    cursor = _bucket_start(first, unit, first)
    while cursor <= period.last_day:
        acc[cursor] = [0, 0, 0.0, 0]
        cursor = _bucket_end(cursor, unit) + timedelta(days=1)
    for r in rows.days:
        day = date.fromisoformat(r.day)
        key = _bucket_start(day, unit, first)
        cell = acc.setdefault(key, [0, 0, 0.0, 0])
        cell[0] += r.entries
        cell[1] += 1
        cell[2] += r.pleasant_sum
        cell[3] += r.pleasant_n
    out = []
    for start in sorted(acc):
        entries, journaled, total, n = acc[start]
        out.append(
            Bucket(
                first=max(start, first),
                last=min(_bucket_end(start, unit), period.last_day),
                entries=int(entries),
                days_journaled=int(journaled),
                pleasantness=(total / n) if n else None,
            )
        )
    return unit, tuple(out)


def change_text(count: int, previous: int | None) -> str:
    """'up from 2', 'down from 4', 'same as before', 'new': against the period before."""
    if previous is None:
        return ""
    if previous == 0:
        return "new"
    if count == previous:
        return "same as before"
    return f"{'up' if count > previous else 'down'} from {previous}"


def _valence_counts(ccrt: CCRT, clusters: list[ClusterRow] | None) -> tuple[int, int, int, int]:
    pos = {"other": 0, "self": 0}
    neg = {"other": 0, "self": 0}
    for c in clusters or []:
        if c.component not in pos or not c.code:
            continue
        info = ccrt.cluster(c.code)
        if info is None or info.component != c.component:
            continue
        if info.valence == "positive":
            pos[c.component] += c.count
        elif info.valence == "negative":
            neg[c.component] += c.count
    return pos["other"], neg["other"], pos["self"], neg["self"]


def _valence(ccrt: CCRT, rows: ReviewRows) -> Valence:
    op, on, sp, sn = _valence_counts(ccrt, rows.clusters)
    share = _share(op + sp, on + sn)
    previous_share: float | None = None
    if rows.previous_clusters is not None:
        pop, pon, psp, psn = _valence_counts(ccrt, rows.previous_clusters)
        previous_share = _share(pop + psp, pon + psn)
    direction = sentence = None
    enough = rows.episodes >= MIN_EPISODES and (rows.previous_episodes or 0) >= MIN_EPISODES
    if enough and share is not None and previous_share is not None:
        diff = share - previous_share
        if diff >= VALENCE_STEP:
            direction = "more_positive"
        elif diff <= -VALENCE_STEP:
            direction = "more_negative"
        else:
            direction = "same"
        sentence = ccrt.review.get(f"valence_{direction}")
    return Valence(op, on, sp, sn, previous_share, direction, sentence)


def pattern_question(ccrt: CCRT, wish: str, other: str, self_code: str) -> str | None:
    w, ro, rs = ccrt.cluster(wish), ccrt.cluster(other), ccrt.cluster(self_code)
    template = ccrt.review.get("pattern_question")
    if not (w and ro and rs and template):
        return None
    return template.format(
        wish=f"wanting {w.wanting or w.plain}", other=ro.met_with or ro.plain, self=rs.plain
    )


def _patterns(ccrt: CCRT, rows: ReviewRows) -> Patterns:
    scored: dict[str, int] = {}
    stats: dict[str, tuple[ClusterStat, ...]] = {}
    for comp in COMPONENTS:
        scored[comp], stats[comp] = cluster_stats(
            ccrt, comp, rows.clusters, rows.quotes, rows.expected
        )
    too_few = rows.episodes < MIN_EPISODES
    pattern = question = None
    # A pattern needs each part to recur: its most pervasive cluster in two episodes or more.
    # Ties go to the cluster met most recently (see _cluster_stats).
    if not too_few and all(stats[c] and stats[c][0].count >= 2 for c in COMPONENTS):
        w, ro, rs = (stats[c][0].code for c in COMPONENTS)
        pattern = (w, ro, rs)
        question = pattern_question(ccrt, w, ro, rs)
    return Patterns(
        episodes=rows.episodes,
        scored=scored,
        wish=stats["wish"],
        other=stats["other"],
        self=stats["self"],
        too_few=too_few,
        note=ccrt.review.get("too_few") if too_few and rows.episodes else None,
        pattern=pattern,
        question=question,
        as_they_are=tuple(rows.episode_list) if too_few else (),
        valence=_valence(ccrt, rows),
    )


def summarize(period: Period, rows: ReviewRows, ccrt: CCRT) -> Summary:
    """The whole review from the aggregated rows."""
    previous = (
        {f.word: f.count for f in rows.previous_feelings}
        if rows.previous_feelings is not None
        else None
    )
    feelings = tuple(
        FeelingStat(
            f.word,
            f.family,
            f.count,
            round(f.mean_intensity, 1) if f.mean_intensity is not None else None,
            None if previous is None else previous.get(f.word, 0),
        )
        for f in rows.feelings
    )
    fam_now: dict[str, int] = {}
    for f in rows.feelings:
        fam_now[f.family or "other"] = fam_now.get(f.family or "other", 0) + f.count
    fam_prev: dict[str, int] = {}
    for f in rows.previous_feelings or []:
        fam_prev[f.family or "other"] = fam_prev.get(f.family or "other", 0) + f.count
    families = tuple(
        FamilyStat(
            fam,
            fam_now.get(fam, 0),
            None if rows.previous_feelings is None else fam_prev.get(fam, 0),
        )
        for fam in (*FAMILIES, "other")
        if fam_now.get(fam) or fam_prev.get(fam)
    )
    by_person: dict[int, list[tuple[str, int]]] = {}
    for person_id, word, n in rows.person_feelings:
        by_person.setdefault(person_id, []).append((word, n))
    people = tuple(
        PersonStat(
            p.name,
            p.era,
            p.role,
            p.mentions,
            tuple(sorted(by_person.get(p.id, []), key=lambda x: (-x[1], x[0]))),
        )
        for p in rows.people
    )
    packs: dict[str, int] = {}
    prompt_ids = set()
    for pack, prompt, n in rows.prompts:
        if pack:
            packs[pack] = packs.get(pack, 0) + n
        if prompt:
            prompt_ids.add(prompt)
    unit, strip = buckets(period, rows)
    return Summary(
        period=period,
        entries=rows.entries,
        days_journaled=rows.days_journaled,
        previous_entries=rows.previous_entries,
        unit=unit,
        buckets=strip,
        prompts_used=len(prompt_ids),
        packs=tuple(sorted(packs.items(), key=lambda x: (-x[1], x[0]))),
        feelings=feelings,
        families=families,
        untagged=tuple(Untagged(u.word, u.family, u.times, u.entries) for u in rows.untagged),
        people=people,
        patterns=_patterns(ccrt, rows),
        echoes=echoes(ccrt, rows.echoes_here, rows.echoes_any, details=rows.echo_details),
        bring_to_session=tuple(
            Starred(s.entry_id, s.day, s.title, s.excerpt) for s in rows.starred
        ),
        bring_total=rows.starred_total,
        wording=dict(ccrt.review),
    )


SAME_LENGTH: Literal["same-length"] = "same-length"


def build_review(
    store: Store,
    filter: EntryFilter,
    start: datetime,
    end: datetime,
    *,
    vocab: Vocabulary,
    ccrt: CCRT,
    shared_only: bool = False,
    previous: tuple[datetime, datetime] | None | Literal["same-length"] = SAME_LENGTH,
    kind: str = "range",
    use_share_names: bool = False,
) -> Summary:
    """The review of the entries matching `filter` between `start` and `end` (inclusive).

    `filter`'s own start/end/limit are replaced by the period. `shared_only`
    leaves private entries out of every count (as an export must).
    """
    from relational_journal.storage.review_queries import review_rows

    if shared_only:
        filter = replace(filter, privacy="exclude")
    before = same_length_before(start, end) if previous == SAME_LENGTH else previous
    assert before is None or isinstance(before, tuple)
    period = Period(start, end, kind, before)
    rows = review_rows(
        store,
        filter,
        start,
        end,
        previous=before,
        pleasantness={w.word: w.pleasantness for w in vocab.words.values()},
        families={w.word: w.family for w in vocab.words.values()},
        use_share_names=use_share_names,
    )
    shown = ranked_pairs(ccrt, rows.echoes_here, rows.echoes_any)
    if shown:
        # The client's words and responses are read only for the echoes shown.
        from relational_journal.storage.review_echoes import echo_details

        sides = [side for pair in shown for side in pair]
        rows = replace(rows, echo_details=echo_details(store, end, filter.privacy, sides))
    return summarize(period, rows, ccrt)


def review_period(
    store: Store,
    filter: EntryFilter,
    period: Period,
    *,
    vocab: Vocabulary,
    ccrt: CCRT,
    shared_only: bool = False,
) -> Summary:
    """build_review for a resolved Period (keeps its kind and its comparison)."""
    return build_review(
        store,
        filter,
        period.start,
        period.end,
        vocab=vocab,
        ccrt=ccrt,
        shared_only=shared_only,
        previous=period.previous,
        kind=period.kind,
    )
