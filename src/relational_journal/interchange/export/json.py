"""JSON: the lossless interchange format, `{"format": "relational-journal", "version": 1, ...}`.

Written entry by entry, so memory stays flat however many entries there are.
`journal import` reads it back into identical entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from relational_journal.interchange.export.common import entry_record, iso

if TYPE_CHECKING:
    from relational_journal.interchange.export import ExportContext
    from relational_journal.models import Entry

FORMAT_NAME = "relational-journal"
VERSION = 1
ENTRIES_PER_WRITE = 500  # entries encoded before one write to the sink


def write(entries: Iterable[Entry], sink: IO[str], ctx: ExportContext) -> int:
    head = json.dumps(
        {"format": FORMAT_NAME, "version": VERSION, "exported_at": iso(ctx.generated_at)},
        ensure_ascii=False,
    )
    # The header object, reopened so entries can be appended one at a time.
    sink.write(head[:-1] + ', "entries": [')
    encode = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps uses, made once
    block: list[str] = []
    count = 0
    for entry in entries:
        block.append(encode(entry_record(entry)))
        count += 1
        if len(block) == ENTRIES_PER_WRITE:
            sink.write(("\n  " if count == len(block) else ",\n  ") + ",\n  ".join(block))
            block.clear()
    if block:
        sink.write(("\n  " if count == len(block) else ",\n  ") + ",\n  ".join(block))
    sink.write("\n]}\n" if count else "]}\n")
    return count
