"""The review speaks with the client's own words: quotes, what was expected, counts in words."""

from __future__ import annotations

from helpers import review_summary
from relational_journal.core.document import to_markdown
from relational_journal.core.review_document import review_blocks
from relational_journal.core.review_words import cluster_notes, valence_lines
from relational_journal.storage.review_rows import ClusterRow


def test_each_cluster_shows_the_clients_latest_words() -> None:
    summary = review_summary(quotes=[("other", "RO5", 5, "he looked at his phone\nand left")])
    (ro5,) = [s for s in summary.patterns.other if s.code == "RO5"]
    assert cluster_notes(ro5) == ["“he looked at his phone and left” (entry 5)"]
    markdown = to_markdown(review_blocks(summary))
    assert "“he looked at his phone and left” (entry 5)" in markdown


def test_expected_responses_are_counted_apart_from_those_that_came() -> None:
    summary = review_summary(expected=[("RO5", True, 2), ("RO5", False, 1)])
    (ro5,) = [s for s in summary.patterns.other if s.code == "RO5"]
    assert ro5.expected == 2 and ro5.count == 3
    assert cluster_notes(ro5) == ["you expected it twice; it came once"]


def test_counts_are_words_not_percentages() -> None:
    summary = review_summary()
    lines = valence_lines(summary)
    assert lines and all("%" not in line for line in lines)
    assert "in 3 of 4 episodes" in " ".join(lines)
    markdown = to_markdown(review_blocks(summary))
    assert "%" not in markdown.split("Relational patterns")[1].split("Echoes")[0]
    assert "in 4 of 4 episodes" in markdown


def test_a_tie_goes_to_the_cluster_met_most_recently() -> None:
    clusters = [ClusterRow("other", "RO5", 2), ClusterRow("other", "RO8", 2)]
    quotes = [("other", "RO5", 3, "walked off"), ("other", "RO8", 9, "listened")]
    summary = review_summary(clusters=clusters, quotes=quotes)
    assert [s.code for s in summary.patterns.other] == ["RO8", "RO5"]
    older = review_summary(clusters=clusters, quotes=[("other", "RO5", 9, "walked off")])
    assert [s.code for s in older.patterns.other] == ["RO5", "RO8"]
