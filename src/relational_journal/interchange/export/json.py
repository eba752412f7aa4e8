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


def write(entries: Iterable[Entry], sink: IO[str], ctx: ExportContext) -> int:
    head = json.dumps(
        {"format": FORMAT_NAME, "version": VERSION, "exported_at": iso(ctx.generated_at)},
        ensure_ascii=False,
    )
    # The header object, reopened so entries can be appended one at a time.
    sink.write(head[:-1] + ', "entries": [')
    count = 0
    for entry in entries:
        sink.write(",\n  " if count else "\n  ")
        sink.write(json.dumps(entry_record(entry), ensure_ascii=False))
        count += 1
    sink.write("\n]}\n" if count else "]}\n")
    return count
