"""The client's own words for the review: the latest episode's words in each cluster,
and how often a response of the other was expected rather than met."""

from __future__ import annotations

from typing import TYPE_CHECKING

from relational_journal.storage.review_select import ENTRIES, period_sql

if TYPE_CHECKING:
    from relational_journal.storage.query import EntryFilter
    from relational_journal.storage.store import Store

# Each part's column of words and of its cluster code.
_PARTS = (
    ("wish", "ep.wish", "ep.wish_cluster"),
    ("other", "ep.other", "ep.other_cluster"),
    ("self", "ep.self", "ep.self_cluster"),
)


def cluster_quotes(store: Store, cur: EntryFilter) -> list[tuple[str, str, int, str]]:
    """(part, code, entry id, words) of the latest episode with words in each cluster.

    One pass over the period's episodes per part; a tie in time goes to the
    later entry.
    """
    where, params = period_sql(cur)
    selects = [
        f"SELECT '{part}' AS part, {code} AS code, e.id AS entry_id, {words} AS words,"
        f" row_number() OVER (PARTITION BY {code} ORDER BY e.about_ts DESC, e.id DESC) AS n"
        f" FROM {ENTRIES} CROSS JOIN episodes ep ON ep.entry_id = e.id"
        f" WHERE {where} AND {code} IS NOT NULL AND trim(coalesce({words}, '')) != ''"
        for part, words, code in _PARTS
    ]
    sql = (
        "SELECT part, upper(code), entry_id, words FROM ("
        + " UNION ALL ".join(selects)
        + ") WHERE n = 1"
    )
    rows = store.read(sql, params * len(_PARTS))
    return [(str(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in rows]


def expected_counts(store: Store, cur: EntryFilter) -> list[tuple[str, bool, int]]:
    """(RO code, expected, episodes): responses the client expected, and those that came."""
    where, params = period_sql(cur)
    rows = store.read(
        f"SELECT upper(ep.other_cluster), ep.other_expected, count(*)"
        f" FROM {ENTRIES} CROSS JOIN episodes ep ON ep.entry_id = e.id"
        f" WHERE {where} AND ep.other_cluster IS NOT NULL"
        " GROUP BY upper(ep.other_cluster), ep.other_expected",
        params,
    )
    return [(str(r[0]), bool(r[1]), int(r[2])) for r in rows]
