"""User text never reaches the terminal as commands: every listing shows escapes as text."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from helpers import Invoker, make_entry
from relational_journal.models import FeelingFelt, PersonRef
from relational_journal.render.safe import visible
from relational_journal.storage.store import Store

TITLE_SEQ = "\x1b]0;owned\x07"  # sets the window title
CLEAR = "\x1b[2J"  # clears the screen
LINK = "\x1b]8;;http://example.invalid\x1b\\here\x1b]8;;\x1b\\"  # an OSC 8 hyperlink
CSI_8BIT = "\x9b2J"
BIDI = "\u202e"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def _no_raw_controls(text: str) -> None:
    found = [ch for ch in RAW if ch in text]
    assert not found, f"raw control characters reached the output: {found!r}"


def test_visible_shows_every_control_as_its_escape_and_keeps_layout() -> None:
    assert visible(f"a{TITLE_SEQ}b") == "a\\x1b]0;owned\\x07b"
    assert visible(f"x{CSI_8BIT}{BIDI}\ry") == "x\\x9b2J\\u202e\\ry"
    assert visible("tab\tand\nnewline, [bold]markup[/bold], é, 日本") == (
        "tab\tand\nnewline, [bold]markup[/bold], é, 日本"
    )
    assert visible(visible(f"a{CLEAR}")) == visible(f"a{CLEAR}")


@pytest.fixture
def hostile(journal_home: Path) -> Path:
    """A journal whose entry, title, people, role, feelings and tags all carry escapes."""
    journal_home.mkdir(parents=True, exist_ok=True)
    db = journal_home / "journal.db"
    store = Store.open(db)
    now = datetime.now(UTC) - timedelta(hours=1)
    store.add_entry(
        make_entry(
            f"I felt {CLEAR}unheard [bold]really[/bold] {CSI_8BIT} with quiet words",
            about=now,
            title=f"Evening{TITLE_SEQ} {LINK}",
            people=(PersonRef("Sam", role=f"partner{CLEAR}"),),
            feelings=(FeelingFelt(f"hurt{BIDI}", "sad", 6, False),),
            tags=(f"t{CLEAR}",),
            starred=True,
        )
    )
    store.close()
    conn = sqlite3.connect(db)
    # A name kept by an older version, before names were checked.
    conn.execute("UPDATE people SET name = ?", [f"Sam{TITLE_SEQ}"])
    conn.commit()
    conn.close()
    return db


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("show", "1"),
        ("search", "quiet"),
        ("people",),
        ("review", "--all"),
        ("review", "--all", "--format", "markdown"),
        ("list", "--starred"),
    ],
)
def test_escapes_in_entries_show_as_text_in_every_listing(
    journal: Invoker, hostile: Path, args: tuple[str, ...]
) -> None:
    out = journal(*args).output
    _no_raw_controls(out)
    assert "\\x1b" in out  # shown, not dropped
    assert "[bold]" not in out or "[bold]really[/bold]" in out  # markup shown as written


def test_show_prints_the_whole_entry_with_its_escapes_visible(
    journal: Invoker, hostile: Path
) -> None:
    out = journal("show", "1").output
    assert "Evening\\x1b]0;owned\\x07" in out
    assert "[bold]really[/bold]" in out
    assert "\\x9b2J" in out and "hurt\\u202e" in out and "#t\\x1b[2J" in out


def test_json_output_stays_exact(journal: Invoker, hostile: Path) -> None:
    import json

    data = [json.loads(line) for line in journal("list", "--json").output.splitlines()]
    assert data[0]["title"] == f"Evening{TITLE_SEQ} {LINK}"


def test_error_messages_show_markup_and_escapes_in_file_names(
    journal: Invoker, tmp_path: Path
) -> None:
    missing = tmp_path / f"[bold]x{CLEAR}.json"
    result = journal("import", str(missing), ok=False)
    assert result.exit_code == 1
    _no_raw_controls(result.output)
    assert "[bold]x\\x1b[2J.json" in result.output


PACK = """\
id: linked
title: "A pack \\e[2J"
prompts:
  - id: linked-one
    text: "Click \\e]8;;http://example.invalid\\e\\\\here\\e]8;;\\e\\\\ please"
    relationship: self
    kind: reflection
"""


def test_validate_refuses_control_characters_with_file_line_and_field(
    journal: Invoker, tmp_path: Path
) -> None:
    pack = tmp_path / "linked.yaml"
    pack.write_text(PACK, encoding="utf-8")
    result = journal("prompts", "validate", str(pack), ok=False)
    assert result.exit_code == 1
    _no_raw_controls(result.output)
    said = " ".join(result.output.split())
    assert "linked.yaml line 2: 'title' holds the control character U+001B" in said
    fixed = PACK.replace("\\e[2J", "")
    pack.write_text(fixed, encoding="utf-8")
    result = journal("prompts", "validate", str(pack), ok=False)
    said = " ".join(result.output.split())
    assert "linked.yaml line 5: 'text' holds the control character U+001B" in said
    assert journal("prompts", "add", str(pack), ok=False).exit_code == 1


def test_prompts_list_shows_a_user_packs_text_as_written(
    journal: Invoker, tmp_path: Path, journal_home: Path
) -> None:
    # A pack put straight into the folder, never checked by `prompts add`.
    folder = journal_home / "prompts"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "id: mine\ntitle: Mine [red]x[/red]\nprompts:\n  - id: mine-one\n"
        "    text: What did [bold]you[/bold] notice?\n    relationship: self\n"
        "    kind: reflection\n",
        encoding="utf-8",
    )
    out = journal("prompts", "list", "--pack", "mine").output
    assert "What did [bold]you[/bold] notice?" in out
    assert "Mine [red]x[/red]" in out
