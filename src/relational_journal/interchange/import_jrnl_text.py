"""jrnl's own journal files: one plain-text file, or a folder of `YYYY/MM/DD.txt` files.

An entry starts on a line that begins with its date, `[2026-11-03 20:15] Title.`
(jrnl 2 and later), or without the brackets, `2026-11-03 20:15 Title.` (jrnl 1).
Which of the two a file uses is decided by its first entry, as jrnl does: in a
bracketed file an unbracketed date is body text, and the other way round. The
first sentence of the date line is the title; the rest of that line and the
lines up to the next entry are the body. A `*` after the title stars the entry.

The date is read with jrnl's default time format or its 12-hour and seconds
variants, or with the `timeformat` from the client's jrnl config when given.
A line that looks like an entry's date but cannot be read stops the import with
its line number: guessing a date would file the entry in the wrong place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from relational_journal.errors import ImportFileError
from relational_journal.interchange.import_checks import entry_in
from relational_journal.interchange.import_jrnl import add_tags, tags_in
from relational_journal.models import EntryIn

# jrnl's default `timeformat`, then the variants its configs commonly hold. The
# 12-hour forms come first: read as 24-hour, "08:15 PM Walk" would be 08:15
# with the title "PM Walk".
DEFAULT_FORMATS = (
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
EXAMPLE = "[2026-11-03 20:15]"

# strftime codes and what their text looks like, to find a date at the start of
# an unbracketed line. Numbers may be written without their leading zero.
_CODES = {
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "m": r"\d{1,2}",
    "d": r"\d{1,2}",
    "H": r"\d{1,2}",
    "I": r"\d{1,2}",
    "M": r"\d{1,2}",
    "S": r"\d{1,2}",
    "f": r"\d{1,6}",
    "j": r"\d{1,3}",
    "p": r"[AaPp][Mm]",
    "b": r"[^\W\d_]{3,}\.?",
    "B": r"[^\W\d_]{3,}",
    "a": r"[^\W\d_]{2,}\.?",
    "A": r"[^\W\d_]{3,}",
    "z": r"(?:[+-]\d{2}:?\d{2}|Z)",
    "Z": r"[A-Za-z]{1,5}",
    "%": "%",
}
_CODE = re.compile(r"%-?(.)")
_BRACKETED = re.compile(r"\[([^\]\n]{1,80})\](?: |$)")
# Two numbers joined the way dates and times are: a bracketed line like this
# is meant as an entry's date; "[1]" or "[citation needed]" is body text.
_DATE_LIKE = re.compile(
    r"^[\s\d:./,+-]*\d{1,4}\s?[-./:]\s?\d{1,4}[\s\d:./,+-]*(?:[AaPp]\.?[Mm]\.?)?\s*$"
)
_STAR = re.compile(r"(?:^|\s)\*\s*$")
# The end of the first sentence: . ! ? or an ellipsis, perhaps a closing quote
# and brackets, then a space; CJK full stops need no space.
_SENTENCE_END = re.compile(
    r"[.!?\u2026\u203c\u203d\u2047\u2048\u2049]['\"\u2019\u201d]?[)\]]*\s+"
    r"|[\uff01\uff0e\uff1f\uff61\u3002]"
)


@dataclass(frozen=True)
class TimeFormat:
    """One strftime format: as given (for strptime) and as a pattern for a line's start."""

    text: str
    pattern: re.Pattern[str]


def time_formats(timeformat: str | None) -> tuple[TimeFormat, ...]:
    """The formats to read dates with: the one given (checked), else jrnl's usual ones."""
    if timeformat is None:
        return tuple(_compile(f) for f in DEFAULT_FORMATS)
    if not timeformat.strip() or "%" not in timeformat:
        raise ImportFileError(
            f"--timeformat {timeformat!r} has no strftime codes; give it as in your jrnl "
            "config, e.g. '%d.%m.%Y %H:%M'"
        )
    return (_compile(timeformat),)


def _compile(fmt: str) -> TimeFormat:
    parts: list[str] = []
    at = 0
    for code in _CODE.finditer(fmt):
        parts.append(_literal(fmt[at : code.start()]))
        letter = code.group(1)
        if letter not in _CODES:
            raise ImportFileError(
                f"--timeformat: %{letter} is not a code this import reads "
                f"(it reads %{', %'.join(c for c in _CODES if c != '%')})"
            )
        parts.append(_CODES[letter])
        at = code.end()
    parts.append(_literal(fmt[at:]))
    # jrnl writes `%-d` (no leading zero) in some configs; strptime reads `%d` either way.
    plain = _CODE.sub(lambda m: "%" + m.group(1), fmt)
    return TimeFormat(plain, re.compile("(" + "".join(parts) + r")(?: |$)"))


def _literal(text: str) -> str:
    return "".join(r"\s+" if ch.isspace() else re.escape(ch) for ch in text)


def _read(text: str, formats: Iterable[TimeFormat]) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(text.strip(), fmt.text)
        except ValueError:
            continue
    return None


@dataclass
class _Draft:
    line: int
    about: datetime
    head: str
    body: list[str]


class JrnlText:
    """Reads the entries of one jrnl text file, line by line; a whole file never sits in memory.

    `day`, for a file of a folder journal, is the day its path names: it wins over
    the date in each entry's line (jrnl's own rule, since a folder journal's
    `timeformat` may hold only the time).
    """

    def __init__(
        self,
        name: str,
        tz: tzinfo,
        formats: tuple[TimeFormat, ...],
        *,
        day: date | None = None,
        first_number: int = 1,
    ) -> None:
        self.name, self.tz, self.formats, self.day = name, tz, formats, day
        self.number = first_number  # the next entry's number, counted over every file
        self.bracketed: bool | None = None  # decided by the first entry
        self.bytes_read = 0

    def entries(self, raw_lines: Iterable[bytes]) -> Iterator[EntryIn]:
        """The file's entries, checked; raises ImportFileError naming the line at fault."""
        draft: _Draft | None = None
        for number, raw in enumerate(raw_lines, 1):
            self.bytes_read += len(raw)
            line = self._decode(number, raw)
            start = self._start(number, line, first=draft is None)
            if start is not None:
                if draft is not None:
                    yield self._entry(draft)
                about, head = start
                draft = _Draft(number, about, head, [])
            elif draft is not None:
                draft.body.append(line)
            elif line.strip():
                raise self._error(
                    number,
                    "a jrnl journal starts with an entry's date, like "
                    f"{EXAMPLE} Title; this line does not"
                    + ("" if len(self.formats) == 1 else _TIMEFORMAT_HINT),
                )
        if draft is not None:
            yield self._entry(draft)

    def _decode(self, number: int, raw: bytes) -> str:
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(
                f"{self.name} line {number:,} is not UTF-8 text (save the journal as UTF-8 "
                "and import it again); nothing was imported"
            ) from None
        if "\x00" in line:
            raise self._error(number, "holds binary data; this is not a jrnl journal")
        return line.rstrip("\r\n")

    def _start(self, number: int, line: str, *, first: bool) -> tuple[datetime, str] | None:
        """The date and the rest of the line when `line` starts an entry, else None."""
        if self.bracketed is not False:
            found = _BRACKETED.match(line)
            if found is not None:
                moment = _read(found.group(1), self.formats)
                if moment is not None:
                    self.bracketed = True
                    return moment, line[found.end() :]
                if first or _DATE_LIKE.match(found.group(1)):
                    raise self._unreadable(number, f"[{found.group(1)}]")
        if self.bracketed is not True:
            for fmt in self.formats:
                match = fmt.pattern.match(line)
                if match is None:
                    continue
                moment = _read(match.group(1), (fmt,))
                if moment is not None:
                    self.bracketed = False
                    return moment, line[match.end() :]
        return None

    def _unreadable(self, number: int, shown: str) -> ImportFileError:
        if len(self.formats) == 1:
            want = f"the --timeformat {self.formats[0].text!r}"
            return self._error(number, f"the date {shown[:40]} does not fit {want}")
        return self._error(
            number, f"the date {shown[:40]} is not in a form like {EXAMPLE}" + _TIMEFORMAT_HINT
        )

    def _error(self, number: int, problem: str) -> ImportFileError:
        return ImportFileError(f"{self.name} line {number:,}: {problem}; nothing was imported")

    def _entry(self, draft: _Draft) -> EntryIn:
        about = draft.about
        if self.day is not None:
            about = about.replace(year=self.day.year, month=self.day.month, day=self.day.day)
        if about.tzinfo is None:
            about = about.replace(tzinfo=self.tz)
        head = draft.head.rstrip()
        starred = _STAR.search(head) is not None
        if starred:
            head = _STAR.sub("", head)
        title, rest = split_title(head)
        body = "\n".join([rest, *draft.body]).strip()
        try:
            entry = entry_in(self.number, about, about, title=title or None, body=body)
        except (OverflowError, ValueError, OSError):
            raise self._error(draft.line, "the date is out of range") from None
        entry.starred = starred
        add_tags(entry, tags_in(f"{title}\n{body}"))
        self.number += 1
        return entry


_TIMEFORMAT_HINT = (
    "; if your jrnl config sets another `timeformat`, give it with --timeformat"
    " (e.g. --timeformat '%d.%m.%Y %H:%M')"
)


def split_title(line: str) -> tuple[str, str]:
    """The first sentence of a line (the title) and what follows it."""
    end = _SENTENCE_END.search(line)
    if end is None:
        return line.strip(), ""
    return line[: end.end()].strip(), line[end.end() :].strip()


def day_of(name: str, parts: tuple[str, ...]) -> date | None:
    """The day a folder journal's `YYYY/MM/DD.txt` path names; None for another file.

    A path of that shape that names no real day (`2026/02/30.txt`) is an error:
    its entries would otherwise be lost without a word.
    """
    if len(parts) != 3:
        return None
    year, month, day = parts
    if not (
        re.fullmatch(r"\d{4}", year)
        and re.fullmatch(r"[01]\d", month)
        and re.fullmatch(r"[0-3]\d\.txt", day)
    ):
        return None
    try:
        return date(int(year), int(month), int(day[:2]))
    except ValueError:
        raise ImportFileError(
            f"{name}/{'/'.join(parts)} names no real day; nothing was imported"
        ) from None
