"""The review's "in your own words, not tagged": only feelings the client says they felt."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpers import make_entry
from relational_journal.content.ccrt import load_ccrt
from relational_journal.content.feelings import load_vocabulary
from relational_journal.core.review import build_review
from relational_journal.render.review import review_markdown
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

START = datetime(2026, 11, 16, tzinfo=UTC)
END = datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC)


def offered(store: Store, *bodies: str) -> dict[str, int]:
    for day, body in enumerate(bodies, 16):
        store.add_entry(make_entry(body, about=datetime(2026, 11, day, 20, tzinfo=UTC)))
    summary = build_review(
        store, EntryFilter(), START, END, vocab=load_vocabulary(), ccrt=load_ccrt()
    )
    return {u.word: u.entries for u in summary.untagged}


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ("After the call I felt thankful.", "thankful"),
        ("I'm so lonely on Sundays.", "lonely"),
        ("Feeling anxious before the session.", "anxious"),
        ("It made me feel small, again.", "small"),
        ("I was really annoyed with myself.", "annoyed"),
        ("I have been exhausted all week.", "exhausted"),
    ],
)
def test_the_clients_own_feeling_is_offered(store: Store, body: str, word: str) -> None:
    assert offered(store, body) == {word: 1}


@pytest.mark.parametrize(
    "body",
    [
        "I thought about what she said.",  # thoughtful
        "She was annoyed with me.",  # someone else's feeling
        "He felt annoyed, he said.",
        "I said thank you and left.",  # thankful
        "A small house by the river.",
    ],
)
def test_other_senses_and_other_peoples_feelings_are_not_offered(store: Store, body: str) -> None:
    assert offered(store, body) == {}


def test_the_review_counts_entries_where_the_client_said_it(store: Store) -> None:
    found = offered(store, "I felt thankful.", "I'm so thankful for her.", "Thank you, Sam.")
    assert found == {"thankful": 2}
    summary = build_review(
        store, EntryFilter(), START, END, vocab=load_vocabulary(), ccrt=load_ccrt()
    )
    assert "In your own words, not tagged: 'thankful' in 2 entries" in review_markdown(summary)
