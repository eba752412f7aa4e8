"""The review's analysis from hand-built rows: no SQLite, only the pure summary."""

from __future__ import annotations

from datetime import UTC, datetime

from relational_journal.content.ccrt import load_ccrt
from relational_journal.core.periods import Period
from relational_journal.core.review import summarize
from relational_journal.storage.review_rows import (
    ClusterRow,
    DayRow,
    EchoRow,
    FeelingRow,
    PersonRow,
    ReviewRows,
)

CCRT = load_ccrt()
WEEK = Period(
    datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC), "week"
)


def rows(**changes: object) -> ReviewRows:
    base: dict[str, object] = {
        "entries": 5,
        "days_journaled": 4,
        "days": [DayRow("2026-11-16", 2, -1.0, 2), DayRow("2026-11-18", 1, 0.5, 1)],
        "prompts": [("present", "present-closeness", 2)],
        "feelings": [
            FeelingRow("lonely", "sad", 3, 6.0),
            FeelingRow("angry", "mad", 1, 4.0),
        ],
        "previous_feelings": None,
        "previous_entries": None,
        "people": [
            PersonRow(1, "Sam", "present", "partner", 3),
            PersonRow(2, "Dad", "past", "father", 2),
        ],
        "person_feelings": [(1, "lonely", 2), (2, "lonely", 1)],
        "episodes": 4,
        "clusters": [
            ClusterRow("wish", "W6", 4),
            ClusterRow("other", "RO5", 3),
            ClusterRow("other", "RO8", 1),
            ClusterRow("self", "RS2", 3),
            ClusterRow("self", None, 1),
        ],
        "previous_episodes": None,
        "previous_clusters": None,
        "episode_list": [],
        "echoes_here": [
            EchoRow("W6", "RO5", 1, "Sam", "present", 2, (5, 3)),
            EchoRow("W6", "RO5", 2, "Dad", "past", 1, (2,)),
        ],
        "echoes_any": [],
        "starred": [],
        "starred_total": 0,
    }
    base.update(changes)
    return ReviewRows(**base)  # type: ignore[arg-type]


def test_the_most_pervasive_wish_response_and_self_response_make_the_pattern() -> None:
    summary = summarize(WEEK, rows(), CCRT)
    assert summary.patterns.pattern == ("W6", "RO5", "RS2")
    other = {s.code: s for s in summary.patterns.other}
    # three of the four episodes that name a response of the other were rejecting
    assert other["RO5"].count == 3 and round(other["RO5"].pervasiveness, 2) == 0.75
    assert summary.patterns.question is not None


def test_a_past_and_a_present_relationship_with_the_same_wish_and_response_echo() -> None:
    summary = summarize(WEEK, rows(), CCRT)
    assert len(summary.echoes) == 1
    echo = summary.echoes[0]
    assert (echo.first.name, echo.first.era) == ("Dad", "past")
    assert (echo.second.name, echo.second.era) == ("Sam", "present")
    assert (echo.wish, echo.other) == ("W6", "RO5")


def test_fewer_than_three_episodes_are_shown_as_they_are_without_a_pattern() -> None:
    summary = summarize(
        WEEK,
        rows(episodes=2, clusters=[ClusterRow("wish", "W6", 2), ClusterRow("other", "RO5", 2)]),
        CCRT,
    )
    assert summary.patterns.too_few and summary.patterns.pattern is None
