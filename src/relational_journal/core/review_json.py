"""The review as JSON: the stable keys of `journal review --json`."""

from __future__ import annotations

from typing import Any

from relational_journal.core.review import Summary
from relational_journal.core.review_clusters import ClusterStat
from relational_journal.core.review_echoes import EchoSide
from relational_journal.core.review_words import ECHO_QUOTE_WIDTH, shortened


def _cluster_json(stats: tuple[ClusterStat, ...]) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "label": s.label,
            "count": s.count,
            "pervasiveness": round(s.pervasiveness, 3),
        }
        for s in stats
    ]


def _quote_json(side: EchoSide) -> dict[str, Any] | None:
    """The client's latest words on one side of an echo, shortened as the review shows them."""
    q = side.quote
    if q is None:
        return None
    return {
        "entry": q.entry_id,
        "day": q.day,
        "wish": None if q.wish is None else shortened(q.wish, ECHO_QUOTE_WIDTH),
        "other": None if q.other is None else shortened(q.other, ECHO_QUOTE_WIDTH),
        "self": None if q.self_response is None else shortened(q.self_response, ECHO_QUOTE_WIDTH),
    }


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """The stable JSON shape of a review (keys fixed by the review's contract)."""
    p = summary.patterns
    return {
        "period": {
            "from": summary.period.first_day.isoformat(),
            "to": summary.period.last_day.isoformat(),
        },
        "entries": summary.entries,
        "days_journaled": summary.days_journaled,
        "feelings": [
            {
                "word": f.word,
                "family": f.family,
                "count": f.count,
                "mean_intensity": f.mean_intensity,
                "previous_count": f.previous_count,
            }
            for f in summary.feelings
        ],
        "people": [
            {
                "name": person.name,
                "era": person.era,
                "mentions": person.mentions,
                "feelings": [{"word": w, "count": n} for w, n in person.feelings],
            }
            for person in summary.people
        ],
        "patterns": {
            "episodes": p.episodes,
            "wish": _cluster_json(p.wish),
            "other": _cluster_json(p.other),
            "self": _cluster_json(p.self),
        },
        "echoes": [
            {
                "wish": e.wish,
                "other": e.other,
                "people": [
                    {
                        "name": side.name,
                        "era": side.era,
                        "entries": list(side.entry_ids),
                        "quote": _quote_json(side),
                    }
                    for side in (e.first, e.second)
                ],
                "text": e.text,
                "self": e.response,
            }
            for e in summary.echoes
        ],
        "bring_to_session": [
            {"id": s.entry_id, "day": s.day, "title": s.title, "excerpt": s.excerpt}
            for s in summary.bring_to_session
        ],
    }
