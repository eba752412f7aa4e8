"""`journal write`: a guided entry, or a quick one from --text."""

from __future__ import annotations

import random
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli.app import (
    app,
    console,
    err_console,
    local_tz,
    now,
    open_store,
    settings,
)
from relational_journal.errors import JournalError, StoreError

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from relational_journal.cli.terminal import TerminalAsk
    from relational_journal.config import Config
    from relational_journal.content.prompts import Library, Prompt
    from relational_journal.core.guide import Draft
    from relational_journal.models import Entry
    from relational_journal.storage.store import Store


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


@app.command()
def write(
    text: Annotated[
        str | None,
        typer.Option("--text", "-t", help="Write without questions; '-' reads standard input."),
    ] = None,
    prompt_id: Annotated[
        str | None,
        typer.Option("--prompt", help="Answer this prompt (see `journal prompts list`)."),
    ] = None,
    pack: Annotated[
        str | None, typer.Option("--pack", help="Draw the prompt from this pack.")
    ] = None,
    relationship: Annotated[
        str | None,
        typer.Option(
            "--relationship", "-r", help="A prompt about: present, past, therapy or self."
        ),
    ] = None,
    people: Annotated[
        list[str] | None, typer.Option("--with", "-w", help="Who it is about; repeatable.")
    ] = None,
    feel: Annotated[
        list[str] | None,
        typer.Option("--feel", "-f", help="A feeling, optionally with intensity: hurt:7."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="When it is about: 'yesterday 9pm', 'last monday'."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A title for the entry.")] = None,
    tags: Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeatable.")] = None,
    private: Annotated[
        bool, typer.Option("--private", help="Keep it private: never exported.")
    ] = False,
    star: Annotated[bool, typer.Option("--star", help="Star it to bring to your session.")] = False,
    editor: Annotated[
        bool, typer.Option("--editor", "-e", help="Write the answer in your editor.")
    ] = False,
) -> None:
    """Write an entry, guided by a prompt about a present or past relationship."""
    from relational_journal.core.dates import parse_moment
    from relational_journal.core.sessions import session_lookup

    cfg = settings()
    store = open_store()
    try:
        moment = now()
        about = moment
        if date is not None:
            about = parse_moment(
                date,
                moment,
                local_tz(),
                week_start=cfg.week_start_index,
                sessions=session_lookup(store),
            )
        if text is not None:
            entry = _quick_entry(
                store, text, prompt_id, people, feel, about, moment, title, tags, private, star
            )
            _save(store, cfg, entry, draft=None)
            return
        _guided(
            store,
            cfg,
            prompt_id,
            pack,
            relationship,
            people,
            feel,
            about,
            moment,
            title,
            tags,
            private,
            star,
            editor,
        )
    finally:
        store.close()


def _quick_entry(
    store: Store,
    text: str,
    prompt_id: str | None,
    people: list[str] | None,
    feel: list[str] | None,
    about: datetime,
    written_at: datetime,
    title: str | None,
    tags: list[str] | None,
    private: bool,
    star: bool,
) -> Entry:
    from relational_journal.content.feelings import load_vocabulary, parse_feel
    from relational_journal.core.guide import Draft
    from relational_journal.paths import user_dir

    body = sys.stdin.read() if text == "-" else text
    draft = Draft(body=body.strip())
    if prompt_id is not None:
        prompt = load_prompt_library().prompt(prompt_id)
        draft.prompt_id, draft.pack_id = prompt.id, prompt.pack_id
    for name in people or ():
        known = store.find_person(name)
        draft.people.append(
            {"name": known.name if known else name.strip().lstrip("@"), "role": None, "era": None}
        )
    if feel:
        vocab = load_vocabulary(user_dir() / "feelings.yaml")
        for option in feel:
            word, intensity = parse_feel(option)
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


def _save(store: Store, cfg: Config, entry: Entry, draft: Draft | None) -> None:
    """Save in one transaction; if that fails, keep the words as a draft and say so."""
    from dataclasses import replace

    from relational_journal.content.safety import bundled_words, risk_phrases
    from relational_journal.core.drafts import clear_draft, save_draft
    from relational_journal.paths import drafts_dir
    from relational_journal.render.prompts import safety_panel, saved_line

    try:
        entry_id = store.add_entry(entry)
    except StoreError as exc:
        if draft is None:
            from relational_journal.core.guide import Draft

            draft = Draft(body=entry.body)
        try:
            save_draft(drafts_dir(), draft)
            kept = "; your words are kept as a draft for the next `journal write`"
        except OSError:
            kept = ""
        raise StoreError(f"{exc}{kept}") from None
    if draft is not None:
        clear_draft(drafts_dir())
    # A plain line: loading Rich only to confirm a quick note would double its cost.
    typer.echo(f"✓ {saved_line(replace(entry, id=entry_id))}")
    if cfg.safety_notes and risk_phrases(entry.body, cfg.safety_phrases):
        from relational_journal.cli.safety_cmd import note_contacts, note_lines

        note = bundled_words().note
        console().print(safety_panel(note, note_lines(cfg), contacts=note_contacts(store)))


def _pick_prompt(
    out: Console,
    ask: TerminalAsk,
    library: Library,
    store: Store,
    cfg: Config,
    prompt_id: str | None,
    pack: str | None,
    relationship: str | None,
) -> Prompt | None:
    """Offer a prompt not answered lately; the client may ask for another, a pack, or none."""
    from relational_journal.content.prompts import choose_prompt
    from relational_journal.render.prompts import prompt_panel

    if prompt_id is not None:
        prompt = library.prompt(prompt_id)
        out.print(prompt_panel(prompt))
        return prompt
    rng = random.Random()
    recent = store.recent_prompt_ids()
    pack = pack or cfg.default_pack
    shown: list[str] = []
    while True:
        prompt = choose_prompt(
            library, [*shown, *recent], rng, pack=pack, relationship=relationship
        )
        shown.insert(0, prompt.id)
        out.print(prompt_panel(prompt))
        choice = ask.choose(
            "Write about this?",
            [
                ("yes", "yes, answer this prompt"),
                ("another", "show me another"),
                ("pack", "choose a pack"),
                ("free", "write freely, no prompt"),
            ],
            default="yes",
        )
        if choice in ("yes", None):
            return prompt
        if choice == "free":
            return None
        if choice == "pack":
            packs = [(p.id, f"{p.title} ({len(p.prompts)})") for p in library.packs.values()]
            pack = ask.choose("Which pack?", packs, default=pack) or pack


def _guided(
    store: Store,
    cfg: Config,
    prompt_id: str | None,
    pack: str | None,
    relationship: str | None,
    people: list[str] | None,
    feel: list[str] | None,
    about: datetime,
    moment: datetime,
    title: str | None,
    tags: list[str] | None,
    private: bool,
    star: bool,
    editor: bool,
) -> None:
    from relational_journal.cli.terminal import TerminalAsk, run_editor
    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.core.drafts import load_draft, save_draft
    from relational_journal.core.guide import Draft, run_guide
    from relational_journal.paths import drafts_dir, user_dir

    out = console()
    ask = TerminalAsk(out)
    library = load_prompt_library()
    draft = load_draft(drafts_dir())
    prompt: Prompt | None = None
    if draft is not None and draft.has_content():
        when = f" from {draft.started_at[:16].replace('T', ' ')}" if draft.started_at else ""
        if ask.confirm(f"You have an unsaved entry{when}. Continue it?"):
            if draft.prompt_id and draft.prompt_id in library.prompts:
                prompt = library.prompts[draft.prompt_id]
            out.print("[dim]Picking up where you left off.[/]")
        elif ask.confirm("Delete that unsaved entry? It cannot be brought back.", default=False):
            draft = None
        else:
            raise JournalError(
                "the unsaved entry was kept; run `journal write` again to continue it"
            )
    else:
        draft = None
    if draft is None:
        draft = Draft(started_at=str(moment))
        prompt = _pick_prompt(out, ask, library, store, cfg, prompt_id, pack, relationship)
        if prompt is not None:
            draft.prompt_id, draft.pack_id = prompt.id, prompt.pack_id
    for name in people or ():
        draft.people.append({"name": name.strip().lstrip("@"), "role": None, "era": None})
    try:
        if editor and not draft.is_done("body"):
            comment = (prompt.text if prompt else "Write freely.") + (
                "\nLines starting with # are left out. Save and close to continue."
            )
            written, finished = run_editor(draft.body, drafts_dir(), cfg.editor, comment=comment)
            if not finished:
                draft.body = written.strip() or draft.body
                kept = ""
                if draft.has_content():
                    save_draft(drafts_dir(), draft)
                    kept = "; what you wrote is kept as a draft for the next `journal write`"
                raise JournalError(f"the editor did not finish normally, nothing was saved{kept}")
            draft.body = written.strip()
            draft.mark("body")
        if feel:
            draft.mark("feelings_cli")
        known = {p.name.lower(): p for p in store.people()}
        for p in store.people():
            for alias in p.aliases:
                known[alias.lower()] = p
        run_guide(
            prompt,
            draft,
            ask,
            vocab=load_vocabulary(user_dir() / "feelings.yaml"),
            ccrt=load_ccrt(),
            known=known,
        )
    except KeyboardInterrupt:
        if draft.has_content():
            save_draft(drafts_dir(), draft)
            raise JournalError(
                "stopped; what you wrote is kept as a draft: run `journal write` to continue"
            ) from None
        raise JournalError("stopped; nothing was written, so nothing was saved") from None
    if not draft.has_content():
        out.print("Nothing was written, so nothing was saved.")
        raise typer.Exit(code=1)
    entry = draft.to_entry(
        about=about,
        written_at=moment,
        private=private,
        starred=star,
        tags=tags or (),
        title=title,
    )
    if feel:
        from relational_journal.content.feelings import parse_feel

        vocab = load_vocabulary(user_dir() / "feelings.yaml")
        extra = tuple(vocab.felt(*parse_feel(option)) for option in feel)
        from dataclasses import replace

        entry = replace(entry, feelings=entry.feelings + extra)
    _save(store, cfg, entry, draft)
