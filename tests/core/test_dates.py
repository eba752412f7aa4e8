"""Natural-language dates: any text either reads as a span of time or gives one DateError."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relational_journal.core.dates import (
    Span,
    day_span,
    iso_week,
    month_of,
    parse_moment,
    parse_range,
    parse_span,
    week_of,
)
from relational_journal.errors import DateError

TZ = ZoneInfo("Europe/London")
# Wednesday 18 November 2026, 20:00 local time.
NOW = datetime(2026, 11, 18, 20, 0, tzinfo=TZ)


def span(text: str, **kw: object) -> Span:
    return parse_span(text, NOW, TZ, **kw)  # type: ignore[arg-type]


def days(text: str) -> tuple[date, date]:
    s = span(text)
    return s.start.date(), s.end.date()


WORDS = st.sampled_from(
    [
        "today", "yesterday", "tomorrow", "last", "next", "this", "week", "month", "year",
        "ago", "days", "weeks", "at", "monday", "tue", "june", "session", "since", "am", "pm",
        "noon", "midnight", "2026-11-03", "14:00", "9pm", "3", "99999", "-", ":", "T", "Z",
        "+05:00", "2026", "W47", "and", "of", "the", "a",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_any_text_reads_as_a_span_or_a_date_error(text: str) -> None:
    try:
        result = span(text)
    except DateError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.start <= result.end


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=4).map(" ".join))
def test_date_like_phrases_read_as_a_span_or_a_date_error(text: str) -> None:
    try:
        result = span(text)
    except DateError:
        return
    assert result.start <= result.end
    assert 1900 <= result.start.year <= 2200


def test_today_is_the_whole_local_day() -> None:
    s = span("today")
    assert s.start == datetime(2026, 11, 18, 0, 0, tzinfo=TZ)
    assert s.end.date() == date(2026, 11, 18) and s.end.time() == time.max


def test_yesterday_and_its_evening() -> None:
    assert days("yesterday") == (date(2026, 11, 17), date(2026, 11, 17))
    assert span("yesterday 9pm").start == datetime(2026, 11, 17, 21, 0, tzinfo=TZ)
    assert span("yesterday at 21:30").start == datetime(2026, 11, 17, 21, 30, tzinfo=TZ)


def test_weekday_is_the_most_recent_one_today_included() -> None:
    assert days("monday") == (date(2026, 11, 16),) * 2
    assert days("wednesday") == (date(2026, 11, 18),) * 2  # today is a Wednesday
    assert days("wed") == (date(2026, 11, 18),) * 2
    assert days("thursday") == (date(2026, 11, 12),) * 2


def test_last_weekday_skips_today_and_next_weekday_looks_ahead() -> None:
    assert days("last wednesday") == (date(2026, 11, 11),) * 2
    assert days("last monday") == (date(2026, 11, 16),) * 2
    assert days("next wednesday") == (date(2026, 11, 25),) * 2
    assert days("next friday") == (date(2026, 11, 20),) * 2


def test_last_week_is_the_whole_previous_week() -> None:
    assert days("last week") == (date(2026, 11, 9), date(2026, 11, 15))
    assert days("this week") == (date(2026, 11, 16), date(2026, 11, 22))


def test_week_can_start_on_sunday() -> None:
    assert span("last week", week_start=6).start.date() == date(2026, 11, 8)


def test_days_and_weeks_ago() -> None:
    assert days("3 days ago") == (date(2026, 11, 15),) * 2
    assert days("2 weeks ago") == (date(2026, 11, 4),) * 2
    assert days("a month ago") == (date(2026, 10, 18),) * 2


def test_far_back_is_an_error_not_a_crash() -> None:
    for text in ("99999 months ago", "100000 years ago", "99999999999 days ago"):
        with pytest.raises(DateError):
            span(text)


def test_iso_dates_and_times() -> None:
    assert days("2026-11-03") == (date(2026, 11, 3),) * 2
    assert span("2026-11-03 14:00").start == datetime(2026, 11, 3, 14, 0, tzinfo=TZ)
    assert span("2026-11-03T14:00:00+00:00").start == datetime(2026, 11, 3, 14, 0, tzinfo=TZ)


def test_month_names_and_years_are_whole_periods() -> None:
    assert days("june") == (date(2026, 6, 1), date(2026, 6, 30))
    assert days("december") == (date(2025, 12, 1), date(2025, 12, 31))
    assert days("june 2025") == (date(2025, 6, 1), date(2025, 6, 30))
    assert days("2025") == (date(2025, 1, 1), date(2025, 12, 31))
    assert days("may 3") == (date(2026, 5, 3),) * 2


def test_bare_small_numbers_and_hourless_times_are_refused() -> None:
    for text in ("7", "32", "tuesday at 5"):
        with pytest.raises(DateError):
            span(text)


def test_error_quotes_the_text_and_shows_examples() -> None:
    with pytest.raises(DateError) as caught:
        span("the day after never")
    message = str(caught.value)
    assert "'the day after never'" in message and "yesterday 9pm" in message


def test_from_after_to_is_an_error() -> None:
    with pytest.raises(DateError, match="after"):
        parse_range("today", "last week", None, NOW, TZ)


def test_range_is_inclusive_of_both_days() -> None:
    start, end = parse_range("monday", "tuesday", None, NOW, TZ)
    assert start == datetime(2026, 11, 16, tzinfo=TZ)
    assert end is not None and end.date() == date(2026, 11, 17) and end.time() == time.max


def test_on_cannot_be_combined_with_from() -> None:
    with pytest.raises(DateError):
        parse_range("monday", None, "today", NOW, TZ)


def test_last_session_comes_from_the_lookup() -> None:
    session = datetime(2026, 11, 17, 17, 0, tzinfo=TZ)
    found = span("last session", sessions=lambda which, now: session)
    assert found.start == session
    with pytest.raises(DateError, match="journal session"):
        span("last session", sessions=lambda which, now: None)


def test_moment_keeps_the_clock_time_for_a_day() -> None:
    assert parse_moment("yesterday", NOW, TZ) == NOW - timedelta(days=1)
    with pytest.raises(DateError, match="period"):
        parse_moment("last week", NOW, TZ)


def test_wall_clock_survives_a_daylight_saving_change() -> None:
    # Clocks went back on 25 October 2026 in London.
    before = span("2026-10-24 17:00").start
    after = span("2026-10-26 17:00").start
    assert before.utcoffset() == timedelta(hours=1)
    assert after.utcoffset() == timedelta(0)


def test_period_helpers() -> None:
    assert week_of(date(2026, 11, 18)) == (date(2026, 11, 16), date(2026, 11, 22))
    assert month_of(date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert iso_week("2026-W47") == (date(2026, 11, 16), date(2026, 11, 22))
    assert day_span(date(2026, 11, 18), TZ).start == datetime(2026, 11, 18, tzinfo=TZ)
