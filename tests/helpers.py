"""What many tests share: an entry to save, and `journal` run in-process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from relational_journal.cli import app
from relational_journal.content.ccrt import load_ccrt
from relational_journal.core.periods import Period
from relational_journal.core.review import Summary, summarize
from relational_journal.interchange.export import ExportContext
from relational_journal.models import Entry, Episode, FeelingFelt, PersonRef
from relational_journal.storage.review_rows import (
    ClusterRow,
    DayRow,
    EchoRow,
    FeelingRow,
    PersonRow,
    ReviewRows,
)

__all__ = [
    "CCRT",
    "UTC",
    "WEEK",
    "Invoker",
    "kept_drafts",
    "make_entry",
    "review_rows",
    "review_summary",
]


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


# -- the review from hand-built rows ---------------------------------------------

CCRT = load_ccrt()
WEEK = Period(
    datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC), "week"
)


def review_rows(**changes: object) -> ReviewRows:
    base: dict[str, object] = {
        "entries": 5,
        "days_journaled": 4,
        "days": [DayRow("2026-11-16", 2, -1.0, 2), DayRow("2026-11-18", 1, 0.5, 1)],
        "prompts": [("present", "present-closeness", 2)],
        "feelings": [
            FeelingRow("lonely", "sad", 3, 6.0),
            FeelingRow("angry", "mad", 1, 4.0),
        ],
        "previous_feelings": None,
        "previous_entries": None,
        "people": [
            PersonRow(1, "Sam", "present", "partner", 3),
            PersonRow(2, "Dad", "past", "father", 2),
        ],
        "person_feelings": [(1, "lonely", 2), (2, "lonely", 1)],
        "episodes": 4,
        "clusters": [
            ClusterRow("wish", "W6", 4),
            ClusterRow("other", "RO5", 3),
            ClusterRow("other", "RO8", 1),
            ClusterRow("self", "RS2", 3),
            ClusterRow("self", None, 1),
        ],
        "previous_episodes": None,
        "previous_clusters": None,
        "episode_list": [],
        "echoes_here": [
            EchoRow("W6", "RO5", 1, "Sam", "present", 2, (5, 3)),
            EchoRow("W6", "RO5", 2, "Dad", "past", 1, (2,)),
        ],
        "echoes_any": [],
        "starred": [],
        "starred_total": 0,
    }
    base.update(changes)
    return ReviewRows(**base)  # type: ignore[arg-type]


def review_summary(**changes: object) -> Summary:
    """A week's review summarized from `review_rows(**changes)`."""
    return summarize(WEEK, review_rows(**changes), CCRT)


# -- drafts kept on disk ---------------------------------------------------------------


def kept_drafts(home: Path) -> list[dict[str, Any]]:
    """Every draft of a plain journal at `home`, inside it or set aside, as its JSON."""
    import json
    import sqlite3

    found = []
    sources = [home / "journal.db", *sorted((home / "drafts").glob("*.draft.db"))]
    for path in sources:
        if not path.exists():
            continue
        conn = sqlite3.connect(path)
        try:
            has = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'drafts'").fetchone()
            rows = conn.execute("SELECT data FROM drafts").fetchall() if has else []
        finally:
            conn.close()
        found += [json.loads(data) for (data,) in rows]
    return found


# -- exports ---------------------------------------------------------------------------


def export_text(fmt: str, entries: list[Entry], ctx: ExportContext) -> str:
    """What `fmt` writes for `entries`; a binary format (PDF) decoded as latin-1."""
    import io

    from relational_journal.interchange.export import FORMATS, export

    if FORMATS[fmt].binary:
        raw = io.BytesIO()
        export(fmt, entries, raw, ctx)
        return raw.getvalue().decode("latin-1")
    sink = io.StringIO()
    export(fmt, entries, sink, ctx)
    return sink.getvalue()
