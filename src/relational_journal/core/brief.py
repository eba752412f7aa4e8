"""The session brief: the first page of a shared document, written for the therapist.

Neutral third person ("the client", never "you"): the period, the entries
since the last session, starred entries and the most intense moments by
entry number, the people written about, a recurring pattern offered as a
question for the session (never a label), echoes between relationships,
change over time, and whether a safety plan exists. Each fact is said once:
the export leaves out the review's own brief, echoes and starred list.
Pure: the export command gathers the rows, this module words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from relational_journal.core.chart import ChartDay, PersonTrend, describe
from relational_journal.core.document import (
    Block,
    Bullets,
    Chart,
    Heading,
    Item,
    Paragraph,
    Span,
    Table,
)
from relational_journal.core.review_words import echo_quote

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT
    from relational_journal.core.review import Summary
    from relational_journal.core.review_echoes import Echo, EchoSide

BRIEF_TITLE = "Session brief"
MOMENTS_SHOWN = 5
STARRED_SHOWN = 8
ECHOES_SHOWN = 3


@dataclass(frozen=True)
class Moment:
    entry_id: int
    day: date
    word: str
    intensity: int


@dataclass(frozen=True)
class StarredNote:
    entry_id: int
    day: date
    title: str | None


@dataclass(frozen=True)
class EchoNote:
    text: str
    entry_ids: tuple[int, ...]
    # the two relationships, with the client's latest words on each side (shortened only
    # when drawn, after any pseudonyms are in place, so a cut never leaves half a name)
    sides: tuple[EchoSide, ...] = ()


@dataclass(frozen=True)
class PersonLine:
    name: str
    era: str | None
    entries: int
    feelings: tuple[str, ...]  # "anxious ×3", most frequent first, ties to the more recent


@dataclass(frozen=True)
class Brief:
    """Everything the brief says, as plain values (names are replaced by pseudonyms here too)."""

    first_day: date
    last_day: date
    entries: int
    last_session: date | None
    since_session: int | None  # entries after the last session; None without a session
    sessions: tuple[date, ...]  # sessions within the period, for the chart
    starred: tuple[StarredNote, ...]
    starred_total: int
    moments: tuple[Moment, ...]
    people: tuple[PersonLine, ...]
    episodes: int
    pattern: str | None  # a question for the session
    echoes: tuple[EchoNote, ...]
    days: tuple[ChartDay, ...]
    trends: tuple[PersonTrend, ...]
    safety_plan_written: bool
    safety_plan_included: bool


def pattern_for_session(summary: Summary, ccrt: CCRT) -> str | None:
    """The most pervasive wish, response of other and response of self, as a question."""
    p = summary.patterns
    if p.pattern is None:
        return None
    w, ro, rs = (ccrt.cluster(code) for code in p.pattern)
    if w is None or ro is None or rs is None:
        return None
    return (
        f"In {p.episodes} relationship episodes, wanting {w.wanting or w.plain} "
        f"({w.code}) was most often met with {ro.met_with or ro.plain} ({ro.code}), "
        f"followed by a response of self coded {rs.code} ({rs.label.lower()}). "
        "Does this sequence show up in other relationships, or in the room?"
    )


def _echo_line(e: Echo, ccrt: CCRT) -> str:
    """The neutral echo line, with the client's most common response when there is one."""
    rs = ccrt.cluster(e.response) if e.response else None
    if rs is None:
        return e.note
    return (
        f"{e.note.rstrip('.')}, followed by a response of self coded {rs.code} "
        f"({rs.label.lower()})."
    )


def make_brief(
    summary: Summary,
    ccrt: CCRT,
    *,
    last_session: date | None,
    since_session: int | None,
    sessions: Sequence[date],
    moments: Sequence[tuple[int, str, str, int]],
    people: Sequence[tuple[str, str | None, int, tuple[str, ...]]],
    days: Sequence[ChartDay],
    trends: Sequence[PersonTrend],
    safety_plan_written: bool,
    safety_plan_included: bool,
) -> Brief:
    """The brief from the shared entries' review and the rows of storage/brief_rows.py."""
    echoes = tuple(
        EchoNote(
            _echo_line(e, ccrt),
            tuple(sorted({*e.first.entry_ids, *e.second.entry_ids})),
            (e.first, e.second),
        )
        for e in summary.echoes[:ECHOES_SHOWN]
    )
    return Brief(
        first_day=summary.period.first_day,
        last_day=summary.period.last_day,
        entries=summary.entries,
        last_session=last_session,
        since_session=since_session,
        sessions=tuple(sessions),
        starred=tuple(
            StarredNote(s.entry_id, date.fromisoformat(s.day), s.title)
            for s in summary.bring_to_session[:STARRED_SHOWN]
        ),
        starred_total=summary.bring_total,
        moments=tuple(
            Moment(entry_id, date.fromisoformat(day), word, intensity)
            for entry_id, day, word, intensity in moments[:MOMENTS_SHOWN]
        ),
        people=tuple(PersonLine(*p) for p in people),
        episodes=summary.patterns.episodes,
        pattern=pattern_for_session(summary, ccrt),
        echoes=echoes,
        days=tuple(days),
        trends=tuple(trends),
        safety_plan_written=safety_plan_written,
        safety_plan_included=safety_plan_included,
    )


def day_text(d: date, year: bool = False) -> str:
    return f"{d.day} {d:%b} {d.year}" if year else f"{d.day} {d:%b}"


def entry_ref(entry_id: int) -> str:
    return f"Entry {entry_id}"


def entry_refs(ids: Sequence[int]) -> str:
    if len(ids) == 1:
        return entry_ref(ids[0])
    return "Entries " + ", ".join(str(i) for i in ids)


def _plain(text: str, role: str = "text") -> Paragraph:
    return Paragraph((Span(text),), role)  # type: ignore[arg-type]


def _period_line(b: Brief) -> str:
    if b.first_day == b.last_day:
        span = day_text(b.first_day, True)
    else:
        same_year = b.first_day.year == b.last_day.year
        span = f"{day_text(b.first_day, not same_year)} to {day_text(b.last_day, True)}"
    count = "1 entry" if b.entries == 1 else f"{b.entries} entries"
    return f"Period: {span}; {count} shared."


def _session_line(b: Brief) -> str:
    if b.last_session is None:
        return "No therapy session is recorded or scheduled before these entries."
    return f"Entries since the last session ({day_text(b.last_session)}): {b.since_session or 0}"


def _safety_line(b: Brief) -> str:
    if b.safety_plan_included:
        return "Safety plan: the client has written one; it is on the last page."
    if b.safety_plan_written:
        return "Safety plan: the client has written one; it is not included in this document."
    return "Safety plan: none written in the journal."


def brief_blocks(b: Brief) -> list[Block]:
    """The brief as document blocks, in reading order."""
    lines = [_period_line(b), _session_line(b)]
    if b.starred:
        refs = "; ".join(
            f"{entry_ref(s.entry_id)} ({day_text(s.day)}" + (f", {s.title})" if s.title else ")")
            for s in b.starred
        )
        more = b.starred_total - len(b.starred)
        lines.append(
            f"Starred by the client for the session: {refs}" + (f"; {more} more" if more else "")
        )
    else:
        lines.append("No entry was starred for the session.")
    lines.append(_safety_line(b))
    out: list[Block] = [Heading(2, BRIEF_TITLE), Bullets(tuple(Item(x) for x in lines))]
    if b.moments:
        out += [
            Heading(3, "Most intense moments"),
            Table(
                ("feeling", "intensity", "entry", "day"),
                ("left", "right", "left", "left"),
                tuple(
                    (m.word, f"{m.intensity}/10", entry_ref(m.entry_id), day_text(m.day))
                    for m in b.moments
                ),
            ),
        ]
    if b.people:
        out += [
            Heading(3, "People written about"),
            Table(
                ("person", "entries", "feelings in those entries"),
                ("left", "right", "left"),
                tuple(
                    (
                        p.name + (f" ({p.era})" if p.era else ""),
                        str(p.entries),
                        ", ".join(p.feelings),
                    )
                    for p in b.people
                ),
            ),
        ]
    out.append(Heading(3, "Recurring pattern"))
    if b.pattern:
        out.append(_plain(b.pattern, "quote"))
    elif b.episodes < 3:
        out.append(
            _plain(
                f"{b.episodes} relationship episode{'' if b.episodes == 1 else 's'} in these "
                "entries: too few to see a recurring pattern."
            )
        )
    else:
        out.append(
            _plain(
                f"{b.episodes} relationship episodes; no wish, response and reaction recurs "
                "often enough to call it a pattern."
            )
        )
    if b.echoes:
        out += [
            Heading(3, "Echoes between relationships"),
            Bullets(
                tuple(
                    Item(
                        f"{e.text} ({entry_refs(e.entry_ids)})",
                        tuple(q for q in map(echo_quote, e.sides) if q),
                    )
                    for e in b.echoes
                )
            ),
        ]
    out.append(Heading(3, "Change over time"))
    out.append(Chart(b.days, b.sessions, describe(b.days, b.sessions)))
    if b.trends:
        out.append(Bullets(tuple(Item(t.sentence()) for t in b.trends)))
    return out
