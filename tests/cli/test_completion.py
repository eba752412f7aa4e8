"""Shell completion: a script to install, and people, tags, prompts and packs to complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from helpers import make_entry
from relational_journal.cli.completion import (
    complete_packs,
    complete_people,
    complete_prompts,
    complete_tags,
)
from relational_journal.models import PersonRef
from relational_journal.storage.store import Store


def test_show_completion_prints_a_bash_script(journal: Any) -> None:
    out = journal("--show-completion", "bash").stdout
    assert "_JOURNAL_COMPLETE" in out and "complete " in out


def test_people_and_tags_complete_from_the_journal(store: Store) -> None:
    store.add_entry(make_entry("x", people=(PersonRef("Sam"), PersonRef("Sara")), tags=("work",)))
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO person_aliases (alias, person_id) SELECT 'Sammy', id FROM people"
            " WHERE name = 'Sam'"
        )
    assert complete_people("sa") == ["Sam", "Sammy", "Sara"]
    assert complete_people("@Sar") == ["Sara"]
    assert complete_tags("W") == ["work"]
    assert complete_people("zz") == []


def test_prompts_and_packs_complete_from_the_bundled_packs() -> None:
    assert "past-parent-voice" in complete_prompts("past-")
    assert all(p.startswith("past-") for p in complete_prompts("past-"))
    assert "past" in complete_packs("pa")


def test_no_journal_or_a_foreign_file_completes_nothing_and_creates_nothing(
    journal_home: Path,
) -> None:
    assert complete_people("S") == []
    assert not (journal_home / "journal.db").exists()
    journal_home.mkdir(parents=True)
    (journal_home / "journal.db").write_bytes(b"not a database at all" * 100)
    assert complete_people("S") == [] and complete_tags("") == []
    assert (journal_home / "journal.db").read_bytes() == b"not a database at all" * 100


def test_the_shell_is_offered_the_people(store: Store, journal_home: Path) -> None:
    store.add_entry(make_entry("x", people=(PersonRef("Mom"), PersonRef("Sam"))))
    env = {**os.environ, "_JOURNAL_COMPLETE": "complete_bash"}
    env.update(COMP_WORDS="journal list --person S", COMP_CWORD="3")
    done = subprocess.run(
        [sys.executable, "-m", "relational_journal"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Sam"]
