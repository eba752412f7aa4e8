"""Entries written in one go: `journal write TEXT` (the jrnl way) and `--text`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from relational_journal.cli.app import err_console, local_tz
from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from datetime import datetime

    from relational_journal.config import Config
    from relational_journal.content.prompts import Library
    from relational_journal.models import Entry
    from relational_journal.storage.store import Store


def read_quick_text(
    store: Store,
    cfg: Config,
    quick: str,
    date: str | None,
    title: str | None,
    star: bool,
    moment: datetime,
) -> tuple[str, str | None, bool, datetime | None]:
    """The text, title, star and moment of a quick entry; --date and --title win."""
    from datetime import time

    from relational_journal.core.quick import quick_moment, read_quick
    from relational_journal.core.sessions import session_lookup

    sessions = session_lookup(store)
    clock = time.fromisoformat(cfg.default_time)

    def when(written: str) -> datetime | None:
        kw = {"week_start": cfg.week_start_index, "sessions": sessions}
        return quick_moment(written, moment, local_tz(), clock, **kw)  # type: ignore[arg-type]

    found = read_quick(quick, lambda written: date is None and when(written) is not None)
    about = when(found.when) if found.when is not None else None
    return found.body, title or found.title, star or found.starred, about


def feelings_given(feel: list[str] | None) -> list[tuple[str, int | None]]:
    """The --feel options read and checked before anything is asked or saved."""
    from relational_journal.cli.feel_options import feel_pairs

    if not feel:
        return []
    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.paths import user_dir

    return feel_pairs(feel, load_vocabulary(user_dir() / "feelings.yaml"))


def text_entry(
    store: Store,
    text: str,
    prompt_id: str | None,
    people: list[str] | None,
    feel: list[tuple[str, int | None]],
    about: datetime,
    written_at: datetime,
    title: str | None,
    tags: list[str] | None,
    private: bool,
    star: bool,
) -> Entry:
    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.core.guide import Draft
    from relational_journal.paths import user_dir

    body = sys.stdin.read() if text == "-" else text
    draft = Draft(body=body.strip())
    if prompt_id is not None:
        prompt = load_prompt_library().prompt(prompt_id)
        draft.prompt_id, draft.pack_id = prompt.id, prompt.pack_id
    for name in checked_names(people):
        known = store.find_person(name)
        draft.people.append({"name": known.name if known else name, "role": None, "era": None})
    if feel:
        vocab = load_vocabulary(user_dir() / "feelings.yaml")
        for word, intensity in feel:
            felt = vocab.felt(word, intensity)
            if not felt.in_vocabulary:
                hint = vocab.lookup(word).suggestion
                extra = f" (did you mean '{hint}'?)" if hint else ""
                err_console().print(
                    f"[dim]note: '{felt.word}' is outside the feelings list;"
                    f" kept as written{extra}[/]",
                    highlight=False,
                )
            draft.feelings.append(
                {
                    "word": felt.word,
                    "family": felt.family,
                    "intensity": felt.intensity,
                    "in_vocabulary": felt.in_vocabulary,
                }
            )
    if not draft.has_content():
        raise JournalError("the entry is empty, so nothing was saved")
    return draft.to_entry(
        about=about,
        written_at=written_at,
        private=private,
        starred=star,
        tags=tags or (),
        title=title,
    )


def load_prompt_library(warn: bool = True) -> Library:
    from relational_journal.content.loader import bundled_prompts_dir
    from relational_journal.content.prompts import load_library
    from relational_journal.paths import user_prompts_dir

    library = load_library(bundled_prompts_dir(), user_prompts_dir())
    if warn:
        for line in library.notices:
            err_console().print(f"[dim]note: {line}[/]", highlight=False)
        for line in library.problems:
            err_console().print(f"[yellow]warning:[/] skipped a pack: {line}", highlight=False)
    return library


def checked_names(names: list[str] | None) -> list[str]:
    """The names given with --with, normalised; a name that cannot be one is refused."""
    from relational_journal.models import person_name

    clean: list[str] = []
    for name in names or ():
        try:
            clean.append(person_name(name))
        except ValueError as exc:
            raise JournalError(f"--with: {exc}; nothing was saved") from None
    return clean
