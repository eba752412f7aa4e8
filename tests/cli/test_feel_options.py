"""`--feel` on the command line: several at once, one bad intensity, no terminal or one."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Invoker
from relational_journal.cli import terminal
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store


def saved(home: Path) -> list[list[tuple[str, int | None]]]:
    if not (home / "journal.db").exists():
        return []
    with Store.open(home / "journal.db") as store:
        return [
            [(f.word, f.intensity) for f in e.feelings] for e in store.iter_entries(EntryFilter())
        ]


def test_several_feelings_in_one_option(journal: Invoker, journal_home: Path) -> None:
    journal("write", "--text", "A long call.", "--feel", "sad:5, unheard:6,calm:3")
    assert saved(journal_home) == [[("sad", 5), ("unheard", 6), ("calm", 3)]]


def test_a_bad_intensity_without_a_terminal_names_the_word_and_saves_nothing(
    journal: Invoker, journal_home: Path
) -> None:
    result = journal(
        "write", "--text", "Private words here.", "--feel", "sad:5,angry:x,calm:3", ok=False
    )
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "'angry'" in message and "0 to 10" in message
    assert "Private words" not in result.output and "Traceback" not in result.output
    assert saved(journal_home) == []


def test_at_a_terminal_only_the_bad_intensity_is_asked_again(
    journal: Invoker, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terminal, "is_interactive", lambda: True)
    result = journal(
        "write", "--text", "A long call.", "--feel", "sad:5,angry:x,calm:3", input="7\n"
    )
    assert result.output.count("How strong was") == 1 and "'angry'" in result.output
    assert saved(journal_home) == [[("sad", 5), ("angry", 7), ("calm", 3)]]


def test_edit_with_a_bad_intensity_changes_nothing(journal: Invoker, journal_home: Path) -> None:
    journal("write", "--text", "A long call.", "--feel", "sad:5")
    result = journal("edit", "1", "--feel", "hurt:lots", ok=False)
    assert result.exit_code == 1 and "'hurt'" in result.stderr
    assert saved(journal_home) == [[("sad", 5)]]
