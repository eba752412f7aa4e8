"""Checks shared by every import format: each message names the entry and the field."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Any

from relational_journal.core.dates import moment_problem
from relational_journal.errors import ImportFileError
from relational_journal.models import EntryIn

CLUSTER = {
    "wish_cluster": re.compile(r"^W[1-8]$"),
    "other_cluster": re.compile(r"^RO[1-8]$"),
    "self_cluster": re.compile(r"^RS[1-8]$"),
}
ERAS = ("present", "past", "therapy", "self")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The largest id SQLite can store.
MAX_ID = 2**63 - 1


class FieldCheck:
    """Field checks that name the entry and the field in every message."""

    def __init__(self, kind: str, number: int, item: Any) -> None:
        self.kind, self.number = kind, number
        if not isinstance(item, dict):
            raise self.error(None, "is not an object")
        self.item: dict[str, Any] = item

    def error(self, fieldname: str | None, problem: str) -> ImportFileError:
        where = f"{self.kind}entry {self.number:,}"
        if fieldname:
            where += f", field '{fieldname}'"
        return ImportFileError(f"{where}: {problem}; nothing was imported")

    def text(self, key: str, *, required: bool = False, source: Any = None) -> str | None:
        obj = self.item if source is None else source
        value = obj.get(key)
        if value is None:
            if required:
                raise self.error(key, "is missing")
            return None
        if not isinstance(value, str):
            raise self.error(key, "should be text")
        self.unicode(key, value)
        return value

    def unicode(self, key: str, value: str) -> None:
        """Refuse a lone surrogate (a JSON escape like \\ud800): no text can hold it."""
        if LONE_SURROGATE.search(value) is not None:
            raise self.error(key, "holds a lone surrogate, which is not valid Unicode")

    def flag(self, key: str, source: Any = None) -> bool:
        obj = self.item if source is None else source
        value = obj.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.error(key, "should be true or false")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.item.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "should be a list of text")
        for v in value:
            self.unicode(key, v)
        return value

    def moment(self, key: str, tz: tzinfo) -> datetime:
        value = self.text(key, required=True)
        assert value is not None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.error(key, f"is not an ISO 8601 date and time ({value[:40]!r})") from None
        moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
        problem = moment_problem(moment)
        if problem is not None:
            raise self.error(key, f"{problem} ({value[:40]!r})")
        return moment


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def entry_in(
    number: int,
    about: datetime,
    written_at: datetime,
    *,
    id: int | None = None,
    title: str | None,
    body: str,
    prompt_id: str | None = None,
    pack_id: str | None = None,
    private: bool = False,
    starred: bool = False,
) -> EntryIn:
    # Every format comes through here: a moment no later command could print is refused.
    for fieldname, moment in (("date", about), ("written_at", written_at)):
        problem = moment_problem(moment)
        if problem is not None:
            raise ImportFileError(
                f"entry {number:,}, field '{fieldname}': {problem}; nothing was imported"
            )
    about_iso = iso(about)
    written_iso = about_iso if written_at is about else iso(written_at)
    return EntryIn(
        number=number,
        id=id,
        written_at=written_iso,
        about=about_iso,
        about_ts=int(about.timestamp()),
        about_day=about.date().isoformat(),
        prompt_id=prompt_id,
        pack_id=pack_id,
        title=title,
        body=body,
        private=private,
        starred=starred,
    )
