"""`journal import`: bring entries over from this journal, jrnl or Day One."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from relational_journal.cli.app import app, err_console, local_tz, now, open_store

if TYPE_CHECKING:
    from relational_journal.interchange.importing import ImportSummary

FORMATS = ("auto", "json", "jrnl", "dayone")
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
) -> None:
    """Import entries from this journal, jrnl or Day One; all or nothing."""
    from relational_journal.interchange.importing import import_file

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"choose {', '.join(FORMATS[:-1])} or dayone", param_hint="--format"
        )
    if timeformat is not None and fmt not in ("auto", "jrnl"):
        raise typer.BadParameter("is for jrnl journals only", param_hint="--timeformat")
    store = open_store()
    try:
        with _import_progress() as progress:
            result = import_file(
                store,
                file,
                fmt=fmt,  # type: ignore[arg-type]
                tz=local_tz(),
                now=now(),
                progress=progress,
                timeformat=timeformat,
            )
    finally:
        store.close()
    from relational_journal.render.safe import visible

    typer.echo(visible(summary(result)))


def summary(result: ImportSummary) -> str:
    """The one line an import ends with: what came in, and what had no place to go."""
    source = SOURCES.get(result.format, result.format)
    line = f"Imported {result.added:,} {'entry' if result.added == 1 else 'entries'} from {source}"
    notes = []
    if result.skipped:
        notes.append(f"{result.skipped:,} already in the journal, skipped")
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
