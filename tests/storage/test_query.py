"""The one query builder: each kind of filter, combinations, and 'the last N'."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from helpers import UTC, make_entry
from relational_journal.models import FeelingFelt, PersonRef
from relational_journal.storage.query import EntryFilter, select_ids_sql, where_clause
from relational_journal.storage.store import Store

DAY = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    """A small journal: one entry a day from 1 November, each a little different."""
    made = {}
    specs: dict[str, dict[str, Any]] = {
        "mom": {
            "people": (PersonRef("Mom", "mother", "past"),),
            "feelings": (FeelingFelt("hurt", "sad", 7),),
        },
        "sam": {
            "people": (PersonRef("Sam"),),
            "feelings": (FeelingFelt("angry", "mad", 5),),
            "tags": ("work",),
        },
        "both": {
            "people": (PersonRef("Mom"), PersonRef("Sam")),
            "starred": True,
            "prompt_id": "past.first",
            "pack_id": "past",
        },
        "private": {"people": (PersonRef("Mom"),), "private": True, "tags": ("work",)},
        "plain": {
            "feelings": (FeelingFelt("calm", "peaceful", 2),),
            "prompt_id": "checkin.today",
            "pack_id": "checkin",
        },
    }
    for i, (name, kw) in enumerate(specs.items()):
        made[name] = store.add_entry(
            make_entry(f"entry {name}", about=DAY + timedelta(days=i), **kw)
        )
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO person_aliases (alias, person_id)"
            " SELECT 'Mum', id FROM people WHERE name = 'Mom'"
        )
    return made


def names(store: Store, ids: dict[str, int], f: EntryFilter) -> list[str]:
    back = {v: k for k, v in ids.items()}
    return [back[i] for i in store.entry_ids(f)]


def test_no_filter_is_everything_in_date_order_but_the_trash(
    store: Store, ids: dict[str, int]
) -> None:
    assert names(store, ids, EntryFilter()) == ["mom", "sam", "both", "private", "plain"]


def test_date_range_is_inclusive(store: Store, ids: dict[str, int]) -> None:
    f = EntryFilter(start=DAY + timedelta(days=1), end=DAY + timedelta(days=2))
    assert names(store, ids, f) == ["sam", "both"]


def test_person_matches_name_alias_and_any_of_several(store: Store, ids: dict[str, int]) -> None:
    assert names(store, ids, EntryFilter(people=("mom",))) == ["mom", "both", "private"]
    assert names(store, ids, EntryFilter(people=("@Mum",))) == ["mom", "both", "private"]
    assert names(store, ids, EntryFilter(people=("Sam", "Mum"))) == [
        "mom",
        "sam",
        "both",
        "private",
    ]


def test_feeling_matches_a_word_or_a_family(store: Store, ids: dict[str, int]) -> None:
    assert names(store, ids, EntryFilter(feelings=("hurt",))) == ["mom"]
    assert names(store, ids, EntryFilter(feelings=("MAD",))) == ["sam"]


def test_prompt_pack_tag_and_starred(store: Store, ids: dict[str, int]) -> None:
    assert names(store, ids, EntryFilter(prompts=("past.first",))) == ["both"]
    assert names(store, ids, EntryFilter(packs=("checkin",))) == ["plain"]
    assert names(store, ids, EntryFilter(tags=("#work",))) == ["sam", "private"]
    assert names(store, ids, EntryFilter(starred=True)) == ["both"]


def test_privacy_exclude_include_only(store: Store, ids: dict[str, int]) -> None:
    assert "private" not in names(store, ids, EntryFilter(privacy="exclude"))
    assert names(store, ids, EntryFilter(privacy="only")) == ["private"]


def test_kinds_combine_with_and(store: Store, ids: dict[str, int]) -> None:
    f = EntryFilter(people=("Mom",), tags=("work",), privacy="include")
    assert names(store, ids, f) == ["private"]
    f = EntryFilter(people=("Mom",), start=DAY + timedelta(days=1), privacy="exclude")
    assert names(store, ids, f) == ["both"]


def test_limit_is_the_last_n_in_date_order(store: Store, ids: dict[str, int]) -> None:
    assert names(store, ids, EntryFilter(limit=2)) == ["private", "plain"]
    assert names(store, ids, EntryFilter(limit=2, privacy="exclude")) == ["both", "plain"]
    assert names(store, ids, EntryFilter(limit=0)) == []
    assert store.count_entries(EntryFilter(limit=2)) == 5


def test_trash_only_and_ids(store: Store, ids: dict[str, int]) -> None:
    with store.transaction() as conn:
        conn.execute(
            "UPDATE entries SET deleted_at = '2026-11-20T00:00:00+00:00' WHERE id = ?", [ids["sam"]]
        )
    assert "sam" not in names(store, ids, EntryFilter())
    assert names(store, ids, EntryFilter(trash="only")) == ["sam"]
    assert names(store, ids, EntryFilter(ids=(ids["plain"], ids["mom"]))) == ["mom", "plain"]


def test_values_are_bound_parameters_never_sql(store: Store, ids: dict[str, int]) -> None:
    hostile = "x') OR 1=1 --"
    sql, params = where_clause(EntryFilter(people=(hostile,), tags=(hostile,)))
    assert hostile not in sql and hostile in params
    assert names(store, ids, EntryFilter(people=(hostile,))) == []
    sql, _ = select_ids_sql(EntryFilter(limit=3))
    assert "LIMIT ?" in sql
