"""Import entries from this journal's JSON export, jrnl (its JSON export, its text journal
or folder journal) and Day One (its `Journal.json` or the export's .zip).

What the file is comes from its content, then its name. Every format goes the
same way: read as a stream, one entry at a time (a 100 MB export never sits in
memory), every entry checked as it is read and written in batches inside one
transaction: a bad file changes nothing and the error names the entry (counted
from 1) or the line, and the field. An entry already in the journal (same
moment, title and text) is skipped, so importing the same file twice adds
nothing the second time.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, cast

from relational_journal.errors import ImportFileError
from relational_journal.interchange.import_dayone import check_dayone, dayone_entry
from relational_journal.interchange.import_dayone import looks_like_dayone as _dayone
from relational_journal.interchange.import_jrnl import check_jrnl, jrnl_entry
from relational_journal.interchange.import_jrnl_text import JrnlText, day_of, time_formats
from relational_journal.interchange.import_ours import OUR_FORMAT, check_ours, our_entry
from relational_journal.interchange.json_stream import JsonStream
from relational_journal.models import EntryIn, ImportResult
from relational_journal.storage.bulk import bulk_writer
from relational_journal.storage.people import known_names

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

ImportFormat = Literal["auto", "json", "jrnl", "dayone"]
JsonKind = Literal["json", "jrnl", "dayone"]
Progress = Callable[[int, int], None]
Opener = Callable[[], BinaryIO]
BATCH = 2000
SNIFF = 4096  # bytes read to tell what a file is
# What is counted when it cannot be imported, in the order the summary names it.
LEFT_OUT = ("photos", "videos", "audios", "pdfs", "locations", "weather", "empty")
_JRNL_HEAD = re.compile(rb"\[[^\]\n]{1,80}\](?: |\r?\n|$)")
_FERNET = re.compile(rb"gAAAAA[A-Za-z0-9_=-]{20,}\s*$")
_MAGIC = {
    b"SQLite format 3\x00": "an SQLite database, not an export (export it with "
    "`journal export --format json` on the computer it is on)",
    b"%PDF": "a PDF document, not a journal export",
    b"\x1f\x8b": "a gzip-compressed file: unpack it first",
    b"\x89PNG": "a picture, not a journal export",
    b"\xff\xd8\xff": "a picture, not a journal export",
}


@dataclass(frozen=True)
class ImportSummary(ImportResult):
    """What an import did, and how many of each thing it had no place for."""

    left_out: tuple[tuple[str, int], ...] = ()  # ("photos", 12), ("locations", 30)


def detect(data: Any) -> JsonKind:
    """Which JSON export this is, from its shape."""
    if isinstance(data, dict):
        if data.get("format") == OUR_FORMAT:
            return "json"
        entries = data.get("entries")
        if isinstance(entries, list) and "format" not in data:
            first = entries[0] if entries else None
            if "tags" in data or (isinstance(first, dict) and "date" in first):
                return "jrnl"
            if _dayone(data):
                return "dayone"
    raise ImportFileError(
        "this is neither a relational-journal JSON export nor a jrnl JSON export "
        "(`jrnl --export json`) nor a Day One export"
    )


def import_file(
    store: Store,
    path: Path,
    *,
    fmt: ImportFormat = "auto",
    tz: tzinfo,
    now: datetime,
    progress: Progress | None = None,
    timeformat: str | None = None,
    as_people: Collection[str] | None = None,
    update: bool | Callable[[int], bool] = False,
) -> ImportSummary:
    """Read, check and import one export file or jrnl folder as a stream; all or nothing.

    `timeformat` is the strftime format of a jrnl text journal's dates (from the
    client's jrnl config); without it jrnl's usual formats are tried. `progress`
    is called with the bytes read so far and the size of what is read.

    jrnl's `@tags` name people, unless `as_people` is given: then only those
    names (and people the journal already knows) are people, the other
    `@tags` stay tags. An entry imported before (same moment and title) whose
    text has changed since takes the file's text when `update` is true or,
    given a question, says yes to it (asked once, with how many).
    """
    with _Run(path, fmt, tz, timeformat) as run:
        entries = run.entries()
        if as_people is not None:
            entries = _people_only(entries, run, as_people, known_names(store))
        with bulk_writer(store, now) as writer:
            if progress is not None:
                progress(0, run.size)
            batch: list[EntryIn] = []
            for entry in entries:
                batch.append(entry)
                if len(batch) == BATCH:
                    writer.write(batch)
                    batch = []
                    if progress is not None:
                        progress(run.done, run.size)
            writer.write(batch)
            if writer.changed and (
                update is True or (callable(update) and update(len(writer.changed)))
            ):
                writer.update_changed()
        if progress is not None:
            progress(run.size, run.size)
    result = writer.result(run.kind)
    left_out = tuple((key, run.left_out[key]) for key in LEFT_OUT if run.left_out[key])
    return ImportSummary(
        result.format,
        result.total,
        result.added,
        result.skipped,
        result.people_added,
        changed=result.changed,
        updated=result.updated,
        left_out=left_out,
    )


def _people_only(
    entries: Iterator[EntryIn], run: _Run, as_people: Collection[str], known: Collection[str]
) -> Iterator[EntryIn]:
    """jrnl's `@tags` stay tags but for the names chosen as people or known as people."""
    people = {n.casefold() for n in (*as_people, *known)}
    for entry in entries:
        if run.kind.startswith("jrnl") and entry.people:
            tags = {t.casefold() for t in entry.tags}
            kept = []
            for person in entry.people:
                if person.name.casefold() in people:
                    kept.append(person)
                elif person.name.casefold() not in tags:
                    tags.add(person.name.casefold())
                    entry.tags.append(person.name)
            entry.people = kept
        yield entry


def jrnl_tag_counts(
    path: Path, *, fmt: ImportFormat = "auto", tz: tzinfo, timeformat: str | None = None
) -> list[tuple[str, int]]:
    """A jrnl journal's `@tags`, entries per tag, most used first (a first pass over the file).

    Empty for a file that is no jrnl journal: only jrnl's tags may name people.
    """
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    with _Run(path, fmt, tz, timeformat) as run:
        for entry in run.entries():
            if not run.kind.startswith("jrnl"):
                return []
            for person in entry.people:
                key = person.name.casefold()
                spelled.setdefault(key, person.name)
                counts[key] += 1
    return [(spelled[key], n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


class _Run:
    """One import's source: what it is, how big, and its entries one at a time."""

    def __init__(self, path: Path, fmt: ImportFormat, tz: tzinfo, timeformat: str | None):
        self.path, self.name, self.fmt, self.tz = path, str(path), fmt, tz
        self.formats = time_formats(timeformat)
        self.timeformat = timeformat
        self.kind = ""
        self.size = self.done = 0
        self.left_out: Counter[str] = Counter()
        self.archive: zipfile.ZipFile | None = None

    def __enter__(self) -> _Run:
        self.source = self._sniff()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.archive is not None:
            self.archive.close()

    def entries(self) -> Iterator[EntryIn]:
        if self.source == "folder":
            return self._folder()
        if self.source == "zip":
            return self._zip()
        if self.source == "text":
            return self._text()
        return self._json(partial(_open, self.path), self.name)

    def _sniff(self) -> str:
        """'folder', 'zip', 'json' or 'text'; raises for anything else, in one line."""
        name, fmt = self.name, self.fmt
        if self.path.is_dir():
            if fmt in ("json", "dayone"):
                raise ImportFileError(f"{name} is a folder, not an export file")
            return "folder"
        with _open(self.path) as file:
            head = file.read(SNIFF)
            self.size = os.fstat(file.fileno()).st_size
        text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            if fmt in ("json", "jrnl"):
                raise ImportFileError(f"{name} is a zip file; only Day One's export is read as one")
            self._no_timeformat_with(True)
            return "zip"
        if not text and len(head) == self.size:
            raise ImportFileError(f"{name} is empty; there is nothing to import")
        if text.startswith(b"JRNLv") or _FERNET.match(text[:SNIFF]):
            raise ImportFileError(
                f"{name} looks like an encrypted jrnl journal: run `jrnl --decrypt` first, "
                "then import the decrypted file"
            )
        named_json = self.path.suffix.lower() == ".json"
        # "[2026-11-03 20:15] Title" opens a jrnl journal; in a .json file, a JSON list.
        jrnl_head = _JRNL_HEAD.match(text) is not None and (
            not named_json or self.timeformat is not None
        )
        if (
            fmt in ("json", "dayone")
            or text[:1] == b"{"
            or (text[:1] == b"[" and not jrnl_head)
            or (fmt == "auto" and named_json and not jrnl_head)
        ):
            self._no_timeformat_with(True)
            return "json"
        # A journal in another encoding is told its line; other bytes are no journal.
        journal_start = _JRNL_HEAD.match(text) is not None or text[:1].isdigit()
        if b"\x00" in head or not (_utf8(head) or journal_start):
            for magic, what in _MAGIC.items():
                if head.startswith(magic):
                    raise ImportFileError(f"{name} is {what}")
            raise ImportFileError(
                f"{name} is a binary file, not a journal or an export; if it is a jrnl "
                "journal encrypted by jrnl 1.x, run `jrnl --decrypt` first"
            )
        return "text"

    def _no_timeformat_with(self, export: bool) -> None:
        if self.timeformat is not None and export:
            raise ImportFileError(
                f"--timeformat is for jrnl text journals; {self.name} is an export file"
            )

    def _text(self) -> Iterator[EntryIn]:
        self.kind = "jrnl-text"
        reader = JrnlText(self.name, self.tz, self.formats)
        with _open(self.path) as file:
            for entry in reader.entries(file):
                yield entry
                self.done = reader.bytes_read
        if reader.number == 1:
            raise ImportFileError(f"{self.name} holds no entries; nothing was imported")

    def _folder(self) -> Iterator[EntryIn]:
        self.kind = "jrnl-folder"
        days = []
        for file in self.path.glob("*/*/*.txt"):
            parts = file.relative_to(self.path).parts
            day = day_of(self.name.rstrip("/"), parts)
            if day is not None and file.is_file():
                days.append((day, "/".join(parts), file))
        if not days:
            raise ImportFileError(
                f"{self.name} is a folder but not a jrnl folder journal: it holds no "
                "YYYY/MM/DD.txt files (for a Day One export, give its .zip or Journal.json)"
            )
        days.sort()
        self.size = sum(file.stat().st_size for _, _, file in days)
        number = 1
        for day, rel, file in days:
            reader = JrnlText(
                f"{self.name.rstrip('/')}/{rel}",
                self.tz,
                self.formats,
                day=day,
                first_number=number,
            )
            done = self.done
            with _open(file) as stream:
                for entry in reader.entries(stream):
                    yield entry
                    self.done = done + reader.bytes_read
            number = reader.number
            self.done = done + reader.bytes_read
        if number == 1:
            raise ImportFileError(f"{self.name} holds no entries; nothing was imported")

    def _zip(self) -> Iterator[EntryIn]:
        try:
            self.archive = archive = zipfile.ZipFile(self.path)
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".json")
                and not info.filename.startswith("__MACOSX/")
                and not info.filename.rsplit("/", 1)[-1].startswith("._")
            ]
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ImportFileError(f"{self.name} looks like a zip file but cannot be read") from None
        if not members:
            raise ImportFileError(
                f"{self.name} is a zip file but not a Day One export: it holds no journal "
                ".json file; nothing was imported"
            )
        self.size = sum(info.file_size for info in members)
        for info in members:
            where = f"{self.name}: {info.filename}"
            try:
                yield from self._json(_member(archive, info), where, dayone_only=True)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
                raise ImportFileError(
                    f"{where} is damaged in the zip; nothing was imported"
                ) from None
            except RuntimeError:  # zipfile's "password required"
                raise ImportFileError(
                    f"{where} is password-protected; unzip it first and import its Journal.json"
                ) from None

    def _json(self, opener: Opener, name: str, *, dayone_only: bool = False) -> Iterator[EntryIn]:
        fmt = self.fmt
        done = self.done
        with opener() as file:
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
                kind = _kind(_outline(opener, name), fmt)
            if dayone_only and kind != "dayone":
                raise ImportFileError(f"{name} is not a Day One journal; nothing was imported")
            if self.kind not in ("", kind):
                raise ImportFileError(f"{name} is another kind of export than the rest")
            self.kind = kind
            first: list[Any] = []
            check: Callable[[int, Any, tzinfo], EntryIn | None]
            if kind == "dayone":
                check = partial(dayone_entry, left_out=self.left_out)
            else:
                check = our_entry if kind == "json" else jrnl_entry
            for number, item in enumerate(stream.items(), 1):
                if number == 1:
                    first.append(item)
                entry = check(number, item, self.tz)
                if entry is not None:
                    yield entry
                self.done = done + stream.bytes_read
            for key in keys:
                if key == "entries":
                    raise ImportFileError("the file has two 'entries' lists; nothing was imported")
                head[key] = stream.value()
            stream.end()
            self.done = done + stream.bytes_read
            if _kind({**head, "entries": first}, fmt) != kind:
                raise ImportFileError(
                    "the keys after the entries say this is another kind of export; "
                    "nothing was imported"
                )


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Opener:
    return lambda: cast(BinaryIO, archive.open(info))


def _utf8(head: bytes) -> bool:
    """Whether the start of a file is UTF-8 (a character cut at the end does not count)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3 and len(head) == SNIFF
    return True


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not an export file") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror})") from None


def _kind(data: Any, fmt: ImportFormat) -> JsonKind:
    """Which export the top of a file (entries cut short) is; raises if it is none."""
    kind: JsonKind = detect(data) if fmt == "auto" else fmt
    {"json": check_ours, "jrnl": check_jrnl, "dayone": check_dayone}[kind](data)
    return kind


def _decided(head: dict[str, Any], fmt: ImportFormat) -> bool:
    """Whether the keys before the entries say enough to check them as they are read."""
    if fmt in ("jrnl", "dayone") or ("format" in head and "version" in head):
        return True
    return fmt == "auto" and "format" not in head and ("tags" in head or "metadata" in head)


def _outline(opener: Opener, name: str) -> dict[str, Any]:
    """The file's top-level keys with its entries cut to the first (a quick first pass)."""
    with opener() as file:
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
