"""review_queries: the aggregations behind `journal review` (short and long periods alike).

Stored months: a long review adds up kept monthly counts, and they never go
stale. Those tests compare the review a client sees with the same review
counted from every entry (the stored months switched off): whatever changed in
the journal, the two must agree.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from helpers import make_entry
from relational_journal.content.ccrt import load_ccrt
from relational_journal.content.feelings import FeelingWord, Vocabulary, load_vocabulary
from relational_journal.core.review import Summary, build_review
from relational_journal.core.review_json import summary_to_json
from relational_journal.models import Episode, FeelingFelt, PersonRef
from relational_journal.storage import review_months
from relational_journal.storage.entries import move_to_trash, purge, restore
from relational_journal.storage.people import merge_people
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

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


# -- stored months ------------------------------------------------------------------

# January to June 2026: February to May are whole months inside it.
START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC)
ZONES = [timezone(timedelta(hours=h)) for h in (-10, -3, 0, 5.5, 13)]
PEOPLE = [("Sam", "present"), ("Mom", "past"), ("Alex", "past"), ("Ruth", "therapy")]
WORDS = ["anxious", "sad", "hurt", "calm", "happy", "angry", "lonely", "proud"]


def _journal(store: Store, seed: int = 7, n: int = 260) -> list[int]:
    """Entries from December to July in several time zones, many near month boundaries."""
    rng = random.Random(seed)
    ids = []
    for _ in range(n):
        base = datetime(2025, 11, 25) + timedelta(days=rng.randrange(0, 250))
        if rng.random() < 0.3:  # the last or first hours of a month, in some zone
            base = base.replace(day=1) - timedelta(hours=rng.choice((1, 3, 10)))
        about = (base + timedelta(minutes=rng.randrange(0, 24 * 60))).replace(
            tzinfo=rng.choice(ZONES)
        )
        people = tuple(
            PersonRef(name, role="therapist" if era == "therapy" else None, era=era)
            for name, era in rng.sample(PEOPLE, rng.randrange(0, 3))
        )
        words = rng.sample(WORDS, rng.randrange(0, 4))
        if words and rng.random() < 0.1:
            words.append(words[0])  # the same word tagged twice
        feelings = tuple(
            FeelingFelt(w, VOCAB.words[w].family, rng.choice((None, rng.randrange(0, 11))))
            for w in words
        )
        episode = None
        if people and rng.random() < 0.5:
            episode = Episode(
                person=people[0].name,
                wish="to be heard",
                wish_cluster=f"W{rng.randrange(1, 4)}",
                other="they turned away",
                other_cluster=f"RO{rng.randrange(1, 4)}",
                self_response="I went quiet",
                self_cluster=rng.choice((None, f"RS{rng.randrange(1, 4)}")),
            )
        ids.append(
            store.add_entry(
                make_entry(
                    f"Entry about {people[0].name if people else 'the day'}.",
                    about=about,
                    people=people,
                    feelings=feelings,
                    episode=episode,
                    private=rng.random() < 0.2,
                    starred=rng.random() < 0.1,
                    prompt_id=rng.choice((None, "present-1", "past-2")),
                    pack_id=rng.choice((None, "present", "past")),
                )
            )
        )
    return ids


def _seen(s: Summary) -> dict[str, Any]:
    """What a client sees of a review, the day strip's tone rounded as it is shown."""
    seen = summary_to_json(s)
    seen["strip"] = [
        (
            b.first,
            b.entries,
            b.days_journaled,
            None if b.pleasantness is None else round(b.pleasantness, 9),
        )
        for b in s.buckets
    ]
    seen["families"] = s.families
    seen["echoes_full"] = s.echoes
    return seen


def _review(store: Store, vocab: Vocabulary = VOCAB, **kwargs: Any) -> dict[str, Any]:
    return _seen(build_review(store, EntryFilter(), START, END, vocab=vocab, ccrt=CCRT, **kwargs))


def _from_every_entry(
    store: Store, monkeypatch: pytest.MonkeyPatch, vocab: Vocabulary = VOCAB, **kwargs: Any
) -> dict[str, Any]:
    with monkeypatch.context() as m:
        m.setattr(review_months, "_stored", lambda *a: [])
        return _review(store, vocab, **kwargs)


def _stored_months(store: Store) -> list[tuple[str, str]]:
    return [
        (r[0], r[1]) for r in store.read("SELECT month, privacy FROM review_months ORDER BY 1, 2")
    ]


def test_a_long_review_adds_up_stored_months_and_matches_counting_every_entry(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal(store)
    first = _review(store)
    # February to May were counted once and kept (and the months of the period before).
    kept = _stored_months(store)
    assert {("2026-02", "include"), ("2026-05", "include")} <= set(kept)
    assert ("2026-01", "include") not in kept and ("2026-06", "include") not in kept
    assert _review(store) == first  # read back from the stored months
    assert first == _from_every_entry(store, monkeypatch)
    assert first["entries"] > 150 and first["patterns"]["episodes"] > 20


def test_shared_only_keeps_its_own_months_and_leaves_private_entries_out(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal(store)
    everything, shared = _review(store), _review(store, shared_only=True)
    assert shared["entries"] < everything["entries"]
    assert ("2026-03", "exclude") in _stored_months(store)
    assert _review(store, shared_only=True) == shared
    assert shared == _from_every_entry(store, monkeypatch, shared_only=True)


def _edit_feelings(store: Store, ids: list[int]) -> None:
    e = store.get_entry(ids[5])
    store.replace_entry(replace(e, feelings=(FeelingFelt("lonely", "sad", 9),)))


def _move_into_march(store: Store, ids: list[int]) -> None:
    e = store.get_entry(ids[9])
    store.replace_entry(replace(e, about=datetime(2026, 3, 14, 12, tzinfo=UTC)))


def _make_private(store: Store, ids: list[int]) -> None:
    for entry_id in ids[10:40]:
        e = store.get_entry(entry_id)
        store.replace_entry(replace(e, private=not e.private, starred=not e.starred))


def _trash_and_purge(store: Store, ids: list[int]) -> None:
    move_to_trash(store, ids[:30], datetime(2026, 7, 1, tzinfo=UTC))
    restore(store, ids[:5])
    purge(store, ids[5:10])


def _new_entry_in_april(store: Store, ids: list[int]) -> None:
    store.add_entry(
        make_entry(
            about=datetime(2026, 4, 2, 8, tzinfo=UTC),
            people=(PersonRef("Sam", era="present"),),
            feelings=(FeelingFelt("anxious", "scared", 7),),
            episode=Episode(person="Sam", wish_cluster="W1", other_cluster="RO1"),
        )
    )


def _merge_people(store: Store, ids: list[int]) -> None:
    merge_people(store, "Alex", "Mom")


def _change_an_episode(store: Store, ids: list[int]) -> None:
    store.conn.execute(
        "UPDATE episodes SET wish_cluster = 'W8' WHERE entry_id IN"
        " (SELECT id FROM entries WHERE about_day LIKE '2026-03%' LIMIT 3)"
    )


@pytest.mark.parametrize(
    "change",
    [
        _edit_feelings,
        _move_into_march,
        _make_private,
        _trash_and_purge,
        _new_entry_in_april,
        _merge_people,
        _change_an_episode,
    ],
)
def test_any_change_to_a_stored_month_is_counted_in_the_next_review(
    store: Store, monkeypatch: pytest.MonkeyPatch, change: Callable[[Store, list[int]], None]
) -> None:
    ids = _journal(store)
    before = _review(store)
    assert len(_stored_months(store)) >= 4
    change(store, ids)
    after = _review(store)
    assert after == _from_every_entry(store, monkeypatch)
    assert after != before


def test_a_changed_vocabulary_recounts_the_tone_of_stored_months(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal(store)
    _review(store)
    brighter = Vocabulary(
        {w: FeelingWord(f.word, f.family, 1.0, f.energy) for w, f in VOCAB.words.items()},
        VOCAB.descriptions,
    )
    bright = _review(store, brighter)
    assert all(p in (None, 1.0) for *_, p in bright["strip"])
    assert bright == _from_every_entry(store, monkeypatch, brighter)


def test_a_busy_journal_is_reviewed_without_waiting_and_nothing_is_stored(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal(store)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another `journal` process is saving
    try:
        timeout = store.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        busy = _review(store)
        assert _stored_months(store) == []
        # It did not wait its turn to store them, and saving still does.
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == timeout
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert busy == _from_every_entry(store, monkeypatch)
    assert _review(store) == busy
    assert _stored_months(store)


def test_a_review_of_one_person_counts_their_entries_and_matches(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal(store)
    _review(store)  # months stored for the unfiltered review must not leak into this one
    sam = EntryFilter(people=("Sam",))
    s = _seen(build_review(store, sam, START, END, vocab=VOCAB, ccrt=CCRT))
    assert [p["name"] for p in s["people"]][0] == "Sam"
    assert s["entries"] < _review(store)["entries"]
    with monkeypatch.context() as m:
        m.setattr(review_months, "_stored", lambda *a: [])
        assert s == _seen(build_review(store, sam, START, END, vocab=VOCAB, ccrt=CCRT))


def test_an_encrypted_journal_keeps_its_months_encrypted_and_counts_the_same(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    from relational_journal.storage import crypto

    _journal(store)
    plain = _review(store)
    path = store.path
    store.close()
    crypto.encrypt(path, "a passphrase for the test")
    with Store.open(path, passphrase="a passphrase for the test") as encrypted:
        assert _stored_months(encrypted)  # carried over, inside the encrypted file
        encrypted.conn.execute("DELETE FROM review_months")
        assert _review(encrypted) == plain  # counted again on the encrypted journal
        assert _stored_months(encrypted)
        assert _review(encrypted) == plain
        assert plain == _from_every_entry(encrypted, monkeypatch)
    assert b"review_month" not in path.read_bytes()


def test_the_review_quotes_the_latest_words_of_each_cluster_and_counts_expectations(
    store: Store,
) -> None:
    sam = (PersonRef("Sam", era="present"),)
    for day, words, expected in ((17, "he walked off", True), (19, "he left the room", False)):
        store.add_entry(
            make_entry(
                about=datetime(2026, 11, day, 9, tzinfo=UTC),
                people=sam,
                episode=Episode(
                    person="Sam", other=words, other_cluster="RO5", other_expected=expected
                ),
            )
        )
    s = build_review(store, EntryFilter(), MONDAY, WEEK_END, vocab=VOCAB, ccrt=CCRT)
    (ro5,) = s.patterns.other
    assert (ro5.quote, ro5.count, ro5.expected) == ("he left the room", 2, 1)
