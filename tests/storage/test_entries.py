"""Tending entries without the CLI: what list shows and hides, flag edits, the trash."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from helpers import UTC, make_entry
from relational_journal.content.feelings import load_vocabulary
from relational_journal.core.editing import EntryChanges, apply_changes, change_body
from relational_journal.errors import EntryNotFoundError, JournalError
from relational_journal.models import FeelingFelt, Person, PersonRef
from relational_journal.storage.entries import listed_ids, move_to_trash, purge_expired, restore
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

DAY = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


@pytest.fixture
def six(store: Store) -> list[int]:
    """Six entries a day apart; the 2nd and 5th are private."""
    return [
        store.add_entry(make_entry(f"day {i}", about=DAY + timedelta(days=i), private=i in (1, 4)))
        for i in range(6)
    ]


def test_list_hides_private_and_counts_them(store: Store, six: list[int]) -> None:
    ids, hidden = listed_ids(store, EntryFilter(privacy="exclude"))
    assert ids == [six[0], six[2], six[3], six[5]] and hidden == 2


def test_last_n_counts_private_among_what_include_private_would_show(
    store: Store, six: list[int]
) -> None:
    ids, hidden = listed_ids(store, EntryFilter(privacy="exclude", limit=3))
    assert ids == [six[2], six[3], six[5]] and hidden == 1
    assert listed_ids(store, EntryFilter(privacy="exclude", limit=0)) == ([], 0)
    assert listed_ids(store, EntryFilter(privacy="include", limit=2)) == ([six[4], six[5]], 0)


def test_trash_round_trip_and_errors(store: Store, six: list[int]) -> None:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    move_to_trash(store, [six[0], six[0], six[2]], now)
    assert store.get_entry(six[0], include_trash=True).deleted_at == "2026-11-20T00:00:00+00:00"
    with pytest.raises(JournalError, match="already in the trash"):
        move_to_trash(store, [six[3], six[0]], now)
    assert store.get_entry(six[3]).deleted_at is None  # all or nothing
    with pytest.raises(EntryNotFoundError):
        restore(store, [999])
    restore(store, [six[2]])
    assert store.get_entry(six[2]).deleted_at is None


def test_purge_expired_takes_only_what_is_older_than_30_days(store: Store, six: list[int]) -> None:
    move_to_trash(store, [six[0]], DAY)
    move_to_trash(store, [six[1]], DAY + timedelta(days=10))
    assert purge_expired(store, DAY + timedelta(days=35)) == 1
    assert [r[0] for r in store.read("SELECT id FROM entries WHERE deleted_at IS NOT NULL")] == [
        six[1]
    ]


def test_flag_edits_are_pure_and_use_aliases() -> None:
    vocab = load_vocabulary()
    mom = Person(1, "Mom", "mother", "past", aliases=("Mum",))
    entry = make_entry(
        "text",
        people=(PersonRef("Mom"),),
        feelings=(FeelingFelt("hurt", "sad", 7),),
        tags=("a",),
    )
    changes = EntryChanges(
        feel=(("hurting", 2), ("calm", None)),
        without_people=("mum",),
        with_people=("mum", "Jo"),
        tags=("#b",),
        untag=("A",),
        title="  ",
    )
    updated, notes = apply_changes(entry, changes, vocab, {"mom": mom, "mum": mom})
    assert [(f.word, f.intensity) for f in updated.feelings] == [("hurt", 2), ("calm", None)]
    assert [p.name for p in updated.people] == ["Mom", "Jo"]
    assert updated.tags == ("b",) and updated.title is None
    assert notes == ["Jo is new to the journal"]
    assert entry.feelings[0].intensity == 7  # the original is untouched


def test_body_change_unchanged_or_empty() -> None:
    entry = make_entry("Same words.\n")
    assert change_body(entry, "Same words.") is None
    with pytest.raises(JournalError, match="empty"):
        change_body(entry, "  \n")
    changed = change_body(entry, "New words.")
    assert changed is not None and changed.body == "New words."
