"""`journal export`: share entries with the therapist."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from relational_journal.cli.app import app, err_console, local_tz, now, open_store, settings
from relational_journal.cli.options import (
    FeelingOpt,
    FromOpt,
    LimitOpt,
    MoreFilters,
    OnOpt,
    PackOpt,
    PersonOpt,
    PromptOpt,
    SinceSessionOpt,
    StarredOpt,
    TagOpt,
    ToOpt,
    more_filters,
)
from relational_journal.errors import ExportError

if TYPE_CHECKING:
    from relational_journal.core.brief import Brief
    from relational_journal.core.review import Summary
    from relational_journal.interchange.export import Overview, Pseudonyms
    from relational_journal.models import Entry
    from relational_journal.storage.query import EntryFilter
    from relational_journal.storage.store import Store

FORMAT_NAMES = ("markdown", "html", "pdf", "json", "csv")
PROGRESS_FROM = 300  # entries; smaller exports finish before a bar would be seen
DOC_TITLE = "Journal entries to share"


@app.command("export")
@more_filters()
def export_cmd(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="markdown, html, pdf, json or csv.",
            case_sensitive=False,
        ),
    ] = "markdown",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (PDF needs one); else stdout.",
        ),
    ] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    on: OnOpt = None,
    since_session: SinceSessionOpt = False,
    people: PersonOpt = None,
    feelings: FeelingOpt = None,
    prompts: PromptOpt = None,
    packs: PackOpt = None,
    tags: TagOpt = None,
    starred: StarredOpt = False,
    limit: LimitOpt = None,
    preview: Annotated[
        bool, typer.Option("--preview", help="Show what would be shared and ask first.")
    ] = False,
    with_review: Annotated[
        bool,
        typer.Option("--with-review", help="Start with a summary of the shared entries."),
    ] = False,
    with_safety_plan: Annotated[
        bool,
        typer.Option(
            "--with-safety-plan",
            help="Include your safety plan (Markdown, HTML or PDF only).",
        ),
    ] = False,
    pseudonymize: Annotated[
        bool,
        typer.Option(
            "--pseudonymize",
            help="Replace people's names with their share-as name or 'Person A', 'Person B'.",
        ),
    ] = False,
    paper: Annotated[
        str,
        typer.Option(
            "--paper", metavar="SIZE", help="PDF paper size: a4 or letter.", case_sensitive=False
        ),
    ] = "a4",
    long: Annotated[
        bool,
        typer.Option(
            "--long", help="CSV only: one row per feeling felt (entry, date, time, intensity)."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file if it exists.")
    ] = False,
    more: MoreFilters | None = None,
) -> None:
    """Export entries to share with your therapist; private entries are never included."""
    from dataclasses import replace

    from relational_journal.cli.options import build_filter
    from relational_journal.interchange.export import (
        FORMATS,
        ExportContext,
        Overview,
        Pseudonyms,
        export,
    )
    from relational_journal.storage.export_rows import (
        overview,
        people_in_order,
        shared_count,
        shared_only,
    )

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMAT_NAMES)}", param_hint="--format")
    if paper.lower() not in ("a4", "letter"):
        raise typer.BadParameter("choose a4 or letter", param_hint="--paper")
    if long and fmt != "csv":
        raise typer.BadParameter("--long is for a CSV export (add -f csv)", param_hint="--long")
    if with_safety_plan and fmt not in ("markdown", "html", "pdf"):
        raise typer.BadParameter(
            "the safety plan can go into a Markdown, HTML or PDF export",
            param_hint="--with-safety-plan",
        )
    if FORMATS[fmt].binary and output is None:
        raise ExportError(f"a {fmt.upper()} export needs a file: add -o shared.{fmt}")
    if output is not None:
        _check_target(output, force)
    cfg = settings()
    store = open_store()
    try:
        f = build_filter(
            store,
            cfg,
            from_=from_,
            to=to,
            on=on,
            since_session=since_session,
            people=people,
            feelings=feelings,
            prompts=prompts,
            packs=packs,
            tags=tags,
            starred=starred,
            limit=limit,
            default_privacy="exclude",
            more=more,
        )
        f = shared_only(f)  # private entries are never exported, whatever was asked
        if fmt in ("json", "csv") and not (preview or with_review):
            # The data formats show no overview: counting is all they need.
            ov = Overview(count=shared_count(store, f))
        else:
            ov = overview(store, f)
        if ov.count == 0:
            raise ExportError(
                "no shared entries match; nothing was written (private entries are never exported)"
            )
        names = Pseudonyms(people_in_order(store, f)) if pseudonymize else None
        readable = fmt in ("markdown", "html", "pdf")
        if preview:
            from relational_journal.storage.brief_rows import private_count

            contents = Contents(private_count(store, f), readable, with_review, with_safety_plan)
            if not _confirm_preview(ov, names, fmt, output, contents):
                err_console().print("Nothing was written.")
                raise typer.Exit(code=1)
        summary = _review(store, f, ov) if (with_review or readable) else None
        ctx = ExportContext(
            generated_at=now(),
            title=DOC_TITLE,
            clusters=_cluster_labels() if fmt != "json" else {},
            prompts=_prompt_texts(store, f) if fmt != "json" else {},
            overview=ov,
            review=summary if with_review else None,
            safety_plan=_safety_plan(store) if with_safety_plan else (),
            brief=_brief(store, f, summary, with_safety_plan) if readable and summary else None,
            pseudonyms=names,
            pdf_paper="Letter" if paper.lower() == "letter" else "A4",
            csv_long=long,
        )
        if fmt == "pdf":
            from relational_journal.interchange.export.pdf_fonts import (
                find_fallback_fonts,
                find_unicode_fonts,
            )

            ctx = replace(ctx, pdf_fonts=find_unicode_fonts(), pdf_fallbacks=find_fallback_fonts())
        entries = _with_progress(store.iter_entries(f), ov.count, f"Exporting {fmt}")
        if output is None:
            ctx = replace(ctx, csv_bom=False)
            export(fmt, entries, sys.stdout, ctx)
            sys.stdout.flush()
            return
        written = _write_atomically(
            output, FORMATS[fmt].binary, force, lambda sink: export(fmt, entries, sink, ctx)
        )
        plural = "entry" if written == 1 else "entries"
        err_console().print(
            f"[green]✓[/] Wrote {written:,} {plural} to {_markup(str(output))}", highlight=False
        )
    finally:
        store.close()


def _markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _refuse_odd_target(path: Path) -> None:
    """Only a regular file or a new path is written: never a link, device, fifo or socket."""
    import stat

    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise ExportError(
            f"{_shown(path)} is a symbolic link; give the file itself; nothing was written"
        )
    if stat.S_ISDIR(mode):
        return
    if not stat.S_ISREG(mode):
        raise ExportError(
            f"{_shown(path)} is not a regular file (a device, fifo or socket);"
            " nothing was written, even with --force"
        )


def _shown(path: Path) -> str:
    from relational_journal.render.safe import visible

    return visible(str(path))


def _check_target(path: Path, force: bool) -> None:
    _refuse_odd_target(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name, e.g. {path / 'journal.html'}")
    if not path.parent.is_dir():
        raise ExportError(f"the folder {path.parent} does not exist; nothing was written")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; add --force to replace it")


def _write_atomically(path: Path, binary: bool, force: bool, fill: Any) -> int:
    """Write to a 0600 temp file beside `path`, then move it into place in one step."""
    import secrets

    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        sink: IO[Any]
        if binary:
            sink = os.fdopen(fd, "wb")
        else:
            sink = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with sink:
            count = int(fill(sink))
            sink.flush()
            os.fsync(sink.fileno())
        os.chmod(tmp, 0o600)
        _refuse_odd_target(path)  # again: something may have appeared while writing
        if force:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _place_new(tmp: Path, path: Path) -> None:
    """Move into place only if nothing appeared there meanwhile (a hard link fails if so)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise ExportError(f"{path} already exists; add --force to replace it") from None
    except OSError:
        # Some file systems (FAT on a USB stick) have no hard links.
        if path.exists():
            raise ExportError(f"{path} already exists; add --force to replace it") from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def _with_progress(entries: Iterable[Entry], total: int, label: str) -> Iterator[Entry]:
    """The entries, with a progress bar on stderr for long exports in a terminal."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield from entries
        return
    from rich.progress import Progress

    with Progress(console=err_console(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for i, entry in enumerate(entries, 1):
            yield entry
            if i % 100 == 0:
                bar.update(task, completed=i)
        bar.update(task, completed=total)


@dataclass(frozen=True)
class Contents:
    """What besides the entries a document will hold, for the preview to say."""

    private_left_out: int
    brief: bool
    review: bool
    safety_plan: bool


def _contents_lines(c: Contents) -> list[str]:
    lines = []
    if c.private_left_out:
        n = c.private_left_out
        lines.append(f"  {n} private {'entry' if n == 1 else 'entries'} left out.")
    else:
        lines.append("  Private entries are never included.")
    if c.brief:
        lines.append("  First page: a session brief for your therapist, with a chart of tone and")
        lines.append(
            "    intensity per day, starred entries, the most intense moments, a pattern question."
        )
    if c.review:
        lines.append("  Your review of these entries: included (counts and tables).")
    elif c.brief:
        lines.append("  Your review: not included (add --with-review).")
    if c.safety_plan:
        lines.append(
            "  [bold]Your safety plan: INCLUDED[/], on the last page, with every name and "
            "phone number written in it."
        )
    elif c.brief:
        lines.append("  Your safety plan: not included (the brief only says whether one exists).")
    return lines


def _confirm_preview(
    ov: Overview, names: Pseudonyms | None, fmt: str, out: Path | None, contents: Contents
) -> bool:
    from relational_journal.interchange.export.common import count_words, day

    err = err_console()
    err.print("[bold]About to share[/]", highlight=False)
    span = day(ov.first_day)
    if ov.last_day != ov.first_day:
        span += f" to {day(ov.last_day)}"
    err.print(f"  {count_words(ov.count, 'entry', 'entries')}, {span}", highlight=False)
    if ov.people:
        shown = []
        for name, n in ov.people:
            alias = f" → {names.name(name)}" if names is not None else ""
            shown.append(f"{name}{alias} ({n})")
        err.print("  People: " + _markup(", ".join(shown)), highlight=False)
    if ov.feelings:
        felt = ", ".join(f"{w} ({n})" for w, n in ov.feelings)
        err.print("  Feelings: " + _markup(felt), highlight=False)
    where = str(out) if out is not None else "the screen (standard output)"
    err.print(f"  As {fmt} to {_markup(where)}", highlight=False)
    for line in _contents_lines(contents):
        err.print(line, highlight=False)
    return typer.confirm("Write it?", default=False, err=True)


def _ccrt() -> Any:
    from relational_journal.content.ccrt import load_ccrt

    return load_ccrt()


def _cluster_labels() -> dict[str, tuple[str, str]]:
    """CCRT cluster code -> (standard label, plain wording), from the validated data."""
    from relational_journal.interchange.export import cluster_labels

    return cluster_labels(_ccrt())


def _prompt_texts(store: Store, f: EntryFilter) -> dict[str, str]:
    """Texts of the prompts the exported entries answer (the client's own packs win)."""
    from relational_journal.cli.entries import all_prompt_texts
    from relational_journal.storage.export_rows import prompt_ids

    wanted = prompt_ids(store, f)
    if not wanted:
        return {}
    texts = all_prompt_texts()
    return {pid: " ".join(texts[pid].split()) for pid in wanted if pid in texts}


def _review(store: Store, f: EntryFilter, ov: Overview) -> Summary:
    """The period's review, computed from the shared (non-private) entries only."""
    from datetime import datetime, time

    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.core import review
    from relational_journal.paths import user_dir
    from relational_journal.storage.export_rows import shared_only

    f = shared_only(f)
    ccrt = _ccrt()
    tz = local_tz()
    first = datetime.fromisoformat(ov.first_day or "1970-01-01").date()
    last = datetime.fromisoformat(ov.last_day or "1970-01-01").date()
    start = f.start or datetime.combine(first, time(0, 0), tzinfo=tz)
    end = f.end or datetime.combine(last, time(23, 59, 59), tzinfo=tz)
    return review.build_review(
        store,
        f,
        start,
        end,
        vocab=load_vocabulary(user_dir() / "feelings.yaml"),
        ccrt=ccrt,
        shared_only=True,
        previous=None,  # only the exported entries count, not an earlier stretch
    )


def _brief(store: Store, f: EntryFilter, summary: Summary, with_plan: bool) -> Brief:
    """The session brief that opens a Markdown, HTML or PDF export."""
    from relational_journal.cli.export_brief import session_brief
    from relational_journal.content.feelings import load_vocabulary
    from relational_journal.paths import user_dir
    from relational_journal.storage.export_rows import shared_only

    vocab = load_vocabulary(user_dir() / "feelings.yaml")
    return session_brief(
        store,
        shared_only(f),
        summary,
        _ccrt(),
        now=now(),
        tz=local_tz(),
        pleasantness={w.word.lower(): w.pleasantness for w in vocab.words.values()},
        safety_plan_included=with_plan,
    )


def _safety_plan(store: Store) -> tuple[tuple[str, str], ...]:
    """The client's safety plan, section by section, for an export that asked for it."""
    from relational_journal.storage.safety_plan import safety_plan_sections

    sections = safety_plan_sections(store)
    if not sections:
        raise ExportError("your safety plan is empty; write it with `journal safety-plan edit`")
    return tuple((title, body.strip()) for title, body in sections)
