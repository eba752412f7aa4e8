"""Relationship episodes as records: their own era, how I treated myself, searched by part."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import make_entry
from relational_journal.models import Episode, PersonRef
from relational_journal.storage import migrations
from relational_journal.storage.doctor import rebuild_search_index
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.search import search
from relational_journal.storage.store import Store


def childhood_with_mom() -> Episode:
    return Episode(
        person="Mom",
        era="past",
        wish="to be held",
        wish_cluster="W5",
        other="she turned away to the dishes",
        other_cluster="RO5",
        self_response="I went to my room",
        self_cluster="RS6",
        self_treatment="told myself I was too much",
    )


def test_an_episode_keeps_its_own_era_and_how_i_treated_myself(store: Store) -> None:
    entry_id = store.add_entry(
        make_entry(
            "Thinking about being small.",
            people=(PersonRef("Mom", "mother", "present"),),
            episode=childhood_with_mom(),
        )
    )
    ep = store.get_entry(entry_id).episode
    assert ep is not None and ep.era == "past" and ep.person == "Mom"
    assert ep.self_treatment == "told myself I was too much"
    assert store.find_person("Mom").era == "present"  # type: ignore[union-attr]


def test_older_episodes_take_their_persons_era(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(conn, stop_before="m009_give_episodes_their_era_and_self_treatment")
    conn.executescript(
        "INSERT INTO entries (written_at, about, about_ts, about_day, body) VALUES"
        " ('2025-01-01T10:00:00+00:00', '2025-01-01T10:00:00+00:00', 1735725600,"
        "  '2025-01-01', 'an old episode');"
        "INSERT INTO people (name, era, created_at) VALUES ('Dad', 'past', '2025-01-01');"
        "INSERT INTO episodes (entry_id, person_id, wish, other)"
        " VALUES (1, 1, 'to be seen', 'he kept reading');"
    )
    conn.close()
    with Store.open(path) as store:
        ep = store.get_entry(1).episode
        assert ep is not None and ep.era == "past" and ep.self_treatment is None
        hits = search(store, "reading", EntryFilter()).hits
        assert [(h.entry_id, h.parts) for h in hits] == [(1, ("how they responded",))]


def test_search_finds_episode_words_and_says_which_part_matched(store: Store) -> None:
    with_ep = store.add_entry(make_entry("A memory came back.", episode=childhood_with_mom()))
    in_text = store.add_entry(make_entry("The dishes were piled up after dinner."))
    result = search(store, "dishes", EntryFilter())
    parts = {h.entry_id: h.parts for h in result.hits}
    assert parts == {with_ep: ("how they responded",), in_text: ()}
    assert result.total == 2
    assert {h.entry_id: h.parts for h in search(store, "too much", EntryFilter()).hits} == {
        with_ep: ("how you treated yourself afterwards",)
    }


def test_edited_and_deleted_episodes_leave_the_index(store: Store) -> None:
    from dataclasses import replace

    entry_id = store.add_entry(make_entry("A memory.", episode=childhood_with_mom()))
    entry = store.get_entry(entry_id)
    assert entry.episode is not None
    store.replace_entry(replace(entry, episode=replace(entry.episode, other="she smiled")))
    assert search(store, "dishes", EntryFilter()).hits == []
    assert [h.entry_id for h in search(store, "smiled", EntryFilter()).hits] == [entry_id]
    rebuild_search_index(store)
    assert [h.entry_id for h in search(store, "smiled", EntryFilter()).hits] == [entry_id]


def test_private_episode_matches_are_counted_as_hidden(store: Store) -> None:
    store.add_entry(make_entry("Kept to myself.", private=True, episode=childhood_with_mom()))
    result = search(store, "dishes", EntryFilter(privacy="exclude"))
    assert result.hits == [] and result.hidden_private == 1
    included = search(store, "dishes", EntryFilter())
    assert len(included.hits) == 1


def test_a_title_search_still_works_beside_episodes(store: Store) -> None:
    entry_id = store.add_entry(make_entry("Body.", title="Sunday", episode=childhood_with_mom()))
    assert [h.entry_id for h in search(store, "title:sunday", EntryFilter()).hits] == [entry_id]
