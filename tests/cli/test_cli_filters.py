"""jrnl's filters on every command that selects entries: list, search, review, export."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from helpers import make_entry
from relational_journal.models import FeelingFelt, PersonRef
from relational_journal.storage.store import Store


def local(days_ago: int) -> datetime:
    now = datetime.now().astimezone()
    return (now - timedelta(days=days_ago)).replace(hour=20, minute=0, second=0, microsecond=0)


def two_years_ago() -> datetime:
    """This day two years ago (28 February for a 29th)."""
    now = datetime.now().astimezone().replace(hour=8, minute=0, second=0, microsecond=0)
    return now.replace(year=now.year - 2, day=min(now.day, 28) if now.month == 2 else now.day)


@pytest.fixture
def filled(store: Store) -> None:
    store.add_entry(
        make_entry(
            "Dinner with Sam and Mom, quieter than I feared.",
            about=local(1),
            people=(PersonRef("Sam"), PersonRef("Mom")),
            feelings=(FeelingFelt("relieved", "peaceful", 5),),
            title="Dinner together",
        )
    )
    store.add_entry(
        make_entry(
            "Sam worked late again.",
            about=local(2),
            people=(PersonRef("Sam"),),
            tags=("work",),
            starred=True,
            title="Sam at work",
        )
    )
    store.add_entry(make_entry("A walk on my own.", about=two_years_ago(), title="Walk alone"))


def titles(journal: Any, *args: str) -> list[str]:
    out = journal("list", "--json", *args).output
    return [json.loads(line)["title"] for line in out.splitlines() if line.strip()]


def test_list_takes_every_jrnl_filter(journal: Any, filled: None) -> None:
    assert titles(journal, "-p", "Sam", "-p", "Mom", "--and") == ["Dinner together"]
    assert titles(journal, "--not-person", "sam") == ["Walk alone"]
    assert titles(journal, "--not-tag", "work", "--not-starred") == [
        "Walk alone",
        "Dinner together",
    ]
    assert titles(journal, "--untagged", "--not-feeling", "peaceful") == ["Walk alone"]
    assert titles(journal, "--contains", "LATE") == ["Sam at work"]
    assert titles(journal, "--year", str(two_years_ago().year)) == ["Walk alone"]
    on_this_day = two_years_ago().day == datetime.now().astimezone().day  # not on 29 February
    assert titles(journal, "--today-in-history", "--not-person", "Sam") == (
        ["Walk alone"] if on_this_day else []
    )


def test_month_by_name_or_number_and_day(journal: Any, filled: None) -> None:
    walk = two_years_ago()
    by_name = titles(journal, "--month", walk.strftime("%B").lower(), "--day", str(walk.day))
    by_number = titles(journal, "--month", str(walk.month), "--day", str(walk.day))
    assert "Walk alone" in by_name and by_name == by_number


def test_search_review_and_export_take_them_too(journal: Any, filled: None) -> None:
    found = json.loads(journal("search", "Sam", "--json", "--not-starred").output)
    assert [hit["title"] for hit in found] == ["Dinner together"]
    review = json.loads(
        journal("review", "--all", "--format", "json", "--and", "-p", "Sam", "-p", "Mom").output
    )
    assert review["entries"] == 1
    shared = json.loads(journal("export", "--format", "json", "--contains", "walk").output)
    assert [e["title"] for e in shared["entries"]] == ["Walk alone"]


@pytest.mark.parametrize(
    "args",
    [
        ("--person", "Sam", "--not-person", "sam"),
        ("--tag", "work", "--not-tag", "work"),
        ("--feeling", "hurt", "--not-feeling", "hurt"),
        ("--starred", "--not-starred"),
        ("--untagged", "--tag", "work"),
        ("--month", "smarch"),
        ("--day", "32"),
        ("--today-in-history", "--month", "3"),
    ],
)
@pytest.mark.parametrize("command", ["list", "search", "export"])
def test_conflicting_or_bad_filters_are_one_line(
    journal: Any, filled: None, command: str, args: tuple[str, ...]
) -> None:
    words = ["Sam"] if command == "search" else []
    result = journal(command, *words, *args, ok=False)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output and "Dinner" not in result.stderr


def test_review_keeps_its_own_month_period(journal: Any, filled: None) -> None:
    review = json.loads(journal("review", "--month", "this", "--format", "json").output)
    assert "period" in review
