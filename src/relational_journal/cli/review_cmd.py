"""`journal review`: what kept coming back this week, with whom, and which patterns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli.app import app, console, local_tz, now, open_store, settings
from relational_journal.cli.options import (
    FeelingOpt,
    FromOpt,
    MoreFilters,
    PackOpt,
    PersonOpt,
    PromptOpt,
    SinceSessionOpt,
    StarredOpt,
    TagOpt,
    ToOpt,
    more_filters,
)

if TYPE_CHECKING:
    from datetime import date

    from relational_journal.storage.store import Store

FORMATS = ("terminal", "markdown", "json")
MAX_WIDTH = 100  # wider than this, lines get hard to read


@app.command()
# --month here chooses the period reviewed; --from and --to stand in for jrnl's.
@more_filters(skip=("month",))
def review(
    week: Annotated[
        str | None,
        typer.Option(
            "--week", metavar="WEEK", help="'this' (default), 'last', or an ISO week like 2026-W47."
        ),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option("--month", metavar="MONTH", help="'this', 'last', or a month like 2026-11."),
    ] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    since_session: SinceSessionOpt = False,
    everything: Annotated[bool, typer.Option("--all", help="Review the whole journal.")] = False,
    people: PersonOpt = None,
    feelings: FeelingOpt = None,
    prompts: PromptOpt = None,
    packs: PackOpt = None,
    tags: TagOpt = None,
    starred: StarredOpt = False,
    shared_only: Annotated[
        bool,
        typer.Option("--shared-only", help="Leave private entries out, as an export would."),
    ] = False,
    fmt: Annotated[
        str,
        typer.Option("--format", metavar="FORMAT", help="terminal (default), markdown or json."),
    ] = "terminal",
    more: MoreFilters | None = None,
) -> None:
    """See what kept coming back: feelings, people and relational patterns, week by week."""
    import json

    from relational_journal.cli.options import build_filter
    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.core.periods import resolve_period
    from relational_journal.core.review import review_period
    from relational_journal.core.review_json import summary_to_json
    from relational_journal.core.sessions import session_lookup
    from relational_journal.errors import DateError
    from relational_journal.paths import user_dir

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    cfg = settings()
    store = open_store()
    try:
        moment = now()
        since = None
        if since_session:
            since = session_lookup(store)("last", moment)
            if since is None:
                raise DateError(
                    "no earlier therapy session is known: record one with "
                    "`journal session add`, or choose --week or --from"
                )
        period = resolve_period(
            moment,
            local_tz(),
            week_start=cfg.week_start_index,
            week=week,
            month=month,
            from_text=from_,
            to_text=to,
            since=since,
            everything=everything,
            first_day=_first_day(store),
            sessions=session_lookup(store),
        )
        selection = build_filter(
            store,
            cfg,
            people=people,
            feelings=feelings,
            prompts=prompts,
            packs=packs,
            tags=tags,
            starred=starred,
            default_privacy="exclude" if shared_only else "include",
            more=more,
        )
        summary = review_period(
            store,
            selection,
            period,
            vocab=load_vocabulary(user_dir() / "feelings.yaml"),
            ccrt=load_ccrt(),
            shared_only=shared_only,
        )
    finally:
        store.close()

    if fmt == "json":
        typer.echo(json.dumps(summary_to_json(summary), indent=2, ensure_ascii=False))
        return
    from relational_journal.render.review import review_markdown, review_renderable

    if fmt == "markdown":
        from relational_journal.render.safe import visible

        typer.echo(visible(review_markdown(summary)))
        return
    out = console()
    out.print(review_renderable(summary), width=min(out.width, MAX_WIDTH))


def _first_day(store: Store) -> date | None:
    from datetime import date

    rows = store.read("SELECT min(about_day) FROM entries WHERE deleted_at IS NULL")
    return date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None
