"""Exporters, one module per format, chosen from a registry keyed by format name.

Each exporter is pure: it takes an iterable of entries (streamed, never
collected), an `ExportContext` of plain data (prompt texts, CCRT labels, an
overview and an optional review computed elsewhere) and a sink to write to.
It neither prints nor reads the journal. The review comes as its summary value
and the safety plan as its sections; the readable formats draw both from the
neutral document of core/review_document.py. Pseudonyms are applied here,
once, to the entries, the review and the plan, before any exporter sees them,
so no format can forget them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import import_module
from typing import IO, TYPE_CHECKING, Any

from relational_journal.interchange.export.pseudonyms import Pseudonyms, merged
from relational_journal.models import Overview

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT
    from relational_journal.core.brief import Brief
    from relational_journal.core.review import Summary
    from relational_journal.models import Entry


def cluster_labels(ccrt: CCRT) -> dict[str, tuple[str, str]]:
    """Every CCRT cluster code with its standard label and the project's plain wording."""
    return {
        c.code.upper(): (c.label, c.plain)
        for info in ccrt.components.values()
        for c in info.clusters
    }


@dataclass(frozen=True)
class ExportContext:
    """Everything an exporter may show besides the entries themselves."""

    generated_at: datetime
    title: str = "Journal"
    clusters: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # W6 -> (label, plain)
    prompts: Mapping[str, str] = field(default_factory=dict)  # prompt id -> prompt text
    overview: Overview | None = None
    review: Summary | None = None
    safety_plan: tuple[tuple[str, str], ...] = ()  # (section title, the client's words)
    brief: Brief | None = None  # the session brief that opens a readable document
    pseudonyms: Pseudonyms | None = None
    csv_bom: bool = True
    csv_long: bool = False  # one row per feeling felt instead of one per entry
    pdf_fonts: Mapping[str, str] | None = None  # "serif", "serif-B", ... -> TTF path
    pdf_fallbacks: tuple[tuple[str, str, int], ...] = ()  # (script, font path, face index)
    pdf_paper: str = "A4"


@dataclass(frozen=True)
class Format:
    """One export format: its module's `write(entries, sink, ctx) -> count`."""

    name: str
    module: str
    extension: str
    binary: bool = False

    def writer(self) -> Callable[[Iterable[Entry], IO[Any], ExportContext], int]:
        mod = import_module(f"{__name__}.{self.module}")
        write: Callable[[Iterable[Entry], IO[Any], ExportContext], int] = mod.write
        return write


FORMATS: dict[str, Format] = {
    "markdown": Format("markdown", "markdown", "md"),
    "html": Format("html", "html", "html"),
    "pdf": Format("pdf", "pdf", "pdf", binary=True),
    "json": Format("json", "json", "json"),
    "csv": Format("csv", "csv", "csv"),
}


def export(fmt: str, entries: Iterable[Entry], sink: IO[Any], ctx: ExportContext) -> int:
    """Write `entries` in format `fmt` to `sink`; returns how many were written."""
    from relational_journal.errors import ExportError

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    if ctx.pseudonyms is not None:
        ctx, entries = _hidden(ctx, ctx.pseudonyms, entries)
    return FORMATS[fmt].writer()(entries, sink, ctx)


def _hidden(
    ctx: ExportContext, names: Pseudonyms, entries: Iterable[Entry]
) -> tuple[ExportContext, Iterator[Entry]]:
    """The context and the entries with every name replaced, before any format sees them."""
    overview = ctx.overview
    if overview is not None:
        overview = replace(
            overview,
            people=merged((names.name(n), c) for n, c in overview.people),
            feelings=merged((names.text(w), c) for w, c in overview.feelings),
        )
    ctx = replace(
        ctx,
        title=names.text(ctx.title),
        prompts={names.text(k): names.text(v) for k, v in ctx.prompts.items()},
        overview=overview,
        review=None if ctx.review is None else names.within(ctx.review),
        brief=None if ctx.brief is None else names.within(ctx.brief),
        safety_plan=tuple((title, names.text(body)) for title, body in ctx.safety_plan),
    )
    return ctx, (names.entry(e) for e in entries)


__all__ = [
    "FORMATS",
    "cluster_labels",
    "ExportContext",
    "Format",
    "Overview",
    "Pseudonyms",
    "export",
]
