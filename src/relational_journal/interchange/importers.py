"""Import entries: the journal's own JSON export, and jrnl's (`jrnl --export json`).

The file is read as a stream, one entry at a time (a 100 MB export never sits
in memory), and every entry is checked as it is read and written in batches
inside one transaction: a bad file changes nothing and the error names the
entry (counted from 1) and the field. An entry already in the journal (same
moment, title and text) is skipped, so importing the same file twice adds
nothing the second time. The full-text index is filled with the rows.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from relational_journal.errors import ImportFileError
from relational_journal.storage.store import INSERT_EPISODE, episode_values

if TYPE_CHECKING:
    import sqlite3

    from relational_journal.storage.store import Store

ImportFormat = Literal["auto", "json", "jrnl"]
Progress = Callable[[int, int], None]
BATCH = 2000
OUR_FORMAT = "relational-journal"
OUR_VERSION = 1
CLUSTER = {
    "wish_cluster": re.compile(r"^W[1-8]$"),
    "other_cluster": re.compile(r"^RO[1-8]$"),
    "self_cluster": re.compile(r"^RS[1-8]$"),
}
ERAS = ("present", "past", "therapy", "self")


@dataclass
class PersonIn:
    name: str
    role: str | None = None
    era: str | None = None


@dataclass
class EpisodeIn:
    person: str | None
    era: str | None
    what_happened: str | None
    wish: str | None
    wish_cluster: str | None
    other: str | None
    other_cluster: str | None
    other_expected: bool
    self_response: str | None
    self_cluster: str | None


@dataclass
class EntryIn:
    """One checked entry, ready to insert."""

    number: int  # position in the file, from 1, for messages
    id: int | None
    written_at: str
    about: str
    about_ts: int
    about_day: str
    prompt_id: str | None
    pack_id: str | None
    title: str | None
    body: str
    private: bool
    starred: bool
    tags: list[str] = field(default_factory=list)
    people: list[PersonIn] = field(default_factory=list)
    feelings: list[tuple[str, str | None, int | None, bool]] = field(default_factory=list)
    episode: EpisodeIn | None = None

    def fingerprint(self) -> bytes:
        return fingerprint(self.about_ts, self.title, self.body)


@dataclass(frozen=True)
class ImportResult:
    format: str
    total: int
    added: int
    skipped: int  # already in the journal
    people_added: int


def fingerprint(about_ts: int, title: str | None, body: str) -> bytes:
    """What makes two entries the same for import: the moment, the title and the text."""
    key = f"{about_ts}\x1f{title or ''}\x1f{body}".encode()
    return hashlib.blake2b(key, digest_size=16).digest()


# -- reading and checking --------------------------------------------------------------


def load_file(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not an export file") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_text(raw, str(path))


def parse_text(raw: bytes, name: str = "the file") -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{name} is not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise ImportFileError(f"{name} is nested too deeply to be an export") from None


CHUNK = 1 << 20  # characters read at a time: big enough that reading costs nothing
_SPACE = re.compile(r"[ \t\n\r]*")


class JsonStream:
    """One JSON document read from a binary file a chunk at a time.

    The caller walks the top-level object key by key and takes each value whole,
    except an array it wants element by element (the entries). Only the text not
    yet decoded stays in memory, so a file of any size costs about one chunk.
    Errors are ImportFileError with the line and column, as for a whole file.
    """

    def __init__(self, file: BinaryIO, name: str, chunk: int | None = None) -> None:
        self.file, self.name, self.chunk = file, name, chunk or CHUNK
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.scan = json.JSONDecoder().raw_decode
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.bytes_read = 0
        self.lines = 0  # line breaks in the text already let go, for error messages
        self.column = 0  # characters after the last of them

    def _more(self, at_least: int = 0) -> bool:
        """Let go of the text already taken and add the next chunk; False at the end."""
        if self.eof:
            return False
        buf, pos = self.buf, self.pos
        if pos:
            breaks = buf.count("\n", 0, pos)
            if breaks:
                self.lines += breaks
                self.column = pos - buf.rfind("\n", 0, pos) - 1
            else:
                self.column += pos
            buf, self.pos = buf[pos:], 0
        raw = self.file.read(max(self.chunk, at_least))
        start = self.bytes_read - len(self.decoder.getstate()[0])
        try:
            text = self.decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"{self.name} is not UTF-8 text (byte {start + exc.start})"
            ) from None
        self.bytes_read += len(raw)
        self.eof = not raw
        self.buf = buf + text if buf else text
        return True

    def peek(self) -> str:
        """The next character that is not white space, left in place ('' at the end)."""
        while True:
            match = _SPACE.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def _take(self, char: str) -> bool:
        if self.peek() == char:
            self.pos += 1
            return True
        return False

    def value(self) -> Any:
        """The next value, whole."""
        self.peek()
        while True:
            try:
                value, end = self.scan(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Cut off by the end of the chunk: read on (at least as much again, so
                # one huge value costs linear time) and decode it again.
                cut = exc.pos >= len(self.buf) - 8 or exc.msg.startswith("Unterminated")
                if cut and self._more(len(self.buf) - self.pos):
                    continue
                raise self._invalid(exc.msg, exc.pos) from None
            except RecursionError:
                raise ImportFileError(f"{self.name} is nested too deeply to be an export") from None
            if end == len(self.buf) and self._more(len(self.buf) - self.pos):
                continue  # a number or word may go on in the next chunk
            self.pos = end
            return value

    def items(self) -> Iterator[Any]:
        """The elements of the array that comes next, one at a time."""
        if not self._take("["):
            raise self._invalid("Expecting '['", self.pos)
        if self._take("]"):
            return
        while True:
            yield self.value()
            if self._take(","):
                continue
            if self._take("]"):
                return
            raise self._invalid("Expecting ',' delimiter", self.pos)

    def keys(self) -> Iterator[str]:
        """The keys of the object that comes next; the caller takes each key's value."""
        if not self._take("{"):
            raise self._invalid("Expecting '{'", self.pos)
        if self._take("}"):
            return
        while True:
            if self.peek() != '"':
                raise self._invalid("Expecting property name enclosed in double quotes", self.pos)
            key = self.value()
            if not self._take(":"):
                raise self._invalid("Expecting ':' delimiter", self.pos)
            yield key
            if self._take(","):
                continue
            if self._take("}"):
                return
            raise self._invalid("Expecting ',' delimiter", self.pos)

    def skip(self) -> None:
        """Pass over the next value; an array element by element."""
        if self.peek() == "[":
            for _ in self.items():
                pass
        else:
            self.value()

    def end(self) -> None:
        """Check nothing but white space follows the document."""
        if self.peek():
            raise self._invalid("Extra data", self.pos)

    def _invalid(self, problem: str, pos: int) -> ImportFileError:
        line = self.buf.count("\n", 0, pos)
        column = pos - self.buf.rfind("\n", 0, pos) if line else self.column + pos + 1
        return ImportFileError(
            f"{self.name} is not valid JSON "
            f"(line {self.lines + line + 1}, column {column}: {problem})"
        )


def detect(data: Any) -> Literal["json", "jrnl"]:
    """Which export this is, from its shape."""
    if isinstance(data, dict):
        if data.get("format") == OUR_FORMAT:
            return "json"
        entries = data.get("entries")
        if isinstance(entries, list) and "format" not in data:
            first = entries[0] if entries else None
            if "tags" in data or (isinstance(first, dict) and "date" in first):
                return "jrnl"
    raise ImportFileError(
        "this is neither a relational-journal JSON export nor a jrnl JSON export "
        "(`jrnl --export json`)"
    )


class _Check:
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
        return value

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
        return value

    def moment(self, key: str, tz: tzinfo) -> datetime:
        value = self.text(key, required=True)
        assert value is not None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.error(key, f"is not an ISO 8601 date and time ({value[:40]!r})") from None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


# A moment already written as _iso writes it (whole seconds, an offset within a
# day, not "-00:00"): kept as it is rather than parsed and formatted again.
_CANONICAL = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"
    r"(?:\+(?:[01]\d|2[0-3]):[0-5]\d|-(?:[01]\d|2[0-3]):[0-5]\d(?<!-00:00))\Z"
)


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def _entry_in(
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
    about_text: str | None = None,
    written_text: str | None = None,
) -> EntryIn:
    """`about_text` and `written_text`: the moments as written, when already in the form kept."""
    about_iso = about_text if about_text and _CANONICAL.match(about_text) else _iso(about)
    if written_at is about:
        written_iso = about_iso
    elif written_text and _CANONICAL.match(written_text):
        written_iso = written_text
    else:
        written_iso = _iso(written_at)
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


def check_ours(data: Any) -> None:
    """The top of a relational-journal JSON export: its format, version and entries list."""
    if not isinstance(data, dict) or data.get("format") != OUR_FORMAT:
        raise ImportFileError("this is not a relational-journal JSON export")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFileError("the export has no 'version' number")
    if version > OUR_VERSION:
        raise ImportFileError(
            f"the export is format version {version}, newer than this tool reads "
            f"({OUR_VERSION}); upgrade relational-journal to import it"
        )
    if not isinstance(data.get("entries"), list):
        raise ImportFileError("the export has no 'entries' list")


def read_ours(data: Any, tz: tzinfo) -> Iterator[EntryIn]:
    """Entries of a relational-journal JSON export, checked one by one."""
    check_ours(data)
    for number, item in enumerate(data["entries"], 1):
        yield our_entry(number, item, tz)


def our_entry(number: int, item: Any, tz: tzinfo) -> EntryIn:
    """One entry of a relational-journal JSON export, checked."""
    c = _Check("", number, item)
    raw_id = c.item.get("id")
    if raw_id is not None and (not isinstance(raw_id, int) or isinstance(raw_id, bool)):
        raise c.error("id", "should be a whole number")
    about = c.moment("about", tz)
    written_at = c.moment("written_at", tz) if c.item.get("written_at") else about
    body = c.text("body", required=True)
    assert body is not None
    entry = _entry_in(
        number,
        about,
        written_at,
        id=raw_id if raw_id and raw_id > 0 else None,
        title=c.text("title"),
        body=body,
        prompt_id=c.text("prompt"),
        pack_id=c.text("pack"),
        private=c.flag("private"),
        starred=c.flag("starred"),
        about_text=c.item["about"],
        written_text=c.item.get("written_at"),
    )
    entry.tags = [t.lstrip("#") for t in c.strings("tags") if t.lstrip("#").strip()]
    entry.people = list(_people(c))
    entry.feelings = list(_feelings(c))
    entry.episode = _episode(c)
    return entry


def _people(c: _Check) -> Iterable[PersonIn]:
    people = c.item.get("people") or []
    if not isinstance(people, list):
        raise c.error("people", "should be a list")
    for i, p in enumerate(people, 1):
        key = f"people[{i}]"
        if isinstance(p, str):
            p = {"name": p}
        if not isinstance(p, dict):
            raise c.error(key, "should be an object with a 'name'")
        name = c.text("name", source=p)
        if not name or not name.strip().lstrip("@").strip():
            raise c.error(f"{key}.name", "is missing")
        era = c.text("era", source=p)
        if era is not None and era not in ERAS:
            raise c.error(f"{key}.era", f"should be one of {', '.join(ERAS)}")
        yield PersonIn(name.strip().lstrip("@").strip(), c.text("role", source=p), era)


def _feelings(c: _Check) -> Iterable[tuple[str, str | None, int | None, bool]]:
    feelings = c.item.get("feelings") or []
    if not isinstance(feelings, list):
        raise c.error("feelings", "should be a list")
    for i, f in enumerate(feelings, 1):
        key = f"feelings[{i}]"
        if not isinstance(f, dict):
            raise c.error(key, "should be an object with a 'word'")
        word = c.text("word", source=f)
        if not word or not word.strip():
            raise c.error(f"{key}.word", "is missing")
        intensity = f.get("intensity")
        if intensity is not None and (
            not isinstance(intensity, int)
            or isinstance(intensity, bool)
            or not 0 <= intensity <= 10
        ):
            raise c.error(f"{key}.intensity", "should be a whole number from 0 to 10")
        in_vocabulary = f.get("in_vocabulary", True)
        if not isinstance(in_vocabulary, bool):
            raise c.error(f"{key}.in_vocabulary", "should be true or false")
        yield word, c.text("family", source=f), intensity, in_vocabulary


def _episode(c: _Check) -> EpisodeIn | None:
    ep = c.item.get("episode")
    if ep is None:
        return None
    if not isinstance(ep, dict):
        raise c.error("episode", "should be an object or null")
    values: dict[str, str | None] = {}
    for key in ("person", "era", "what_happened", "wish", "other", "self") + tuple(CLUSTER):
        values[key] = c.text(key, source=ep)
    for key, pattern in CLUSTER.items():
        code = values[key]
        if code is not None:
            code = code.strip().upper()
            if not pattern.match(code):
                raise c.error(
                    f"episode.{key}", f"is not a cluster code like {pattern.pattern[1:3]}1"
                )
            values[key] = code
    if values["era"] is not None and values["era"] not in ERAS:
        raise c.error("episode.era", f"should be one of {', '.join(ERAS)}")
    person = values["person"]
    return EpisodeIn(
        person=person.strip().lstrip("@").strip() or None if person else None,
        era=values["era"],
        what_happened=values["what_happened"],
        wish=values["wish"],
        wish_cluster=values["wish_cluster"],
        other=values["other"],
        other_cluster=values["other_cluster"],
        other_expected=c.flag("other_expected", source=ep),
        self_response=values["self"],
        self_cluster=values["self_cluster"],
    )


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")


def check_jrnl(data: Any) -> None:
    """The top of a jrnl JSON export: an entries list."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportFileError("this is not a jrnl JSON export: it has no 'entries' list")


def read_jrnl(data: Any, tz: tzinfo) -> Iterator[EntryIn]:
    """Entries of a jrnl JSON export: title, body, date and time, starred; @tags become people."""
    check_jrnl(data)
    for number, item in enumerate(data["entries"], 1):
        yield jrnl_entry(number, item, tz)


def jrnl_entry(number: int, item: Any, tz: tzinfo) -> EntryIn:
    """One entry of a jrnl JSON export, checked."""
    c = _Check("jrnl ", number, item)
    day_text = c.text("date", required=True)
    assert day_text is not None
    time_text = c.text("time") or "00:00"
    try:
        if not DATE.match(day_text):
            raise ValueError
        on = date.fromisoformat(day_text)
    except ValueError:
        raise c.error("date", f"is not a date like 2026-11-02 ({day_text[:20]!r})") from None
    try:
        if not TIME.match(time_text):
            raise ValueError
        at = time.fromisoformat(time_text if len(time_text) > 4 else "0" + time_text)
    except ValueError:
        raise c.error("time", f"is not a time like 21:30 ({time_text[:20]!r})") from None
    about = datetime.combine(on, at, tzinfo=tz)
    title = c.text("title") or None
    body = c.text("body") or ""
    entry = _entry_in(number, about, about, title=title, body=body, starred=c.flag("starred"))
    text = f"{title or ''}\n{body}"
    lowered = text.lower() if text.isascii() else None
    seen: set[str] = set()
    for tag in c.strings("tags"):
        if tag.startswith("@") and len(tag) > 1:
            name = _as_written(tag, text, lowered)
            if name.casefold() not in seen:
                seen.add(name.casefold())
                entry.people.append(PersonIn(name))
        else:
            bare = tag.lstrip("#@+").strip()
            if bare:
                entry.tags.append(bare)
    return entry


def _as_written(tag: str, text: str, lowered: str | None = None) -> str:
    """jrnl lowercases tags; take the name as the client wrote it in the entry ('@Sam').

    `lowered` is `text.lower()` when the text is ASCII: then a plain search finds
    what the case-blind pattern would, several times faster.
    """
    if lowered is not None and tag.isascii():
        width = len(tag)
        at = lowered.find(tag)
        while at >= 0:
            before = lowered[at - 1] if at else " "
            after = lowered[at + width] if at + width < len(lowered) else " "
            if not (before.isalnum() or before in "_@") and not (after.isalnum() or after == "_"):
                return text[at + 1 : at + width]
            at = lowered.find(tag, at + 1)
        return tag[1:]
    found = re.search(rf"(?<![\w@]){re.escape(tag)}(?!\w)", text, re.IGNORECASE)
    return (found.group(0) if found else tag)[1:]


def read_entries(data: Any, fmt: ImportFormat, tz: tzinfo) -> tuple[str, list[EntryIn]]:
    """Every entry of the file, checked; raises ImportFileError at the first problem."""
    kind = detect(data) if fmt == "auto" else fmt
    reader = read_ours if kind == "json" else read_jrnl
    return kind, list(reader(data, tz))


# -- writing ---------------------------------------------------------------------------


class _People:
    """Person ids by name or alias (case-insensitive), creating people as needed."""

    def __init__(self, conn: sqlite3.Connection, now: str) -> None:
        self.conn, self.now = conn, now
        self.ids: dict[str, int] = {}
        self.known: dict[int, tuple[str | None, str | None]] = {}
        self.added = 0
        for pid, name, role, era in conn.execute("SELECT id, name, role, era FROM people"):
            self.ids.setdefault(name.casefold(), pid)
            self.known[pid] = (role, era)
        for alias, pid in conn.execute("SELECT alias, person_id FROM person_aliases"):
            self.ids.setdefault(alias.casefold(), pid)

    def id(self, ref: PersonIn) -> int:
        key = ref.name.casefold()
        pid = self.ids.get(key)
        if pid is None:
            cursor = self.conn.execute(
                "INSERT INTO people (name, role, era, created_at) VALUES (?, ?, ?, ?)",
                [ref.name, ref.role, ref.era, self.now],
            )
            pid = int(cursor.lastrowid or 0)
            self.ids[key] = pid
            self.known[pid] = (ref.role, ref.era)
            self.added += 1
            return pid
        role, era = self.known[pid]
        # Fill in what was not known before; never overwrite what the client said.
        if (ref.role and not role) or (ref.era and not era):
            self.conn.execute(
                "UPDATE people SET role = coalesce(role, ?), era = coalesce(era, ?) WHERE id = ?",
                [ref.role, ref.era, pid],
            )
            self.known[pid] = (role or ref.role, era or ref.era)
        return pid


class _Writer:
    """Writes checked entries in batches inside the caller's transaction.

    An entry already in the journal before this import (same moment, title and
    text) is skipped; two alike entries in one file are both kept, as they were
    in the journal that exported them. An entry keeps its own id when it is free
    (a journal moved to a new computer keeps its numbers); the rest get new ids
    after the highest.
    """

    def __init__(self, conn: sqlite3.Connection, now: str) -> None:
        self.conn = conn
        self.people = _People(conn, now)
        self.total = self.added = 0
        self.had_entries = conn.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is not None
        if self.had_entries:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_new (id INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.import_new")
        self.fts_trigger = _suspend_fts_trigger(conn)
        self.indexes = [] if self.had_entries else _suspend_indexes(conn)

    def write(self, batch: Sequence[EntryIn]) -> None:
        if not batch:
            return
        self.total += len(batch)
        fresh = self._fresh(batch)
        ids = self._ids(fresh)
        _write_batch(self.conn, fresh, ids, self.people, index_text=self.fts_trigger is not None)
        if self.had_entries:
            self.conn.executemany(
                "INSERT INTO temp.import_new (id) VALUES (?)", [(i,) for i in ids]
            )
        self.added += len(fresh)

    def _fresh(self, batch: Sequence[EntryIn]) -> Sequence[EntryIn]:
        """The entries of the batch not in the journal before this import (indexed lookup)."""
        if not self.had_entries:
            return batch
        moments = json.dumps(sorted({e.about_ts for e in batch}))
        rows = self.conn.execute(
            "SELECT about_ts, title, body FROM entries"
            " WHERE about_ts IN (SELECT value FROM json_each(?))"
            " AND id NOT IN (SELECT id FROM temp.import_new)",
            [moments],
        )
        found = {fingerprint(ts, title, body) for ts, title, body in rows}
        if not found:
            return batch
        return [e for e in batch if e.fingerprint() not in found]

    def _ids(self, fresh: Sequence[EntryIn]) -> list[int]:
        own = [e.id for e in fresh if e.id is not None]
        taken: set[int] = set()
        if own:
            taken = {
                row[0]
                for row in self.conn.execute(
                    "SELECT id FROM entries WHERE id IN (SELECT value FROM json_each(?))",
                    [json.dumps(own)],
                )
            }
        ids: list[int | None] = []
        for e in fresh:
            if e.id is not None and e.id not in taken:
                taken.add(e.id)
                ids.append(e.id)
            else:
                ids.append(None)
        highest = self.conn.execute("SELECT max(id) FROM entries").fetchone()[0] or 0
        next_id = max(highest, max(taken, default=0)) + 1
        out: list[int] = []
        for found in ids:
            if found is None:
                found, next_id = next_id, next_id + 1
            out.append(found)
        return out

    def finish(self) -> None:
        for sql in self.indexes:
            self.conn.execute(sql)
        if self.fts_trigger is not None:
            self.conn.execute(self.fts_trigger)
        if self.had_entries:
            self.conn.execute("DROP TABLE temp.import_new")

    def result(self, kind: str) -> ImportResult:
        return ImportResult(
            kind, self.total, self.added, self.total - self.added, self.people.added
        )


def import_entries(
    store: Store,
    entries: Sequence[EntryIn],
    *,
    now: datetime,
    progress: Progress | None = None,
    kind: str = "json",
) -> ImportResult:
    """Write checked entries in one transaction, skipping those already in the journal."""
    with store.transaction() as conn:
        writer = _Writer(conn, _iso(now))
        for start in range(0, len(entries), BATCH):
            writer.write(entries[start : start + BATCH])
            if progress is not None:
                progress(writer.total, len(entries))
        writer.finish()
    return writer.result(kind)


# The insert trigger sqlite-utils made for the full-text index. Row by row it
# costs about four times what one executemany into the index does, so a large
# import drops it inside its transaction, fills the index itself, and puts the
# identical trigger back before committing (DDL is transactional in SQLite).
FTS_INSERT_TRIGGER = " ".join(
    """CREATE TRIGGER "entries_ai" AFTER INSERT ON "entries" BEGIN
  INSERT INTO "entries_fts" (rowid, "title", "body") VALUES (new.rowid, new."title", new."body");
END""".split()
)


def _suspend_fts_trigger(conn: sqlite3.Connection) -> str | None:
    """Drop the known full-text insert trigger; returns its SQL to recreate it, else None."""
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'entries_ai'"
    ).fetchone()
    if row is None or " ".join(str(row[0]).split()) != FTS_INSERT_TRIGGER:
        return None  # an index this code does not know: let the triggers do the work
    conn.execute('DROP TRIGGER "entries_ai"')
    return str(row[0])


# Into an empty journal, building each index once from the finished table (a
# sort) costs a fraction of keeping it up to date row by row: the feelings'
# indexes by word take rows in random order. Dropped and made again from their
# own SQL inside the import's transaction, so a failed import keeps them.
BULK_TABLES = ("entries", "entry_tags", "entry_people", "entry_feelings", "episodes")


def _suspend_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the tables an import fills; returns their SQL."""
    marks = ", ".join("?" * len(BULK_TABLES))
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks})",
        BULK_TABLES,
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in rows]


def _write_batch(
    conn: sqlite3.Connection,
    batch: Sequence[EntryIn],
    ids: Sequence[int],
    people: _People,
    *,
    index_text: bool = False,
) -> None:
    conn.executemany(
        "INSERT INTO entries (id, written_at, about, about_ts, about_day, prompt_id, pack_id,"
        " title, body, private, starred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                entry_id,
                e.written_at,
                e.about,
                e.about_ts,
                e.about_day,
                e.prompt_id,
                e.pack_id,
                e.title,
                e.body,
                int(e.private),
                int(e.starred),
            )
            for entry_id, e in zip(ids, batch, strict=True)
        ],
    )
    if index_text:
        conn.executemany(
            'INSERT INTO "entries_fts" (rowid, "title", "body") VALUES (?, ?, ?)',
            [(entry_id, e.title, e.body) for entry_id, e in zip(ids, batch, strict=True)],
        )
    tags: list[tuple[int, str]] = []
    links: list[tuple[int, int]] = []
    feelings: list[tuple[int, str, str | None, int | None, int]] = []
    episodes: list[tuple[Any, ...]] = []
    for entry_id, e in zip(ids, batch, strict=True):
        tags.extend((entry_id, t) for t in e.tags)
        links.extend((entry_id, people.id(p)) for p in e.people)
        feelings.extend((entry_id, w, fam, n, int(v)) for w, fam, n, v in e.feelings)
        ep = e.episode
        if ep is not None and any(
            (
                ep.what_happened,
                ep.wish,
                ep.wish_cluster,
                ep.other,
                ep.other_cluster,
                ep.self_response,
                ep.self_cluster,
            )
        ):
            person_id = people.id(PersonIn(ep.person, era=ep.era)) if ep.person else None
            if person_id is not None:
                links.append((entry_id, person_id))
            episodes.append(episode_values(entry_id, person_id, ep))
    conn.executemany("INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)", tags)
    conn.executemany(
        "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)", links
    )
    conn.executemany(
        "INSERT INTO entry_feelings (entry_id, word, family, intensity, in_vocabulary)"
        " VALUES (?, ?, ?, ?, ?)",
        feelings,
    )
    conn.executemany(
        INSERT_EPISODE,
        episodes,
    )


def import_file(
    store: Store,
    path: Path,
    *,
    fmt: ImportFormat = "auto",
    tz: tzinfo,
    now: datetime,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, check and import one export file as a stream; all or nothing.

    `progress` is called with the bytes read so far and the size of the file.
    """
    name = str(path)
    with _open(path) as file:
        size = os.fstat(file.fileno()).st_size
        stream = JsonStream(file, name)
        if stream.peek() != "{":
            stream.skip()
            stream.end()
            _kind(None, fmt)  # raises: not an export
        head: dict[str, Any] = {}
        keys = stream.keys()
        for key in keys:
            if key == "entries" and stream.peek() == "[":
                break
            head[key] = stream.value()
        else:
            stream.end()
            _kind(head, fmt)  # raises: no entries list
            raise ImportFileError("the file has no 'entries' list")
        if _decided(head, fmt):
            kind = _kind({**head, "entries": []}, fmt)
        else:
            # What the file is depends on keys after its entries: look at them first.
            kind = _kind(_outline(path, name), fmt)
        check = our_entry if kind == "json" else jrnl_entry
        first: list[Any] = []
        with store.transaction() as conn:
            writer = _Writer(conn, _iso(now))
            if progress is not None:
                progress(0, size)
            batch: list[EntryIn] = []
            for number, item in enumerate(stream.items(), 1):
                if number == 1:
                    first.append(item)
                batch.append(check(number, item, tz))
                if len(batch) == BATCH:
                    writer.write(batch)
                    batch = []
                    if progress is not None:
                        progress(stream.bytes_read, size)
            writer.write(batch)
            for key in keys:
                if key == "entries":
                    raise ImportFileError("the file has two 'entries' lists; nothing was imported")
                head[key] = stream.value()
            stream.end()
            if _kind({**head, "entries": first}, fmt) != kind:
                raise ImportFileError(
                    "the keys after the entries say this is another kind of export; "
                    "nothing was imported"
                )
            writer.finish()
            if progress is not None:
                progress(size, size)
    return writer.result(kind)


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not an export file") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror})") from None


def _kind(data: Any, fmt: ImportFormat) -> Literal["json", "jrnl"]:
    """Which export the top of a file (entries cut short) is; raises if it is none."""
    kind = detect(data) if fmt == "auto" else fmt
    (check_ours if kind == "json" else check_jrnl)(data)
    return kind


def _decided(head: dict[str, Any], fmt: ImportFormat) -> bool:
    """Whether the keys before the entries say enough to check them as they are read."""
    if fmt == "jrnl" or ("format" in head and "version" in head):
        return True
    return fmt == "auto" and "format" not in head and "tags" in head


def _outline(path: Path, name: str) -> dict[str, Any]:
    """The file's top-level keys with its entries cut to the first (a quick first pass)."""
    with _open(path) as file:
        stream = JsonStream(file, name)
        head: dict[str, Any] = {}
        for key in stream.keys():
            if key == "entries" and stream.peek() == "[":
                items = stream.items()
                head[key] = list(islice(items, 1))
                for _ in items:
                    pass
            else:
                head[key] = stream.value()
        stream.end()
        return head
