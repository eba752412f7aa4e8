"""Shared fixtures: every test gets its own journal folder, never the real one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import Invoker
from relational_journal.cli import load
from relational_journal.storage.store import Store

load()  # every command, as `journal --help` sees them


@pytest.fixture(autouse=True)
def journal_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the whole tool at a fresh data folder for each test."""
    home = tmp_path / "journal-home"
    monkeypatch.setenv("RELATIONAL_JOURNAL_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def journal(runner: CliRunner) -> Invoker:
    """Run `journal ARGS...` in-process; asserts success unless ok=False."""
    return Invoker(runner)


@pytest.fixture
def store(journal_home: Path) -> Iterator[Store]:
    journal_home.mkdir(parents=True, exist_ok=True)
    s = Store.open(journal_home / "journal.db")
    yield s
    s.close()
