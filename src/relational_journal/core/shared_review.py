"""The review as a shared document shows it: counts and tables in the third person.

The client's own review (review_document.py) speaks to the client and asks
questions ("Does this fit how you felt?"); a shared document keeps only what
the session brief does not already say: the feelings that came back and how
often each wish and response came up. The brief carries the period, people,
echoes, starred entries and the pattern question, so none is repeated here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relational_journal.core.document import Bars, Block, Heading, Paragraph, Span, Table
from relational_journal.core.review_words import FEELINGS_SHOWN, intensity_text, pct

if TYPE_CHECKING:
    from relational_journal.core.review import Summary

REVIEW_TITLE = "Review of the shared entries"
COMPONENT_HEADINGS = {
    "wish": "Wishes (W)",
    "other": "Responses of others (RO)",
    "self": "Responses of self (RS)",
}


def _text(words: str) -> Paragraph:
    return Paragraph((Span(words),))


def shared_review_blocks(summary: Summary) -> list[Block]:
    """Feelings and CCRT counts of the shared entries, worded for the therapist."""
    out: list[Block] = [Heading(2, REVIEW_TITLE)]
    if summary.feelings:
        rows = tuple(
            (f.word, f.family or "", str(f.count), intensity_text(f.mean_intensity))
            for f in summary.feelings[:FEELINGS_SHOWN]
        )
        out += [
            Heading(3, "Feelings tagged"),
            Table(
                ("feeling", "family", "entries", "mean intensity"),
                ("left", "left", "right", "right"),
                rows,
            ),
            Bars(tuple((fam.family, fam.count) for fam in summary.families)),
        ]
    else:
        out.append(_text("No feelings were tagged in these entries."))
    p = summary.patterns
    if p.episodes == 0:
        out.append(_text("No relationship episodes in these entries."))
        return out
    out.append(Heading(3, f"Relationship episodes: {p.episodes}"))
    for comp in ("wish", "other", "self"):
        stats = p.component(comp)
        if not stats:
            continue
        out += [
            Heading(3, COMPONENT_HEADINGS[comp]),
            Table(
                ("code", "cluster", "episodes", "pervasiveness"),
                ("left", "left", "right", "right"),
                tuple(
                    (cs.code, cs.label, f"{cs.count} of {p.scored[comp]}", pct(cs.pervasiveness))
                    for cs in stats
                ),
            ),
        ]
    v = p.valence
    if v.other_positive + v.other_negative + v.self_positive + v.self_negative:
        out.append(
            _text(
                f"Responses of others: {v.other_positive} warmer, {v.other_negative} harder; "
                f"responses of self: {v.self_positive} warmer, {v.self_negative} harder."
            )
        )
    return out
