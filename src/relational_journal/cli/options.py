"""Options shared by every command that selects entries, and the one place they become a filter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.storage.query import EntryFilter, Privacy

if TYPE_CHECKING:
    from relational_journal.config import Config
    from relational_journal.storage.store import Store

FromOpt = Annotated[
    str | None,
    typer.Option("--from", help="Entries about this day or later: '2026-11-02', 'last monday'."),
]
ToOpt = Annotated[
    str | None, typer.Option("--to", help="Entries about this day or earlier (inclusive).")
]
OnOpt = Annotated[str | None, typer.Option("--on", help="Entries about this one day.")]
SinceSessionOpt = Annotated[
    bool, typer.Option("--since-session", help="Entries since the last therapy session.")
]
PersonOpt = Annotated[
    list[str] | None,
    typer.Option("--person", "-p", help="About this person (name or alias); repeatable."),
]
FeelingOpt = Annotated[
    list[str] | None,
    typer.Option("--feeling", help="With this feeling, or any of a family ('sad'); repeatable."),
]
PromptOpt = Annotated[list[str] | None, typer.Option("--prompt", help="Answering this prompt id.")]
PackOpt = Annotated[
    list[str] | None, typer.Option("--pack", help="Answering a prompt of this pack.")
]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", help="With this tag; repeatable.")]
StarredOpt = Annotated[bool, typer.Option("--starred", help="Only starred entries.")]
PrivateOpt = Annotated[bool, typer.Option("--private", help="Only private entries.")]
IncludePrivateOpt = Annotated[
    bool, typer.Option("--include-private", help="Show private entries too.")
]
# SQLite's integers stop at 2^63 - 1: a larger id or count is refused as a bad option.
MAX_ID = 2**63 - 1
LimitOpt = Annotated[
    int | None, typer.Option("-n", min=0, max=MAX_ID, help="Only the last N entries.")
]


def build_filter(
    store: Store,
    cfg: Config,
    *,
    from_: str | None = None,
    to: str | None = None,
    on: str | None = None,
    since_session: bool = False,
    people: list[str] | None = None,
    feelings: list[str] | None = None,
    prompts: list[str] | None = None,
    packs: list[str] | None = None,
    tags: list[str] | None = None,
    starred: bool = False,
    private: bool = False,
    include_private: bool = False,
    limit: int | None = None,
    default_privacy: Privacy = "exclude",
) -> EntryFilter:
    """Resolve the shared options (dates included) into one EntryFilter."""
    from relational_journal.cli.app import local_tz, now
    from relational_journal.core.dates import parse_range
    from relational_journal.core.sessions import session_lookup
    from relational_journal.errors import DateError

    if since_session:
        if from_ is not None or on is not None:
            raise DateError("--since-session cannot be combined with --from or --on")
        from_ = "last session"
    start, end = parse_range(
        from_,
        to,
        on,
        now(),
        local_tz(),
        week_start=cfg.week_start_index,
        sessions=session_lookup(store),
    )
    privacy: Privacy = default_privacy
    if private:
        privacy = "only"
    elif include_private:
        privacy = "include"
    return EntryFilter(
        start=start,
        end=end,
        people=tuple(people or ()),
        feelings=tuple(feelings or ()),
        prompts=tuple(prompts or ()),
        packs=tuple(packs or ()),
        tags=tuple(tags or ()),
        starred=starred,
        privacy=privacy,
        limit=limit,
    )
