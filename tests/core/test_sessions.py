"""Therapy sessions: recorded ones, weekly schedules across daylight-saving changes, last/next."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from relational_journal.core.dates import parse_span
from relational_journal.core.sessions import (
    add_session,
    end_schedule,
    find_session,
    first_start,
    move_session,
    parse_schedule,
    schedules,
    session_lookup,
    sessions_between,
    set_schedule,
    skip_session,
)
from relational_journal.errors import DateError
from relational_journal.storage.store import Store

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def tuesdays_at_five(store: Store, tz: ZoneInfo, first: date) -> None:
    spec = parse_schedule("every tuesday at 17:00")
    set_schedule(store, spec, datetime.combine(first, spec.at), tz, tz.key)


def test_schedule_phrases() -> None:
    spec = parse_schedule("every other Monday at 9am")
    assert (spec.weekdays, spec.at, spec.interval) == ((0,), time(9, 0), 2)
    assert parse_schedule("thursdays 18:30").describe() == "every Thursday at 18:30"
    spec = parse_schedule("every 3 weeks on mon and thu at 5pm")
    assert spec.rule() == "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH"
    for bad in ("every blursday at 5pm", "tuesday", "every tuesday at 25:00", "every day"):
        with pytest.raises(DateError):
            parse_schedule(bad)


def test_weekly_session_stays_at_five_across_the_us_dst_change(store: Store) -> None:
    # US clocks went back on Sunday 1 November 2026.
    tuesdays_at_five(store, NY, date(2026, 10, 20))
    found = sessions_between(
        store, datetime(2026, 10, 19, tzinfo=NY), datetime(2026, 11, 12, tzinfo=NY)
    )
    assert [s.at.date() for s in found] == [
        date(2026, 10, 20), date(2026, 10, 27), date(2026, 11, 3), date(2026, 11, 10)
    ]  # fmt: skip
    assert all(s.at.hour == 17 and s.at.minute == 0 for s in found)
    assert found[1].at.utcoffset() == timedelta(hours=-4)
    assert found[2].at.utcoffset() == timedelta(hours=-5)
    assert found[2].at.timestamp() - found[1].at.timestamp() == (7 * 24 + 1) * 3600


def test_last_and_next_session_across_the_uk_dst_change(store: Store) -> None:
    # UK clocks went forward on Sunday 29 March 2026.
    tuesdays_at_five(store, LONDON, date(2026, 3, 3))
    now = datetime(2026, 3, 30, 12, 0, tzinfo=LONDON)  # Monday after the change
    last = find_session(store, "last", now)
    upcoming = find_session(store, "next", now)
    assert last == datetime(2026, 3, 24, 17, 0, tzinfo=LONDON)
    assert upcoming == datetime(2026, 3, 31, 17, 0, tzinfo=LONDON)
    assert upcoming is not None and upcoming.utcoffset() == timedelta(hours=1)


def test_session_at_the_exact_time_is_the_last_one(store: Store) -> None:
    tuesdays_at_five(store, LONDON, date(2026, 3, 3))
    at_five = datetime(2026, 3, 10, 17, 0, tzinfo=LONDON)
    assert find_session(store, "last", at_five) == at_five


def test_a_recorded_session_counts_and_wins_its_day(store: Store) -> None:
    tuesdays_at_five(store, NY, date(2026, 10, 6))
    add_session(store, datetime(2026, 11, 12, 10, 0, tzinfo=NY), "extra session")
    add_session(store, datetime(2026, 11, 10, 17, 15, tzinfo=NY), "ran late")
    now = datetime(2026, 11, 13, 9, 0, tzinfo=NY)
    assert find_session(store, "last", now) == datetime(2026, 11, 12, 10, 0, tzinfo=NY)
    week = sessions_between(
        store, datetime(2026, 11, 9, tzinfo=NY), datetime(2026, 11, 13, tzinfo=NY)
    )
    assert [(s.at.hour, s.recorded, s.notes) for s in week] == [
        (17, True, "ran late"),
        (10, True, "extra session"),
    ]


def test_no_sessions_means_no_last_session(store: Store) -> None:
    now = datetime(2026, 11, 13, 9, 0, tzinfo=NY)
    assert find_session(store, "last", now) is None
    with pytest.raises(DateError, match="journal session"):
        parse_span("last session", now, NY, sessions=session_lookup(store))


def test_since_last_session_resolves_through_the_lookup(store: Store) -> None:
    tuesdays_at_five(store, NY, date(2026, 10, 6))
    now = datetime(2026, 11, 5, 9, 0, tzinfo=NY)
    span = parse_span("since last session", now, NY, sessions=session_lookup(store))
    assert span.start == datetime(2026, 11, 3, 17, 0, tzinfo=NY)


def test_every_other_week_skips_alternate_weeks(store: Store) -> None:
    spec = parse_schedule("every other tuesday at 17:00")
    set_schedule(store, spec, datetime(2026, 11, 3, 17, 0), NY, "America/New_York")
    found = sessions_between(
        store, datetime(2026, 11, 1, tzinfo=NY), datetime(2026, 12, 1, tzinfo=NY)
    )
    assert [s.at.day for s in found] == [3, 17]


def test_new_schedule_starts_at_its_most_recent_session_day() -> None:
    spec = parse_schedule("every monday and thursday at 9am")
    assert first_start(spec, date(2026, 11, 18)) == datetime(2026, 11, 16, 9, 0)
    assert first_start(spec, date(2026, 11, 19)) == datetime(2026, 11, 19, 9, 0)


def test_ending_a_schedule_keeps_past_sessions_and_drops_future_ones(store: Store) -> None:
    tuesdays_at_five(store, NY, date(2026, 10, 6))
    now = datetime(2026, 11, 5, 9, 0, tzinfo=NY)
    assert end_schedule(store, now) == 1
    assert find_session(store, "next", now) is None
    assert find_session(store, "last", now) == datetime(2026, 11, 3, 17, 0, tzinfo=NY)


def test_a_new_schedule_replaces_the_old(store: Store) -> None:
    tuesdays_at_five(store, NY, date(2026, 10, 6))
    spec = parse_schedule("every friday at 8am")
    set_schedule(store, spec, datetime(2026, 10, 9, 8, 0), NY, "America/New_York")
    assert [s.spec.describe() for s in schedules(store)] == ["every Friday at 08:00"]


def test_cli_schedule_add_and_list(journal: Any, store: Store) -> None:
    out = journal("session", "schedule", "every tuesday at 17:00").stdout
    assert "every Tuesday at 17:00" in out and "Next session" in out
    out = journal("session", "schedule", "--weekly", "thu", "--time", "6pm", "--every", "2").stdout
    assert "every other Thursday at 18:00" in out
    journal("session", "add", "yesterday 5pm", "--notes", "about Mom")
    out = journal("session", "list").stdout
    assert "Schedule: every other Thursday at 18:00" in out
    assert "about Mom" in out and "next" in out
    assert "Schedule ended" in journal("session", "schedule", "--clear").stdout
    result = journal("session", "schedule", "every blursday at 5", ok=False)
    assert result.exit_code == 1 and "every tuesday at 17:00" in result.stderr


def test_cli_list_since_session(journal: Any, store: Store) -> None:
    journal("session", "add", "yesterday 5pm")
    journal("write", "--text", "Before the session.", "--date", "2 days ago")
    journal("write", "--text", "After the session.")
    out = journal("list", "--since-session").stdout
    assert "After the session" in out and "Before" not in out


def test_a_skipped_session_is_not_the_last_session(store: Store) -> None:
    tuesdays_at_five(store, NY, date(2026, 10, 6))
    now = datetime(2026, 11, 12, 9, 0, tzinfo=NY)
    assert find_session(store, "last", now) == datetime(2026, 11, 10, 17, 0, tzinfo=NY)
    skip_session(store, date(2026, 11, 10), NY)
    assert find_session(store, "last", now) == datetime(2026, 11, 3, 17, 0, tzinfo=NY)
    week = sessions_between(
        store, datetime(2026, 11, 1, tzinfo=NY), datetime(2026, 11, 20, tzinfo=NY)
    )
    assert [s.at.day for s in week] == [3, 17]
    # Skipping the next one too: "next session" moves on a week.
    skip_session(store, date(2026, 11, 17), NY)
    assert find_session(store, "next", now) == datetime(2026, 11, 24, 17, 0, tzinfo=NY)


def test_skipping_a_day_without_a_session_is_an_error_and_changes_nothing(store: Store) -> None:
    tuesdays_at_five(store, NY, date(2026, 10, 6))
    with pytest.raises(DateError, match="no session on Wednesday 11 November 2026"):
        skip_session(store, date(2026, 11, 11), NY)
    now = datetime(2026, 11, 12, 9, 0, tzinfo=NY)
    assert find_session(store, "last", now) == datetime(2026, 11, 10, 17, 0, tzinfo=NY)


def test_a_moved_session_counts_on_its_new_day(store: Store) -> None:
    tuesdays_at_five(store, NY, date(2026, 10, 6))
    move_session(store, date(2026, 11, 10), datetime(2026, 11, 12, 17, 0, tzinfo=NY), NY)
    # Wednesday: the Tuesday session did not happen, so the last one was a week before.
    assert find_session(store, "last", datetime(2026, 11, 11, 9, 0, tzinfo=NY)) == datetime(
        2026, 11, 3, 17, 0, tzinfo=NY
    )
    assert find_session(store, "last", datetime(2026, 11, 13, 9, 0, tzinfo=NY)) == datetime(
        2026, 11, 12, 17, 0, tzinfo=NY
    )
    week = sessions_between(
        store, datetime(2026, 11, 9, tzinfo=NY), datetime(2026, 11, 15, tzinfo=NY)
    )
    assert [(s.at.day, s.recorded) for s in week] == [(12, True)]


def test_moving_a_recorded_session_keeps_one_session(store: Store) -> None:
    add_session(store, datetime(2026, 11, 10, 17, 0, tzinfo=NY), "about Mom")
    move_session(store, date(2026, 11, 10), datetime(2026, 11, 10, 19, 30, tzinfo=NY), NY)
    found = sessions_between(
        store, datetime(2026, 11, 1, tzinfo=NY), datetime(2026, 11, 30, tzinfo=NY)
    )
    assert [(s.at.hour, s.at.minute, s.notes) for s in found] == [(19, 30, "about Mom")]


def test_cli_skip_and_move_change_what_since_session_shares(journal: Any, store: Store) -> None:
    journal("session", "add", "3 days ago 17:00")
    journal("session", "add", "yesterday 17:00")
    journal("write", "--text", "Two days before today.", "--date", "2 days ago")
    journal("write", "--text", "Written today.")
    assert "Two days before" not in journal("list", "--since-session").stdout
    out = journal("session", "skip", "yesterday").stdout
    assert "Skipped the session" in out and "Last session" in out
    listed = journal("list", "--since-session").stdout
    assert "Two days before" in listed and "Written today" in listed
    out = journal("session", "move", "3 days ago", "today 00:00").stdout
    assert "Moved the session" in out
    listed = journal("list", "--since-session").stdout
    assert "Written today" in listed and "Two days before" not in listed
    bad = journal("session", "skip", "last week", ok=False)
    assert bad.exit_code == 1 and "is a period" in bad.stderr and "Traceback" not in bad.output
    bad = journal("session", "skip", "5 days ago", ok=False)
    assert bad.exit_code == 1 and "no session on" in bad.stderr
