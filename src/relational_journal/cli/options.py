"""Options shared by every command that selects entries, and the one place they become a filter."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from relational_journal.cli.completion import (
    complete_packs,
    complete_people,
    complete_prompts,
    complete_tags,
)
from relational_journal.storage.query import EntryFilter, Privacy

if TYPE_CHECKING:
    from relational_journal.config import Config
    from relational_journal.storage.store import Store

F = TypeVar("F", bound=Callable[..., Any])

FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="WHEN",
        help="Entries about this day or later: '2026-11-02', 'last monday'.",
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", metavar="WHEN", help="Entries about this day or earlier (inclusive)."),
]
OnOpt = Annotated[
    str | None, typer.Option("--on", metavar="WHEN", help="Entries about this one day.")
]
SinceSessionOpt = Annotated[
    bool, typer.Option("--since-session", help="Entries since the last therapy session.")
]
PersonOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--person",
        "-p",
        metavar="NAME",
        autocompletion=complete_people,
        help="About this person (name or alias); repeatable.",
    ),
]
FeelingOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--feeling",
        metavar="WORD",
        help="With this feeling, or any of a family ('sad'); repeatable.",
    ),
]
PromptOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--prompt", metavar="ID", autocompletion=complete_prompts, help="Answering this prompt id."
    ),
]
PackOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--pack",
        metavar="ID",
        autocompletion=complete_packs,
        help="Answering a prompt of this pack.",
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", metavar="TAG", autocompletion=complete_tags, help="With this tag; repeatable."
    ),
]
StarredOpt = Annotated[bool, typer.Option("--starred", help="Only starred entries.")]
PrivateOpt = Annotated[bool, typer.Option("--private", help="Only private entries.")]
IncludePrivateOpt = Annotated[
    bool, typer.Option("--include-private", help="Show private entries too.")
]
# SQLite's integers stop at 2^63 - 1: a larger id or count is refused as a bad option.
MAX_ID = 2**63 - 1
LimitOpt = Annotated[
    int | None, typer.Option("-n", min=0, max=MAX_ID, metavar="N", help="Only the last N entries.")
]


# -- the filters jrnl users know ---------------------------------------------------

MONTHS = (
    "january february march april may june july august september october november december"
).split()


@dataclass(frozen=True)
class MoreFilters:
    """jrnl's filters, as given on the command line (added by `more_filters`)."""

    match_all: bool = False
    not_person: tuple[str, ...] = ()
    not_tag: tuple[str, ...] = ()
    not_feeling: tuple[str, ...] = ()
    not_starred: bool = False
    untagged: bool = False
    contains: tuple[str, ...] = ()
    today_in_history: bool = False
    year: int | None = None
    month: str | None = None
    day: int | None = None


# (parameter, its annotation, its default): each declared once, here.
_MORE: list[tuple[str, Any, Any]] = [
    (
        "match_all",
        Annotated[
            bool,
            typer.Option(
                "--and", help="Every --person, --tag and --feeling given, not any of them."
            ),
        ],
        False,
    ),
    (
        "not_person",
        Annotated[
            list[str] | None,
            typer.Option(
                "--not-person",
                metavar="NAME",
                autocompletion=complete_people,
                help="Not about this person; repeatable.",
            ),
        ],
        None,
    ),
    (
        "not_tag",
        Annotated[
            list[str] | None,
            typer.Option(
                "--not-tag",
                metavar="TAG",
                autocompletion=complete_tags,
                help="Without this tag; repeatable.",
            ),
        ],
        None,
    ),
    (
        "not_feeling",
        Annotated[
            list[str] | None,
            typer.Option(
                "--not-feeling", metavar="WORD", help="Without this feeling or family; repeatable."
            ),
        ],
        None,
    ),
    (
        "not_starred",
        Annotated[bool, typer.Option("--not-starred", help="Only entries not starred.")],
        False,
    ),
    (
        "untagged",
        Annotated[bool, typer.Option("--untagged", help="Only entries without tags.")],
        False,
    ),
    (
        "contains",
        Annotated[
            list[str] | None,
            typer.Option(
                "--contains",
                metavar="TEXT",
                help="Whose title or text holds TEXT, in any case; repeatable.",
            ),
        ],
        None,
    ),
    (
        "today_in_history",
        Annotated[
            bool,
            typer.Option("--today-in-history", help="Entries about this day of any year."),
        ],
        False,
    ),
    (
        "year",
        Annotated[
            int | None, typer.Option("--year", metavar="YEAR", help="Entries about this year.")
        ],
        None,
    ),
    (
        "month",
        Annotated[
            str | None,
            typer.Option(
                "--month", metavar="MONTH", help="Entries about this month of any year: 6, june."
            ),
        ],
        None,
    ),
    (
        "day",
        Annotated[
            int | None,
            typer.Option("--day", metavar="DAY", help="Entries about this day of any month: 1-31."),
        ],
        None,
    ),
]

_LISTS = {"not_person", "not_tag", "not_feeling", "contains"}


def more_filters(*, skip: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Give a command jrnl's filters; they reach it as `more: MoreFilters`.

    The command's own signature keeps a `more` parameter, which Typer never
    sees: the options above stand in its place, declared only here.
    """

    def decorate(fn: F) -> F:
        sig = inspect.signature(fn, eval_str=True)
        own = [p for p in sig.parameters.values() if p.name != "more"]
        added = [
            inspect.Parameter(
                f"more_{name}", inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default
            )
            for name, kind, default in _MORE
            if name not in skip
        ]

        @functools.wraps(fn)
        def command(*args: Any, **kwargs: Any) -> Any:
            given = {
                name: kwargs.pop(f"more_{name}") for name, _, _ in _MORE if f"more_{name}" in kwargs
            }
            values: dict[str, Any] = {
                name: tuple(value or ()) if name in _LISTS else value
                for name, value in given.items()
            }
            return fn(*args, more=MoreFilters(**values), **kwargs)

        command.__signature__ = sig.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
        return command  # type: ignore[return-value]

    return decorate


def month_number(text: str) -> int:
    """'6', '06', 'june' or 'jun' as 6; anything else is a one-line error."""
    from relational_journal.errors import DateError

    clean = text.strip().lower()
    if clean.isdigit() and 1 <= int(clean) <= 12:
        return int(clean)
    if len(clean) >= 3:
        for number, name in enumerate(MONTHS, start=1):
            if name.startswith(clean):
                return number
    raise DateError(f"--month {text[:20]!r} is not a month: give 1-12 or a name such as june")


def _apply_more(f: EntryFilter, more: MoreFilters, today: Any) -> EntryFilter:
    from relational_journal.errors import DateError, FilterError
    from relational_journal.storage.query import conflicts

    months: tuple[int, ...] = ()
    days: tuple[int, ...] = ()
    if more.month is not None:
        months = (month_number(more.month),)
    if more.day is not None:
        if not 1 <= more.day <= 31:
            raise DateError(f"--day {more.day} is not a day of a month: give 1-31")
        days = (more.day,)
    if more.year is not None and not 1 <= more.year <= 9999:
        raise DateError(f"--year {more.year} is not a year: give one like 2026")
    if more.today_in_history:
        if months or days:
            raise FilterError("--today-in-history cannot be combined with --month or --day")
        months, days = (today.month,), (today.day,)
    f = replace(
        f,
        match_all=more.match_all,
        not_people=more.not_person,
        not_tags=more.not_tag,
        not_feelings=more.not_feeling,
        not_starred=more.not_starred,
        untagged=more.untagged,
        contains=tuple(c for c in more.contains if c),
        years=(more.year,) if more.year is not None else (),
        months=months,
        days=days,
    )
    problem = conflicts(f)
    if problem is not None:
        raise FilterError(problem)
    return f


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
    more: MoreFilters | None = None,
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
    f = EntryFilter(
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
    return _apply_more(f, more or MoreFilters(), now())
