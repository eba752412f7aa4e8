"""Help that reads like a manual: words for values, whole sentences, one meaning per letter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer

from relational_journal.cli import app


def commands() -> Iterator[tuple[list[str], Any]]:
    """Every command and group of `journal`, as the words that reach it."""
    root = typer.main.get_command(app)

    def walk(path: list[str], cmd: Any) -> Iterator[tuple[list[str], Any]]:
        yield path, cmd
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            yield from walk([*path, name], sub)

    yield from walk([], root)


def test_every_command_is_reached() -> None:
    names = {" ".join(path) for path, _ in commands()}
    assert {
        "",
        "write",
        "list",
        "tags",
        "tags rename",
        "people to-tag",
        "session schedule",
    } <= names


def test_no_help_names_a_value_by_its_type(journal: Any) -> None:
    for path, _ in commands():
        out = journal(*path, "--help").stdout
        where = " ".join(path) or "journal"
        assert not re.search(r"<\w[\w ]*>", out), (where, out)
        assert not re.search(r"\{\w+\}", out), (where, out)
        assert "x>=" not in out and "<=x" not in out, (where, out)


def test_command_lists_end_at_a_sentence(journal: Any) -> None:
    for path, cmd in commands():
        for name, sub in getattr(cmd, "commands", {}).items():
            line = sub.get_short_help_str()
            assert line and not line.endswith("..."), (path, name, line)
            assert line[-1] in ".!?", (path, name, line)
    out = journal("--help").stdout
    assert "..." not in out.split("Commands:")[1]


def test_one_short_letter_has_one_meaning() -> None:
    meaning: dict[str, set[str]] = {}
    for _path, cmd in commands():
        for param in cmd.params:
            shorts = [o for o in param.opts if len(o) == 2]
            longs = [o for o in param.opts if o.startswith("--")] or [param.name]
            for short in shorts:
                meaning.setdefault(short, set()).add(longs[0])
    mixed = {letter: longs for letter, longs in meaning.items() if len(longs) > 1}
    assert mixed == {}
    assert meaning["-f"] == {"--feel"}


def test_metavariables_are_words(journal: Any) -> None:
    out = journal("list", "--help").stdout
    for shown in ("--from WHEN", "-n N", "--person NAME", "--contains TEXT", "[0 or more]"):
        assert shown in out
    assert "SOURCE TARGET" in journal("people", "merge", "--help").stdout
    assert "1 to 52]" in journal("session", "schedule", "--help").stdout
