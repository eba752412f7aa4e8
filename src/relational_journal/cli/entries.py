"""`journal list`, `show` and `search` (editing: cli/edit_cmd.py; the trash: trash_cmd.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
from relational_journal.cli.options import (
    MAX_ID,
    FeelingOpt,
    FromOpt,
    IncludePrivateOpt,
    LimitOpt,
    MoreFilters,
    OnOpt,
    PackOpt,
    PersonOpt,
    PrivateOpt,
    PromptOpt,
    SinceSessionOpt,
    StarredOpt,
    TagOpt,
    ToOpt,
    build_filter,
    more_filters,
)

if TYPE_CHECKING:
    from rich.console import Console

    from relational_journal.config import Config
    from relational_journal.models import Entry
    from relational_journal.render.entries import EntryLines
    from relational_journal.storage.query import EntryFilter
    from relational_journal.storage.store import Store

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first (for scripts).")]
IdsArg = Annotated[
    list[int],
    typer.Argument(max=MAX_ID, help="Entry ids, as `journal list` shows them."),
]


@contextmanager
def journal() -> Iterator[tuple[Config, Store]]:
    """Settings and the open journal; what has been in the trash too long is purged first."""
    from relational_journal.storage.entries import purge_expired

    cfg = settings()
    store = open_store()
    try:
        purge_expired(store, now())
        yield cfg, store
    finally:
        store.close()


def prompt_texts(entries: Iterable[Entry], *, needed_only: bool = True) -> dict[str, str]:
    """Prompt text for entries that answer one (loaded only when a line needs it)."""
    ids = {e.prompt_id for e in entries if e.prompt_id and (not needed_only or not e.title)}
    if not ids:
        return {}
    texts = all_prompt_texts()
    return {pid: texts[pid] for pid in ids if pid in texts}


def all_prompt_texts() -> dict[str, str]:
    """Every prompt's text by id (bundled packs, then the client's own)."""
    from relational_journal.content.loader import bundled_prompts_dir, cache_dir
    from relational_journal.content.prompts import prompt_texts
    from relational_journal.paths import user_prompts_dir

    return prompt_texts(bundled_prompts_dir(), user_prompts_dir(), cache_dir())


def confirm(question: str) -> bool:
    """Ask yes/no on the terminal; no answer (end of input) means no."""
    out = console()
    try:
        answer = out.input(f"{_esc(question)} \\[y/N] ")
    except EOFError:
        out.print()
        return False
    return answer.strip().lower() in ("y", "yes")


def _note_unknown_people(store: Store, people: list[str] | None) -> None:
    from relational_journal.storage.people import unknown_names

    for name in unknown_names(store, people or ()):
        err_console().print(
            f"[dim]note: the journal knows nobody called {_esc(name)!r}; "
            "`journal people` lists everyone[/]",
            highlight=False,
        )


def _esc(text: str) -> str:
    from relational_journal.render.safe import markup_safe

    return markup_safe(text)


def print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("list")
@more_filters()
def list_entries(
    from_: FromOpt = None,
    to: ToOpt = None,
    on: OnOpt = None,
    since_session: SinceSessionOpt = False,
    person: PersonOpt = None,
    feeling: FeelingOpt = None,
    prompt: PromptOpt = None,
    pack: PackOpt = None,
    tag: TagOpt = None,
    starred: StarredOpt = False,
    private: PrivateOpt = False,
    include_private: IncludePrivateOpt = False,
    limit: LimitOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON Lines for scripts: one entry a line.")
    ] = False,
    more: MoreFilters | None = None,
) -> None:
    """List entries one line each, the newest last."""
    from relational_journal.render.entries import empty_note, entry_lines, hidden_note
    from relational_journal.storage.entries import listed_ids

    with journal() as (cfg, store):
        f = build_filter(
            store,
            cfg,
            from_=from_,
            to=to,
            on=on,
            since_session=since_session,
            people=person,
            feelings=feeling,
            prompts=prompt,
            packs=pack,
            tags=tag,
            starred=starred,
            private=private,
            include_private=include_private,
            limit=limit,
            more=more,
        )
        _note_unknown_people(store, person)
        ids, hidden = listed_ids(store, f)
        if as_json:
            _stream_json(store, ids)
            return
        out = console()
        if not ids:
            out.print(empty_note("No entries match." if _filtered(f) else "No entries yet."))
        tz = local_tz()
        texts = all_prompt_texts() if ids else {}
        # Up to one chunk, columns fit the entries shown; beyond, lines are written as
        # they are read, in fixed columns, so a 100,000-entry list starts at once.
        fixed_id_width = len(str(max(ids))) if len(ids) > CHUNK else None
        for chunk in _chunks(store, ids):
            lines = entry_lines(chunk, texts, tz)
            if fixed_id_width is not None:
                lines.fix_columns(fixed_id_width)
            write_lines(out, lines)
        if hidden:
            out.print(hidden_note(hidden))


CHUNK = 500


def _chunks(store: Store, ids: list[int]) -> Iterator[list[Entry]]:
    from relational_journal.storage.query import EntryFilter

    for start in range(0, len(ids), CHUNK):
        part = tuple(ids[start : start + CHUNK])
        by_id = {e.id: e for e in store.iter_entries(EntryFilter(ids=part, privacy="include"))}
        yield [by_id[i] for i in part if i in by_id]


def _stream_json(store: Store, ids: list[int]) -> None:
    """JSON Lines: one entry a line, written as it is read (memory stays flat)."""
    import sys

    from relational_journal.render.entries import entry_dict

    texts = all_prompt_texts() if ids else {}
    out = sys.stdout
    for chunk in _chunks(store, ids):
        for entry in chunk:
            data = entry_dict(entry, texts.get(entry.prompt_id or ""))
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
    out.flush()


def write_lines(out: Console, lines: EntryLines) -> None:
    """Write entry lines straight to the terminal or pipe.

    Console.print costs about 0.1 ms a line in its general layout machinery; these
    lines are already laid out, so their segments are styled and written directly
    (colour only on a colour terminal, never with NO_COLOR or into a pipe).
    """
    from rich.color import ColorSystem

    systems = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
        "windows": ColorSystem.WINDOWS,
    }
    system = systems.get(out.color_system or "")
    parts: list[str] = []
    for segment in lines.segments(out, out.width):
        text, style = segment.text, segment.style
        if style is not None and system is not None:
            if out.no_color:
                style = style.without_color
            parts.append(style.render(text, color_system=system))
        else:
            parts.append(text)
    out.file.write("".join(parts))
    out.file.flush()


def _filtered(f: EntryFilter) -> bool:
    from relational_journal.storage.query import EntryFilter

    return f != EntryFilter(privacy=f.privacy, limit=f.limit)


@app.command()
def show(entry_id: Annotated[int, typer.Argument(max=MAX_ID, help="The entry's id.")]) -> None:
    """Show one whole entry, with its people, feelings and episode."""
    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.render.entries import entry_panel

    with journal() as (_cfg, store):
        entry = store.get_entry(entry_id, include_trash=True)
        texts = prompt_texts([entry], needed_only=False)
        console().print(
            entry_panel(entry, texts.get(entry.prompt_id or ""), load_ccrt(), local_tz())
        )


@app.command()
@more_filters()
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", hurt*, title:word, A NOT B.')],
    from_: FromOpt = None,
    to: ToOpt = None,
    on: OnOpt = None,
    since_session: SinceSessionOpt = False,
    person: PersonOpt = None,
    feeling: FeelingOpt = None,
    prompt: PromptOpt = None,
    pack: PackOpt = None,
    tag: TagOpt = None,
    starred: StarredOpt = False,
    private: PrivateOpt = False,
    include_private: IncludePrivateOpt = False,
    limit: Annotated[
        int,
        typer.Option("-n", min=1, max=MAX_ID, metavar="N", help="At most N results, best first."),
    ] = 20,
    as_json: JsonOpt = False,
    more: MoreFilters | None = None,
) -> None:
    """Search the text of your entries; best matches first, highlighted."""
    from relational_journal.render.entries import (
        empty_note,
        entry_dict,
        hidden_note,
        search_footer,
        search_results,
    )
    from relational_journal.storage.search import search as run_search

    with journal() as (cfg, store):
        f = build_filter(
            store,
            cfg,
            from_=from_,
            to=to,
            on=on,
            since_session=since_session,
            people=person,
            feelings=feeling,
            prompts=prompt,
            packs=pack,
            tags=tag,
            starred=starred,
            private=private,
            include_private=include_private,
            more=more,
        )
        _note_unknown_people(store, person)
        result = run_search(store, query, f, limit)
        entries = {
            int(e.id or 0): e
            for e in store.iter_entries(_ids_filter(h.entry_id for h in result.hits))
        }
        if as_json:
            texts = prompt_texts(entries.values(), needed_only=False)
            print_json(
                [
                    {
                        **entry_dict(
                            entries[h.entry_id], texts.get(entries[h.entry_id].prompt_id or "")
                        ),
                        "snippet": h.snippet.replace("\x02", "").replace("\x03", ""),
                        "score": round(-h.score, 4),
                        "matched_in": list(h.parts),
                    }
                    for h in result.hits
                    if h.entry_id in entries
                ]
            )
            return
        out = console()
        tz = local_tz()
        if result.hits:
            out.print(search_results(result.hits, entries, prompt_texts(entries.values()), tz))
            out.print(
                search_footer(
                    len(result.hits),
                    result.total,
                    result.as_phrase,
                    result.query,
                    result.ranked_within,
                )
            )
        else:
            out.print(empty_note("Nothing found."))
            if result.as_phrase:
                out.print(empty_note(f"searched for the phrase {result.query}"))
        if result.hidden_private:
            out.print(hidden_note(result.hidden_private, "private matching"))


def _ids_filter(ids: Iterable[int]) -> EntryFilter:
    from relational_journal.storage.query import EntryFilter

    wanted = tuple(ids)
    return EntryFilter(ids=wanted or (-1,), privacy="include")
