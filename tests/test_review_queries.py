"""review_queries: the aggregations behind `journal review` (short and long periods alike)."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import make_entry
from relational_journal.ccrt import load_ccrt
from relational_journal.feelings import load_vocabulary
from relational_journal.filters import EntryFilter
from relational_journal.models import FeelingFelt, PersonRef
from relational_journal.review import build_review
from relational_journal.store import Store

VOCAB = load_vocabulary(None)
CCRT = load_ccrt()
MONDAY = datetime(2026, 11, 16, tzinfo=UTC)
WEEK_END = datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC)


def feel(word: str, intensity: int) -> FeelingFelt:
    return FeelingFelt(word, VOCAB.words[word].family, intensity)


def test_a_word_tagged_twice_on_one_entry_counts_once_with_its_first_intensity(
    store: Store,
) -> None:
    sam = (PersonRef("Sam", era="present"),)
    store.add_entry(
        make_entry(
            about=datetime(2026, 11, 17, 9, tzinfo=UTC),
            feelings=(feel("anxious", 4), feel("anxious", 8)),
            people=sam,
        )
    )
    store.add_entry(
        make_entry(
            about=datetime(2026, 11, 18, 9, tzinfo=UTC),
            feelings=(feel("anxious", 6),),
            people=sam,
        )
    )
    s = build_review(store, EntryFilter(), MONDAY, WEEK_END, vocab=VOCAB, ccrt=CCRT)
    anxious = next(f for f in s.feelings if f.word == "anxious")
    assert (anxious.count, anxious.mean_intensity) == (2, 5.0)
    assert s.people[0].feelings == (("anxious", 2),)
    assert s.buckets[1].pleasantness == VOCAB.words["anxious"].pleasantness
