"""jrnl's filters in the one query builder: -and, -not, untagged, contains, day of year."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from helpers import UTC, make_entry
from relational_journal.models import FeelingFelt, PersonRef
from relational_journal.storage.query import EntryFilter, conflicts, where_clause
from relational_journal.storage.store import Store


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    specs: dict[str, tuple[datetime, dict[str, Any]]] = {
        "sam-work": (
            datetime(2024, 3, 14, 20, tzinfo=UTC),
            {"people": (PersonRef("Sam"),), "tags": ("work",), "title": "Late at the Office"},
        ),
        "sam-mom": (
            datetime(2025, 3, 14, 20, tzinfo=UTC),
            {
                "people": (PersonRef("Sam"), PersonRef("Mom")),
                "feelings": (FeelingFelt("hurt", "sad", 6),),
                "starred": True,
            },
        ),
        "mom": (
            datetime(2025, 7, 2, 20, tzinfo=UTC),
            {"people": (PersonRef("Mom"),), "tags": ("family", "work")},
        ),
        "alone": (datetime(2026, 3, 2, 20, tzinfo=UTC), {"body": "100% tired_out"}),
    }
    made = {}
    for name, (about, kw) in specs.items():
        body = kw.pop("body", f"entry {name}")
        made[name] = store.add_entry(make_entry(body, about=about, **kw))
    return made


def names(store: Store, ids: dict[str, int], **kw: Any) -> list[str]:
    back = {v: k for k, v in ids.items()}
    return [back[i] for i in store.entry_ids(EntryFilter(**kw))]


def test_and_requires_every_person_tag_and_feeling(store: Store, ids: dict[str, int]) -> None:
    assert names(store, ids, people=("Sam", "Mom")) == ["sam-work", "sam-mom", "mom"]
    assert names(store, ids, people=("Sam", "Mom"), match_all=True) == ["sam-mom"]
    assert names(store, ids, tags=("work", "family"), match_all=True) == ["mom"]
    assert names(store, ids, people=("Mom",), feelings=("sad",), match_all=True) == ["sam-mom"]


def test_not_person_tag_feeling_and_starred_leave_entries_out(
    store: Store, ids: dict[str, int]
) -> None:
    assert names(store, ids, not_people=("sam",)) == ["mom", "alone"]
    assert names(store, ids, not_tags=("#work",)) == ["sam-mom", "alone"]
    assert names(store, ids, not_feelings=("hurt",)) == ["sam-work", "mom", "alone"]
    assert names(store, ids, not_starred=True) == ["sam-work", "mom", "alone"]
    assert names(store, ids, people=("Mom",), not_people=("Sam",)) == ["mom"]


def test_untagged_and_contains_ignoring_case_in_title_and_body(
    store: Store, ids: dict[str, int]
) -> None:
    assert names(store, ids, untagged=True) == ["sam-mom", "alone"]
    assert names(store, ids, contains=("office",)) == ["sam-work"]
    assert names(store, ids, contains=("ENTRY MOM",)) == ["mom"]
    # % and _ are the client's characters, not patterns.
    assert names(store, ids, contains=("100%",)) == ["alone"]
    assert names(store, ids, contains=("d_o",)) == ["alone"]
    assert names(store, ids, contains=("1%t",)) == []


def test_year_month_and_day_of_any_year(store: Store, ids: dict[str, int]) -> None:
    assert names(store, ids, years=(2025,)) == ["sam-mom", "mom"]
    assert names(store, ids, months=(3,)) == ["sam-work", "sam-mom", "alone"]
    assert names(store, ids, months=(3,), days=(14,)) == ["sam-work", "sam-mom"]
    assert names(store, ids, days=(2,)) == ["mom", "alone"]


def test_conflicting_filters_are_named(store: Store) -> None:
    assert conflicts(EntryFilter(people=("Sam",), not_people=("@sam",))) == (
        "--person Sam and --not-person Sam cannot both hold"
    )
    assert conflicts(EntryFilter(tags=("#work",), not_tags=("work",))) is not None
    assert conflicts(EntryFilter(feelings=("hurt",), not_feelings=("HURT",))) is not None
    assert conflicts(EntryFilter(starred=True, not_starred=True)) is not None
    assert conflicts(EntryFilter(untagged=True, tags=("work",))) is not None
    assert conflicts(EntryFilter(people=("Sam",), not_people=("Mom",))) is None


def test_new_values_are_bound_parameters(store: Store, ids: dict[str, int]) -> None:
    hostile = "x') OR 1=1 --"
    sql, params = where_clause(
        EntryFilter(contains=(hostile,), not_people=(hostile,), not_tags=(hostile,))
    )
    assert hostile not in sql
    assert names(store, ids, not_people=(hostile,)) == ["sam-work", "sam-mom", "mom", "alone"]
