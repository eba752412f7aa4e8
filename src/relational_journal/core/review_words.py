"""The review's wording, shared by the terminal and every export: titles, counts, phrases.

Plain strings from a review.Summary; no Rich, no Markdown. The sentences about
patterns come from ccrt.yaml through the summary itself.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relational_journal.core.review import Summary
    from relational_journal.core.review_clusters import ClusterStat
    from relational_journal.core.review_echoes import EchoSide
    from relational_journal.storage.review_rows import EpisodeRow

BLOCKS = "▁▂▃▄▅▆▇█"
ERA_TITLES = {
    "present": "Present relationships",
    "past": "Past relationships",
    "therapy": "The therapy relationship",
    "self": "With yourself",
    None: "Not yet placed in time",
}
ERA_SEQUENCE = ("present", "past", "therapy", "self", None)
COMPONENT_TITLES = {
    "wish": "What you wanted (W)",
    "other": "How they responded (RO)",
    "self": "How you responded (RS)",
}
FEELINGS_SHOWN = 10
NO_EPISODES = (
    "No relationship episodes in this period. A guided entry (`journal write`) can walk "
    "through one: what you wanted, how they responded, and how you responded."
)
NO_CLEAR_PATTERN = (
    "No single wish, response and reaction comes back often enough yet to call it a "
    "pattern. The counts below are what there is so far."
)
ECHO_INVITATION = "Something to bring to a session, if it feels right."


# -- shared wording ------------------------------------------------------------------


def short_day(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def period_title(summary: Summary) -> str:
    p = summary.period
    first, last = p.first_day, p.last_day
    if first == last:
        span = f"{short_day(first)} {first.year}"
    elif first.year == last.year:
        span = f"{short_day(first)} – {short_day(last)} {last.year}"
    else:
        span = f"{short_day(first)} {first.year} – {short_day(last)} {last.year}"
    name = {
        "week": "Your week",
        "month": "Your month",
        "session": "Since your last session",
        "all": "Your whole journal",
    }.get(p.kind, "Your review")
    return f"{name} · {span}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def brief_lines(summary: Summary) -> list[str]:
    p = summary.period
    lines = [
        f"{plural(summary.entries, 'entry', 'entries')} on "
        f"{summary.days_journaled} of {plural(p.days, 'day')}"
        + (
            f" (the period before: {summary.previous_entries})"
            if summary.previous_entries is not None
            else ""
        )
    ]
    if summary.prompts_used:
        packs = ", ".join(f"{pack} ({n})" for pack, n in summary.packs)
        lines.append(
            f"{plural(summary.prompts_used, 'prompt')} answered"
            + (f", from {packs}" if packs else "")
        )
    else:
        lines.append("No prompts this time: free writing only")
    return lines


def times(n: int) -> str:
    """How many entries a word was written in: 'in one entry', 'in 3 entries'."""
    return "in one entry" if n == 1 else f"in {n} entries"


def tone_glyph(pleasantness: float | None) -> str:
    if pleasantness is None:
        return "·"
    index = round((pleasantness + 1) / 2 * (len(BLOCKS) - 1))
    return BLOCKS[max(0, min(len(BLOCKS) - 1, index))]


def bucket_label(first: date, last: date, unit: str) -> str:
    if unit == "day":
        return short_day(first)
    if unit == "week":
        return f"{first.day} {first.strftime('%b')} – {last.day} {last.strftime('%b')}"
    if unit == "month":
        return first.strftime("%b %Y")
    return str(first.year)


def intensity_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}/10"


def pct(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def episode_lines(e: EpisodeRow, summary: Summary) -> list[str]:
    who = e.person or "someone"
    era = f" ({e.era})" if e.era else ""
    parts = [f"{short_day(date.fromisoformat(e.day))} · with {who}{era} · entry {e.entry_id}"]
    for label, words, code in (
        ("wanted", e.wish, e.wish_cluster),
        ("expected of them" if e.other_expected else "they", e.other, e.other_cluster),
        ("you", e.self_response, e.self_cluster),
    ):
        if words or code:
            shown = f"“{words}”" if words else ""
            tag = f"[{code}]" if code else ""
            parts.append(f"   {label}: {' '.join(x for x in (shown, tag) if x)}")
    return parts


def cluster_notes(stat: ClusterStat) -> list[str]:
    """Under a cluster: the client's own words from its latest episode, and, for a
    response of the other, how often it was expected rather than met."""
    lines = []
    if stat.quote:
        lines.append(f"“{shortened(stat.quote)}” (entry {stat.quote_entry})")
    if stat.expected:
        came = stat.count - stat.expected
        lines.append(
            f"you expected it {times_word(stat.expected)}; it came {times_word(came)}"
            if came
            else f"you expected it {times_word(stat.expected)}; it did not come"
        )
    return lines


def shortened(words: str, width: int = 90) -> str:
    """The client's words on one line, cut to `width` characters (an ellipsis marks a cut)."""
    words = " ".join(words.split())
    if len(words) > width:
        words = words[: width - 1].rstrip() + "…"
    return words


ECHO_QUOTE_WIDTH = 120


def echo_quote(side: EchoSide) -> str | None:
    """One side of an echo in the client's words: its latest episode's wish, the other's
    response and their own, as one short quote with its entry and day."""
    q = side.quote
    if q is None:
        return None
    said = " · ".join(
        " ".join(w.split()) for w in (q.wish, q.other, q.self_response) if w and w.strip()
    )
    day = short_day(date.fromisoformat(q.day))
    return f"{side.name}, entry {q.entry_id}, {day}: “{shortened(said, ECHO_QUOTE_WIDTH)}”"


def times_word(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def in_words(count: int, of: int) -> str:
    """A share said in words: 'in 2 of 3 episodes'."""
    return f"in {count} of {of} episode" + ("" if of == 1 else "s")


def valence_lines(summary: Summary) -> list[str]:
    v = summary.patterns.valence
    if not (v.other_positive + v.other_negative + v.self_positive + v.self_negative):
        return []
    theirs, yours = v.other_positive + v.other_negative, v.self_positive + v.self_negative
    lines = []
    if theirs:
        lines.append(
            f"They met you warmly {in_words(v.other_positive, theirs)}, "
            f"and harder {in_words(v.other_negative, theirs)}."
        )
    if yours:
        lines.append(
            f"You responded warmly {in_words(v.self_positive, yours)}, "
            f"and in a harder way {in_words(v.self_negative, yours)}."
        )
    return lines
