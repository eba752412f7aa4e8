"""Wording shared by the readable formats (Markdown, HTML, PDF) and the data formats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relational_journal.core.document import Block
    from relational_journal.interchange.export import ExportContext
    from relational_journal.models import Entry, FeelingFelt, PersonRef

SAFETY_PLAN_TITLE = "My safety plan"


def front_blocks(ctx: ExportContext) -> list[Block]:
    """What comes before the entries: the session brief, then the review, as document blocks.

    The safety plan comes after the entries (`back_blocks`), on a page of its own.
    """
    blocks: list[Block] = []
    if ctx.brief is not None:
        from relational_journal.core.brief import brief_blocks

        blocks += brief_blocks(ctx.brief)
    if ctx.review is not None:
        if ctx.brief is not None:
            from relational_journal.core.shared_review import shared_review_blocks

            blocks += shared_review_blocks(ctx.review)
        else:
            from relational_journal.core.review_document import review_blocks

            blocks += review_blocks(ctx.review)
    return blocks


def back_blocks(ctx: ExportContext) -> list[Block]:
    """What comes after the entries: the safety plan, when the client chose to include it."""
    from relational_journal.core.document import Heading, Lines

    blocks: list[Block] = []
    if ctx.safety_plan:
        blocks.append(Heading(2, SAFETY_PLAN_TITLE))
        for title, body in ctx.safety_plan:
            blocks += [Heading(3, title), Lines(body)]
    return blocks


def entry_label(entry: Entry) -> str:
    """'Entry 13': the number the session brief cites (the journal's own entry id)."""
    return f"Entry {entry.id}" if entry.id is not None else ""


def when(dt: datetime) -> str:
    """'Tuesday 3 November 2026, 20:15' (the entry's own wall clock)."""
    return f"{_day_words(dt.date())}, {dt.hour:02d}:{dt.minute:02d}"


@lru_cache(maxsize=4096)
def _day_words(d: date) -> str:
    # strftime's day and month names cost more than the rest of an entry's heading,
    # and most days hold several entries.
    return f"{d:%A} {d.day} {d:%B %Y}"


def day(iso_day: str | None) -> str:
    if not iso_day:
        return ""
    d = datetime.fromisoformat(iso_day)
    return f"{d.day} {d:%B %Y}"


def period(ctx: ExportContext) -> str:
    ov = ctx.overview
    if ov is None or not ov.first_day:
        return ""
    if ov.first_day == ov.last_day:
        return day(ov.first_day)
    return f"{day(ov.first_day)} to {day(ov.last_day)}"


def count_words(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {plural or word + 's'}"


def header_facts(ctx: ExportContext) -> str:
    """The line under an export's title: how many entries, their dates, when exported."""
    facts = []
    ov = ctx.overview
    if ov is not None:
        facts.append(count_words(ov.count, "entry", "entries"))
        if period(ctx):
            facts.append(period(ctx))
    facts.append(f"exported {day(ctx.generated_at.date().isoformat())}")
    return " · ".join(facts)


def person_label(p: PersonRef) -> str:
    extra = ", ".join(x for x in (p.role, p.era) if x)
    return f"{p.name} ({extra})" if extra else p.name


def feeling_label(f: FeelingFelt) -> str:
    label = f.word if f.intensity is None else f"{f.word} {f.intensity}/10"
    return f"{label} ({f.family})" if f.family else label


def prompt_text(entry: Entry, ctx: ExportContext) -> str | None:
    if not entry.prompt_id:
        return None
    return ctx.prompts.get(entry.prompt_id)


@dataclass(frozen=True)
class Part:
    """One component of a relationship episode, ready to show."""

    key: str  # "W", "RO", "RS"
    heading: str  # "What I wanted"
    words: str | None  # the client's own words
    code: str | None  # "W6"
    label: str | None  # standard cluster label
    plain: str | None  # the project's plain wording
    expected: bool = False  # RO only: anticipated rather than experienced


HEADINGS = {
    "W": "What I wanted",
    "RO": "How they responded",
    "RS": "How I responded",
    "After": "How I treated myself afterwards",
}


def episode_parts(entry: Entry, ctx: ExportContext) -> list[Part]:
    ep = entry.episode
    if ep is None or ep.is_empty():
        return []
    parts = []
    for key, words, code, expected in (
        ("W", ep.wish, ep.wish_cluster, False),
        ("RO", ep.other, ep.other_cluster, ep.other_expected),
        ("RS", ep.self_response, ep.self_cluster, False),
        ("After", ep.self_treatment, None, False),
    ):
        if not words and not code:
            continue
        cluster = ctx.clusters.get(code.upper()) if code else None
        parts.append(
            Part(
                key=key,
                heading=HEADINGS[key],
                words=words,
                code=code.upper() if code else None,
                label=cluster[0] if cluster else None,
                plain=cluster[1] if cluster else None,
                expected=expected,
            )
        )
    return parts


def cluster_text(part: Part) -> str:
    """'W6 · To be loved and understood (to be loved, and understood for who I am)'."""
    if not part.code:
        return ""
    text = part.code
    if part.label:
        text += f" · {part.label}"
    if part.plain:
        text += f" ({part.plain})"
    return text


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def entry_record(entry: Entry) -> dict[str, Any]:
    """The interchange form of one entry (the JSON format's `entries[]` item)."""
    ep = entry.episode
    episode: dict[str, Any] | None = None
    if ep is not None and not ep.is_empty():
        episode = {
            "person": ep.person,
            "era": ep.era,
            "what_happened": ep.what_happened,
            "wish": ep.wish,
            "wish_cluster": ep.wish_cluster,
            "other": ep.other,
            "other_cluster": ep.other_cluster,
            "other_expected": ep.other_expected,
            "self": ep.self_response,
            "self_cluster": ep.self_cluster,
            "self_treatment": ep.self_treatment,
        }
    return {
        "id": entry.id,
        "written_at": iso(entry.written_at),
        "about": iso(entry.about),
        "prompt": entry.prompt_id,
        "pack": entry.pack_id,
        "title": entry.title,
        "body": entry.body,
        "private": entry.private,
        "starred": entry.starred,
        "tags": list(entry.tags),
        "people": [{"name": p.name, "role": p.role, "era": p.era} for p in entry.people],
        "feelings": [
            {
                "word": f.word,
                "family": f.family,
                "intensity": f.intensity,
                "in_vocabulary": f.in_vocabulary,
            }
            for f in entry.feelings
        ],
        "episode": episode,
    }
