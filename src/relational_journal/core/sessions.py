"""Therapy sessions: recorded ones, recurring schedules, and where "last/next session" fall.

A schedule is an RFC 5545 RRULE (read by dateutil.rrule) plus the wall-clock
time of its first session. Occurrences are generated in naive local time and
only then given a zone, so a 17:00 session stays at 17:00 across a
daylight-saving change. A recorded session on the same day as a scheduled one
stands for it (its time and notes win).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from relational_journal.core.dates import WEEKDAY_NAMES, SessionLookup, local_zone
from relational_journal.errors import DateError
from relational_journal.models import Session
from relational_journal.storage import sessions as stored

if TYPE_CHECKING:
    from dateutil.rrule import rrule

    from relational_journal.storage.store import Store

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_WORDS = {
    **{name: i for i, name in enumerate(WEEKDAY_NAMES)},
    **{name + "s": i for i, name in enumerate(WEEKDAY_NAMES)},
    **{name[:3]: i for i, name in enumerate(WEEKDAY_NAMES)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
SCHEDULE_EXAMPLES = "'every tuesday at 17:00', 'every other monday at 9am', 'thursdays 18:30'"


@dataclass(frozen=True)
class ScheduleSpec:
    """What a schedule says: which weekdays, at what wall-clock time, every how many weeks."""

    weekdays: tuple[int, ...]
    at: time
    interval: int = 1

    def rule(self) -> str:
        days = ",".join(RRULE_DAYS[d] for d in sorted(set(self.weekdays)))
        return f"FREQ=WEEKLY;INTERVAL={self.interval};BYDAY={days}"

    def describe(self) -> str:
        names = [WEEKDAY_NAMES[d].capitalize() for d in sorted(set(self.weekdays))]
        days = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        clock = self.at.strftime("%H:%M")
        if self.interval == 1:
            return f"every {days} at {clock}"
        if self.interval == 2:
            return f"every other {days} at {clock}"
        return f"every {self.interval} weeks on {days} at {clock}"


@dataclass(frozen=True)
class Schedule:
    """A stored schedule; `starts` is the naive wall-clock time of its first session."""

    id: int
    spec: ScheduleSpec
    starts: datetime
    until: datetime | None
    timezone: str | None

    def describe(self) -> str:
        text = f"{self.spec.describe()}, since {self.starts.date().isoformat()}"
        if self.until is not None:
            text += f", until {self.until.date().isoformat()}"
        return text


# -- reading a schedule the client typed ------------------------------------------


def parse_clock(text: str) -> time:
    """'17:00', '5pm', '5:30 pm', '9am' -> a time; anything else is a DateError."""
    m = re.fullmatch(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*", text.lower())
    if not m or (m.group(2) is None and m.group(3) is None):
        raise DateError(f"can't read the time {text.strip()!r}: use 17:00 or 5pm")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        if not 1 <= hour <= 12:
            raise DateError(f"can't read the time {text.strip()!r}: use 17:00 or 5pm")
        hour = hour % 12 + (12 if m.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateError(f"there is no time {text.strip()!r}")
    return time(hour, minute)


def parse_weekdays(text: str) -> tuple[int, ...]:
    """'tuesday', 'mon,thu', 'monday and thursday' -> weekday numbers (Monday = 0)."""
    words = [w for w in re.split(r"[\s,/&]+|\band\b", text.lower()) if w]
    if not words:
        raise DateError("name a weekday, e.g. tuesday")
    days = []
    for word in words:
        if word not in _DAY_WORDS:
            raise DateError(f"{word!r} is not a weekday: use monday ... sunday")
        days.append(_DAY_WORDS[word])
    return tuple(sorted(set(days)))


_NUMBER_WORDS = {"other": 2, "second": 2, "two": 2, "three": 3, "third": 3, "four": 4}
_SCHEDULE = re.compile(
    r"(?:every|each)?\s*"
    r"(?:(?P<n>\d+|other|second|two|three|third|four)\s*(?:weeks?)?\s*(?:on\s+)?)?"
    r"(?:weekly\s+(?:on\s+)?)?"
    r"(?P<days>[a-z][a-z,/&\s]*?)"
    r"(?:\s*(?:at|@)?\s*(?P<time>\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?))$"
)


def parse_schedule(text: str) -> ScheduleSpec:
    """'every tuesday at 17:00', 'every other monday at 9am', 'thursdays 18:30'."""
    cleaned = " ".join(text.strip().lower().split())
    m = _SCHEDULE.fullmatch(cleaned)
    if not m:
        raise DateError(f"can't read the schedule {text.strip()!r}: try {SCHEDULE_EXAMPLES}")
    n = m.group("n")
    interval = 1 if n is None else _NUMBER_WORDS.get(n) or int(n)
    days_text = re.sub(r"\b(weekly|on|every|each)\b", " ", m.group("days"))
    try:
        weekdays = parse_weekdays(days_text)
    except DateError:
        raise DateError(
            f"can't read the schedule {text.strip()!r}: try {SCHEDULE_EXAMPLES}"
        ) from None
    return make_spec(weekdays, parse_clock(m.group("time")), interval)


def make_spec(weekdays: tuple[int, ...], at: time, interval: int = 1) -> ScheduleSpec:
    if not 1 <= interval <= 52:
        raise DateError(f"a schedule repeats every 1 to 52 weeks, not {interval}")
    if not weekdays:
        raise DateError("name a weekday, e.g. tuesday")
    return ScheduleSpec(tuple(sorted(set(weekdays))), at, interval)


def first_start(spec: ScheduleSpec, today: date) -> datetime:
    """Where a new schedule begins by default: its most recent session day, today included.

    So "last session" resolves at once, without the client adding each past session.
    """
    back = min((today.weekday() - d) % 7 for d in spec.weekdays)
    return datetime.combine(today - timedelta(days=back), spec.at)


# -- generating occurrences (pure) -------------------------------------------------


def _rrule(schedule: Schedule) -> rrule:
    from dateutil.rrule import WEEKLY, rrule

    return rrule(
        WEEKLY,
        interval=schedule.spec.interval,
        byweekday=schedule.spec.weekdays,
        byhour=schedule.spec.at.hour,
        byminute=schedule.spec.at.minute,
        bysecond=0,
        dtstart=schedule.starts,
        until=schedule.until,
    )


def occurrences(schedule: Schedule, start: datetime, end: datetime, tz: tzinfo) -> list[datetime]:
    """Sessions the schedule implies between two aware moments, as aware local times."""
    lo = start.astimezone(tz).replace(tzinfo=None)
    hi = end.astimezone(tz).replace(tzinfo=None)
    return [naive.replace(tzinfo=tz) for naive in _rrule(schedule).between(lo, hi, inc=True)]


def scheduled_session(
    schedule: Schedule,
    which: str,
    now: datetime,
    tz: tzinfo,
    skipped: frozenset[str] = frozenset(),
) -> datetime | None:
    """The schedule's latest session at or before `now`, or its first one after.

    Days in `skipped` (YYYY-MM-DD) had no session: the one before (or after) counts.
    """
    naive_now = now.astimezone(tz).replace(tzinfo=None)
    rule = _rrule(schedule)
    found = rule.before(naive_now, inc=True) if which == "last" else rule.after(naive_now)
    while found is not None and found.date().isoformat() in skipped:
        found = rule.before(found) if which == "last" else rule.after(found)
    if found is None:
        return None
    moment = found.replace(tzinfo=tz)
    # A wall-clock time in a DST gap or fold can land a few minutes off `now` either way.
    if which == "last" and moment > now:
        return None
    return moment


# -- the stored schedule and sessions, read through storage ---------------------------


def zone_name() -> str | None:
    """The IANA name of the machine's zone, when it can be known ($TZ or /etc/localtime)."""
    from zoneinfo import ZoneInfo

    candidate = os.environ.get("TZ", "").lstrip(":")
    if not candidate:
        try:
            target = str(Path("/etc/localtime").resolve())
        except OSError:
            return None
        if "zoneinfo/" not in target:
            return None
        candidate = target.split("zoneinfo/", 1)[1]
    try:
        ZoneInfo(candidate)
    except (ValueError, OSError):
        return None
    return candidate


def schedule_zone(schedule: Schedule, fallback: tzinfo | None = None) -> tzinfo:
    """The zone a schedule's wall clock lives in: the one recorded with it, else local."""
    if schedule.timezone:
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(schedule.timezone)
        except (ValueError, OSError):
            pass
    return fallback or local_zone()


def _spec_from_rule(rule: str, starts: datetime) -> tuple[ScheduleSpec, datetime | None]:
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    days = tuple(RRULE_DAYS.index(d[-2:]) for d in parts.get("BYDAY", "").split(",") if d)
    until = None
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"].rstrip("Z"), "%Y%m%dT%H%M%S")
    return ScheduleSpec(days or (starts.weekday(),), starts.time(), interval), until


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def schedules(store: Store) -> list[Schedule]:
    """Schedules in force (an ended one still implies its past sessions)."""
    out = []
    for schedule_id, rule, starts_text, timezone in stored.schedule_rows(store):
        starts = datetime.fromisoformat(starts_text).replace(tzinfo=None)
        spec, until = _spec_from_rule(rule, starts)
        out.append(Schedule(schedule_id, spec, starts, until, timezone))
    return out


def set_schedule(
    store: Store, spec: ScheduleSpec, starts: datetime, tz: tzinfo, tz_name: str | None
) -> Schedule:
    """Replace the schedule: the new one also stands for the past from `starts` on.

    `starts` is a naive wall-clock time in `tz`.
    """
    from relational_journal.storage.store import now_utc

    aware = starts.replace(tzinfo=tz)
    new_id = stored.replace_schedule(store, spec.rule(), _iso(aware), tz_name, _iso(now_utc()))
    return Schedule(new_id, spec, starts, None, tz_name)


def end_schedule(store: Store, now: datetime, tz: tzinfo | None = None) -> int:
    """End the schedule at `now`: no more upcoming sessions, past ones stay known."""
    changes: list[tuple[int, str | None]] = []
    for schedule in schedules(store):
        zone = schedule_zone(schedule, tz)
        naive_now = now.astimezone(zone).replace(tzinfo=None).replace(microsecond=0)
        if naive_now <= schedule.starts:
            changes.append((schedule.id, None))
        else:
            until = naive_now.strftime("%Y%m%dT%H%M%S")
            changes.append((schedule.id, schedule.spec.rule() + f";UNTIL={until}"))
    stored.end_schedules(store, changes)
    return len(changes)


def add_session(store: Store, at: datetime, notes: str | None = None) -> int:
    """Record a session that took place (or will) at `at`."""
    return stored.add_session(store, _iso(at), int(at.timestamp()), notes or None)


def recorded_sessions(store: Store, start: datetime | None, end: datetime | None) -> list[Session]:
    return stored.recorded_sessions(store, start, end)


def sessions_between(
    store: Store, start: datetime, end: datetime, tz: tzinfo | None = None
) -> list[Session]:
    """Recorded and scheduled sessions in a window, in time order; a recorded one wins its day."""
    recorded = stored.recorded_sessions(store, start, end)
    out = list(recorded)
    skipped = stored.skipped_days(store)
    for schedule in schedules(store):
        zone = schedule_zone(schedule, tz)
        taken = {s.at.astimezone(zone).date() for s in recorded}
        out.extend(
            Session(at, None, False)
            for at in occurrences(schedule, start, end, zone)
            if at.date() not in taken and at.date().isoformat() not in skipped
        )
    return sorted(out, key=lambda s: s.at)


def find_session(
    store: Store, which: str, now: datetime, tz: tzinfo | None = None
) -> datetime | None:
    """'last': the latest session at or before `now`; 'next': the first after it."""
    found = [stored.recorded_session(store, which, now)]
    skipped = stored.skipped_days(store)
    for schedule in schedules(store):
        zone = schedule_zone(schedule, tz)
        found.append(scheduled_session(schedule, which, now, zone, skipped))
    candidates = [f for f in found if f is not None]
    if not candidates:
        return None
    return max(candidates) if which == "last" else min(candidates)


def _sessions_on(store: Store, day: date, tz: tzinfo) -> list[Session]:
    start = datetime.combine(day, time(0, 0), tzinfo=tz)
    return sessions_between(store, start, start + timedelta(days=1, seconds=-1), tz)


def skip_session(store: Store, day: date, tz: tzinfo) -> Session:
    """Mark the session on `day` as one that did not take place; the session skipped.

    A scheduled session that day stops counting; a recorded one is removed.
    """
    from relational_journal.storage.store import now_utc

    found = _sessions_on(store, day, tz)
    if not found:
        raise DateError(f"there is no session on {day:%A} {day.day} {day:%B %Y} to skip")
    for s in found:
        if s.recorded and s.id is not None:
            stored.delete_session(store, s.id)
    stored.skip_day(store, day.isoformat(), _iso(now_utc()))
    return found[0]


def move_session(store: Store, day: date, to: datetime, tz: tzinfo) -> tuple[Session, datetime]:
    """The session on `day` took place at `to` instead: (the session moved, its new time)."""
    from relational_journal.storage.store import now_utc

    found = _sessions_on(store, day, tz)
    if not found:
        raise DateError(f"there is no session on {day:%A} {day.day} {day:%B %Y} to move")
    session = found[0]
    if to == session.at:
        raise DateError("that is when the session already is")
    recorded = session.id if session.recorded else None
    # The schedule's session that day no longer counts: the recorded one stands for it.
    stored.move_session(
        store, day.isoformat(), _iso(now_utc()), recorded, _iso(to), int(to.timestamp())
    )
    return session, to


def session_lookup(store: Store, tz: tzinfo | None = None) -> SessionLookup:
    """A resolver for "last session" / "next session" over this journal (recorded and scheduled)."""

    def lookup(which: str, now: datetime) -> datetime | None:
        return find_session(store, which, now, tz)

    return lookup
