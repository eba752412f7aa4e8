"""`journal session`: record therapy sessions and set their recurring schedule."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli.app import console, local_tz, new_group, now
from relational_journal.cli.entries import journal
from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from relational_journal.core.dates import Span

session_app = new_group("session", "Your therapy sessions: record them or set their schedule.")


@session_app.command()
def add(
    when: Annotated[
        str | None,
        typer.Argument(help="When it was: 'today 17:00', 'yesterday 5pm' (default: now)."),
    ] = None,
    notes: Annotated[
        str | None, typer.Option("--notes", help="A few words to remember it by.")
    ] = None,
) -> None:
    """Record a therapy session (default: now)."""
    from datetime import datetime

    from relational_journal.core.dates import parse_span
    from relational_journal.core.sessions import add_session, sessions_between
    from relational_journal.render.entries import when as show_when

    with journal() as (cfg, store):
        moment = now()
        tz = local_tz()
        at = moment
        if when is not None:
            span = parse_span(when, moment, tz, week_start=cfg.week_start_index)
            if span.exact:
                at = span.start
            elif span.start.date() != span.end.date():
                raise JournalError(f"{when.strip()!r} is a period: name a day and time")
            else:
                # A day without a time: the scheduled session that day, else the time now.
                planned = sessions_between(store, span.start, span.end, tz)
                at = (
                    planned[0].at
                    if planned
                    else datetime.combine(span.start.date(), moment.astimezone(tz).time())
                )
                if not planned:
                    at = at.replace(tzinfo=tz)
        add_session(store, at, notes)
    console().print(f"[green]✓[/] Recorded a session: {show_when(at, tz)}.")


@session_app.command("list")
def list_sessions(
    from_: Annotated[
        str | None, typer.Option("--from", help="Since when (default: 8 weeks ago).")
    ] = None,
    weeks_ahead: Annotated[
        int, typer.Option("--ahead", min=0, max=52, help="Weeks of upcoming sessions to show.")
    ] = 4,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Recorded sessions, and the recent and upcoming ones from your schedule."""
    from datetime import timedelta

    from relational_journal.core.dates import parse_span
    from relational_journal.core.sessions import schedules, sessions_between
    from relational_journal.render.entries import sessions_table

    with journal() as (cfg, store):
        moment = now()
        tz = local_tz()
        start = (
            parse_span(from_, moment, tz, week_start=cfg.week_start_index).start
            if from_
            else moment - timedelta(weeks=8)
        )
        found = sessions_between(store, start, moment + timedelta(weeks=weeks_ahead), tz)
        active = schedules(store)
    if as_json:
        data = {
            "schedules": [
                {"rule": s.spec.rule(), "description": s.describe(), "starts": s.starts.isoformat()}
                for s in active
            ],
            "sessions": [
                {"at": s.at.isoformat(), "recorded": s.recorded, "notes": s.notes} for s in found
            ],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    described = "; ".join(s.describe() for s in active) or None
    console().print(sessions_table(found, moment, tz, described))


@session_app.command()
def schedule(
    rule: Annotated[
        str | None,
        typer.Argument(help="'every tuesday at 17:00', 'every other monday at 9am'."),
    ] = None,
    weekly: Annotated[
        str | None, typer.Option("--weekly", help="The weekday(s): tuesday, or mon,thu.")
    ] = None,
    at: Annotated[str | None, typer.Option("--time", help="The time: 17:00 or 5pm.")] = None,
    every: Annotated[
        int, typer.Option("--every", min=1, max=52, help="Every N weeks (default 1).")
    ] = 1,
    starts: Annotated[
        str | None,
        typer.Option("--starts", help="The first session's day (default: the most recent one)."),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="End the schedule; past sessions stay known.")
    ] = False,
) -> None:
    """Set when your sessions recur, so 'last session' and 'next session' are known."""
    from datetime import datetime

    from relational_journal.core.dates import parse_span
    from relational_journal.core.sessions import (
        end_schedule,
        first_start,
        make_spec,
        parse_clock,
        parse_schedule,
        parse_weekdays,
        scheduled_session,
        set_schedule,
        zone_name,
    )
    from relational_journal.render.entries import when as show_when

    out = console()
    if clear:
        if rule or weekly or at:
            raise JournalError("--clear takes no schedule")
        with journal() as (_cfg, store):
            ended = end_schedule(store, now())
        out.print("[green]✓[/] Schedule ended." if ended else "There was no schedule to end.")
        return
    if rule and (weekly or at):
        raise JournalError("give the schedule in words or with --weekly and --time, not both")
    if rule:
        spec = parse_schedule(rule)
        if every != 1:
            spec = make_spec(spec.weekdays, spec.at, every)
    elif weekly and at:
        spec = make_spec(parse_weekdays(weekly), parse_clock(at), every)
    else:
        raise JournalError(
            'say when, e.g. journal session schedule "every tuesday at 17:00" '
            "(or --weekly tuesday --time 17:00)"
        )
    with journal() as (cfg, store):
        moment = now()
        tz = local_tz()
        today = moment.astimezone(tz).date()
        if starts is not None:
            day = parse_span(starts, moment, tz, week_start=cfg.week_start_index).start.date()
            if day.weekday() not in spec.weekdays:
                raise JournalError(f"{starts.strip()!r} is a {day:%A}, not a day of this schedule")
            first = datetime.combine(day, spec.at)
        else:
            first = first_start(spec, today)
        saved = set_schedule(store, spec, first, tz, zone_name())
        last = scheduled_session(saved, "last", moment, tz)
        upcoming = scheduled_session(saved, "next", moment, tz)
    out.print(f"[green]✓[/] Sessions {spec.describe()}.")
    if last is not None:
        out.print(f"  Last session: {show_when(last, tz)}")
    if upcoming is not None:
        out.print(f"  Next session: {show_when(upcoming, tz)}")


def _one_day(text: str, what: str) -> tuple[Span, tzinfo]:
    """The day `text` names, as a span, with the zone used."""
    from relational_journal.core.dates import parse_span

    tz = local_tz()
    span = parse_span(text, now(), tz)
    if span.start.astimezone(tz).date() != span.end.astimezone(tz).date():
        raise JournalError(f"{text.strip()!r} is a period: name the day of the {what}")
    return span, tz


@session_app.command()
def skip(
    day: Annotated[
        str, typer.Argument(help="The day of the session that did not take place: 'tuesday'.")
    ],
) -> None:
    """Say a session did not take place, so 'last session' is the one before it."""
    from relational_journal.core.sessions import find_session, skip_session
    from relational_journal.render.entries import when as show_when

    span, tz = _one_day(day, "session to skip")
    with journal() as (_cfg, store):
        skipped = skip_session(store, span.start.astimezone(tz).date(), tz)
        last = find_session(store, "last", now(), tz)
    out = console()
    out.print(f"[green]✓[/] Skipped the session of {show_when(skipped.at, tz)}.")
    out.print(f"  Last session: {show_when(last, tz)}" if last else "  No session before now.")


@session_app.command()
def move(
    day: Annotated[str, typer.Argument(help="The day the session was planned: 'tuesday'.")],
    new: Annotated[
        str, typer.Argument(help="When it took place instead: 'thursday', 'wednesday 18:00'.")
    ],
) -> None:
    """Say a session took place at another time (a day keeps the session's own time)."""
    from datetime import datetime

    from relational_journal.core.dates import parse_span
    from relational_journal.core.sessions import move_session, sessions_between
    from relational_journal.render.entries import when as show_when

    span, tz = _one_day(day, "session to move")
    old_day = span.start.astimezone(tz).date()
    target = parse_span(new, now(), tz)
    with journal() as (_cfg, store):
        if target.exact:
            at = target.start
        else:
            if target.start.astimezone(tz).date() != target.end.astimezone(tz).date():
                raise JournalError(f"{new.strip()!r} is a period: name a day, or a day and time")
            # A day alone: the session keeps its own clock time.
            planned = sessions_between(store, span.start, span.end, tz)
            if not planned:
                raise JournalError(f"there is no session on {old_day:%A %-d %B %Y} to move")
            clock = planned[0].at.astimezone(tz).time()
            at = datetime.combine(target.start.astimezone(tz).date(), clock, tzinfo=tz)
        moved, to = move_session(store, old_day, at, tz)
    console().print(
        f"[green]✓[/] Moved the session of {show_when(moved.at, tz)} to {show_when(to, tz)}."
    )
