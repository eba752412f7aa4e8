"""The review as a neutral document (core/document.py blocks), for Markdown and the exports.

The terminal draws the same summary with Rich (render/review.py); both take
their words from review_words.py, so the two never say different things.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from relational_journal.core.chart import spark_glyph
from relational_journal.core.document import (
    Align,
    Bars,
    Block,
    Bullets,
    Heading,
    Item,
    Paragraph,
    Span,
    Table,
    para,
)
from relational_journal.core.review import change_text
from relational_journal.core.review_words import (
    COMPONENT_TITLES,
    ECHO_INVITATION,
    ERA_SEQUENCE,
    ERA_TITLES,
    FEELINGS_SHOWN,
    NO_CLEAR_PATTERN,
    NO_EPISODES,
    brief_lines,
    bucket_label,
    cluster_notes,
    echo_quote,
    episode_lines,
    in_words,
    intensity_text,
    period_title,
    plural,
    short_day,
    times,
    valence_lines,
)

if TYPE_CHECKING:
    from relational_journal.core.review import Summary

TONE_LEGEND = "tone: ▁ heavier  ▃  ▅  ▇ lighter, from the feelings you tagged; · none tagged"


def text(words: str, role: Literal["text", "note", "quote"] = "text") -> Paragraph:
    """A paragraph of one plain span: the client's words never become formatting."""
    return Paragraph((Span(words),), role)


def review_blocks(summary: Summary) -> list[Block]:
    """Every section of the review, in reading order."""
    out: list[Block] = [Heading(1, period_title(summary))]
    if summary.empty:
        return [*out, para("No entries in this period yet.")]
    out += _brief(summary)
    out += _feelings(summary)
    out += _people(summary)
    out += _patterns(summary)
    out += _echoes(summary)
    out += _bring(summary)
    return out


def _brief(summary: Summary) -> list[Block]:
    rows = tuple(
        (
            bucket_label(b.first, b.last, summary.unit),
            str(b.entries),
            spark_glyph(b.pleasantness),
        )
        for b in summary.buckets
    )
    return [
        Heading(2, "The period in brief"),
        Bullets(tuple(Item(line) for line in brief_lines(summary))),
        Table(("", "entries", "tone"), ("left", "right", "center"), rows),
        para(TONE_LEGEND, "note"),
    ]


def _feelings(summary: Summary) -> list[Block]:
    out: list[Block] = [Heading(2, "Feelings that came back")]
    if summary.feelings:
        compare = summary.period.previous is not None
        head: tuple[str, ...] = ("feeling", "family", "times", "intensity")
        rows = []
        for f in summary.feelings[:FEELINGS_SHOWN]:
            row: tuple[str, ...] = (
                f.word,
                f.family or "",
                str(f.count),
                intensity_text(f.mean_intensity),
            )
            if compare:
                row += (change_text(f.count, f.previous_count),)
            rows.append(row)
        if compare:
            head += ("against the period before",)
        align: tuple[Align, ...] = ("left", "left", "right", "right", "left")
        out += [
            Table(head, align[: len(head)], tuple(rows)),
            para("By family:"),
            Bars(tuple((fam.family, fam.count) for fam in summary.families)),
        ]
    else:
        out.append(para("No feelings were tagged in this period."))
    if summary.untagged:
        words = ", ".join(f"'{u.word}' {times(u.entries)}" for u in summary.untagged[:6])
        out.append(
            text(f"In your own words, not tagged: {words}. Did any of these fit how you felt?")
        )
    return out


def _people(summary: Summary) -> list[Block]:
    if not summary.people:
        return []
    out: list[Block] = [Heading(2, "People")]
    for era in ERA_SEQUENCE:
        group = [p for p in summary.people if p.era == era]
        if not group:
            continue
        rows = tuple(
            (
                person.name,
                str(person.mentions),
                ", ".join(f"{w} ×{n}" for w, n in person.feelings[:4]),
            )
            for person in group
        )
        out += [
            Heading(3, ERA_TITLES[era]),
            Table(("person", "entries", "feelings with them"), ("left", "right", "left"), rows),
        ]
    return out


def _patterns(summary: Summary) -> list[Block]:
    p = summary.patterns
    out: list[Block] = [Heading(2, "Relational patterns")]
    if p.episodes == 0:
        return [*out, para(NO_EPISODES)]
    if p.too_few:
        items = []
        for ep in p.as_they_are:
            lines = episode_lines(ep, summary)
            items.append(Item(lines[0], tuple(line.strip() for line in lines[1:])))
        return [*out, text(p.note or ""), Bullets(tuple(items))]
    out.append(para(f"From {plural(p.episodes, 'relationship episode')}."))
    for comp in ("wish", "other", "self"):
        stats = p.component(comp)
        if not stats:
            continue
        rows = tuple(
            (cs.code, cs.plain, in_words(cs.count, p.scored[comp]), "; ".join(cluster_notes(cs)))
            for cs in stats
        )
        out += [
            Heading(3, COMPONENT_TITLES[comp]),
            Table(("", "", "", "in your words"), ("left", "left", "left", "left"), rows),
        ]
    out.append(text(p.question, "quote") if p.question else para(NO_CLEAR_PATTERN))
    lines = valence_lines(summary)
    if lines:
        out.append(Bullets(tuple(Item(line) for line in lines)))
    if p.valence.sentence:
        out.append(text(p.valence.sentence, "note"))
    return out


def _echoes(summary: Summary) -> list[Block]:
    if not summary.echoes:
        return []
    items = []
    for e in summary.echoes:
        refs = "; ".join(
            f"{side.name}: " + ", ".join(str(i) for i in side.entry_ids)
            for side in (e.first, e.second)
        )
        quotes = tuple(q for q in (echo_quote(e.first), echo_quote(e.second)) if q)
        items.append(Item(f"{e.text} (entries: {refs})", quotes))
    return [Heading(2, "Echoes across relationships"), para(ECHO_INVITATION), Bullets(tuple(items))]


def _bring(summary: Summary) -> list[Block]:
    if not summary.bring_to_session:
        return []
    items = []
    for s in summary.bring_to_session:
        day = short_day(date.fromisoformat(s.day))
        items.append(Item(f"★ entry {s.entry_id}, {day}: {s.title or s.excerpt}"))
    more = summary.bring_total - len(summary.bring_to_session)
    if more > 0:
        items.append(Item(f"and {more} more"))
    return [Heading(2, "Bring to session"), Bullets(tuple(items))]
