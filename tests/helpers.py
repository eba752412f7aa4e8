"""What many tests share: an entry to save, and `journal` run in-process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from typer.testing import CliRunner

from relational_journal.cli import app
from relational_journal.models import Entry, Episode, FeelingFelt, PersonRef

__all__ = ["UTC", "Invoker", "make_entry"]


class Invoker:
    def __init__(self, runner: CliRunner) -> None:
        self.runner = runner

    def __call__(self, *args: str, input: str | None = None, ok: bool = True) -> Any:
        result = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, (result.output, getattr(result, "stderr", ""))
        return result


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
