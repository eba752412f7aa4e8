"""Export only to regular files or new paths; all that is written is owner-only, any umask."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import Invoker


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _target(kind: str, tmp_path: Path) -> Path:
    if kind == "device":
        return Path("/dev/full")
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling-link":
        path.symlink_to(tmp_path / "nowhere.json")
    elif kind == "link-to-file":
        (tmp_path / "real.json").write_text("kept", encoding="utf-8")
        path.symlink_to(tmp_path / "real.json")
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("kind", ["device", "fifo", "dangling-link", "link-to-file", "folder"])
def test_export_refuses_anything_but_a_regular_file_even_with_force(
    journal: Invoker, tmp_path: Path, kind: str
) -> None:
    journal("write", "--text", "an evening I want to keep")
    target = _target(kind, tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = journal("export", "-o", str(target), "--force", ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert "an evening" not in result.output
    if kind == "link-to-file":
        assert (tmp_path / "real.json").read_text(encoding="utf-8") == "kept"
    if kind == "device":
        assert target.is_char_device()


def test_export_with_force_replaces_a_regular_file(journal: Invoker, tmp_path: Path) -> None:
    journal("write", "--text", "words")
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    journal("export", "-o", str(target), "--force")
    assert "words" in target.read_text(encoding="utf-8")


PACK = """\
id: mine
title: Mine
prompts:
  - id: mine-one
    text: What did you notice?
    relationship: self
    kind: reflection
"""


def test_an_added_pack_is_owner_only_under_umask_000(
    journal: Invoker, tmp_path: Path, journal_home: Path, open_umask: None
) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    journal("prompts", "add", str(pack))
    assert (journal_home / "prompts").stat().st_mode & 0o777 == 0o700
    assert (journal_home / "prompts" / "mine.yaml").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("command", [("status",), ("list",), ("people",), ("config",)])
def test_every_command_tightens_a_wide_home_folder(
    journal: Invoker, journal_home: Path, command: tuple[str, ...]
) -> None:
    journal_home.mkdir()
    journal_home.chmod(0o755)
    journal(*command)
    assert journal_home.stat().st_mode & 0o777 == 0o700


def test_a_dangling_link_at_the_journal_is_refused_not_followed(
    journal: Invoker, tmp_path: Path, journal_home: Path, open_umask: None
) -> None:
    journal_home.mkdir(mode=0o700)
    target = tmp_path / "elsewhere.db"
    (journal_home / "journal.db").symlink_to(target)
    result = journal("write", "--text", "private words", ok=False)
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert "private words" not in result.output
    assert not target.exists()
