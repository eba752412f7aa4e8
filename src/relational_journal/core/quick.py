"""A quick entry written the jrnl way: `journal write "yesterday 9pm: Title. Text *"`.

A leading date and colon set the moment, but only when the part before the
colon reads as a date (so "Sam: he called" stays text); the first sentence
becomes the title when more follows; a `*` at the very end (or just before the
colon) stars the entry. Pure: the caller says what reads as a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, tzinfo

from relational_journal.core.dates import SessionLookup, localize, parse_span
from relational_journal.errors import DateError

# The first sentence ends at . ! or ? followed by a space, or at a line break.
_SENTENCE = re.compile(r"^(?P<title>.*?(?:[.!?]+(?=\s)|(?=\n)))\s+(?P<rest>\S.*)$", re.DOTALL)
_DATE_PART = 60  # characters: longer than any date the journal reads


@dataclass(frozen=True)
class QuickEntry:
    when: str | None  # the date text before the colon, as written
    title: str | None
    body: str
    starred: bool


def read_quick(text: str, is_date: Callable[[str], bool]) -> QuickEntry:
    """Split a quick entry into its date, title, text and star."""
    rest = text.strip()
    starred = False
    if rest.endswith("*"):
        starred, rest = True, rest[:-1].rstrip()
    when = None
    head, colon, tail = rest.partition(": ")
    if not colon and rest.endswith(":"):
        head, colon, tail = rest[:-1], ":", ""
    if colon and "\n" not in head and len(head) <= _DATE_PART:
        written = head.strip()
        if written.endswith("*"):
            written = written[:-1].rstrip()
            if written and is_date(written):
                starred = True
                when, rest = written, tail.strip()
        elif written and is_date(written):
            when, rest = written, tail.strip()
    title = None
    found = _SENTENCE.match(rest)
    if found:
        title, rest = found.group("title").strip(), found.group("rest").strip()
    return QuickEntry(when=when, title=title, body=rest, starred=starred)


def quick_moment(
    text: str,
    now: datetime,
    tz: tzinfo,
    default_time: time,
    *,
    week_start: int = 0,
    sessions: SessionLookup | None = None,
) -> datetime | None:
    """The moment a leading date names (a day without a time at `default_time`), or None.

    None too for a period ("last week"): a quick entry is about one moment.
    """
    try:
        span = parse_span(text, now, tz, week_start=week_start, sessions=sessions)
    except DateError:
        return None
    if span.exact:
        return span.start
    day = span.start.date()
    if span.end.date() != day:
        return None
    return localize(datetime.combine(day, default_time), tz)
