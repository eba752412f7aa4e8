"""The review's numbers on small journals whose answers are worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from helpers import make_entry
from relational_journal.content.ccrt import load_ccrt
from relational_journal.content.feelings import load_vocabulary
from relational_journal.core.periods import resolve_period
from relational_journal.core.review import Summary, build_review, change_text, review_period
from relational_journal.core.review_json import summary_to_json
from relational_journal.errors import DateError
from relational_journal.models import Episode, FeelingFelt, PersonRef
from relational_journal.render.review import review_markdown
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

NEW_YORK = ZoneInfo("America/New_York")
VOCAB = load_vocabulary()
CCRT = load_ccrt()
# The week under review: Monday 16 to Sunday 22 November 2026, in UTC.
MONDAY = datetime(2026, 11, 16, tzinfo=UTC)
WEEK_END = datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC)


def at(day: int, hour: int = 20, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def felt(*words: str, intensity: int = 5) -> tuple[FeelingFelt, ...]:
    return tuple(FeelingFelt(w, VOCAB.words[w].family, intensity) for w in words)


def episode(person: str, era: str, w: str, ro: str | None, rs: str | None) -> Episode:
    return Episode(person, era, wish_cluster=w, other_cluster=ro, self_cluster=rs)


def week(store: Store, f: EntryFilter | None = None, **kw: Any) -> Summary:
    return build_review(store, f or EntryFilter(), MONDAY, WEEK_END, vocab=VOCAB, ccrt=CCRT, **kw)


def add(store: Store, when: datetime, ep: Episode | None = None, **kw: object) -> int:
    people = kw.pop("people", None)
    if people is None and ep is not None:
        people = (PersonRef(ep.person or "", era=ep.era),)
    return store.add_entry(make_entry(about=when, episode=ep, people=people or (), **kw))  # type: ignore[arg-type]


def test_counts_entries_days_and_feelings_with_mean_intensity(store: Store) -> None:
    add(store, at(16, 9), feelings=felt("anxious", intensity=4))
    add(store, at(16, 21), feelings=felt("anxious", "hurt", intensity=8))
    add(store, at(18), feelings=felt("calm", intensity=3))
    add(store, at(23))  # the next week: not counted
    s = week(store)
    assert (s.entries, s.days_journaled) == (3, 2)
    anxious = next(f for f in s.feelings if f.word == "anxious")
    assert (anxious.count, anxious.family, anxious.mean_intensity) == (2, "scared", 6.0)
    assert [b.entries for b in s.buckets] == [2, 0, 1, 0, 0, 0, 0]
    # Monday's tone: mean pleasantness of anxious, anxious, hurt.
    expected = (2 * VOCAB.words["anxious"].pleasantness + VOCAB.words["hurt"].pleasantness) / 3
    assert s.buckets[0].pleasantness == pytest.approx(expected)
    assert s.buckets[1].pleasantness is None


def test_compares_each_feeling_with_the_week_before(store: Store) -> None:
    for day in (16, 17, 18, 19, 20):
        add(store, at(day), feelings=felt("anxious"))
    for day in (10, 12):
        add(store, at(day), feelings=felt("anxious", "hurt"))
    add(store, at(18), feelings=felt("calm"))
    s = week(store)
    counts = {f.word: (f.count, f.previous_count) for f in s.feelings}
    assert counts == {"anxious": (5, 2), "calm": (1, 0)}
    assert change_text(5, 2) == "up from 2"
    assert change_text(1, 0) == "new"
    assert change_text(2, 2) == "same as before"
    assert change_text(1, 3) == "down from 3"
    assert s.previous_entries == 2
    scared = next(f for f in s.families if f.family == "scared")
    assert (scared.count, scared.previous_count) == (5, 2)


def test_pervasiveness_is_episodes_with_the_cluster_over_episodes_scored(store: Store) -> None:
    add(store, at(16), episode("Sam", "present", "W6", "RO5", "RS6"))
    add(store, at(17), episode("Sam", "present", "W6", "RO5", "RS6"))
    add(store, at(18), episode("Priya", "present", "W6", "RO8", "RS3"))
    add(store, at(19), episode("Ana", "present", "W1", None, "RS7"))  # RO not scored
    p = week(store).patterns
    assert p.episodes == 4
    assert p.scored == {"wish": 4, "other": 3, "self": 4}
    assert [(c.code, c.count, c.pervasiveness) for c in p.wish] == [
        ("W6", 3, 0.75),
        ("W1", 1, 0.25),
    ]
    assert [(c.code, c.count) for c in p.other] == [("RO5", 2), ("RO8", 1)]
    assert p.other[0].pervasiveness == pytest.approx(2 / 3)
    assert p.self[0].code == "RS6" and p.self[0].pervasiveness == 0.5
    assert not p.too_few
    assert p.pattern == ("W6", "RO5", "RS6")
    w, ro, rs = CCRT.cluster("W6"), CCRT.cluster("RO5"), CCRT.cluster("RS6")
    assert w and ro and rs
    assert p.question == CCRT.review["pattern_question"].format(
        wish=f"wanting {w.wanting}", other=ro.met_with, self=rs.plain
    )
    # RO: RO5 x2 negative, RO8 positive; RS: RS6 x2 and RS7 negative, RS3 positive.
    v = p.valence
    assert (v.other_positive, v.other_negative, v.self_positive, v.self_negative) == (1, 2, 1, 3)
    assert v.share == pytest.approx(2 / 7)


def test_no_pattern_is_named_when_nothing_recurs(store: Store) -> None:
    add(store, at(16), episode("Sam", "present", "W6", "RO5", "RS6"))
    add(store, at(17), episode("Sam", "present", "W1", "RO2", "RS7"))
    add(store, at(18), episode("Sam", "present", "W4", "RO8", "RS3"))
    p = week(store).patterns
    assert not p.too_few
    assert p.pattern is None and p.question is None


def test_fewer_than_three_episodes_are_shown_as_they_are(store: Store) -> None:
    add(store, at(16), Episode("Mom", "past", wish="to be heard", wish_cluster="W6"))
    add(store, at(17), episode("Sam", "present", "W6", "RO5", "RS6"))
    add(store, at(18))
    p = week(store).patterns
    assert p.too_few and p.episodes == 2
    assert p.note == CCRT.review["too_few"]
    assert p.question is None
    assert [(e.person, e.era, e.wish) for e in p.as_they_are] == [
        ("Mom", "past", "to be heard"),
        ("Sam", "present", None),
    ]
    assert "too few to see a pattern" in review_markdown(week(store))


def test_echo_pairs_a_past_and_a_present_relationship_with_the_same_wish_and_response(
    store: Store,
) -> None:
    mom = add(store, at(2), episode("Mom", "past", "W6", "RO5", "RS7"))  # weeks before
    sam = add(store, at(17), episode("Sam", "present", "W6", "RO5", "RS6"))
    add(store, at(18), episode("Priya", "present", "W6", "RO5", "RS6"))  # present + present
    add(store, at(19), episode("Jo", "past", "W6", "RO8", "RS3"))  # different RO
    echoes = week(store).echoes
    assert [(e.first.name, e.second.name) for e in echoes] == [("Mom", "Priya"), ("Mom", "Sam")]
    echo = echoes[1]
    assert (echo.wish, echo.other) == ("W6", "RO5")
    assert echo.first.entry_ids == (mom,) and echo.second.entry_ids == (sam,)
    # One episode each answered RS7 (Mom) and RS6 (Sam): the tie goes to the later one.
    assert echo.response == "RS6"
    assert echo.text == (
        "With Mom (in the past) and with Sam (now): you wanted to be loved and understood "
        "for who you are; they pushed you away, turned you down or went against you; "
        "you felt helpless, stuck or out of your depth."
    )


def test_echo_with_the_therapist_and_none_outside_the_period(store: Store) -> None:
    add(store, at(3), episode("Mom", "past", "W4", "RO2", "RS2"))
    add(store, at(4), episode("Sam", "present", "W4", "RO2", "RS2"))  # both before: no echo
    add(
        store,
        at(19),
        episode("Dr Lee", "present", "W6", "RO5", "RS8"),
        people=(PersonRef("Dr Lee", role="therapist", era="present"),),
    )
    add(store, at(20), episode("Sam", "present", "W6", "RO5", "RS8"))
    echoes = week(store).echoes
    assert [(e.first.name, e.first.era, e.second.name, e.second.era) for e in echoes] == [
        ("Sam", "present", "Dr Lee", "therapy")
    ]


def test_private_entries_count_unless_shared_only(store: Store) -> None:
    add(store, at(16), feelings=felt("hurt"))
    add(store, at(17), feelings=felt("hurt", "anxious"), private=True, starred=True)
    add(store, at(18), episode("Sam", "present", "W6", "RO5", "RS6"), private=True)
    mine = week(store)
    assert mine.entries == 3 and mine.patterns.episodes == 1
    assert [s.entry_id for s in mine.bring_to_session] == [2]
    shared = week(store, shared_only=True)
    assert shared.entries == 1 and shared.patterns.episodes == 0
    assert {f.word: f.count for f in shared.feelings} == {"hurt": 1}
    assert shared.bring_to_session == () and shared.people == ()
    exported = week(store, EntryFilter(privacy="exclude"))
    assert summary_to_json(exported) == summary_to_json(shared)


def test_every_list_filter_narrows_the_review(store: Store) -> None:
    sam, mom = PersonRef("Sam", era="present"), PersonRef("Mom", era="past")
    add(store, at(16), people=(sam,), feelings=felt("hurt"), pack_id="present", tags=("work",))
    add(store, at(17), people=(mom,), feelings=felt("anxious"), pack_id="past")
    add(store, at(18), people=(sam, mom), feelings=felt("anxious", "hurt"))
    assert week(store, EntryFilter(people=("Sam",))).entries == 2
    assert week(store, EntryFilter(packs=("past",))).entries == 1
    assert week(store, EntryFilter(tags=("work",))).entries == 1
    assert week(store, EntryFilter(feelings=("anxious",))).entries == 2
    s = week(store)
    assert {(p.name, p.era, p.mentions) for p in s.people} == {
        ("Sam", "present", 2),
        ("Mom", "past", 2),
    }
    by_name = {p.name: dict(p.feelings) for p in s.people}
    assert by_name == {"Sam": {"hurt": 2, "anxious": 1}, "Mom": {"anxious": 2, "hurt": 1}}


def test_untagged_feeling_words_written_in_the_text_are_suggested(store: Store) -> None:
    add(store, at(16), body="I felt dismissed. Dismissed again, and I'm so lonely.")
    add(store, at(17), body="I felt dismissed.", feelings=felt("dismissed"))  # tagged: not counted
    add(store, at(18), body="Sat down; feeling lonely this evening.", feelings=felt("calm"))
    add(store, at(2), body="Dismissed dismissed dismissed.")  # another week
    s = week(store)
    found = {u.word: (u.times, u.entries, u.family) for u in s.untagged}
    assert found == {"dismissed": (1, 1, "mad"), "lonely": (2, 2, "sad")}  # "down" is not offered


def test_empty_week_says_so_kindly(store: Store) -> None:
    add(store, at(2))
    s = week(store)
    assert s.empty and s.entries == 0 and s.feelings == ()
    assert s.patterns.episodes == 0 and s.patterns.note is None
    assert "No entries in this period yet." in review_markdown(s)
    assert summary_to_json(s)["period"] == {"from": "2026-11-16", "to": "2026-11-22"}


def test_week_boundaries_follow_the_local_calendar_day_around_midnight(store: Store) -> None:
    now = datetime(2026, 11, 19, 12, tzinfo=NEW_YORK)
    period = resolve_period(now, NEW_YORK)
    assert (period.first_day, period.last_day) == (date(2026, 11, 16), date(2026, 11, 22))
    add(store, datetime(2026, 11, 15, 23, 59, tzinfo=NEW_YORK))  # Sunday before: last week
    add(store, datetime(2026, 11, 16, 0, 0, tzinfo=NEW_YORK))  # Monday 00:00: this week
    add(store, datetime(2026, 11, 22, 23, 59, tzinfo=NEW_YORK))  # Sunday 23:59: this week
    add(store, datetime(2026, 11, 23, 0, 0, tzinfo=NEW_YORK))  # next Monday: next week
    s = review_period(store, EntryFilter(), period, vocab=VOCAB, ccrt=CCRT)
    assert s.entries == 2 and s.previous_entries == 1
    assert [b.entries for b in s.buckets] == [1, 0, 0, 0, 0, 0, 1]


def test_a_week_across_the_daylight_saving_change_keeps_whole_local_days(store: Store) -> None:
    # US clocks go back on Sunday 1 November 2026: that week is 7 days and one hour long.
    now = datetime(2026, 10, 28, 12, tzinfo=NEW_YORK)
    period = resolve_period(now, NEW_YORK)
    assert (period.first_day, period.last_day) == (date(2026, 10, 26), date(2026, 11, 1))
    assert period.end.timestamp() - period.start.timestamp() > timedelta(days=7).total_seconds()
    add(store, datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=1))  # the repeated hour
    add(store, datetime(2026, 11, 1, 23, 30, tzinfo=NEW_YORK))  # Sunday night, after the change
    add(store, datetime(2026, 11, 2, 0, 30, tzinfo=NEW_YORK))  # Monday: the next week
    add(store, datetime(2026, 10, 25, 23, 30, tzinfo=NEW_YORK))  # the Sunday before
    s = review_period(store, EntryFilter(), period, vocab=VOCAB, ccrt=CCRT)
    assert s.entries == 2 and s.days_journaled == 1
    assert s.buckets[-1].entries == 2
    assert s.previous_entries == 1


def test_named_periods() -> None:
    now = datetime(2026, 11, 19, 12, tzinfo=UTC)
    last = resolve_period(now, UTC, week="last")
    assert (last.first_day, last.last_day) == (date(2026, 11, 9), date(2026, 11, 15))
    iso = resolve_period(now, UTC, week="2026-W47")
    assert (iso.first_day, iso.last_day) == (date(2026, 11, 16), date(2026, 11, 22))
    sunday = resolve_period(now, UTC, week_start=6)
    assert (sunday.first_day, sunday.last_day) == (date(2026, 11, 15), date(2026, 11, 21))
    month = resolve_period(now, UTC, month="this")
    assert (month.first_day, month.last_day) == (date(2026, 11, 1), date(2026, 11, 30))
    assert month.previous is not None and month.previous[0].date() == date(2026, 10, 1)
    span = resolve_period(now, UTC, from_text="2026-11-01", to_text="2026-11-10")
    assert span.days == 10 and span.previous is not None
    assert span.previous[0].date() == date(2026, 10, 22)
    session = resolve_period(now, UTC, since=datetime(2026, 11, 12, 17, tzinfo=UTC))
    assert (session.first_day, session.last_day) == (date(2026, 11, 12), date(2026, 11, 19))
    everything = resolve_period(now, UTC, everything=True, first_day=date(2024, 1, 5))
    assert everything.first_day == date(2024, 1, 5) and everything.previous is None
    with pytest.raises(DateError):
        resolve_period(now, UTC, week="last", month="last")
    with pytest.raises(DateError):
        resolve_period(now, UTC, month="Novembre")


def test_json_has_exactly_the_stable_keys(store: Store) -> None:
    add(store, at(2), episode("Mom", "past", "W6", "RO5", "RS7"))
    add(store, at(17), episode("Sam", "present", "W6", "RO5", "RS6"), feelings=felt("hurt"))
    add(store, at(18), starred=True)
    data = summary_to_json(week(store))
    assert list(data) == [
        "period",
        "entries",
        "days_journaled",
        "feelings",
        "people",
        "patterns",
        "echoes",
        "bring_to_session",
    ]
    assert list(data["feelings"][0]) == [
        "word",
        "family",
        "count",
        "mean_intensity",
        "previous_count",
    ]
    assert list(data["people"][0]) == ["name", "era", "mentions", "feelings"]
    assert list(data["patterns"]) == ["episodes", "wish", "other", "self"]
    assert data["patterns"]["wish"] == [
        {"code": "W6", "label": "To be loved and understood", "count": 1, "pervasiveness": 1.0}
    ]
    assert data["echoes"][0]["people"][0]["name"] == "Mom"
    assert data["bring_to_session"][0]["id"] == 3
