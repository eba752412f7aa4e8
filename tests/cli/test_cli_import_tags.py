"""Coming over from jrnl: @tags kept as tags or made people, and re-imports that update."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import make_entry
from relational_journal.cli import import_cmd
from relational_journal.interchange.importing import jrnl_tag_counts
from relational_journal.models import PersonRef
from relational_journal.storage.store import Store

JOURNAL = """\
[2020-05-01 09:00] Happy May Day!
@holidays @springtime Lunch with @Ana and @Sam.

[2020-05-02 12:10] Writing tests. *
@springtime They will help prevent bugs. Mail me at sam@example.org.

[2020-05-03 08:00] Walk with @Ana.
Not much to say.
"""


def jrnl(tmp_path: Path, text: str = JOURNAL) -> Path:
    path = tmp_path / "journal.txt"
    path.write_text(text, encoding="utf-8")
    return path


def people(journal: Any) -> list[str]:
    return sorted(p["name"] for p in json.loads(journal("people", "--json").stdout))


def tags(journal: Any) -> dict[str, int]:
    return {t["tag"]: t["count"] for t in json.loads(journal("tags", "--json").stdout)}


def test_tags_stay_tags_but_people_already_known(
    journal: Any, store: Store, tmp_path: Path
) -> None:
    store.add_entry(make_entry("Before the import.", people=(PersonRef("Sam"),)))
    journal("import", str(jrnl(tmp_path)))
    assert people(journal) == ["Sam"]
    assert tags(journal) == {"springtime": 2, "Ana": 2, "holidays": 1}
    assert len(journal("list", "--json", "--person", "sam").stdout.splitlines()) == 2


def test_tags_as_people_makes_every_tag_a_person(journal: Any, tmp_path: Path) -> None:
    journal("import", str(jrnl(tmp_path)), "--tags-as", "people")
    assert people(journal) == ["Ana", "Sam", "holidays", "springtime"]
    assert tags(journal) == {}


def test_jrnl_tag_counts_are_entries_per_tag_most_used_first(tmp_path: Path) -> None:
    from datetime import UTC

    counts = jrnl_tag_counts(jrnl(tmp_path), tz=UTC)
    assert counts == [("Ana", 2), ("springtime", 2), ("holidays", 1), ("Sam", 1)]


def test_ask_shows_counts_and_takes_the_people_by_number(
    journal: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_cmd, "_in_terminal", lambda: True)
    out = journal("import", str(jrnl(tmp_path)), "--tags-as", "ask", input="9\n1 4\n").stdout
    assert "1  @Ana  (2 entries)" in out and "4  @Sam  (1 entry)" in out
    assert "Give numbers from 1 to 4" in out
    assert people(journal) == ["Ana", "Sam"]
    assert tags(journal) == {"springtime": 2, "holidays": 1}


def test_ask_without_a_terminal_is_one_line_and_imports_nothing(
    journal: Any, tmp_path: Path
) -> None:
    result = journal("import", str(jrnl(tmp_path)), "--tags-as", "ask", ok=False)
    assert result.exit_code == 2 and "needs a terminal" in result.output
    assert journal("list", "--json").stdout == ""


def test_a_changed_entry_is_updated_not_added_again(journal: Any, tmp_path: Path) -> None:
    journal("import", str(jrnl(tmp_path)))
    changed = jrnl(tmp_path, JOURNAL.replace("Not much to say.", "Ana told me about her new job."))
    out = journal("import", str(changed)).stdout
    assert "2 already in the journal, skipped" in out
    assert "1 changed since the last import, kept as in the journal" in out
    walk = json.loads(journal("list", "--json", "--contains", "walk with").stdout)
    assert walk["body"] == "Not much to say."

    out = journal("import", str(changed), "--update").stdout
    assert "Imported 0 entries" in out and "1 changed since the last import, updated" in out
    lines = journal("list", "--json").stdout.splitlines()
    assert len(lines) == 3
    walk = json.loads(journal("list", "--json", "--contains", "walk with").stdout)
    assert walk["body"] == "Ana told me about her new job."
    assert "job" in journal("search", "job").stdout


def test_in_a_terminal_a_changed_entry_is_asked_about(
    journal: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal("import", str(jrnl(tmp_path)))
    monkeypatch.setattr(import_cmd, "_in_terminal", lambda: True)
    changed = jrnl(tmp_path, JOURNAL.replace("Not much to say.", "More to say now."))
    out = journal("import", str(changed), input="n\n").stdout
    assert "Take the file's text?" in out and "kept as in the journal" in out
    out = journal("import", str(changed), input="y\n").stdout
    assert "1 changed since the last import, updated" in out
    walk = json.loads(journal("list", "--json", "--contains", "walk with").stdout)
    assert walk["body"] == "More to say now."
