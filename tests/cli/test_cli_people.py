"""`journal people`: the table, rename, merge, aliases and details."""

from __future__ import annotations

import json
from typing import Any

import pytest

from helpers import make_entry
from relational_journal.errors import JournalError
from relational_journal.models import Episode, PersonRef
from relational_journal.storage.people import merge_people, rename_person
from relational_journal.storage.store import Store


@pytest.fixture
def family(store: Store) -> Store:
    store.add_entry(make_entry("Mum rang.", people=(PersonRef("Mum", "mother", "past"),)))
    store.add_entry(
        make_entry(
            "Mother's day.",
            people=(PersonRef("Mother"), PersonRef("Sam")),
            episode=Episode(person="Mother", wish="to be seen", wish_cluster="W6"),
        )
    )
    store.add_entry(
        make_entry("Mum and Mother, both.", people=(PersonRef("Mum"), PersonRef("Mother")))
    )
    return store


def test_people_table_lists_role_era_counts_and_last_mention(journal: Any, family: Store) -> None:
    out = journal("people").stdout
    line = next(x for x in out.splitlines() if x.startswith("Mum"))
    assert "mother" in line and "past" in line and "2026-11-18" in line and " 2 " in line


def test_people_json(journal: Any, family: Store) -> None:
    data = {p["name"]: p for p in json.loads(journal("people", "--json").stdout)}
    assert data["Mother"]["entries"] == 2 and data["Sam"]["entries"] == 1


def test_rename_moves_every_mention_and_keeps_the_old_name_as_alias(
    journal: Any, family: Store
) -> None:
    journal("people", "rename", "mum", "Mom")
    assert "Mum rang" in journal("list", "--person", "mum").stdout
    mom = family.require_person("Mom")
    assert mom.entry_count == 2 and mom.aliases == ("Mum",)
    assert family.find_person("Mum") == mom


def test_rename_onto_someone_else_points_to_merge(journal: Any, family: Store) -> None:
    result = journal("people", "rename", "Mum", "mother", ok=False)
    assert result.exit_code == 1 and "merge" in result.stderr


def test_merge_makes_one_person_with_both_mentions_and_episodes(
    journal: Any, family: Store
) -> None:
    journal("people", "merge", "Mother", "Mum", "--yes")
    mum = family.require_person("Mum")
    assert family.require_person("Mother") == mum
    assert mum.entry_count == 3  # the entry naming both counts once
    assert "Mother" in mum.aliases
    names = [p.name for p in family.people()]
    assert names == ["Mum", "Sam"]
    episode_people = family.read(
        "SELECT p.name FROM episodes e JOIN people p ON p.id = e.person_id"
    )
    assert [r[0] for r in episode_people] == ["Mum"]
    out = journal("list", "--person", "mother").stdout
    assert out.count("\n") == 3


def test_merge_asks_first(journal: Any, family: Store) -> None:
    result = journal("people", "merge", "Mother", "Mum", input="n\n", ok=False)
    assert result.exit_code == 1
    assert {p.name for p in family.people()} == {"Mum", "Mother", "Sam"}


def test_merge_with_oneself_or_a_stranger_is_an_error(family: Store) -> None:
    with pytest.raises(JournalError):
        merge_people(family, "Mum", "mum")
    with pytest.raises(JournalError):
        merge_people(family, "Mum", "Nobody")
    with pytest.raises(JournalError):
        rename_person(family, "Nobody", "X")


def test_alias_and_share_as(journal: Any, family: Store) -> None:
    journal("people", "alias", "Sam", "Sammy", "S")
    assert family.require_person("sammy").name == "Sam"
    journal("people", "alias", "Sam", "--share-as", "my partner")
    assert family.require_person("Sam").share_as == "my partner"
    journal("people", "alias", "Sam", "S", "--remove")
    assert family.require_person("Sam").aliases == ("Sammy",)


def test_an_alias_names_one_person_only(journal: Any, family: Store) -> None:
    result = journal("people", "alias", "Sam", "Mother", ok=False)
    assert result.exit_code == 1 and "Mother" in result.stderr
    assert family.require_person("Sam").aliases == ()


def test_set_role_and_era(journal: Any, family: Store) -> None:
    journal("people", "set", "Sam", "--role", "partner", "--era", "present")
    sam = family.require_person("Sam")
    assert (sam.role, sam.era) == ("partner", "present")
    result = journal("people", "set", "Sam", "--era", "someday", ok=False)
    assert result.exit_code == 1 and "present, past" in result.stderr
