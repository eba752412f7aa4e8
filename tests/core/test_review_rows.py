"""The review's analysis from hand-built rows: no SQLite, only the pure summary."""

from __future__ import annotations

from helpers import CCRT, WEEK
from helpers import review_rows as rows
from relational_journal.core.review import summarize
from relational_journal.storage.review_rows import ClusterRow


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
