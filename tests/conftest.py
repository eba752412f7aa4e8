"""Shared fixtures: every test gets its own journal folder, never the real one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from relational_journal.cli import app, load
from relational_journal.models import Entry, Episode, FeelingFelt, PersonRef
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


class Invoker:
    def __init__(self, runner: CliRunner) -> None:
        self.runner = runner

    def __call__(self, *args: str, input: str | None = None, ok: bool = True) -> Any:
        result = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, (result.output, getattr(result, "stderr", ""))
        return result


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


UTC = UTC


def make_entry(
    body: str = "A quiet evening.",
    *,
    about: datetime | None = None,
    people: tuple[PersonRef, ...] = (),
    feelings: tuple[FeelingFelt, ...] = (),
    episode: Episode | None = None,
    **kwargs: Any,
) -> Entry:
    """An entry for tests; `about` defaults to a fixed moment."""
    about = about or datetime(2026, 11, 18, 20, 0, tzinfo=UTC)
    return Entry(
        body=body,
        about=about,
        written_at=about + timedelta(minutes=5),
        people=people,
        feelings=feelings,
        episode=episode,
        **kwargs,
    )
