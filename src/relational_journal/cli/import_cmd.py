"""`journal import`: bring entries over from this journal, jrnl or Day One."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from relational_journal.cli.app import app, err_console, local_tz, now, open_store, settings

if TYPE_CHECKING:
    from relational_journal.interchange.importing import ImportSummary

FORMATS = ("auto", "json", "jrnl", "dayone")
TAGS_AS = ("tags", "people", "ask")
SHOWN_TAGS = 30  # the most used tags offered as people; the rest stay tags
SOURCES = {
    "json": "a relational-journal export",
    "jrnl": "jrnl",
    "jrnl-text": "a jrnl journal",
    "jrnl-folder": "a jrnl folder journal",
    "dayone": "Day One",
}
# What an import had no place for: (one, several).
LEFT_OUT = {
    "photos": ("photo", "photos"),
    "videos": ("video", "videos"),
    "audios": ("audio recording", "audio recordings"),
    "pdfs": ("PDF", "PDFs"),
    "locations": ("location", "locations"),
    "weather": ("weather note", "weather notes"),
    "empty": ("entry without text", "entries without text"),
}


@app.command("import")
def import_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help="A relational-journal or jrnl JSON export, a jrnl journal file or folder, "
            "or Day One's Journal.json or export .zip."
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="auto, json (this journal's), jrnl or dayone.",
            case_sensitive=False,
        ),
    ] = "auto",
    timeformat: Annotated[
        str | None,
        typer.Option(
            "--timeformat",
            help="The date format of a jrnl journal, as `timeformat` in jrnl's config "
            "(e.g. '%d.%m.%Y %H:%M').",
        ),
    ] = None,
    tags_as: Annotated[
        str,
        typer.Option(
            "--tags-as",
            metavar="KIND",
            help="What jrnl's @tags become: tags (but people the journal knows), people, "
            "or ask (pick the people from the most used).",
            case_sensitive=False,
        ),
    ] = "tags",
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Entries imported before whose text has changed take the file's text "
            "(in a terminal you are asked).",
        ),
    ] = False,
) -> None:
    """Import entries from this journal, jrnl or Day One; all or nothing."""
    from relational_journal.interchange.importing import import_file

    tags_as = tags_as.lower()
    if tags_as not in TAGS_AS:
        raise typer.BadParameter("choose tags, people or ask", param_hint="--tags-as")
    if tags_as == "ask" and not _in_terminal():
        raise typer.BadParameter(
            "ask needs a terminal to answer in; choose tags or people", param_hint="--tags-as"
        )
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"choose {', '.join(FORMATS[:-1])} or dayone", param_hint="--format"
        )
    if timeformat is not None and fmt not in ("auto", "jrnl"):
        raise typer.BadParameter("is for jrnl journals only", param_hint="--timeformat")
    as_people: list[str] | None = None
    if tags_as == "ask":
        from relational_journal.interchange.importing import jrnl_tag_counts

        counts = jrnl_tag_counts(file, fmt=fmt, tz=local_tz(), timeformat=timeformat)  # type: ignore[arg-type]
        as_people = ask_people(counts) if counts else []
    elif tags_as == "tags":
        as_people = []
    from relational_journal.cli.safety_note import imported_note
    from relational_journal.storage.entry_words import entry_ids, texts_of_new_entries

    cfg = settings()
    store = open_store()
    note = None
    try:
        known = entry_ids(store) if cfg.safety_notes else set()
        with _import_progress() as progress:
            result = import_file(
                store,
                file,
                fmt=fmt,  # type: ignore[arg-type]
                tz=local_tz(),
                now=now(),
                progress=progress,
                timeformat=timeformat,
                as_people=as_people,
                update=True if update else (_ask_update if _in_terminal() else False),
            )
        if cfg.safety_notes and result.added:
            note = imported_note(cfg, texts_of_new_entries(store, known))
    finally:
        store.close()
    from relational_journal.render.safe import visible

    typer.echo(visible(summary(result)))
    if note is not None:
        typer.echo(note)


def summary(result: ImportSummary) -> str:
    """The one line an import ends with: what came in, and what had no place to go."""
    source = SOURCES.get(result.format, result.format)
    line = f"Imported {result.added:,} {'entry' if result.added == 1 else 'entries'} from {source}"
    notes = []
    if result.skipped:
        notes.append(f"{result.skipped:,} already in the journal, skipped")
    if result.updated:
        notes.append(f"{result.updated:,} changed since the last import, updated")
    elif result.changed:
        notes.append(
            f"{result.changed:,} changed since the last import, kept as in the journal; "
            "--update takes the file's text"
        )
    if result.people_added:
        notes.append(
            f"{result.people_added:,} new {'person' if result.people_added == 1 else 'people'}"
        )
    line += (f" ({'; '.join(notes)})" if notes else "") + "."
    counts = [(key, n) for key, n in result.left_out if key in LEFT_OUT and n]
    left = [f"{n:,} {LEFT_OUT[key][0] if n == 1 else LEFT_OUT[key][1]}" for key, n in counts]
    if left:
        listed = left[0] if len(left) == 1 else ", ".join(left[:-1]) + " and " + left[-1]
        verb = "was" if len(counts) == 1 and counts[0][1] == 1 else "were"
        line += f" {listed} {verb} not imported."
    return line


class _import_progress:
    """A progress callback drawing a bar on stderr for large imports in a terminal."""

    def __enter__(self) -> Any:
        self.bar: Any = None
        self.task: Any = None
        if not sys.stderr.isatty():
            return None
        return self.update

    def update(self, done: int, total: int) -> None:
        """`done` of `total` bytes of the file read (and its entries written)."""
        if total < 1_000_000:  # about a thousand entries: over before a bar would help
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=err_console(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Importing", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_update(changed: int) -> bool:
    """Asked once the whole file is read, before anything is kept."""
    from relational_journal.cli.entries import confirm

    some = "1 entry has" if changed == 1 else f"{changed:,} entries have"
    return confirm(f"{some} changed since the last import. Take the file's text?")


def ask_people(counts: list[tuple[str, int]]) -> list[str]:
    """Show the most used @tags with counts; the client picks the people by number."""
    from rich.text import Text

    from relational_journal.cli.app import console

    out = console()
    shown = counts[:SHOWN_TAGS]
    out.print(Text("jrnl's @tags in this journal, most used first:"))
    width = len(str(len(shown)))
    for number, (tag, n) in enumerate(shown, start=1):
        out.print(Text(f"  {number:>{width}}  @{tag}  ({n:,} {'entry' if n == 1 else 'entries'})"))
    if len(counts) > len(shown):
        out.print(Text(f"  ...and {len(counts) - len(shown):,} more, which stay tags"))
    while True:
        try:
            answer = out.input("Which are people? Numbers, e.g. 1 3 4 (Enter: none): ")
        except EOFError:
            out.print()
            return []
        picked = _numbers(answer, len(shown))
        if picked is not None:
            return [shown[i - 1][0] for i in picked]
        out.print(Text(f"Give numbers from 1 to {len(shown)}, separated by spaces or commas."))


def _numbers(answer: str, most: int) -> list[int] | None:
    """'1 3, 4' as [1, 3, 4]; None when a part is no number in the list."""
    parts = answer.replace(",", " ").split()
    if not all(p.isdigit() and 1 <= int(p) <= most for p in parts):
        return None
    return sorted({int(p) for p in parts})
