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

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from importlib import import_module
from typing import IO, TYPE_CHECKING, Any

from relational_journal.models import Overview

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT
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
    pseudonyms: Pseudonyms | None = None
    csv_bom: bool = True
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
        ctx, entries = ctx.pseudonyms.apply(ctx, entries)
    return FORMATS[fmt].writer()(entries, sink, ctx)


# -- pseudonyms ----------------------------------------------------------------------


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, like spreadsheet columns."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


# Review fields holding codes and fixed words rather than anything the client wrote.
KEPT_FIELDS = frozenset(
    {
        "kind",
        "unit",
        "era",
        "family",
        "code",
        "day",
        "direction",
        "component",
        "wish_cluster",
        "other_cluster",
        "self_cluster",
        "pattern",
        "wording",
    }
)


class Pseudonyms:
    """Replaces every person's name and aliases with their share-as name or 'Person A'.

    `people` is (name, aliases, share_as) in order of first appearance. Matching
    is whole-word and case-insensitive, in one pass, longest name first, so a
    pseudonym is never itself replaced and "Sam's" becomes "Person A's".
    """

    def __init__(self, people: Sequence[tuple[str, Sequence[str], str | None]]) -> None:
        self.by_key: dict[str, str] = {}
        count = 0
        for name, aliases, share_as in people:
            if share_as and share_as.strip():
                pseudonym = share_as.strip()
            else:
                pseudonym = f"Person {_letters(count)}"
                count += 1
            for key in (name, *aliases):
                key = key.strip()
                if key and key.casefold() not in self.by_key:
                    self.by_key[key.casefold()] = pseudonym
        keys = sorted(self.by_key, key=len, reverse=True)
        self.pattern: re.Pattern[str] | None = None
        if keys:
            alternatives = "|".join(re.escape(k) for k in keys)
            self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def name(self, name: str) -> str:
        found = self.by_key.get(name.strip().lstrip("@").casefold())
        return found if found is not None else self.text(name)

    def text(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(lambda m: self.by_key[m.group(0).casefold()], text)

    def maybe(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def entry(self, entry: Entry) -> Entry:
        ep = entry.episode
        if ep is not None:
            ep = replace(
                ep,
                person=None if ep.person is None else self.name(ep.person),
                what_happened=self.maybe(ep.what_happened),
                wish=self.maybe(ep.wish),
                other=self.maybe(ep.other),
                self_response=self.maybe(ep.self_response),
            )
        return replace(
            entry,
            title=self.maybe(entry.title),
            body=self.text(entry.body),
            tags=tuple(self.text(t) for t in entry.tags),
            people=tuple(replace(p, name=self.name(p.name)) for p in entry.people),
            feelings=tuple(replace(f, word=self.text(f.word)) for f in entry.feelings),
            episode=ep,
        )

    def apply(
        self, ctx: ExportContext, entries: Iterable[Entry]
    ) -> tuple[ExportContext, Iterator[Entry]]:
        overview = ctx.overview
        if overview is not None:
            merged: dict[str, int] = {}
            for name, n in overview.people:
                key = self.name(name)
                merged[key] = merged.get(key, 0) + n
            overview = replace(overview, people=tuple(merged.items()))
        ctx = replace(
            ctx,
            title=self.text(ctx.title),
            overview=overview,
            review=None if ctx.review is None else self.within(ctx.review),
            safety_plan=tuple((title, self.text(body)) for title, body in ctx.safety_plan),
        )
        return ctx, (self.entry(e) for e in entries)

    def within(self, value: Any) -> Any:
        """`value` (the review's summary) with every name replaced, however deep.

        Fields that hold codes and fixed words (a period's kind, an era, a
        family, a cluster code, a day) and mapping keys are left as they are:
        they are looked up, not shown, and a person called "Day" must not
        change what a review bucket is.
        """
        if isinstance(value, str):
            return self.name(value)
        if isinstance(value, tuple):
            return tuple(self.within(v) for v in value)
        if isinstance(value, dict):
            return {k: self.within(v) for k, v in value.items()}
        if is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self.within(getattr(value, f.name))
                for f in fields(value)
                if f.init and f.name not in KEPT_FIELDS
            }
            return replace(value, **changes)
        return value


__all__ = [
    "FORMATS",
    "cluster_labels",
    "ExportContext",
    "Format",
    "Overview",
    "Pseudonyms",
    "export",
]
