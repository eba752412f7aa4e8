"""Rich renderables for finding and tending entries. Functions return objects; they never print.

Entry text is always put in `Text` objects, never parsed as markup, so square
brackets in an entry show as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from relational_journal.render.safe import visible

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.segment import Segment
    from rich.text import Text

    from relational_journal.content.ccrt import CCRT
    from relational_journal.models import Entry, Episode, FeelingFelt, Person, Session
    from relational_journal.storage.search import Hit

SUMMARY_WORDS = 12


def when(moment: datetime, tz: tzinfo) -> str:
    """'2026-11-18 Wed 20:00' in local time."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %a %H:%M")


def summary(entry: Entry, prompt_text: str | None = None) -> str:
    """One line for an entry: its title, else the prompt it answers, else its first words."""
    if entry.title:
        return visible(" ".join(entry.title.split()))
    if prompt_text:
        return visible(" ".join(prompt_text.split()))
    words = entry.body.split(maxsplit=SUMMARY_WORDS)
    text = " ".join(words[:SUMMARY_WORDS])
    return visible(text) + ("…" if len(words) > SUMMARY_WORDS else "")


def feeling_text(f: FeelingFelt) -> str:
    return f.word if f.intensity is None else f"{f.word} {f.intensity}"


def feelings_line(entry: Entry) -> str:
    return visible(", ".join(feeling_text(f) for f in entry.feelings))


def people_line(entry: Entry) -> str:
    return visible(", ".join(p.name for p in entry.people))


Row = tuple[str, str, list[tuple[str, str]], str, str, str]


# Anything outside ASCII, Latin letters and common one-cell punctuation needs Rich's
# grapheme-aware width (emoji, CJK, combining marks); everything else is len().
_MAYBE_WIDE = re.compile("[^\x00-\u02ff\u2010-\u2027\u2605]")


def _single_width(text: str) -> bool:
    """True when every character takes one cell: ASCII, Latin letters, common punctuation."""
    return _MAYBE_WIDE.search(text) is None


def _cells(text: str) -> int:
    """Terminal cells taken by `text`; the usual case is counted directly, not per grapheme."""
    if _single_width(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if _single_width(text):
        return text if len(text) <= width else text[: width - 1] + "…"
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _cells(text), 0)


class EntryLines:
    """One line per entry that never wraps: id, date, summary, people, feelings.

    Columns line up; the summary takes what the terminal width leaves, people
    and feelings are shortened, then left out, on narrow terminals; no line
    carries trailing spaces (so piped output stays clean). Built from plain
    strings and segments: thousands of lines render in milliseconds.
    """

    PEOPLE_MAX = 20
    FEELINGS_MAX = 24
    CELL_MIN = 10
    SUMMARY_MIN = 28
    WIDE = 100

    SNIPPET_INDENT = 6

    def __init__(self, rows: list[Row], snippets: Sequence[Text] | None = None) -> None:
        self.rows = rows
        self.snippets = snippets
        self.fixed_id_width: int | None = None

    def fix_columns(self, id_width: int) -> None:
        """Lay out by the widest possible cells, so separately written batches line up."""
        self.fixed_id_width = id_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.segments(console, options.max_width)

    def segments(self, console: Console, width: int) -> Iterator[Segment]:
        """The laid-out lines as styled segments, each line ending in a newline segment."""
        from rich.segment import Segment

        if not self.rows:
            return
        # Below 100 columns the time of day gives way to the text ('2026-11-18 Wed').
        short = width < self.WIDE
        stamps = [r[1][:14] + r[1][20:] if short else r[1] for r in self.rows]
        id_w = max(len(r[0]) for r in self.rows)
        date_w = max(len(stamp) for stamp in stamps)
        lead_w = [sum(_cells(t) for t, _ in r[2]) for r in self.rows]
        people_w = min(max(_cells(r[4]) for r in self.rows), self.PEOPLE_MAX)
        feel_w = min(max(_cells(r[5]) for r in self.rows), self.FEELINGS_MAX)
        natural = max(lw + _cells(r[3]) for lw, r in zip(lead_w, self.rows, strict=True))
        if self.fixed_id_width is not None:
            id_w = max(id_w, self.fixed_id_width)
            people_w, feel_w, natural = self.PEOPLE_MAX, self.FEELINGS_MAX, width
        summary_need = min(natural, self.SUMMARY_MIN)
        avail = width - (id_w + 2 + date_w + 2) - summary_need
        show_people, show_feel = people_w > 0, feel_w > 0

        def over() -> int:
            return (people_w + 2 if show_people else 0) + (feel_w + 2 if show_feel else 0) - avail

        # Narrow terminal: shorten people and feelings first, then leave out feelings, then people.
        while over() > 0 and max(people_w, feel_w) > self.CELL_MIN:
            if feel_w >= people_w:
                feel_w -= 1
            else:
                people_w -= 1
        if over() > 0:
            show_feel = False
        if over() > 0:
            show_people = False
        summary_w = max(min(summary_need + max(-over(), 0), natural), 8)
        get = console.get_style
        st_id, st_date, st_people, st_feel = (
            get("dim"),
            get("cyan"),
            get("green"),
            get("magenta"),
        )
        gap = Segment("  ")
        for index, ((entry_id, _, lead, summary_text, people, feelings), lw, stamp) in enumerate(
            zip(self.rows, lead_w, stamps, strict=True)
        ):
            has_people = show_people and bool(people)
            has_feel = show_feel and bool(feelings)
            yield Segment(entry_id.rjust(id_w), st_id)
            yield gap
            yield Segment(stamp.ljust(date_w) if (summary_text or lead) else stamp, st_date)
            yield gap
            for text, style in lead:
                yield Segment(text, get(style))
            body = _fit(summary_text, summary_w - lw)
            yield Segment(_pad(body, summary_w - lw) if (has_people or has_feel) else body)
            if show_people and (has_people or has_feel):
                cell = _fit(people, people_w)
                yield gap
                yield Segment(_pad(cell, people_w) if has_feel else cell, st_people)
            if has_feel:
                yield gap
                yield Segment(_fit(feelings, feel_w), st_feel)
            yield Segment.line()
            if self.snippets is not None:
                indent = Segment(" " * self.SNIPPET_INDENT)
                wrap_width = max(width - self.SNIPPET_INDENT, 20)
                for line in self.snippets[index].wrap(console, wrap_width):
                    line.rstrip()
                    yield indent
                    yield from line.render(console)
                    yield Segment.line()
                yield Segment.line()


def entry_lines(
    entries: Sequence[Entry],
    prompts: Mapping[str, str],
    tz: tzinfo,
    *,
    trash: bool = False,
    snippets: Sequence[Text] | None = None,
) -> EntryLines:
    """One line per entry: id, date, title or prompt or first words, people, feelings."""
    rows: list[Row] = []
    for entry in entries:
        lead: list[tuple[str, str]] = []
        if entry.starred:
            lead.append(("★ ", "yellow"))
        if entry.private:
            lead.append(("private ", "dim italic"))
        stamp = when(entry.about, tz)
        if trash and entry.deleted_at:
            from relational_journal.storage.entries import purge_date

            stamp = f"{stamp}  gone {purge_date(entry.deleted_at).astimezone(tz):%Y-%m-%d}"
        rows.append(
            (
                str(entry.id),
                stamp,
                lead,
                summary(entry, prompts.get(entry.prompt_id or "")),
                people_line(entry),
                feelings_line(entry),
            )
        )
    return EntryLines(rows, snippets)


def hidden_note(count: int, what: str = "private") -> RenderableType:
    from rich.text import Text

    noun = "entry" if count == 1 else "entries"
    return Text(f"{count} {what} {noun} hidden; --include-private shows them", style="dim")


def empty_note(message: str) -> RenderableType:
    from rich.text import Text

    return Text(message, style="dim")


# -- one entry -------------------------------------------------------------------------


def _person_text(name: str, role: str | None, era: str | None) -> str:
    extra = ", ".join(x for x in (role, era) if x)
    return f"{name} ({extra})" if extra else name


def _cluster_line(ccrt: CCRT, code: str | None) -> Text | None:
    from rich.text import Text

    cluster = ccrt.cluster(code)
    if cluster is None:
        return Text(code, style="dim") if code else None
    line = Text(f"{cluster.code} ", style="bold")
    line.append(cluster.plain)
    if cluster.valence:
        line.append(f" ({cluster.valence})", style="dim")
    return line


def episode_table(episode: Episode, ccrt: CCRT) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    if episode.person:
        grid.add_row("With", Text(visible(_person_text(episode.person, None, episode.era))))
    if episode.what_happened:
        grid.add_row("What happened", Text(visible(episode.what_happened)))
    parts: list[tuple[str, str | None, str | None]] = [
        ("W  I wanted", episode.wish, episode.wish_cluster),
        (
            "RO I expected" if episode.other_expected else "RO They responded",
            episode.other,
            episode.other_cluster,
        ),
        ("RS I responded", episode.self_response, episode.self_cluster),
        ("Afterwards", episode.self_treatment, None),
    ]
    for label, words, code in parts:
        if not words and not code:
            continue
        cell = Text(visible(words or ""))
        cluster = _cluster_line(ccrt, code)
        if cluster is not None:
            if words:
                cell.append("\n")
            cell.append_text(cluster)
        grid.add_row(label, cell)
    return grid


def entry_panel(entry: Entry, prompt_text: str | None, ccrt: CCRT, tz: tzinfo) -> RenderableType:
    """The whole entry: prompt, text, people, feelings, episode, tags and flags."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if prompt_text:
        parts.append(Text(visible(" ".join(prompt_text.split())), style="italic"))
        parts.append(Text(""))
    if entry.title:
        parts.append(Text(visible(entry.title), style="bold"))
    parts.append(Text(visible(entry.body)))

    details = Table.grid(padding=(0, 1))
    details.add_column(style="dim", no_wrap=True)
    details.add_column()
    if entry.people:
        details.add_row(
            "People",
            Text(visible(", ".join(_person_text(p.name, p.role, p.era) for p in entry.people))),
        )
    if entry.feelings:
        details.add_row(
            "Feelings",
            Text(
                visible(
                    ", ".join(
                        f.word if f.intensity is None else f"{f.word} {f.intensity}/10"
                        for f in entry.feelings
                    )
                )
            ),
        )
    if entry.tags:
        details.add_row("Tags", Text(visible(" ".join(f"#{t}" for t in entry.tags))))
    flags = [name for name, on in (("★ starred", entry.starred), ("private", entry.private)) if on]
    if flags:
        details.add_row("", Text(" · ".join(flags), style="yellow"))
    if details.row_count:
        parts += [Text(""), details]
    if entry.episode is not None and not entry.episode.is_empty():
        parts += [
            Text(""),
            Text("Relationship episode", style="bold"),
            episode_table(entry.episode, ccrt),
        ]
    if entry.deleted_at:
        from relational_journal.storage.entries import purge_date

        gone = purge_date(entry.deleted_at).astimezone(tz)
        parts += [
            Text(""),
            Text(
                f"In the trash: purged for good on {gone:%Y-%m-%d} "
                f"unless you run `journal restore {entry.id}`",
                style="red",
            ),
        ]
    written = entry.written_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return Panel(
        Group(*parts),
        title=f"Entry {entry.id} · {entry.about.astimezone(tz):%a %d %b %Y, %H:%M}",
        title_align="left",
        subtitle=f"written {written}",
        subtitle_align="right",
        padding=(1, 2),
    )


# -- search -----------------------------------------------------------------------------


def highlighted(snippet: str) -> Text:
    """A snippet with its FTS5 match markers turned into a highlight style."""
    from rich.text import Text

    from relational_journal.storage.search import MARK_END, MARK_START

    text = Text()
    on = False
    buffer = ""
    for ch in " ".join(snippet.split()):
        if ch in (MARK_START, MARK_END):
            text.append(visible(buffer), style="bold yellow underline" if on else None)
            buffer = ""
            on = ch == MARK_START
        else:
            buffer += ch
    text.append(visible(buffer), style="bold yellow underline" if on else None)
    return text


def search_results(
    hits: Sequence[Hit], entries: Mapping[int, Entry], prompts: Mapping[str, str], tz: tzinfo
) -> RenderableType:
    """Best match first: the entry's line, then its snippet with the matches highlighted."""
    shown = [h for h in hits if h.entry_id in entries]
    return entry_lines(
        [entries[h.entry_id] for h in shown],
        prompts,
        tz,
        snippets=[_with_parts(highlighted(h.snippet), h.parts) for h in shown],
    )


def _with_parts(snippet: Text, parts: Sequence[str]) -> Text:
    """The snippet, then where it matched when an episode's words did."""
    if parts:
        snippet.append(f"  (matched in: {', '.join(parts)})", style="dim")
    return snippet


def search_footer(
    shown: int, total: int, as_phrase: bool, query: str, ranked_within: int | None = None
) -> RenderableType:
    from rich.text import Text

    lines = Text(style="dim")
    if as_phrase:
        lines.append(f"searched for the phrase {query}\n")
    if ranked_within is not None:
        lines.append(
            f"{total:,} entries match; the best {shown} of the {ranked_within:,} most recently"
            " written are shown: add words or --from to narrow"
        )
    elif total > shown:
        lines.append(f"{shown} of {total} matches shown, best first; -n {total} shows all")
    else:
        lines.append(f"{total} {'match' if total == 1 else 'matches'}")
    return lines


# -- people -----------------------------------------------------------------------------


def people_table(people: Sequence[Person]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold")
    table.add_column("Name", style="green", overflow="fold")
    table.add_column("Role", overflow="fold")
    table.add_column("When", no_wrap=True)
    table.add_column("Also called", overflow="fold", style="dim")
    table.add_column("Entries", justify="right", no_wrap=True)
    table.add_column("Last", no_wrap=True, style="cyan")
    if any(p.share_as for p in people):
        table.add_column("Shared as", overflow="fold")
    for p in people:
        row: list[RenderableType] = [
            Text(visible(p.name)),
            Text(visible(p.role or "")),
            p.era or "",
            Text(visible(", ".join(p.aliases))),
            str(p.entry_count),
            p.last_mention or "",
        ]
        if table.columns[-1].header == "Shared as":
            row.append(Text(visible(p.share_as or "")))
        table.add_row(*row)
    return table


def person_line(person: Person) -> str:
    parts = [person.name]
    extra = ", ".join(x for x in (person.role, person.era) if x)
    if extra:
        parts.append(f"({extra})")
    if person.aliases:
        parts.append("· also " + ", ".join(person.aliases))
    if person.share_as:
        parts.append(f"· shared as {person.share_as!r}")
    parts.append(f"· {person.entry_count} {'entry' if person.entry_count == 1 else 'entries'}")
    return " ".join(parts)


# -- sessions ----------------------------------------------------------------------------


def sessions_table(
    sessions: Sequence[Session], now: datetime, tz: tzinfo, schedule: str | None
) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if schedule:
        parts.append(Text(f"Schedule: {schedule}", style="bold"))
    table = Table(box=None, pad_edge=False, padding=(0, 1), show_header=False)
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    next_marked = False
    for s in sessions:
        label = "recorded" if s.recorded else "scheduled"
        style = None
        if s.at > now:
            label = "upcoming" if s.recorded else "scheduled"
            style = "dim"
            if not next_marked:
                label += " ← next"
                style = "bold"
                next_marked = True
        table.add_row(when(s.at, tz), Text(label, style=style or ""), Text(visible(s.notes or "")))
    if sessions:
        parts.append(table)
    else:
        parts.append(
            empty_note("No sessions yet: try `journal session add` or `journal session schedule`.")
        )
    return Group(*parts)


# -- plain data for --json ---------------------------------------------------------------


def entry_dict(entry: Entry, prompt_text: str | None = None) -> dict[str, Any]:
    """An entry as JSON-ready data (the shape `journal list --json` prints)."""
    episode = entry.episode
    return {
        "id": entry.id,
        "about": entry.about.isoformat(),
        "written_at": entry.written_at.isoformat(),
        "title": entry.title,
        "prompt_id": entry.prompt_id,
        "pack_id": entry.pack_id,
        "prompt": prompt_text,
        "body": entry.body,
        "people": [{"name": p.name, "role": p.role, "era": p.era} for p in entry.people],
        "feelings": [
            {"word": f.word, "family": f.family, "intensity": f.intensity} for f in entry.feelings
        ],
        "tags": list(entry.tags),
        "starred": entry.starred,
        "private": entry.private,
        "episode": None
        if episode is None
        else {
            "person": episode.person,
            "era": episode.era,
            "what_happened": episode.what_happened,
            "wish": episode.wish,
            "wish_cluster": episode.wish_cluster,
            "other": episode.other,
            "other_cluster": episode.other_cluster,
            "other_expected": episode.other_expected,
            "self": episode.self_response,
            "self_cluster": episode.self_cluster,
            "self_treatment": episode.self_treatment,
        },
        "deleted_at": entry.deleted_at,
    }


def person_dict(p: Person) -> dict[str, Any]:
    return {
        "name": p.name,
        "role": p.role,
        "era": p.era,
        "aliases": list(p.aliases),
        "share_as": p.share_as,
        "entries": p.entry_count,
        "last_mention": p.last_mention,
    }
