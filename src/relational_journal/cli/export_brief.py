"""Gathering the session brief for `journal export`: the rows from storage, worded by core."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import tzinfo

    from relational_journal.content.ccrt import CCRT
    from relational_journal.core.brief import Brief
    from relational_journal.core.review import Summary
    from relational_journal.storage.query import EntryFilter
    from relational_journal.storage.store import Store


def session_brief(
    store: Store,
    f: EntryFilter,
    summary: Summary,
    ccrt: CCRT,
    *,
    now: datetime,
    tz: tzinfo,
    pleasantness: dict[str, float],
    safety_plan_included: bool,
) -> Brief:
    """The brief of the shared entries matching `f` (private ones are never counted)."""
    from relational_journal.core.brief import make_brief
    from relational_journal.core.chart import daily_series, person_trends
    from relational_journal.core.sessions import find_session, sessions_between
    from relational_journal.storage import brief_rows as rows

    first, last = summary.period.first_day, summary.period.last_day
    last_session = find_session(store, "last", now, tz)
    since = None if last_session is None else rows.entries_since(store, f, last_session)
    start = datetime.combine(first, time(0, 0), tzinfo=tz)
    end = datetime.combine(last, time(23, 59, 59), tzinfo=tz)
    sessions = sorted({s.at.astimezone(tz).date() for s in sessions_between(store, start, end, tz)})
    valence = {
        c.code.upper(): c.valence or "" for info in ccrt.components.values() for c in info.clusters
    }
    return make_brief(
        summary,
        ccrt,
        last_session=None if last_session is None else last_session.astimezone(tz).date(),
        since_session=since,
        sessions=sessions,
        moments=rows.intense_moments(store, f),
        people=rows.people_feelings(store, f),
        days=daily_series(
            first,
            last,
            rows.entries_per_day(store, f),
            rows.feelings_per_day(store, f),
            pleasantness,
        ),
        trends=person_trends(rows.person_episodes(store, f), valence),
        safety_plan_written=rows.safety_plan_exists(store),
        safety_plan_included=safety_plan_included,
    )
