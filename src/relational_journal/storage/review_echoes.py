"""Behind each echo of the review: how the client responded, and their own latest words.

The echo counts themselves come from the tally (review_select.py, stored by month);
this adds, for the sides an echo can have, the episodes per response of self and the
latest episode with words, grouped in one query driven by the people involved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from relational_journal.storage.query import EntryFilter, where_clause
from relational_journal.storage.review_rows import EchoDetailRow, EchoRow, EchoWords

if TYPE_CHECKING:
    from datetime import datetime

    from relational_journal.storage.query import Privacy
    from relational_journal.storage.store import Store

# The era of an episode for an echo, as _echo_rows in review_queries.py decides it:
# a therapist's is therapy, else the episode's own, else the person's.
_ERA = (
    "CASE WHEN lower(coalesce(p.role, '')) = 'therapist' THEN 'therapy'"
    " ELSE coalesce(ep.era, p.era) END"
)
_WORDED = "trim(coalesce(ep.wish, '') || coalesce(ep.other, '') || coalesce(ep.self, '')) != ''"


def echo_details(
    store: Store, end: datetime, privacy: Privacy, sides: Iterable[EchoRow]
) -> list[EchoDetailRow]:
    """For each of `sides`: episodes per response of self, and the latest worded episode.

    Over the entries an echo's counts come from: up to the period's `end`, with
    the review's `privacy`. Per response of self, only the latest episode and the latest one
    with words come back from SQL; a tie in time goes to the later entry.
    """
    wanted = {(r.wish_cluster, r.other_cluster, r.person_id, r.era) for r in sides}
    if not wanted:
        return []
    where, params = where_clause(EntryFilter(end=end, privacy=privacy))
    people = sorted({pid for _, _, pid, _ in wanted})
    groups = sorted({f"{w}|{o}|{pid}" for w, o, pid, _ in wanted})
    group = "w, o, pid, era, s"
    sql = (
        "SELECT w, o, pid, era, s, n, recent, worded, ts, id, day, wish, other, self FROM ("
        " SELECT *,"
        f"  count(*) OVER (PARTITION BY {group}) AS n,"
        f"  row_number() OVER (PARTITION BY {group} ORDER BY ts DESC, id DESC) AS recent,"
        f"  row_number() OVER (PARTITION BY {group} ORDER BY has_words DESC, ts DESC, id DESC)"
        "   AS worded"
        " FROM (SELECT ep.wish_cluster AS w, ep.other_cluster AS o, ep.person_id AS pid,"
        f"  {_ERA} AS era, upper(ep.self_cluster) AS s, e.about_ts AS ts, e.id AS id,"
        "  e.about_day AS day, ep.wish AS wish, ep.other AS other, ep.self AS self,"
        f"  {_WORDED} AS has_words"
        "  FROM episodes ep CROSS JOIN entries e ON e.id = ep.entry_id"
        "  CROSS JOIN people p ON p.id = ep.person_id"
        "  WHERE ep.person_id IN (SELECT value FROM json_each(?))"
        "   AND ep.wish_cluster || '|' || ep.other_cluster || '|' || ep.person_id"
        "    IN (SELECT value FROM json_each(?))"
        f"   AND {where}))"
        " WHERE recent = 1 OR (worded = 1 AND has_words)"
    )
    rows = store.read(sql, [json.dumps(people), json.dumps(groups), *params])
    selves: dict[tuple[str, str, int, str], dict[str | None, tuple[int, tuple[int, int]]]] = {}
    words: dict[tuple[str, str, int, str], tuple[tuple[int, int], EchoWords]] = {}
    for w, o, pid, era, s, n, recent, worded, ts, entry_id, day, wish, other, said in rows:
        key = (str(w), str(o), int(pid), str(era))
        if key not in wanted:
            continue
        when = (int(ts), int(entry_id))
        if recent == 1:
            selves.setdefault(key, {})[s] = (int(n), when)
        if worded == 1 and any((x or "").strip() for x in (wish, other, said)):
            had = words.get(key)
            if had is None or when > had[0]:
                words[key] = (when, EchoWords(int(entry_id), str(day), wish, other, said))
    out = []
    for key, by_self in selves.items():
        w, o, pid, era = key
        out.append(
            EchoDetailRow(
                w,
                o,
                pid,
                era,
                selves=tuple((code, n, when) for code, (n, when) in by_self.items() if code),
                words=words[key][1] if key in words else None,
            )
        )
    return out
