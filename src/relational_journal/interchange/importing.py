"""Import entries: the journal's own JSON export, and jrnl's (`jrnl --export json`).

The file is read as a stream, one entry at a time (a 100 MB export never sits
in memory), and every entry is checked as it is read and written in batches
inside one transaction: a bad file changes nothing and the error names the
entry (counted from 1) and the field. An entry already in the journal (same
moment, title and text) is skipped, so importing the same file twice adds
nothing the second time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, tzinfo
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from relational_journal.errors import ImportFileError
from relational_journal.interchange.import_jrnl import check_jrnl, jrnl_entry
from relational_journal.interchange.import_ours import OUR_FORMAT, check_ours, our_entry
from relational_journal.interchange.json_stream import JsonStream
from relational_journal.models import EntryIn, ImportResult
from relational_journal.storage.bulk import bulk_writer

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

ImportFormat = Literal["auto", "json", "jrnl"]
Progress = Callable[[int, int], None]
BATCH = 2000


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
        with bulk_writer(store, now) as writer:
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
