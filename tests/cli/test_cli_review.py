"""`journal review` as a client runs it: sections, formats and privacy."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from helpers import Invoker, make_entry
from relational_journal.models import Episode, FeelingFelt, PersonRef
from relational_journal.storage.store import Store


def this_week(days_ago: int = 0, hour: int = 12) -> datetime:
    """A moment inside the current week (never in the future, never before Monday)."""
    now = datetime.now().astimezone()
    monday = now - timedelta(days=now.weekday())
    day = max(now - timedelta(days=days_ago), monday)
    return day.replace(hour=min(hour, now.hour), minute=0, second=0, microsecond=0)


@pytest.fixture
def week_journal(store: Store) -> Store:
    sam, mom = PersonRef("Sam", "partner", "present"), PersonRef("Mom", "mother", "past")
    hurt = FeelingFelt("hurt", "sad", 7)
    store.add_entry(make_entry("Long ago.", about=this_week() - timedelta(days=30)))
    for i, (who, w, ro, rs) in enumerate(
        [(sam, "W6", "RO5", "RS6"), (mom, "W6", "RO5", "RS7"), (sam, "W6", "RO5", "RS6")]
    ):
        store.add_entry(
            make_entry(
                f"Entry {i}: I felt dismissed.",
                about=this_week(),
                people=(who,),
                feelings=(hurt,),
                episode=Episode(
                    who.name, who.era, wish_cluster=w, other_cluster=ro, self_cluster=rs
                ),
                starred=i == 0,
            )
        )
    store.add_entry(
        make_entry(
            "A secret about Priya.",
            about=this_week(),
            people=(PersonRef("Priya", era="present"),),
            feelings=(FeelingFelt("anxious", "scared", 9),),
            private=True,
        )
    )
    return store


def test_terminal_review_shows_every_section_within_80_columns(
    journal: Invoker, week_journal: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = journal("review").output
    for section in (
        "Your week",
        "Feelings that came back",
        "By family",
        "People",
        "Present relationships",
        "Past relationships",
        "Relational patterns",
        "A pattern to look at",
        "Echoes across relationships",
        "With Mom (in the past) and with Sam (now)",
        "Bring to session",
        "In your own words, not tagged: 'dismissed'",
    ):
        assert section in out, section
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out  # NO_COLOR and not a terminal: plain text


def test_json_review_has_the_stable_keys_and_counts_private_entries(
    journal: Invoker, week_journal: Store
) -> None:
    data = json.loads(journal("review", "--format", "json").output)
    assert set(data) == {
        "period",
        "entries",
        "days_journaled",
        "feelings",
        "people",
        "patterns",
        "echoes",
        "bring_to_session",
    }
    assert data["entries"] == 4
    assert data["patterns"]["episodes"] == 3
    assert data["patterns"]["wish"][0] == {
        "code": "W6",
        "label": "To be loved and understood",
        "count": 3,
        "pervasiveness": 1.0,
    }
    assert "Priya" in {p["name"] for p in data["people"]}


def test_shared_only_leaves_private_entries_out(journal: Invoker, week_journal: Store) -> None:
    data = json.loads(journal("review", "--shared-only", "--format", "json").output)
    assert data["entries"] == 3
    assert "Priya" not in {p["name"] for p in data["people"]}
    assert "anxious" not in {f["word"] for f in data["feelings"]}
    text = journal("review", "--shared-only", "--format", "markdown").output
    assert "Priya" not in text and "anxious" not in text


def test_markdown_review_has_headings_and_tables(journal: Invoker, week_journal: Store) -> None:
    out = journal("review", "--format", "markdown").output
    assert out.startswith("# Your week")
    for heading in (
        "## Feelings that came back",
        "## People",
        "## Relational patterns",
        "## Echoes",
        "## Bring to session",
    ):
        assert heading in out
    assert "| hurt | sad | 3 | 7/10 |" in out


def test_person_filter_narrows_the_review(journal: Invoker, week_journal: Store) -> None:
    data = json.loads(journal("review", "--person", "Mom", "--format", "json").output)
    assert data["entries"] == 1
    assert [p["name"] for p in data["people"]] == ["Mom"]


def test_an_empty_week_is_said_plainly(journal: Invoker) -> None:
    out = journal("review", "--week", "2020-W10").output
    assert "No entries in this period yet." in out


def test_bad_period_options_fail_in_one_line(journal: Invoker) -> None:
    result = journal("review", "--week", "last", "--month", "last", ok=False)
    assert result.exit_code == 1
    assert "choose one period" in result.output
    result = journal("review", "--format", "pdf", ok=False)
    assert result.exit_code != 0
    result = journal("review", "--since-session", ok=False)
    assert result.exit_code == 1 and "session" in result.output


def test_tone_sparkline_uses_heights_a_reader_can_tell_apart(journal: Invoker) -> None:
    journal("write", "--text", "Heavy.", "--date", "20 days ago", "--feel", "hurt:8")
    journal("write", "--text", "Light.", "--date", "10 days ago", "--feel", "happy:6")
    journal("write", "--text", "Today.", "--feel", "calm:3")
    out = journal("review", "--from", "20 days ago", "--to", "today").stdout
    line = next(x for x in out.splitlines() if "tone by week" in x)
    spark = line.strip(" │").split("  ")[-1]
    assert spark and set(spark) <= set("▁▃▅▇·"), line
    assert spark[0] in "▁▃" and spark[-1] in "▅▇"
    assert "tone: ▁ heavier  ▃  ▅  ▇ lighter" in out


def test_review_echo_quotes_the_clients_own_words_from_both_relationships(
    journal: Invoker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    journal(
        "write", "--text", "After the school play.", "--date", "20 days ago",
        "--episode-with", "Mom", "--era", "past",
        "--wish", "for Mom to say I did well", "--wish-code", "W6",
        "--other", "she said I showed her up", "--other-code", "RO5",
        "--self", "I hid in my room \x1b]0;pwned\x07", "--self-code", "RS2",
    )  # fmt: skip
    journal(
        "write", "--text", "Dinner.", "--date", "today",
        "--episode-with", "Sam", "--era", "present",
        "--wish", "Sam to ask about my day", "--wish-code", "W6",
        "--other", "Sam said not now", "--other-code", "RO5",
        "--self", "I went quiet", "--self-code", "RS2",
    )  # fmt: skip
    out = journal("review").output
    assert "With Mom (in the past) and with Sam (now): you wanted" in out
    flat = " ".join(out.replace("│", " ").split())
    assert "you closed off, went quiet or kept them at arm's length." in flat
    assert (
        "Mom, entry 1" in flat and "“for Mom to say I did well · she said I showed her up" in flat
    )
    assert (
        "Sam, entry 2" in flat
        and "“Sam to ask about my day · Sam said not now · I went quiet”" in flat
    )
    assert "\x1b]" not in out and "\\x1b]0;pwned" in flat

    data = json.loads(journal("review", "--format", "json").output)
    (echo,) = data["echoes"]
    assert {"wish", "other", "people", "text", "self"} <= set(echo)
    assert echo["self"] == "RS2"
    mom, sam = echo["people"]
    assert (mom["name"], mom["era"], mom["entries"]) == ("Mom", "past", [1])
    assert mom["quote"]["entry"] == 1 and mom["quote"]["other"] == "she said I showed her up"
    assert sam["quote"] == {
        "entry": 2,
        "day": sam["quote"]["day"],
        "wish": "Sam to ask about my day",
        "other": "Sam said not now",
        "self": "I went quiet",
    }
