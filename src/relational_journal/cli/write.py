"""`journal write`: a guided entry, or a quick one from --text."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli.app import (
    app,
    console,
    local_tz,
    now,
    open_store,
    settings,
)
from relational_journal.cli.completion import complete_packs, complete_people, complete_prompts
from relational_journal.cli.episode_options import (
    AfterOpt,
    EpisodeWithOpt,
    EraOpt,
    ExpectedOpt,
    HappenedOpt,
    OtherCodeOpt,
    OtherOpt,
    SelfCodeOpt,
    SelfOpt,
    WishCodeOpt,
    WishOpt,
)
from relational_journal.cli.write_text import (
    checked_names,
    feelings_given,
    load_prompt_library,
    read_quick_text,
    text_entry,
)
from relational_journal.errors import JournalError, StoreError

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from relational_journal.cli.drafting import DraftKeeper
    from relational_journal.cli.terminal import TerminalAsk
    from relational_journal.config import Config
    from relational_journal.content.prompts import Library, Prompt
    from relational_journal.core.guide import Draft
    from relational_journal.models import Entry
    from relational_journal.storage.store import Store


@app.command()
def write(
    quick: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT",
            help="A quick entry, the jrnl way: 'yesterday 9pm: A title. The rest. *'",
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            "-t",
            metavar="TEXT",
            help="Write without questions; '-' reads standard input.",
        ),
    ] = None,
    prompt_id: Annotated[
        str | None,
        typer.Option(
            "--prompt",
            metavar="ID",
            autocompletion=complete_prompts,
            help="Answer this prompt (see `journal prompts list`).",
        ),
    ] = None,
    pack: Annotated[
        str | None,
        typer.Option(
            "--pack",
            metavar="ID",
            autocompletion=complete_packs,
            help="Draw the prompt from this pack.",
        ),
    ] = None,
    relationship: Annotated[
        str | None,
        typer.Option(
            "--relationship",
            "-r",
            metavar="KIND",
            help="A prompt about: present, past, therapy or self.",
        ),
    ] = None,
    people: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            "-w",
            metavar="NAME",
            autocompletion=complete_people,
            help="Who it is about; repeatable.",
        ),
    ] = None,
    feel: Annotated[
        list[str] | None,
        typer.Option(
            "--feel", "-f", metavar="WORD[:N]", help="A feeling, optionally with intensity: hurt:7."
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", metavar="WHEN", help="When it is about: 'yesterday 9pm', 'last monday'."
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="A title for the entry.")
    ] = None,
    tags: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag; repeatable.")
    ] = None,
    private: Annotated[
        bool, typer.Option("--private", help="Keep it private: never exported.")
    ] = False,
    star: Annotated[bool, typer.Option("--star", help="Star it to bring to your session.")] = False,
    editor: Annotated[
        bool, typer.Option("--editor", "-e", help="Write the answer in your editor.")
    ] = False,
    deep: Annotated[
        bool,
        typer.Option(
            "--deep", help="Prompts that go deeper (childhood, loss, trauma) may be offered."
        ),
    ] = False,
    draft_id: Annotated[
        str | None,
        typer.Option(
            "--draft", metavar="ID", help="Go on with this unsaved entry (see `journal drafts`)."
        ),
    ] = None,
    episode_with: EpisodeWithOpt = None,
    era: EraOpt = None,
    what_happened: HappenedOpt = None,
    wish: WishOpt = None,
    wish_code: WishCodeOpt = None,
    other: OtherOpt = None,
    other_code: OtherCodeOpt = None,
    expected: ExpectedOpt = None,
    self_words: SelfOpt = None,
    self_code: SelfCodeOpt = None,
    afterwards: AfterOpt = None,
) -> None:
    """Write an entry, guided by a prompt about a present or past relationship."""
    from relational_journal.cli.episode_options import (
        episode_changes,
        require_person,
        with_episode,
    )
    from relational_journal.core.dates import parse_moment
    from relational_journal.core.sessions import session_lookup

    if quick is not None and text is not None:
        raise typer.BadParameter("give the text once: as TEXT or with --text", param_hint="TEXT")
    episode = episode_changes(
        person=episode_with,
        era=era,
        wish=wish,
        wish_code=wish_code,
        other=other,
        other_code=other_code,
        expected=expected,
        self_words=self_words,
        self_code=self_code,
        afterwards=afterwards,
        what_happened=what_happened,
    )
    require_person(episode)
    if not episode.is_empty() and text is None and quick is None:
        raise JournalError(
            "--episode-with goes with --text; without it the guided entry asks about the episode"
        )
    cfg = settings()
    store = open_store()
    try:
        moment = now()
        about = moment
        if quick is not None:
            text, title, star, found = read_quick_text(store, cfg, quick, date, title, star, moment)
            about = found or about
        if date is not None:
            about = parse_moment(
                date,
                moment,
                local_tz(),
                week_start=cfg.week_start_index,
                sessions=session_lookup(store),
            )
        felt = feelings_given(feel)
        if text is not None:
            entry = text_entry(
                store, text, prompt_id, people, felt, about, moment, title, tags, private, star
            )
            if not episode.is_empty():
                entry = with_episode(store, entry, episode)
            _save(store, cfg, entry, keeper=None)
            return
        options = _Options(
            prompt_id, pack, relationship, people, felt, title, tags, private, star, editor, deep
        )
        _guided(store, cfg, options, about if date is not None else None, moment, draft_id)
    finally:
        store.close()


def _save(store: Store, cfg: Config, entry: Entry, keeper: DraftKeeper | None) -> None:
    """Save in one transaction; if that fails, keep every field as a draft and say so."""
    from dataclasses import replace

    from relational_journal.cli.safety_note import show_safety_note
    from relational_journal.core.risk import entry_texts
    from relational_journal.render.prompts import saved_line

    try:
        entry_id = store.add_entry(entry)
    except StoreError as exc:
        from relational_journal.cli.drafting import DraftKeeper, show_words_back
        from relational_journal.core.drafts import from_entry

        if keeper is None:
            keeper = DraftKeeper(store, from_entry(entry))
        if keeper.keep():
            resume = f"journal write --draft {keeper.draft.id}"
            kept = f"; your words are kept as a draft: `{resume}` goes on"
        else:
            show_words_back(keeper.draft)
            kept = "; no draft could be kept either, so your words are shown above"
        raise StoreError(f"{exc}{kept}") from None
    if keeper is not None:
        keeper.discard()
    # A plain line: loading Rich only to confirm a quick note would double its cost.
    from relational_journal.render.safe import visible

    typer.echo(f"✓ {visible(saved_line(replace(entry, id=entry_id)))}")
    # Every text of the entry: body (with follow-up answers), title and episode words.
    show_safety_note(store, cfg, entry_texts(entry))


def _pick_prompt(
    out: Console,
    ask: TerminalAsk,
    library: Library,
    store: Store,
    cfg: Config,
    prompt_id: str | None,
    pack: str | None,
    relationship: str | None,
    deep: bool,
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
    picked = pack is not None  # a pack named now is the client's pick; the config's is not
    pack = pack or cfg.default_pack
    shown: list[str] = []
    while True:
        prompt = choose_prompt(
            library,
            [*shown, *recent],
            rng,
            pack=pack,
            relationship=relationship,
            deep=deep or cfg.offer_deep_prompts,
            picked=picked,
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
            chosen = ask.choose("Which pack?", packs, default=pack)
            if chosen:
                pack, picked = chosen, True


@dataclass(frozen=True)
class _Options:
    """What `journal write` was asked for, beyond the words."""

    prompt_id: str | None
    pack: str | None
    relationship: str | None
    people: list[str] | None
    feel: list[tuple[str, int | None]]
    title: str | None
    tags: list[str] | None
    private: bool
    star: bool
    editor: bool
    deep: bool


def _apply_options(draft: Draft, options: _Options, about: datetime | None) -> None:
    """Options given now go into the draft; a draft once private stays private."""
    if options.title is not None:
        draft.title = options.title
    if about is not None:
        draft.about = about.isoformat()
    draft.private = draft.private or options.private
    draft.starred = draft.starred or options.star
    for tag in options.tags or ():
        if tag not in draft.tags:
            draft.tags.append(tag)
    names = {str(p["name"]).lower() for p in draft.people}
    for clean in checked_names(options.people):
        if clean.lower() not in names:
            draft.people.append({"name": clean, "role": None, "era": None})
            names.add(clean.lower())


def _resume(store: Store, out: Console, draft_id: str | None) -> Draft | None:
    """The draft to go on with: the one asked for, or, if the client wants, the latest."""
    from relational_journal.cli.drafting import find_draft, stored_drafts
    from relational_journal.cli.terminal import TerminalAsk

    if draft_id is not None:
        return find_draft(store, draft_id)
    drafts = [d for d in stored_drafts(store) if d[2].has_content()]
    if not drafts:
        return None
    found_id, updated, latest = drafts[0]
    count = f"{len(drafts)} unsaved entries" if len(drafts) > 1 else "an unsaved entry"
    if TerminalAsk(out).confirm(
        f"You have {count}; the latest is from {updated[:16].replace('T', ' ')}. Go on with it?"
    ):
        return latest
    out.print(
        "[dim]Starting a new entry; the unsaved ones are kept (`journal drafts` lists them).[/]"
    )
    return None


def _show_so_far(out: Console, prompt: Prompt | None, draft: Draft) -> None:
    from relational_journal.cli.terminal import _esc
    from relational_journal.render.prompts import prompt_panel

    if prompt is not None:
        out.print(prompt_panel(prompt))
    out.print("[dim]Picking up where you left off. So far:[/]")
    so_far = draft.full_text()
    if draft.pending and draft.pending[1].strip() and not draft.is_done("body"):
        so_far = (so_far + "\n" + draft.pending[1]).strip()
    if so_far:
        out.print(_esc(so_far))


def _guided(
    store: Store,
    cfg: Config,
    options: _Options,
    about: datetime | None,
    moment: datetime,
    draft_id: str | None,
) -> None:
    from relational_journal.cli.drafting import DraftKeeper, show_words_back
    from relational_journal.cli.terminal import Paused, TerminalAsk
    from relational_journal.core.guide import Draft

    out = console()
    library = load_prompt_library()
    draft = _resume(store, out, draft_id)
    prompt: Prompt | None = None
    if draft is not None:
        if draft.prompt_id and draft.prompt_id in library.prompts:
            prompt = library.prompts[draft.prompt_id]
        _show_so_far(out, prompt, draft)
    else:
        draft = Draft()
        prompt = _pick_prompt(
            out,
            TerminalAsk(out),
            library,
            store,
            cfg,
            options.prompt_id,
            options.pack,
            options.relationship,
            options.deep,
        )
        if prompt is not None:
            draft.prompt_id, draft.pack_id = prompt.id, prompt.pack_id
    _apply_options(draft, options, about)
    keeper = DraftKeeper(store, draft)
    keeper.keep()
    try:
        with _signals_stop_the_flow():
            _run(store, cfg, options, prompt, draft, keeper, out)
    except Paused:
        from relational_journal.content.grounding import load_grounding
        from relational_journal.render.prompts import pause_panel

        kept = keeper.keep()
        if not kept:
            show_words_back(draft)
        out.print(pause_panel(load_grounding(), draft.id if kept else None))
        return
    except KeyboardInterrupt:
        if not draft.has_content():
            keeper.discard()
            raise JournalError("stopped; nothing was written, so nothing was saved") from None
        if not keeper.keep():
            show_words_back(draft)
            raise JournalError(
                "stopped; no draft could be kept, so your words are shown above"
            ) from None
        resume = f"journal write --draft {draft.id}"
        raise JournalError(
            f"stopped; what you wrote is kept as a draft: `{resume}` goes on"
        ) from None
    if not draft.has_content():
        keeper.discard()
        out.print("Nothing was written, so nothing was saved.")
        raise typer.Exit(code=1)
    _save(store, cfg, _entry_of(draft, options, moment), keeper)


def _run(
    store: Store,
    cfg: Config,
    options: _Options,
    prompt: Prompt | None,
    draft: Draft,
    keeper: DraftKeeper,
    out: Console,
) -> None:
    """The questions, each answer kept the moment it is given."""
    from relational_journal.cli.terminal import TerminalAsk, run_editor
    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.core.guide import run_guide
    from relational_journal.paths import drafts_dir, user_dir

    ask = TerminalAsk(out, keeper)
    if options.editor and not draft.is_done("body"):
        comment = (prompt.text if prompt else "Write freely.") + (
            "\nLines starting with # are left out. Save and close to continue."
        )
        written, finished = run_editor(draft.body, drafts_dir(), cfg.editor, comment=comment)
        draft.body = written.strip() or draft.body
        if not finished:
            kept = "; what you wrote is kept as a draft" if keeper.keep() else ""
            raise JournalError(f"the editor did not finish normally, nothing was saved{kept}")
        draft.mark("body")
        keeper.keep()
    if options.feel:
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
    keeper.keep()


def _entry_of(draft: Draft, options: _Options, moment: datetime) -> Entry:
    from datetime import datetime as dt

    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.paths import user_dir

    about = dt.fromisoformat(draft.about) if draft.about else moment
    entry = draft.to_entry(
        about=about,
        written_at=moment,
        private=draft.private,
        starred=draft.starred,
        tags=draft.tags,
        title=draft.title,
    )
    if options.feel:
        from dataclasses import replace

        vocab = load_vocabulary(user_dir() / "feelings.yaml")
        extra = tuple(vocab.felt(word, n) for word, n in options.feel)
        entry = replace(entry, feelings=entry.feelings + extra)
    return entry


class _signals_stop_the_flow:
    """A closed terminal (SIGHUP) or SIGTERM stops the questions as Ctrl-C does: draft kept."""

    def __enter__(self) -> None:
        import signal

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        self.saved = {}
        for name in ("SIGHUP", "SIGTERM"):
            sig = getattr(signal, name, None)
            if sig is not None:
                self.saved[sig] = signal.signal(sig, stop)

    def __exit__(self, *exc: object) -> None:
        import signal

        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
