"""The calm safety note after saving: every text the client writes, and turning it off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Invoker
from relational_journal.models import Entry
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

NOTE = "A note for you"


def entries(home: Path) -> list[Entry]:
    with Store.open(home / "journal.db") as store:
        return list(store.iter_entries(EntryFilter()))


def follow_up_script(follow_up: str) -> str:
    lines = ["We had dinner and talked about work.", "", "", follow_up, "", "", ""]
    return "\n".join(lines) + "\n"


def episode_script(self_response: str) -> str:
    lines = [
        "He came home late and shrugged when I asked.",
        "",
        "",
        "Sam",
        "partner",
        "present",
        "",  # the moment's era: Sam's
        "I wanted him to listen",
        "",
        "He turned away",
        "",
        "",
        self_response,
        "",
        "",  # how I treated myself afterwards
        "",
        "",
    ]
    return "\n".join(lines) + "\n"


def test_the_note_comes_after_saving_when_only_the_title_speaks_of_it(
    journal: Invoker, journal_home: Path
) -> None:
    out = journal("write", "--text", "Tea with Ana.", "--title", "i want it all to be over").output
    assert out.index("Saved entry 1") < out.index(NOTE)
    assert "journal safety-plan" in out
    assert "i want it all to be over" not in out.split(NOTE, 1)[1]  # the words are never shown
    assert [e.title for e in entries(journal_home)] == ["i want it all to be over"]


def test_a_follow_up_answer_alone_brings_the_note(journal: Invoker, journal_home: Path) -> None:
    script = follow_up_script("honestly everyone would be better off without me")
    out = journal("write", "--prompt", "present-closeness", input=script).output
    assert "Saved entry 1" in out and NOTE in out
    assert "better off without me" in entries(journal_home)[0].body


def test_an_episode_answer_alone_brings_the_note(journal: Invoker, journal_home: Path) -> None:
    script = episode_script("I went to the bathroom and cut myself again")
    out = journal("write", "--prompt", "episode-recent-present", input=script).output
    (entry,) = entries(journal_home)
    assert entry.episode is not None and "cut myself" in (entry.episode.self_response or "")
    assert "cut myself" not in entry.body and NOTE in out


def test_how_i_treated_myself_afterwards_alone_brings_the_note(
    journal: Invoker, journal_home: Path
) -> None:
    out = journal(
        "write",
        "--text",
        "He did not call.",
        "--episode-with",
        "Sam",
        "--afterwards",
        "told myself no one would miss me if I was gone",
    ).output
    (entry,) = entries(journal_home)
    assert entry.episode is not None and "miss me" in (entry.episode.self_treatment or "")
    assert out.index("Saved entry 1") < out.index(NOTE)


def test_an_ordinary_guided_entry_shows_no_note(journal: Invoker) -> None:
    out = journal("write", "--prompt", "present-closeness", input=follow_up_script("")).output
    assert "Saved entry 1" in out and NOTE not in out


def test_edit_text_checks_the_new_words_after_saving(journal: Invoker, journal_home: Path) -> None:
    journal("write", "--text", "A calm walk.")
    out = journal(
        "edit", "1", "--text", "I've decided on the night, when the flat is empty."
    ).output
    assert out.index("Saved entry 1") < out.index(NOTE)
    assert entries(journal_home)[0].body.startswith("I've decided on the night")
    assert NOTE not in journal("edit", "1", "--star").output  # no new words, no note again


def test_edit_title_and_the_editor_are_checked(
    journal: Invoker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal("write", "--text", "A calm walk.")
    assert NOTE in journal("edit", "1", "--title", "no one would even miss me").output
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\necho 'I keep thinking about the pills in the drawer.' > \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    journal("write", "--text", "Another quiet day.")
    assert NOTE in journal("edit", "2").output


def test_an_empty_edit_is_refused_and_changes_nothing(journal: Invoker, journal_home: Path) -> None:
    journal("write", "--text", "A calm walk.")
    result = journal("edit", "1", "--text", "  ", ok=False)
    assert result.exit_code == 1 and "would be empty" in result.output
    assert entries(journal_home)[0].body == "A calm walk."


def _export(path: Path, bodies: list[str], first_day: int = 1) -> Path:
    rows = [
        {"date": f"2026-11-{first_day + i:02}", "time": "20:00", "title": f"Day {i}", "body": b}
        for i, b in enumerate(bodies)
    ]
    path.write_text(json.dumps({"tags": {}, "entries": rows}), encoding="utf-8")
    return path


def test_import_says_how_many_entries_use_such_words_without_showing_them(
    journal: Invoker, tmp_path: Path
) -> None:
    path = _export(
        tmp_path / "jrnl.json",
        [
            "Lunch with Sam.",
            "i havent stopped thinking about ending it",
            "Part of me wants to step off the platform.",
            "My friend said she wanted to die over the exam, we laughed.",
        ],
    )
    out = journal("import", str(path)).output
    assert "Imported 4 entries" in out
    assert (
        "2 imported entries use words about not wanting to be here or self-harm; "
        "`journal safety-plan` has support." in out
    )
    assert "ending it" not in out and "platform" not in out and "Day 1" not in out
    again = journal("import", str(path)).output  # nothing new: no count line
    assert "imported entries use words" not in again
    one = _export(tmp_path / "one.json", ["whats even the point anymore"], first_day=20)
    assert "1 imported entry uses words about" in journal("import", str(one)).output


def test_safety_notes_false_turns_every_note_off(
    journal: Invoker, journal_home: Path, tmp_path: Path
) -> None:
    journal_home.mkdir(parents=True)
    (journal_home / "config.yaml").write_text("safety_notes: false\n")
    outs = [
        journal("write", "--text", "x", "--title", "i want it all to be over").output,
        journal(
            "write", "--prompt", "present-closeness", input=follow_up_script("I want to die")
        ).output,
        journal("edit", "1", "--text", "I want to die.").output,
        journal("import", str(_export(tmp_path / "j.json", ["I want to die."]))).output,
    ]
    assert all("Saved" in o or "Imported" in o for o in outs)
    assert not any(NOTE in o or "use words about" in o for o in outs)
    assert len(entries(journal_home)) == 3
