"""Names as stored, and values past what the journal can hold: one line, nothing changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import Invoker
from relational_journal.errors import ImportFileError
from relational_journal.interchange.import_ours import our_entry


def _people(journal: Invoker) -> list[str]:
    return [p["name"] for p in json.loads(journal("people", "--json").output)]


def test_names_are_nfc_and_trimmed_so_one_person_stays_one(journal: Invoker) -> None:
    journal("write", "--text", "a", "--with", "  Mu\u0308ller  ")
    journal("write", "--text", "b", "--with", "@M\u00fcller")
    assert _people(journal) == ["M\u00fcller"]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("   ", "a name cannot be empty"),
        ("@", "a name cannot be empty"),
        ("\t", "a name cannot be empty"),
        ("Sa\nm", "a name cannot hold a line break"),
        ("Sa\x1b[2Jm", "U+001B"),
        ("Sa\u200bm", "U+200B"),
        ("\u202eSam", "U+202E"),
    ],
)
def test_a_name_that_cannot_be_one_is_refused_naming_the_option(
    journal: Invoker, name: str, problem: str
) -> None:
    result = journal("write", "--text", "kept words", "--with", name, ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --with:") and problem in lines[0]
    assert "kept words" not in result.output
    assert journal("list", "--json").output.strip() == ""  # JSON Lines: no entry, no line


def test_rename_and_alias_refuse_bad_names_and_change_nothing(journal: Invoker) -> None:
    journal("write", "--text", "a", "--with", "Sam")
    result = journal("people", "rename", "Sam", "Sa\u202em", ok=False)
    assert "the new name: a name cannot hold" in result.output
    result = journal("people", "alias", "Sam", "   ", ok=False)
    assert "an alias: a name cannot be empty" in result.output
    assert _people(journal) == ["Sam"]


def _import(journal: Invoker, tmp_path: Path, entries: list[dict[str, object]]) -> str:
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps({"format": "relational-journal", "version": 1, "entries": entries}),
        encoding="utf-8",
    )
    result = journal("import", str(path), ok=False)
    return str(result.output)


GOOD: dict[str, object] = {"about": "2026-01-01T10:00:00+00:00", "body": "a good entry"}


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ({"about": "0001-01-01T10:00:00+12:00"}, "entry 2, field 'about': is out of range"),
        ({"about": "2301-01-01T10:00:00+00:00"}, "entry 2, field 'about': is out of range"),
        ({"about": "2026-01-01T10:00:00+14:30"}, "field 'about': has a UTC offset beyond"),
        ({"id": 2**63}, "entry 2, field 'id': is too large"),
        ({"body": "half \ud800 a pair"}, "entry 2, field 'body': holds a lone surrogate"),
        ({"people": ["\u202eSam"]}, "entry 2, field 'people[1].name': a name cannot hold"),
    ],
)
def test_import_refuses_what_later_commands_could_not_show_and_imports_nothing(
    journal: Invoker, tmp_path: Path, bad: dict[str, object], said: str
) -> None:
    out = _import(journal, tmp_path, [GOOD, {**GOOD, **bad}])
    assert said in out and "nothing was imported" in out
    assert "Traceback" not in out and len(out.strip().splitlines()) == 1
    assert journal("list").output.strip() == "No entries yet."
    for command in (("search", "good"), ("review", "--all"), ("trash",)):
        journal(*command)


def test_date_offsets_past_fourteen_hours_and_huge_ids_are_one_line(journal: Invoker) -> None:
    for offset in ("+25:00", "+14:30", "-15:00"):
        result = journal("write", "--text", "x", "--date", f"2026-11-03T14:00:00{offset}", ok=False)
        assert result.exit_code == 1 and "UTC offset" in result.output
        assert "Traceback" not in result.output
    journal("write", "--text", "x", "--date", "2026-11-03T14:00:00+14:00")
    for args in (("show", str(2**63)), ("delete", str(2**63)), ("list", "-n", str(10**30))):
        result = journal(*args, ok=False)
        assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(journal("list", "--json").output.strip().splitlines()) == 1


PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_any_imported_date_is_kept_whole_or_refused_by_year_and_offset(
    moment: datetime, minutes: int
) -> None:
    stamp = moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    item = {"about": stamp.isoformat(), "body": "x"}
    fits = 1900 <= stamp.year <= 2200 and abs(minutes) <= 14 * 60
    try:
        entry = our_entry(1, item, UTC)
    except ImportFileError as exc:
        assert not fits
        assert "entry 1, field 'about'" in str(exc)
        return
    assert fits
    # What every later command does with the moment: it must not overflow.
    kept = datetime.fromisoformat(entry.about)
    assert kept.astimezone(UTC).astimezone(timezone(timedelta(hours=-12))).year >= 1899
    assert entry.about_day == stamp.date().isoformat()


def test_a_search_past_sixteen_words_is_one_line_and_sixteen_still_run(journal: Invoker) -> None:
    journal("write", "--text", "we argued about the dishes but it was about being seen")
    long = " ".join(["seen"] * 40)
    result = journal("search", long, ok=False)
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert said == (
        "error: the search has 40 words; at most 16 are searched at once:"
        " keep the few that matter most"
    )
    assert "1 match" in journal("search", " OR ".join(["seen"] * 16)).output
