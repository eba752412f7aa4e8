"""Episodes from the command line: written and edited by options or in the editor, searched."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import Invoker, kept_drafts
from relational_journal.models import Entry
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

WRITE = [
    "write",
    "--text",
    "Bath time, when I was small.",
    "--episode-with",
    "Mom",
    "--era",
    "past",
    "--wish",
    "to be held",
    "--wish-code",
    "w5",
    "--other",
    "she turned away to the dishes",
    "--other-code",
    "RO5",
    "--self",
    "I went to my room",
    "--afterwards",
    "told myself I was too much",
]


def entries(home: Path) -> list[Entry]:
    if not (home / "journal.db").exists():
        return []
    with Store.open(home / "journal.db") as store:
        return list(store.iter_entries(EntryFilter()))


def test_write_an_episode_without_the_guided_flow(journal: Invoker, journal_home: Path) -> None:
    journal(*WRITE)
    (entry,) = entries(journal_home)
    ep = entry.episode
    assert ep is not None
    assert (ep.person, ep.era, ep.wish, ep.wish_cluster) == ("Mom", "past", "to be held", "W5")
    assert (ep.other_cluster, ep.other_expected, ep.self_cluster) == ("RO5", False, None)
    assert ep.self_treatment == "told myself I was too much"
    shown = journal("show", "1").output
    assert "Afterwards" in shown and "told myself I was too much" in shown
    exported = journal("export", "--format", "markdown").output
    assert "How I treated myself afterwards:** told myself I was too much" in exported


def test_the_persons_era_is_the_default(journal: Invoker, journal_home: Path) -> None:
    journal("write", "--text", "Hello.", "--with", "Sam")
    journal("people", "set", "Sam", "--era", "present")
    journal("write", "--text", "Dinner.", "--episode-with", "sam", "--other", "he listened")
    ep = entries(journal_home)[1].episode
    assert ep is not None and (ep.person, ep.era, ep.other_expected) == ("Sam", "present", False)


@pytest.mark.parametrize(
    ("options", "names"),
    [
        (["--episode-with", "Mom", "--wish-code", "W9"], ["--wish-code", "W1"]),
        (["--episode-with", "Mom", "--wish-code", "RO5"], ["--wish-code", "another part"]),
        (["--episode-with", "Mom", "--era", "childhood"], ["--era", "present, past"]),
        (["--wish", "to be held"], ["--wish", "--episode-with"]),
        (["--episode-with", " "], ["--episode-with"]),
    ],
)
def test_bad_episode_options_are_one_line_and_save_nothing(
    journal: Invoker, journal_home: Path, options: list[str], names: list[str]
) -> None:
    result = journal("write", "--text", "Secret words.", *options, ok=False)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and all(n in message for n in names)
    assert "Secret words" not in result.output + result.stderr
    assert entries(journal_home) == []


def test_edit_changes_words_codes_era_and_person_by_options(
    journal: Invoker, journal_home: Path
) -> None:
    journal(*WRITE)
    journal("edit", "1", "--episode", "1", "--other", "she smiled", "--other-code", "ro7")
    journal("edit", "1", "--era", "present", "--episode-with", "Dad", "--expected")
    ep = entries(journal_home)[0].episode
    assert ep is not None
    assert (ep.person, ep.era, ep.other, ep.other_cluster, ep.other_expected) == (
        "Dad",
        "present",
        "she smiled",
        "RO7",
        True,
    )
    assert ep.wish == "to be held"  # untouched
    bad = journal("edit", "1", "--self-code", "W2", ok=False)
    assert bad.exit_code == 1 and "--self-code" in bad.stderr
    wrong = journal("edit", "1", "--episode", "2", "--wish", "x", ok=False)
    assert "--episode 2" in wrong.stderr
    assert entries(journal_home)[0].episode == ep


def editor(tmp_path: Path, old: str, new: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        f"open(path, 'w', encoding='utf-8').write(text.replace({old!r}, {new!r}))\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_the_editor_shows_the_episode_and_reads_it_back(
    journal: Invoker, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal(*WRITE)
    monkeypatch.setenv("EDITOR", editor(tmp_path, "era: past", "era: therapy"))
    journal("edit", "1")
    (entry,) = entries(journal_home)
    assert entry.episode is not None and entry.episode.era == "therapy"
    assert entry.body == "Bath time, when I was small."
    monkeypatch.setenv("EDITOR", editor(tmp_path, "wish code: W5", "wish code: RS2"))
    result = journal("edit", "1", ok=False)
    assert result.exit_code == 1
    assert "'wish code:'" in result.stderr and "kept as a draft" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert entries(journal_home)[0].episode == entry.episode
    (draft,) = kept_drafts(journal_home)
    assert "wish code: RS2" in draft["body"]


def test_search_says_which_part_of_the_episode_matched(journal: Invoker) -> None:
    journal(*WRITE)
    journal("write", "--text", "The dishes again.")
    result = journal("search", "dishes")
    assert "matched in: how they responded" in result.output
    assert "2 matches" in result.output
    assert journal("search", "too much", "--json").output.count('"how you treated yourself') == 1
