"""The stretch a review covers: weeks, months, ranges, since the last session, everything.

Pure date arithmetic: the caller passes `now` and the zone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from relational_journal.errors import DateError

if TYPE_CHECKING:
    from relational_journal.core.dates import SessionLookup


@dataclass(frozen=True)
class Period:
    """The stretch reviewed: inclusive bounds, and the stretch it is compared with."""

    start: datetime
    end: datetime
    kind: str  # week, month, range, session, all
    previous: tuple[datetime, datetime] | None = None

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return self.end.date()

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def _day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.min).replace(tzinfo=tz)


def _day_end(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.max).replace(tzinfo=tz)


def days_period(first: date, last: date, tz: tzinfo, kind: str) -> Period:
    """Whole local days first..last, compared with the same number of days just before."""
    length = (last - first).days + 1
    prev_first = first - timedelta(days=length)
    prev_last = first - timedelta(days=1)
    return Period(
        _day_start(first, tz),
        _day_end(last, tz),
        kind,
        (_day_start(prev_first, tz), _day_end(prev_last, tz)),
    )


def same_length_before(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The stretch of the same length ending just before `start`."""
    zone = start.tzinfo
    if (
        zone is not None
        and zone is end.tzinfo
        and start.time() == time.min
        and end.time() == time.max
    ):
        # Whole local days: count days, not hours, so a daylight-saving change moves nothing.
        days = (end.date() - start.date()).days + 1
        first = start.date() - timedelta(days=days)
        return _day_start(first, zone), _day_end(start.date() - timedelta(days=1), zone)
    length = timedelta(seconds=math.ceil((end - start).total_seconds()))
    return start - length, start - timedelta(microseconds=1)


def resolve_period(
    now: datetime,
    tz: tzinfo,
    *,
    week_start: int = 0,
    week: str | None = None,
    month: str | None = None,
    from_text: str | None = None,
    to_text: str | None = None,
    since: datetime | None = None,
    everything: bool = False,
    first_day: date | None = None,
    sessions: SessionLookup | None = None,
) -> Period:
    """The period named by the review's options (default: the current week)."""
    from relational_journal.core.dates import iso_week, month_of, parse_range, week_of

    chosen = [
        name
        for name, on in (
            ("--week", week is not None),
            ("--month", month is not None),
            ("--from/--to", from_text is not None or to_text is not None),
            ("--since-session", since is not None),
            ("--all", everything),
        )
        if on
    ]
    if len(chosen) > 1:
        raise DateError(f"choose one period: {' or '.join(chosen)}")
    today = now.astimezone(tz).date()
    if month is not None:
        text = month.strip().lower()
        if text in ("", "this", "current"):
            first, last = month_of(today)
        elif text in ("last", "previous"):
            first, last = month_of(month_of(today)[0] - timedelta(days=1))
        else:
            try:
                year, number = (int(x) for x in text.split("-"))
                first, last = month_of(date(year, number, 1))
            except ValueError:
                raise DateError(
                    f"can't read the month {month!r}: use 'this', 'last' or a form like 2026-11"
                ) from None
        prev_first, prev_last = month_of(first - timedelta(days=1))
        return Period(
            _day_start(first, tz),
            _day_end(last, tz),
            "month",
            (_day_start(prev_first, tz), _day_end(prev_last, tz)),
        )
    if since is not None:
        start = since.astimezone(tz)
        end = _day_end(today, tz)
        return Period(start, end, "session", same_length_before(start, end))
    if from_text is not None or to_text is not None:
        start_at, end_at = parse_range(
            from_text, to_text, None, now, tz, week_start=week_start, sessions=sessions
        )
        end = end_at if end_at is not None else _day_end(today, tz)
        start = start_at if start_at is not None else _day_start(first_day or end.date(), tz)
        if start > end:
            raise DateError("the period starts after it ends")
        return Period(start, end, "range", same_length_before(start, end))
    if everything:
        first = first_day or today
        return Period(_day_start(first, tz), _day_end(max(today, first), tz), "all", None)
    text = (week or "this").strip().lower()
    if text in ("this", "current", ""):
        first, last = week_of(today, week_start)
    elif text in ("last", "previous"):
        first, last = week_of(today - timedelta(days=7), week_start)
    else:
        first, last = iso_week(text)
    return days_period(first, last, tz, "week")
