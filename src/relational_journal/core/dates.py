"""Natural-language dates and period arithmetic.

Pure: every function takes `now` (an aware datetime) and, where a wall-clock
time must be placed in a zone, `tz`. Nothing here reads the clock.

Every expression resolves to a Span: "today" is the whole day, "last week" the
whole week, "2026-11-03 14:00" a single instant. `--from` uses a span's start,
`--to` its end, `--on` both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from relational_journal.errors import DateError

# The years a date may name, typed or imported, and the widest UTC offset in use (Kiribati,
# +14:00; -12:00 at the other end): past these, arithmetic on the moment overflows.
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_UTC_OFFSET = timedelta(hours=14)


def moment_problem(moment: datetime) -> str | None:
    """Why `moment` cannot be kept (a year or UTC offset out of range), or None."""
    try:
        offset = moment.utcoffset()
    except ValueError:  # a zone a day or more off UTC
        return "has a UTC offset beyond -14:00 to +14:00"
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        return "has a UTC offset beyond -14:00 to +14:00"
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return f"is out of range (years {MIN_YEAR}-{MAX_YEAR})"
    return None


WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EXAMPLES = (
    "'today', 'yesterday 9pm', 'monday', 'last week', '3 days ago', '2026-11-03', 'last session'"
)

# A resolver for "last session" / "next session"; None when no sessions are known.
SessionLookup = Callable[[str, datetime], datetime | None]


@dataclass(frozen=True)
class Span:
    """An inclusive stretch of time; start == end for an exact moment."""

    start: datetime
    end: datetime

    @property
    def exact(self) -> bool:
        return self.start == self.end


def local_zone() -> tzinfo:
    """The machine's local zone, with its daylight-saving rules (honours $TZ).

    zoneinfo (in C, cheap to import) when the zone has a name, from $TZ or the
    /etc/localtime link; dateutil's tzlocal otherwise.
    """
    import os

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
    if name:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    from dateutil import tz

    zone = tz.tzlocal()
    assert zone is not None
    return zone


def localize(naive: datetime, tz: tzinfo) -> datetime:
    """Attach a zone to a wall-clock time, keeping the wall clock."""
    return naive.replace(tzinfo=tz)


def day_span(day: date, tz: tzinfo) -> Span:
    start = localize(datetime.combine(day, time.min), tz)
    end = localize(datetime.combine(day, time.max), tz)
    return Span(start, end)


def days_span(first: date, last: date, tz: tzinfo) -> Span:
    return Span(day_span(first, tz).start, day_span(last, tz).end)


def week_of(day: date, week_start: int = 0) -> tuple[date, date]:
    """First and last day of the week holding `day` (week_start 0 = Monday)."""
    first = day - timedelta(days=(day.weekday() - week_start) % 7)
    return first, first + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def iso_week(text: str) -> tuple[date, date]:
    """'2026-W47' to its Monday and Sunday."""
    m = re.fullmatch(r"\s*(\d{4})-?W(\d{1,2})\s*", text, re.IGNORECASE)
    if not m:
        raise DateError(f"can't read the week {text!r}: use a form like 2026-W47, 'this' or 'last'")
    try:
        first = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise DateError(f"there is no week {text.strip()!r}") from None
    return first, first + timedelta(days=6)


_AGO = re.compile(r"(?P<n>\d+|a|an|one)\s+(?P<unit>day|week|month|year)s?\s+ago")
# Full names and the usual abbreviations ("tue", "thurs"), each mapped to datetime's weekday().
_WEEKDAY_WORDS = {
    **{name: i for i, name in enumerate(WEEKDAY_NAMES)},
    **{name[:3]: i for i, name in enumerate(WEEKDAY_NAMES)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_WEEKDAY = re.compile(
    r"(?:(?P<last>last|this|past|next)\s+)?(?P<day>"
    + "|".join(sorted(_WEEKDAY_WORDS, key=len, reverse=True))
    + r")"
)
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_WORDS = {
    **{name: i + 1 for i, name in enumerate(MONTH_NAMES)},
    **{name[:3]: i + 1 for i, name in enumerate(MONTH_NAMES)},
    "sept": 9,
}
_MONTH = re.compile(
    r"(?:(?P<last>last|this)\s+)?(?P<month>"
    + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
    + r")(?:\s+(?P<year>\d{4}))?"
)
_TIME_TAIL = re.compile(
    r"^(?P<head>.*?)(?:\s+at)?\s+(?P<time>\d{1,2}(?::\d{2})?\s*(?:am|pm)?|noon|midnight)$"
)
_NUMBERS = {"a": 1, "an": 1, "one": 1}


def _shift_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last = month_of(date(year, month, 1))[1].day
    return date(year, month, min(day.day, last))


def _relative_day(text: str, today: date, week_start: int) -> tuple[date, date] | None:
    """Day-level expressions; returns the first and last day they cover."""
    if text in ("today", "now"):
        return today, today
    if text == "yesterday":
        d = today - timedelta(days=1)
        return d, d
    if text == "tomorrow":
        d = today + timedelta(days=1)
        return d, d
    if text in ("this week", "week"):
        return week_of(today, week_start)
    if text == "last week":
        return week_of(today - timedelta(days=7), week_start)
    if text in ("this month", "month"):
        return month_of(today)
    if text == "last month":
        return month_of(month_of(today)[0] - timedelta(days=1))
    if text == "next week":
        return week_of(today + timedelta(days=7), week_start)
    if text == "next month":
        return month_of(month_of(today)[1] + timedelta(days=1))
    if text in ("this year", "year"):
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if text == "last year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    m = _AGO.fullmatch(text)
    if m:
        n = _NUMBERS.get(m.group("n")) or int(m.group("n"))
        unit = m.group("unit")
        try:
            if unit == "day":
                d = today - timedelta(days=n)
            elif unit == "week":
                d = today - timedelta(weeks=n)
            elif unit == "month":
                d = _shift_months(today, n)
            else:
                d = _shift_months(today, 12 * n)
        except (ValueError, OverflowError):
            raise DateError(f"{text!r} is too far back") from None
        if d.year < 1900:
            raise DateError(f"{text!r} is too far back")
        return d, d
    m = _WEEKDAY.fullmatch(text)
    if m:
        target = _WEEKDAY_WORDS[m.group("day")]
        if m.group("last") == "next":
            ahead = (target - today.weekday()) % 7 or 7
            d = today + timedelta(days=ahead)
            return d, d
        back = (today.weekday() - target) % 7
        if m.group("last") in ("last", "past") and back == 0:
            back = 7
        d = today - timedelta(days=back)
        return d, d
    m = _MONTH.fullmatch(text)
    if m:
        month = _MONTH_WORDS[m.group("month")]
        if m.group("year"):
            year = int(m.group("year"))
            if not 1900 <= year <= 2200:
                raise DateError(f"the date {text!r} is out of range (years 1900-2200)")
        else:
            # Like a weekday name: the most recent one, this month included ("last" excludes it).
            year = today.year if month <= today.month else today.year - 1
            if m.group("last") == "last" and month == today.month:
                year -= 1
        return month_of(date(year, month, 1))
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not 1900 <= year <= 2200:
            raise DateError(f"the year {text!r} is out of range (1900-2200)")
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _parse_clock(text: str) -> time | None:
    text = text.strip()
    if text == "noon":
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    suffix = m.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif m.group(2) is None:
        return None  # a bare number is a day of the month, not a time
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_span(
    text: str,
    now: datetime,
    tz: tzinfo,
    *,
    week_start: int = 0,
    sessions: SessionLookup | None = None,
) -> Span:
    """Read a date expression into the span of time it names, or raise DateError."""
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise DateError(f"can't read the date {raw!r}: try {EXAMPLES}")
    if text == "now":
        return Span(now, now)
    today = now.astimezone(tz).date()

    if text in ("last session", "next session", "since last session"):
        which = "next" if text.startswith("next") else "last"
        when = sessions(which, now) if sessions is not None else None
        if when is None:
            raise DateError(
                f"no {which} session is known: record one with `journal session add` "
                "or set a schedule with `journal session schedule`"
            )
        return Span(when, when)

    days = _relative_day(text, today, week_start)
    if days is not None:
        return days_span(days[0], days[1], tz)

    # "<day expression> [at] <clock time>", e.g. "yesterday 9pm", "last monday at 18:00"
    m = _TIME_TAIL.match(text)
    if m and m.group("head"):
        head_days = _relative_day(m.group("head").strip(), today, week_start)
        single_day = head_days is not None and head_days[0] == head_days[1]
        if re.fullmatch(r"\d{1,2}", m.group("time")) and (" at " in f" {text} " or single_day):
            raise DateError(
                f"can't tell the time in {raw.strip()!r}: say {m.group('time')}am, "
                f"{m.group('time')}pm or {m.group('time')}:00"
            )
        clock = _parse_clock(m.group("time"))
        if clock is not None and head_days is not None and head_days[0] == head_days[1]:
            moment = localize(datetime.combine(head_days[0], clock), tz)
            return Span(moment, moment)
    if m and not m.group("head"):
        clock = _parse_clock(text)
        if clock is not None:
            moment = localize(datetime.combine(today, clock), tz)
            return Span(moment, moment)

    if re.fullmatch(r"[-+]?\d{1,3}", text):
        # dateutil would read "7" as the 7th of this month and "32" as 2032: too surprising.
        raise DateError(f"can't read the date {raw.strip()!r}: try {EXAMPLES}")
    return _parse_absolute(raw.strip(), text, today, tz)


def _parse_absolute(raw: str, text: str, today: date, tz: tzinfo) -> Span:
    from dateutil import parser as du_parser

    has_time = bool(re.search(r"\d:\d|\d\s*(am|pm)\b|t\d", text))
    default = datetime.combine(today, time.min)
    try:
        parsed = du_parser.parse(text, default=default, dayfirst=False, yearfirst=True)
    except Exception:  # dateutil raises ParserError, ValueError, OverflowError, ...
        raise DateError(f"can't read the date {raw!r}: try {EXAMPLES}") from None
    if parsed.year < 1900 or parsed.year > 2200:
        raise DateError(f"the date {raw!r} is out of range (years 1900-2200)")
    if parsed.tzinfo is not None:
        try:
            offset = parsed.utcoffset()
        except ValueError:  # a zone a day or more off UTC, which datetime cannot hold
            offset = None
        if offset is None or abs(offset) > MAX_UTC_OFFSET:
            raise DateError(f"the UTC offset in {raw!r} is out of range (-14:00 to +14:00)")
        parsed = parsed.astimezone(tz)
        return Span(parsed, parsed)
    if has_time:
        moment = localize(parsed, tz)
        return Span(moment, moment)
    return day_span(parsed.date(), tz)


def parse_moment(
    text: str,
    now: datetime,
    tz: tzinfo,
    *,
    week_start: int = 0,
    sessions: SessionLookup | None = None,
) -> datetime:
    """A single moment for `write --date`: a whole-day expression keeps the current clock time."""
    span = parse_span(text, now, tz, week_start=week_start, sessions=sessions)
    if span.exact:
        return span.start
    day = span.start.date()
    if span.end.date() != day:
        raise DateError(f"{text.strip()!r} is a period, not a day: name a day or a time")
    clock = now.astimezone(tz).time().replace(tzinfo=None)
    return localize(datetime.combine(day, clock), tz)


def parse_range(
    start_text: str | None,
    end_text: str | None,
    on_text: str | None,
    now: datetime,
    tz: tzinfo,
    *,
    week_start: int = 0,
    sessions: SessionLookup | None = None,
) -> tuple[datetime | None, datetime | None]:
    """The inclusive bounds named by --from, --to and --on (each optional)."""
    kw = {"week_start": week_start, "sessions": sessions}
    start = end = None
    if on_text is not None:
        if start_text is not None or end_text is not None:
            raise DateError("--on cannot be combined with --from or --to")
        span = parse_span(on_text, now, tz, **kw)  # type: ignore[arg-type]
        if span.exact:
            span = day_span(span.start.date(), tz)
        return span.start, span.end
    if start_text is not None:
        start = parse_span(start_text, now, tz, **kw).start  # type: ignore[arg-type]
    if end_text is not None:
        end = parse_span(end_text, now, tz, **kw).end  # type: ignore[arg-type]
    if start is not None and end is not None and start > end:
        raise DateError(f"--from {start_text!r} is after --to {end_text!r}")
    return start, end
