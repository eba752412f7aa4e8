"""The review, drawn: Rich renderables for the terminal, and the same content as Markdown.

Both renderers take a review.Summary and return a value (a Rich renderable or
a string); neither prints. Bars are block characters so they survive NO_COLOR,
pipes and copy-paste; everything fits in 80 columns.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from relational_journal.core.review import Summary, change_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from relational_journal.storage.review_rows import EpisodeRow

BLOCKS = "▁▂▃▄▅▆▇█"
ERA_TITLES = {
    "present": "Present relationships",
    "past": "Past relationships",
    "therapy": "The therapy relationship",
    "self": "With yourself",
    None: "Not yet placed in time",
}
ERA_ORDER = ("present", "past", "therapy", "self", None)
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


def _d(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def period_title(summary: Summary) -> str:
    p = summary.period
    first, last = p.first_day, p.last_day
    if first == last:
        span = f"{_d(first)} {first.year}"
    elif first.year == last.year:
        span = f"{_d(first)} – {_d(last)} {last.year}"
    else:
        span = f"{_d(first)} {first.year} – {_d(last)} {last.year}"
    name = {
        "week": "Your week",
        "month": "Your month",
        "session": "Since your last session",
        "all": "Your whole journal",
    }.get(p.kind, "Your review")
    return f"{name} · {span}"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def brief_lines(summary: Summary) -> list[str]:
    p = summary.period
    lines = [
        f"{_plural(summary.entries, 'entry', 'entries')} on "
        f"{summary.days_journaled} of {_plural(p.days, 'day')}"
        + (
            f" (the period before: {summary.previous_entries})"
            if summary.previous_entries is not None
            else ""
        )
    ]
    if summary.prompts_used:
        packs = ", ".join(f"{pack} ({n})" for pack, n in summary.packs)
        lines.append(
            f"{_plural(summary.prompts_used, 'prompt')} answered"
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


def bar(value: int, most: int, width: int = 20) -> str:
    if most <= 0 or value <= 0:
        return ""
    cells = value / most * width
    full = int(cells)
    rest = "▏▎▍▌▋▊▉"[int((cells - full) * 7) - 1] if cells - full >= 1 / 7 else ""
    return ("█" * full + rest) or "▏"


def _bucket_label(first: date, last: date, unit: str) -> str:
    if unit == "day":
        return _d(first)
    if unit == "week":
        return f"{first.day} {first.strftime('%b')} – {last.day} {last.strftime('%b')}"
    if unit == "month":
        return first.strftime("%b %Y")
    return str(first.year)


def _intensity(value: float | None) -> str:
    return "" if value is None else f"{value:g}/10"


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _episode_line(e: EpisodeRow, summary: Summary) -> list[str]:
    who = e.person or "someone"
    era = f" ({e.era})" if e.era else ""
    parts = [f"{_d(date.fromisoformat(e.day))} · with {who}{era} · entry {e.entry_id}"]
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


def valence_lines(summary: Summary) -> list[str]:
    v = summary.patterns.valence
    if not (v.other_positive + v.other_negative + v.self_positive + v.self_negative):
        return []
    lines = [
        f"Their responses: {v.other_positive} warmer, {v.other_negative} harder · "
        f"yours: {v.self_positive} warmer, {v.self_negative} harder"
    ]
    before = "" if v.previous_share is None else f" (the period before: {_pct(v.previous_share)})"
    lines.append(f"Warmer share: {_pct(v.share)}{before}")
    return lines


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
            before = _plural(summary.previous_entries, "entry", "entries")
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
        strip.add_row("tone", *(tone_glyph(b.pleasantness) for b in cells))
        items += [Text(""), strip]
    else:
        most = max((b.entries for b in cells), default=0)
        table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
        table.add_column("", no_wrap=True)
        table.add_column("entries", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("tone", justify="center")
        for b in cells:
            table.add_row(
                _bucket_label(b.first, b.last, summary.unit),
                str(b.entries) if b.entries else "·",
                bar(b.entries, most, 24),
                tone_glyph(b.pleasantness),
            )
        items += [Text(""), table]
    items.append(
        Text(
            "tone: ▁ heavier … █ lighter, from the feelings you tagged; · none tagged",
            style="dim",
        )
    )
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
            row = [f.word, f.family or "", str(f.count), _intensity(f.mean_intensity)]
            if compare:
                row.append(change_text(f.count, f.previous_count))
            table.add_row(*row)
        items.append(table)
        more = len(summary.feelings) - FEELINGS_SHOWN
        if more > 0:
            items.append(Text(f"and {_plural(more, 'other feeling')}", style="dim"))
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
    for era in ERA_ORDER:
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
        if len(stats) > 4:
            table.add_row("", f"[dim]and {_plural(len(stats) - 4, 'other')}[/]", "", "")
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
            items += [Text(""), Text("\n".join(_episode_line(e, summary)))]
    else:
        items.append(
            Text(
                f"From {_plural(p.episodes, 'relationship episode')}. "
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
    from rich.text import Text

    items: list[RenderableType] = [Text(ECHO_INVITATION, style="dim")]
    for e in summary.echoes:
        refs = " · ".join(
            f"{side.name}: entr{'y' if len(side.entry_ids) == 1 else 'ies'} "
            + ", ".join(str(i) for i in side.entry_ids)
            for side in (e.first, e.second)
        )
        items += [Text(""), Text(e.text), Text(f"  {refs}", style="dim")]
    return _panel(Group(*items), "Echoes across relationships")


def _bring(summary: Summary) -> RenderableType:
    from rich.text import Text

    text = Text()
    for i, s in enumerate(summary.bring_to_session):
        if i:
            text.append("\n")
        text.append("★ ", style="yellow")
        text.append(f"{s.entry_id} · {_d(date.fromisoformat(s.day))}", style="bold")
        text.append(f" · {s.title or s.excerpt}")
    more = summary.bring_total - len(summary.bring_to_session)
    if more > 0:
        text.append(f"\nand {more} more: journal list --starred", style="dim")
    return _panel(text, "Bring to session")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# -- Markdown ---------------------------------------------------------------------------


def _md(text: str) -> str:
    """Escape the characters Markdown would read as formatting in table cells and lines."""
    for ch in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        text = text.replace(ch, "\\" + ch)
    return text


def review_markdown(summary: Summary) -> str:
    """The same review as Markdown, for pasting into notes or an export."""
    out: list[str] = [f"# {period_title(summary)}", ""]
    if summary.empty:
        out += ["No entries in this period yet.", ""]
        return "\n".join(out)
    out += ["## The period in brief", ""]
    out += [f"- {line}" for line in brief_lines(summary)]
    out += ["", "| | entries | tone |", "|---|---:|:---:|"]
    for b in summary.buckets:
        out.append(
            f"| {_bucket_label(b.first, b.last, summary.unit)} | {b.entries} "
            f"| {tone_glyph(b.pleasantness)} |"
        )
    out += ["", "_tone: ▁ heavier … █ lighter, from the feelings you tagged_", ""]

    out += ["## Feelings that came back", ""]
    if summary.feelings:
        compare = summary.period.previous is not None
        head = "| feeling | family | times | intensity |" + (
            " against the period before |" if compare else ""
        )
        out += [head, "|---|---|---:|---:|" + ("---|" if compare else "")]
        for f in summary.feelings[:FEELINGS_SHOWN]:
            row = (
                f"| {_md(f.word)} | {f.family or ''} | {f.count} | {_intensity(f.mean_intensity)} |"
            )
            if compare:
                row += f" {change_text(f.count, f.previous_count)} |"
            out.append(row)
        most = max(f.count for f in summary.families)
        out += ["", "By family:", "", "```"]
        width = max(len(f.family) for f in summary.families)
        for fam in summary.families:
            out.append(f"{fam.family:<{width}}  {bar(fam.count, most, 30)} {fam.count}")
        out += ["```", ""]
    else:
        out += ["No feelings were tagged in this period.", ""]
    if summary.untagged:
        words = ", ".join(f"'{_md(u.word)}' {times(u.entries)}" for u in summary.untagged[:6])
        out += [f"In your own words, not tagged: {words}. Did any of these fit how you felt?", ""]

    if summary.people:
        out += ["## People", ""]
        for era in ERA_ORDER:
            group = [p for p in summary.people if p.era == era]
            if not group:
                continue
            out += [f"### {ERA_TITLES[era]}", "", "| person | entries | feelings with them |"]
            out.append("|---|---:|---|")
            for person in group:
                feelings = ", ".join(f"{_md(w)} ×{n}" for w, n in person.feelings[:4])
                out.append(f"| {_md(person.name)} | {person.mentions} | {feelings} |")
            out.append("")

    p = summary.patterns
    out += ["## Relational patterns", ""]
    if p.episodes == 0:
        out += [_md(NO_EPISODES).replace("\\`", "`"), ""]
    elif p.too_few:
        out += [p.note or "", ""]
        for ep in p.as_they_are:
            lines = _episode_line(ep, summary)
            out.append(f"- {_md(lines[0])}")
            out += [f"  - {_md(line.strip())}" for line in lines[1:]]
        out.append("")
    else:
        out += [f"From {_plural(p.episodes, 'relationship episode')}.", ""]
        for comp in ("wish", "other", "self"):
            stats = p.component(comp)
            if not stats:
                continue
            out += [f"### {COMPONENT_TITLES[comp]}", "", "| | | episodes | pervasiveness |"]
            out.append("|---|---|---:|---:|")
            for cs in stats:
                out.append(
                    f"| {cs.code} | {_md(cs.plain)} | {cs.count} of {p.scored[comp]} "
                    f"| {_pct(cs.pervasiveness)} |"
                )
            out.append("")
        out += [f"> {p.question}" if p.question else NO_CLEAR_PATTERN, ""]
        lines = valence_lines(summary)
        out += [f"- {line}" for line in lines]
        if lines:
            out.append("")
        if p.valence.sentence:
            out += [f"_{p.valence.sentence}_", ""]

    if summary.echoes:
        out += ["## Echoes across relationships", "", ECHO_INVITATION, ""]
        for e in summary.echoes:
            refs = "; ".join(
                f"{_md(side.name)}: " + ", ".join(str(i) for i in side.entry_ids)
                for side in (e.first, e.second)
            )
            out.append(f"- {_md(e.text)} (entries: {refs})")
        out.append("")

    if summary.bring_to_session:
        out += ["## Bring to session", ""]
        for s in summary.bring_to_session:
            day = _d(date.fromisoformat(s.day))
            out.append(f"- ★ entry {s.entry_id}, {day}: {_md(s.title or s.excerpt)}")
        more = summary.bring_total - len(summary.bring_to_session)
        if more > 0:
            out.append(f"- and {more} more")
        out.append("")
    return "\n".join(out)
