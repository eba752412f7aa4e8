"""The review, drawn: Rich renderables for the terminal, and the same content as Markdown.

Both take a review.Summary and return a value (a Rich renderable or a string);
neither prints. The wording is core/review_words.py's; the Markdown is the
neutral document of core/review_document.py, which the exports draw too.
Bars are block characters so they survive NO_COLOR, pipes and copy-paste;
everything fits in 80 columns.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from relational_journal.core.chart import SPARK_LEGEND, spark_glyph, sparkline
from relational_journal.core.document import bar, to_markdown
from relational_journal.core.review import Summary, change_text
from relational_journal.core.review_document import review_blocks
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
    intensity_text,
    period_title,
    plural,
    short_day,
    times,
    valence_lines,
)
from relational_journal.render.safe import visible

if TYPE_CHECKING:
    from rich.console import RenderableType

# -- terminal --------------------------------------------------------------------------


def review_renderable(summary: Summary) -> RenderableType:
    """The whole review as one Rich renderable."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    if summary.empty:
        body = Text()
        body.append("No entries in this period yet.\n\n", style="bold")
        body.append("Whenever you're ready, `journal write` offers a prompt to start from.")
        if summary.previous_entries:
            before = plural(summary.previous_entries, "entry", "entries")
            body.append(f"\n(The period before had {before}.)", style="dim")
        return Panel(body, title=period_title(summary), title_align="left", padding=(1, 2))

    parts: list[RenderableType] = [_brief(summary), _feelings(summary)]
    if summary.people:
        parts.append(_people(summary))
    parts.append(_patterns(summary))
    if summary.echoes:
        parts.append(_echoes(summary))
    if summary.bring_to_session:
        parts.append(_bring(summary))
    return Group(*parts)


def _panel(body: RenderableType, title: str) -> RenderableType:
    from rich.panel import Panel

    return Panel(body, title=f"[bold]{title}[/]", title_align="left", padding=(0, 1))


def _brief(summary: Summary) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    items: list[RenderableType] = [Text("\n".join(brief_lines(summary)))]
    cells = summary.buckets
    if summary.unit == "day" and len(cells) <= 8:
        strip = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
        strip.add_column("", style="dim", no_wrap=True)
        for b in cells:
            strip.add_column(
                f"{b.first.strftime('%a')}\n{b.first.day}", justify="center", no_wrap=True
            )
        strip.add_row("entries", *(str(b.entries) if b.entries else "·" for b in cells))
        strip.add_row("tone", *(spark_glyph(b.pleasantness) for b in cells))
        items += [Text(""), strip]
    else:
        most = max((b.entries for b in cells), default=0)
        table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
        table.add_column("", no_wrap=True)
        table.add_column("entries", justify="right")
        table.add_column("", no_wrap=True)
        for b in cells:
            table.add_row(
                bucket_label(b.first, b.last, summary.unit),
                str(b.entries) if b.entries else "·",
                bar(b.entries, most, 24),
            )
        span = f"{short_day(cells[0].first)} → {short_day(cells[-1].last)}" if cells else ""
        line = Text(f"tone by {summary.unit}, {span}  ", style="dim")
        line.append(sparkline([b.pleasantness for b in cells]), style="bold")
        items += [Text(""), table, line]
    items.append(Text(SPARK_LEGEND, style="dim"))
    return _panel(Group(*items), period_title(summary))


def _feelings(summary: Summary) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    items: list[RenderableType] = []
    if not summary.feelings:
        items.append(Text("No feelings were tagged in this period.", style="dim"))
    else:
        table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
        table.add_column("feeling", style="bold", no_wrap=True)
        table.add_column("family", style="dim")
        table.add_column("times", justify="right")
        table.add_column("intensity", justify="right")
        compare = summary.period.previous is not None
        if compare:
            table.add_column("against the period before")
        for f in summary.feelings[:FEELINGS_SHOWN]:
            row = [f.word, f.family or "", str(f.count), intensity_text(f.mean_intensity)]
            if compare:
                row.append(change_text(f.count, f.previous_count))
            table.add_row(*row)
        items.append(table)
        more = len(summary.feelings) - FEELINGS_SHOWN
        if more > 0:
            items.append(Text(f"and {plural(more, 'other feeling')}", style="dim"))
        families = Table(
            box=None, padding=(0, 1), show_edge=False, pad_edge=False, show_header=False
        )
        families.add_column("family", no_wrap=True)
        families.add_column("bar", no_wrap=True)
        families.add_column("count", justify="right")
        families.add_column("before", style="dim")
        most = max(f.count for f in summary.families)
        for fam in summary.families:
            before = "" if fam.previous_count is None else f"before: {fam.previous_count}"
            families.add_row(fam.family, bar(fam.count, most, 30), str(fam.count), before)
        items += [Text(""), Text("By family", style="bold"), families]
    if summary.untagged:
        words = ", ".join(f"'{u.word}' {times(u.entries)}" for u in summary.untagged[:6])
        items += [
            Text(""),
            Text(f"In your own words, not tagged: {words}. Did any of these fit how you felt?"),
        ]
    return _panel(Group(*items), "Feelings that came back")


def _people(summary: Summary) -> RenderableType:
    from rich.table import Table

    table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
    table.add_column("person", style="bold", no_wrap=True)
    table.add_column("entries", justify="right")
    table.add_column("feelings with them")
    first = True
    for era in ERA_SEQUENCE:
        group = [p for p in summary.people if p.era == era]
        if not group:
            continue
        if not first:
            table.add_row("", "", "")
        first = False
        table.add_row(f"[dim]{ERA_TITLES[era]}[/]", "", "")
        for p in group:
            feelings = _person_feelings(p.feelings)
            table.add_row(f"  {_escape(p.name)}", str(p.mentions), feelings)
    return _panel(table, "People")


def _person_feelings(feelings: tuple[tuple[str, int], ...], limit: int = 5) -> str:
    """'relieved×2, anxious, embarrassed': a count only where it is more than one.

    No space before the count, so a line never breaks between a word and its count.
    """
    shown = [w if n == 1 else f"{w}×{n}" for w, n in feelings[:limit]]
    if len(feelings) > limit:
        shown.append("…")
    return ", ".join(shown)


def _cluster_table(summary: Summary) -> RenderableType:
    """W, RO and RS in one table, so the bars line up."""
    from rich.table import Table

    p = summary.patterns
    table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False, show_header=False)
    table.add_column("code", style="dim", no_wrap=True)
    table.add_column("cluster", ratio=1)
    table.add_column("bar", no_wrap=True, width=10)
    table.add_column("of", justify="right", no_wrap=True)
    first = True
    for comp in ("wish", "other", "self"):
        stats = p.component(comp)
        if not stats:
            continue
        if not first:
            table.add_row("", "", "", "")
        first = False
        table.add_row("", f"[bold]{COMPONENT_TITLES[comp]}[/]", "", "")
        scored = p.scored[comp]
        for s in stats[:4]:
            table.add_row(s.code, s.plain, bar(s.count, scored, 10), f"{s.count} of {scored}")
            for line in cluster_notes(s):
                table.add_row("", f"[dim]{_escape(line)}[/]", "", "")
        if len(stats) > 4:
            table.add_row("", f"[dim]and {plural(len(stats) - 4, 'other')}[/]", "", "")
    return table


def _patterns(summary: Summary) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    p = summary.patterns
    items: list[RenderableType] = []
    if p.episodes == 0:
        items.append(Text(NO_EPISODES, style="dim"))
    elif p.too_few:
        items.append(Text(p.note or ""))
        for e in p.as_they_are:
            items += [Text(""), Text("\n".join(episode_lines(e, summary)))]
    else:
        items.append(
            Text(
                f"From {plural(p.episodes, 'relationship episode')}. "
                "Each bar: in how many episodes it came up."
            )
        )
        items += [Text(""), _cluster_table(summary), Text("")]
        if p.question:
            items.append(Panel(Text(p.question), border_style="cyan", padding=(0, 1)))
        else:
            items.append(Text(NO_CLEAR_PATTERN, style="dim"))
        lines = valence_lines(summary)
        if lines:
            items += [Text(""), Text("\n".join(lines))]
        if p.valence.sentence:
            items.append(Text(p.valence.sentence, style="italic"))
    return _panel(Group(*items), "Relational patterns")


def _echoes(summary: Summary) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    items: list[RenderableType] = [Text(ECHO_INVITATION, style="dim")]
    for e in summary.echoes:
        refs = " · ".join(
            f"{side.name}: entr{'y' if len(side.entry_ids) == 1 else 'ies'} "
            + ", ".join(str(i) for i in side.entry_ids)
            for side in (e.first, e.second)
        )
        items += [Text(""), Text(visible(e.text))]
        for quote in (echo_quote(e.first), echo_quote(e.second)):
            if quote:
                items.append(Padding(Text(visible(quote), style="italic"), (0, 0, 0, 2)))
        items.append(Text(f"  {refs}", style="dim"))
    return _panel(Group(*items), "Echoes across relationships")


def _bring(summary: Summary) -> RenderableType:
    from rich.text import Text

    text = Text()
    for i, s in enumerate(summary.bring_to_session):
        if i:
            text.append("\n")
        text.append("★ ", style="yellow")
        text.append(f"{s.entry_id} · {short_day(date.fromisoformat(s.day))}", style="bold")
        text.append(f" · {s.title or s.excerpt}")
    more = summary.bring_total - len(summary.bring_to_session)
    if more > 0:
        text.append(f"\nand {more} more: journal list --starred", style="dim")
    return _panel(text, "Bring to session")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# -- Markdown ---------------------------------------------------------------------------


def review_markdown(summary: Summary) -> str:
    """The same review as Markdown, for pasting into notes."""
    return to_markdown(review_blocks(summary))
