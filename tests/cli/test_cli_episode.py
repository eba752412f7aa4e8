"""`journal episode suggest`: clusters offered for some words, and why; nothing saved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import Invoker


def test_suggest_prints_the_clusters_and_the_words_read(journal: Invoker) -> None:
    out = journal("episode", "suggest", "other", "He never listened to me").output
    assert "1. RO5 Rejecting and opposing" in out
    assert 'read "never listened to me": the opposite of: they listened and understood me' in out
    assert "RO8" not in out


def test_suggest_json_lists_at_most_three_best_first(journal: Invoker) -> None:
    out = journal(
        "episode", "suggest", "self", "I went quiet and felt let down and heartbroken", "--json"
    ).output
    data = json.loads(out)
    assert data["part"] == "self"
    codes = [s["code"] for s in data["suggestions"]]
    assert codes[:1] == ["RS7"] and set(codes) == {"RS2", "RS7"}
    first = data["suggestions"][0]
    assert first["label"] == "Disappointed and depressed"
    assert first["plain"] and "let down" in first["why"] and "heartbroken" in first["why"]


def test_suggest_json_is_an_empty_list_when_the_words_are_unclear(journal: Invoker) -> None:
    out = journal("episode", "suggest", "wish", "I'm not sure what I wanted", "--json").output
    assert json.loads(out) == {"part": "wish", "suggestions": []}
    plain = journal("episode", "suggest", "wish", "I wanted to go home").output
    assert plain.startswith("No suggestion:")


def test_unknown_part_is_one_line_naming_the_parts(journal: Invoker, journal_home: Path) -> None:
    result = journal("episode", "suggest", "feeling", "He left", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: unknown part 'feeling': use one of wish, other, self"
    assert not journal_home.exists() or not (journal_home / "journal.db").exists()


def test_escape_sequences_in_the_words_never_reach_the_terminal(journal: Invoker) -> None:
    out = journal("episode", "suggest", "other", "He rolled\x1b[2J his eyes").output
    assert "RO5" in out and "\x1b" not in out
    data = json.loads(
        journal("episode", "suggest", "other", "He rolled\x1b his eyes", "--json").output
    )
    assert "\x1b" not in data["suggestions"][0]["why"]


def test_the_suggester_is_not_imported_for_help_or_write(tmp_path: Path) -> None:
    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(tmp_path)}
    for args in (["--help"], ["write", "--help"]):
        run = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "relational_journal", *args],
            capture_output=True,
            text=True,
            env=env,
        )
        assert run.returncode == 0
        assert "relational_journal.core.suggest" not in run.stderr
        assert "relational_journal.content.cues" not in run.stderr
