"""When the review's people were last written about, to order those named equally often."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from relational_journal.storage.review_select import ENTRIES, period_sql

if TYPE_CHECKING:
    from relational_journal.storage.query import EntryFilter
    from relational_journal.storage.store import Store


def last_mentions(store: Store, cur: EntryFilter, mentions: Mapping[int, int]) -> dict[int, int]:
    """Person id -> about_ts of their latest entry in the period, for people whose
    number of entries another person shares (the only ones a tie needs)."""
    seen: dict[int, int] = {}
    for n in mentions.values():
        seen[n] = seen.get(n, 0) + 1
    tied = sorted(pid for pid, n in mentions.items() if seen[n] > 1)
    if not tied:
        return {}
    where, params = period_sql(cur)
    rows = store.read(
        f"SELECT ep.person_id, max(e.about_ts) FROM {ENTRIES}"
        " CROSS JOIN entry_people ep ON ep.entry_id = e.id"
        f" WHERE {where} AND ep.person_id IN (SELECT value FROM json_each(?))"
        " GROUP BY ep.person_id",
        [*params, json.dumps(tied)],
    )
    return {int(r[0]): int(r[1]) for r in rows}
