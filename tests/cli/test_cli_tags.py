"""`journal tags`: counts as jrnl counts them, renames, and tags and people both ways."""

from __future__ import annotations

import json
from typing import Any

import pytest

from helpers import make_entry
from relational_journal.models import Episode, PersonRef
from relational_journal.storage.store import Store


@pytest.fixture
def tagged(store: Store) -> None:
    store.add_entry(make_entry("Standup ran long.", tags=("work", "Office")))
    store.add_entry(make_entry("Another meeting.", tags=("work",)))
    store.add_entry(make_entry("Lunch with Ana.", tags=("Ana",), people=(PersonRef("Sam"),)))
    gone = store.add_entry(make_entry("Deleted one.", tags=("work",)))
    with store.transaction() as conn:
        conn.execute(
            "UPDATE entries SET deleted_at = '2026-11-20T00:00:00+00:00' WHERE id = ?", [gone]
        )


def test_tags_counts_entries_per_tag_most_used_first(journal: Any, tagged: None) -> None:
    data = json.loads(journal("tags", "--json").stdout)
    assert data == [
        {"tag": "work", "count": 2},
        {"tag": "Ana", "count": 1},
        {"tag": "Office", "count": 1},
    ]
    lines = journal("tags").stdout.splitlines()
    assert lines[0].split() == ["work", "2"]


def test_rename_moves_every_entry_and_merges_with_an_existing_tag(
    journal: Any, tagged: None
) -> None:
    journal("tags", "rename", "office", "work")
    assert json.loads(journal("tags", "--json").stdout)[0] == {"tag": "work", "count": 2}
    journal("tags", "rename", "#work", "job")
    assert [t["tag"] for t in json.loads(journal("tags", "--json").stdout)] == ["job", "Ana"]
    assert len(journal("list", "--json", "--tag", "job").stdout.splitlines()) == 2


def test_tag_to_person_and_back_again(journal: Any, tagged: None) -> None:
    out = journal("tags", "to-person", "ana").stdout
    assert "1 entry is now about Ana" in out
    assert "Ana" not in [t["tag"] for t in json.loads(journal("tags", "--json").stdout)]
    entry = json.loads(journal("list", "--json", "--person", "Ana").stdout)
    assert entry["body"] == "Lunch with Ana." and entry["tags"] == []
    people = {p["name"] for p in json.loads(journal("people", "--json").stdout)}
    assert people == {"Ana", "Sam"}

    journal("people", "to-tag", "Ana")
    people = {p["name"] for p in json.loads(journal("people", "--json").stdout)}
    assert people == {"Sam"}
    entry = json.loads(journal("list", "--json", "--tag", "Ana").stdout)
    assert entry["body"] == "Lunch with Ana." and entry["tags"] == ["Ana"]
    assert [p["name"] for p in entry["people"]] == ["Sam"]


def test_unknown_tag_or_person_is_one_line_and_changes_nothing(journal: Any, tagged: None) -> None:
    before = journal("tags", "--json").stdout
    for args in (
        ("tags", "rename", "nope", "x"),
        ("tags", "to-person", "nope"),
        ("people", "to-tag", "Nobody"),
        ("tags", "rename", "work", "  "),
    ):
        result = journal(*args, ok=False)
        assert result.exit_code == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert journal("tags", "--json").stdout == before


def test_a_person_in_an_episode_stays_a_person(journal: Any, store: Store) -> None:
    store.add_entry(
        make_entry(
            "She talked over me.",
            people=(PersonRef("Mom"),),
            episode=Episode(person="Mom", wish="to be heard"),
        )
    )
    result = journal("people", "to-tag", "Mom", ok=False)
    assert "relationship episode" in result.stderr
    assert [p["name"] for p in json.loads(journal("people", "--json").stdout)] == ["Mom"]


def test_no_tags_yet_says_how_to_add_one(journal: Any) -> None:
    assert "No tags yet" in journal("tags").stdout
    assert json.loads(journal("tags", "--json").stdout) == []
