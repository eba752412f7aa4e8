"""`journal prompts` and `journal config` as a client uses them."""

from __future__ import annotations

from pathlib import Path

from helpers import Invoker

PACK = """\
id: from-my-therapist
title: Between sessions
prompts:
  - id: therapist-one
    text: What did you notice about how you asked for help this week?
    relationship: self
    kind: reflection
"""


def test_list_filters_by_relationship(journal: Invoker) -> None:
    out = journal("prompts", "list", "--relationship", "therapy").output
    assert "therapy-unsaid" in out
    assert "past-early-home" not in out


def test_validate_reports_file_line_and_field_and_fails(journal: Invoker, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(PACK.replace("    kind: reflection", "    kind: musing"), encoding="utf-8")
    result = journal("prompts", "validate", str(bad), ok=False)
    assert result.exit_code == 1
    assert "bad.yaml line 7" in result.output and "'kind' must be one of" in result.output


def test_add_installs_a_pack_then_write_can_use_it(
    journal: Invoker, tmp_path: Path, journal_home: Path
) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    journal("prompts", "add", str(pack))
    assert (journal_home / "prompts" / "from-my-therapist.yaml").exists()
    assert "therapist-one" in journal("prompts", "list", "--pack", "from-my-therapist").output
    again = journal("prompts", "add", str(pack), ok=False)
    assert again.exit_code == 1 and "--force" in again.output
    journal("write", "--prompt", "therapist-one", input="I waited too long.\n\n\n")


def test_unknown_prompt_suggests_the_closest(journal: Invoker) -> None:
    result = journal("prompts", "show", "therapy-unsaidd", ok=False)
    assert result.exit_code == 1 and "did you mean 'therapy-unsaid'" in result.output


def test_config_shows_paths_and_warns_about_unknown_keys(
    journal: Invoker, journal_home: Path
) -> None:
    journal_home.mkdir(parents=True)
    (journal_home / "config.yaml").write_text("week_start: sunday\ncolour: blue\n")
    result = journal("config")
    assert "journal.db" in result.output and "journal-home" in result.output
    assert "sunday" in result.output
    assert "unknown setting 'colour'" in result.output


def test_version(journal: Invoker) -> None:
    assert journal("--version").output.startswith("relational-journal ")
