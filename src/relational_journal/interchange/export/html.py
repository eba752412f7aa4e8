"""HTML: one self-contained page to read on screen or print (A4 or Letter).

Inline CSS only: no scripts, no fonts, images or styles from anywhere else. Every
piece of entry text goes through `html.escape`, so whatever the client wrote
shows as text and never runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import IO, TYPE_CHECKING

from relational_journal.core.document import (
    Bars,
    Block,
    Bullets,
    Chart,
    Heading,
    Paragraph,
    Table,
)
from relational_journal.interchange.export.client_text import to_html
from relational_journal.interchange.export.common import (
    back_blocks,
    entry_label,
    episode_parts,
    front_blocks,
    header_facts,
    prompt_text,
    when,
)

if TYPE_CHECKING:
    from relational_journal.interchange.export import ExportContext, Overview
    from relational_journal.models import Entry

FAMILY_COLOURS = {
    "mad": "#c8553d",
    "sad": "#4f6d9a",
    "scared": "#8a6bb0",
    "joyful": "#d9a21b",
    "powerful": "#d17a2a",
    "peaceful": "#4f9a72",
}
OTHER_COLOUR = "#8c8c8c"

CSS = """
:root { --ink: #26231f; --muted: #6b645b; --line: #e4ddd2; --paper: #fdfbf7;
  --accent: #5b4a8a; --soft: #f4efe6; }
* { box-sizing: border-box; }
html { background: var(--paper); }
body { margin: 0 auto; max-width: 46rem; padding: 2.5rem 1.5rem 4rem; color: var(--ink);
  font: 17px/1.6 Georgia, "Iowan Old Style", "Palatino Linotype", Palatino, "DejaVu Serif", serif; }
header.doc { border-bottom: 2px solid var(--ink); padding-bottom: 1rem; margin-bottom: 1.5rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .35rem; font-weight: normal; }
.facts { color: var(--muted); margin: 0; font-size: .95rem; }
.sans, .meta, .facts, .episode, .chip, figure, .review, h2 .when, .tag {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "DejaVu Sans", sans-serif; }
.summary { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: 1rem 0 0; }
.summary > div { flex: 1 1 16rem; }
.summary h3, .review h2, .review h3 { font-size: .8rem; letter-spacing: .06em;
  text-transform: uppercase; color: var(--muted); margin: 0 0 .4rem; font-weight: 600; }
.summary p { margin: 0; font-size: .95rem; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
.review { background: var(--soft); border-radius: 6px; padding: 1rem 1.25rem; margin: 0 0 2rem;
  font-size: .95rem; }
.review h2 { font-size: .85rem; }
.review ul { margin: .2rem 0 .6rem; padding-left: 1.2rem; }
.review p { margin: .3rem 0 .6rem; }
.review table { border-collapse: collapse; margin: .3rem 0 .8rem; font-size: .85rem; }
.review th, .review td { text-align: left; padding: .15rem .7rem .15rem 0;
  border-bottom: 1px solid var(--line); vertical-align: top; }
.review th { color: var(--muted); font-weight: 600; }
.review pre { font: .8rem/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  margin: .3rem 0 .8rem; white-space: pre; }
.review code { font-size: .85em; }
.review blockquote { margin: .4rem 0 .6rem; padding-left: .8rem;
  border-left: 3px solid var(--accent); }
article { border-top: 1px solid var(--line); padding: 1.5rem 0 .75rem; }
article h2 { margin: 0 0 .6rem; font-size: 1.25rem; font-weight: normal; line-height: 1.3; }
article h2 .when { display: block; font-size: .82rem; color: var(--muted);
  letter-spacing: .02em; margin-bottom: .15rem; }
.star { color: #c08a00; }
.prompt { margin: 0 0 1rem; padding: .5rem .9rem; border-left: 3px solid var(--accent);
  color: var(--muted); font-style: italic; background: var(--soft); }
.body p { margin: 0 0 .85rem; }
.body, .meta, .chip, .prompt, .episode, .review, header.doc { overflow-wrap: anywhere; }
body { overflow-wrap: break-word; }
.body ul, .body ol { margin: 0 0 .85rem; padding-left: 1.4rem; }
.body li { margin: 0 0 .25rem; }
.body li > p { margin: 0 0 .25rem; }
.body blockquote { margin: 0 0 .85rem; padding: .1rem 0 .1rem .9rem; color: var(--muted);
  border-left: 3px solid var(--line); }
.body h3, .body h4, .body h5, .body h6 { margin: 1.1rem 0 .4rem; line-height: 1.3; }
.body h3 { font-size: 1.15rem; } .body h4 { font-size: 1.05rem; }
.body h5, .body h6 { font-size: 1rem; }
.body pre { white-space: pre-wrap; font: .85rem/1.4 ui-monospace, "DejaVu Sans Mono", Menlo,
  Consolas, monospace; background: var(--soft); padding: .5rem .7rem; border-radius: 4px; }
.body code { font-size: .9em; }
.review table { display: block; max-width: 100%; overflow-x: auto; }
.review th, .review td { overflow-wrap: normal; }
.review pre { overflow-x: auto; overflow-wrap: normal; }
.summary > div { min-width: 0; }
.meta { font-size: .85rem; margin: .4rem 0 .6rem; display: flex; flex-wrap: wrap; gap: .35rem;
  align-items: center; }
.meta .label { color: var(--muted); margin-right: .15rem; }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 999px;
  padding: .05rem .55rem; background: #fff; }
.chip .dot { display: inline-block; width: .55rem; height: .55rem; border-radius: 50%;
  margin-right: .3rem; vertical-align: .05rem; }
.chip small { color: var(--muted); }
.tag { color: var(--muted); }
.episode { margin: .8rem 0 .6rem; border: 1px solid var(--line); border-radius: 6px;
  padding: .75rem 1rem; background: #fff; font-size: .9rem; }
.episode h3 { margin: 0 0 .4rem; font-size: .95rem; }
.episode .happened { margin: 0 0 .6rem; }
.episode dl { display: grid; grid-template-columns: 3.2rem minmax(0, 1fr); gap: .45rem .6rem;
  margin: 0; }
.episode dt { font-weight: 700; color: var(--accent); }
.episode dd { margin: 0; }
.episode .heading { color: var(--muted); font-size: .8rem; display: block; }
.episode .code { display: inline-block; font-size: .78rem; background: var(--soft);
  border-radius: 4px; padding: 0 .35rem; margin-top: .15rem; }
.episode .plain { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line);
  padding-top: .6rem; }
.chart svg { max-width: 100%; height: auto; }
.chart figcaption { font-size: .85rem; color: var(--muted); margin: .2rem 0 .6rem; }
.num { font-weight: 700; color: var(--ink); }
.safety-plan { margin-top: 2rem; }
@page { margin: 16mm 15mm 18mm; }
@media print {
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .review, .prompt, .episode .code { background: #f6f3ee; }
  article { break-inside: auto; padding-top: 1rem; }
  article h2, .prompt, .episode h3 { break-after: avoid; page-break-after: avoid; }
  .episode, .meta, figure { break-inside: avoid; page-break-inside: avoid; }
  .body p { orphans: 3; widows: 3; }
  /* An entry's date, title and prompt go over with its first lines; headings with what
     follows; short blocks and the pattern sentence stay whole. */
  .entry-head { break-inside: avoid; break-after: avoid; page-break-after: avoid; }
  .body h3, .body h4, .body h5, .body h6, .review h2, .review h3 {
    break-after: avoid; page-break-after: avoid; }
  .body li, .body blockquote, .body pre, .review blockquote, .review li, .review p,
  .review tr, .episode dd { break-inside: avoid; page-break-inside: avoid; }
  .details { break-before: avoid; page-break-before: avoid; break-inside: avoid; }
  .review table { display: table; overflow: visible; }
  .safety-plan { break-before: page; page-break-before: always; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _spans(p: Paragraph) -> str:
    out = []
    for span in p.spans:
        text = escape(span.text, quote=False)
        out.append(
            f"<code>{text}</code>"
            if span.style == "code"
            else f"<em>{text}</em>"
            if span.style == "em"
            else text
        )
    return "".join(out)


_ALIGN = {"left": "", "right": ' style="text-align:right"', "center": ' style="text-align:center"'}


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = 2 if block.level <= 2 else 3
        return f"<h{level}>{escape(block.text, quote=False)}</h{level}>"
    if isinstance(block, Paragraph):
        if block.role == "quote":
            return f"<blockquote>{_spans(block)}</blockquote>"
        if block.role == "note":
            return f"<p><em>{_spans(block)}</em></p>"
        return f"<p>{_spans(block)}</p>"
    if isinstance(block, Bullets):
        items = []
        for item in block.items:
            details = "".join(f"<li>{escape(d, quote=False)}</li>" for d in item.details)
            inner = f"<ul>{details}</ul>" if details else ""
            items.append(f"<li>{escape(item.text, quote=False)}{inner}</li>")
        return "<ul>" + "".join(items) + "</ul>"
    if isinstance(block, Table):
        head = "".join(
            f"<th{_ALIGN[a]}>{escape(c, quote=False)}</th>"
            for c, a in zip(block.head, block.align, strict=True)
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td{_ALIGN[a]}>{escape(c, quote=False)}</td>"
                for c, a in zip(row, block.align, strict=True)
            )
            + "</tr>"
            for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(block, Bars):
        return f"<pre>{escape(chr(10).join(block.lines()), quote=False)}</pre>"
    if isinstance(block, Chart):
        from relational_journal.interchange.export.chart_svg import chart_svg

        summary = escape(block.summary, quote=False)
        return (
            f'<figure class="chart">{chart_svg(block)}<figcaption>{summary}</figcaption></figure>'
        )
    return to_html(block.text)


def blocks_html(blocks: Iterable[Block]) -> str:
    """The review and safety plan blocks as escaped HTML."""
    return "\n".join(_block(b) for b in blocks)


def feelings_chart(overview: Overview) -> str:
    """A horizontal bar per feeling family, as inline SVG (no script, no external file)."""
    rows = [(f, n) for f, n in overview.families if n > 0]
    if not rows:
        return ""
    most = max(n for _, n in rows)
    bar_x, bar_w, row_h = 92, 230, 24
    height = row_h * len(rows) + 6
    parts = [
        f'<svg width="380" height="{height}" '
        f'viewBox="0 0 380 {height}" role="img" aria-label="Feelings by family">'
    ]
    for i, (family, n) in enumerate(rows):
        y = 4 + i * row_h
        width = max(2.0, bar_w * n / most)
        colour = FAMILY_COLOURS.get(family, OTHER_COLOUR)
        name = escape(family.capitalize())
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="13" fill="#26231f">{name}</text>'
            f'<rect x="{bar_x}" y="{y + 2}" width="{width:.1f}" height="15" rx="3" '
            f'fill="{colour}"/>'
            f'<text x="{bar_x + width + 6:.1f}" y="{y + 14}" font-size="12" '
            f'fill="#6b645b">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def header(ctx: ExportContext) -> str:
    ov = ctx.overview
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Belt and braces: even a browser that found a URL here would fetch nothing.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(ctx.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="doc">',
        f"<h1>{escape(ctx.title)}</h1>",
        f'<p class="facts">{escape(header_facts(ctx))}</p>',
    ]
    # With the session brief, its people, moments and chart stand for the overview.
    if ctx.brief is None and ov is not None and (ov.people or ov.families or ov.feelings):
        out.append('<div class="summary">')
        if ov.people or ov.feelings:
            out.append("<div>")
            if ov.people:
                people = ", ".join(f"{escape(n)} ({c})" for n, c in ov.people)
                out.append(f'<h3>People</h3><p class="sans">{people}</p>')
            if ov.feelings:
                words = ", ".join(f"{escape(w)} ({c})" for w, c in ov.feelings)
                out.append(
                    f'<h3 style="margin-top:.8rem">Felt most</h3><p class="sans">{words}</p>'
                )
            out.append("</div>")
        chart = feelings_chart(ov)
        if chart:
            out.append(f"<div><h3>Feelings by family</h3><figure>{chart}</figure></div>")
        out.append("</div>")
    out.append("</header>")
    front = front_blocks(ctx)
    if front:
        out.append(f'<section class="review">{blocks_html(front)}</section>')
    out.append("<main>")
    return "\n".join(out) + "\n"


def _chip(text: str, small: str | None = None, colour: str | None = None) -> str:
    dot = f'<span class="dot" style="background:{colour}"></span>' if colour else ""
    extra = f" <small>{escape(small)}</small>" if small else ""
    return f'<span class="chip">{dot}{escape(text)}{extra}</span>'


def _number(entry: Entry) -> str:
    label = entry_label(entry)
    return f'<span class="num">{label}</span> · ' if label else ""


def entry_html(entry: Entry, ctx: ExportContext) -> str:
    title = escape(entry.title) if entry.title else ""
    star = ' <span class="star" title="starred">★</span>' if entry.starred else ""
    out = [
        "<article>",
        '<div class="entry-head">',
        f'<h2><span class="when">{_number(entry)}{escape(when(entry.about))}</span>'
        f"{title}{star}</h2>",
    ]
    prompt = prompt_text(entry, ctx)
    if prompt:
        out.append(f'<p class="prompt">{escape(prompt)}</p>')
    out.append("</div>")
    if entry.body.strip():
        # The client's Markdown, raw HTML shown as text; its headings sit under the entry's.
        out.append(f'<div class="body">{to_html(entry.body, heading_shift=2)}</div>')
    out.append('<div class="details">')
    if entry.people:
        chips = "".join(
            _chip(p.name, ", ".join(x for x in (p.role, p.era) if x) or None) for p in entry.people
        )
        out.append(f'<div class="meta"><span class="label">People</span>{chips}</div>')
    if entry.feelings:
        chips = "".join(
            _chip(
                f.word,
                None if f.intensity is None else f"{f.intensity}/10",
                FAMILY_COLOURS.get(f.family or "", OTHER_COLOUR),
            )
            for f in entry.feelings
        )
        out.append(f'<div class="meta"><span class="label">Feelings</span>{chips}</div>')
    if entry.tags:
        tags = " ".join(f'<span class="tag">#{escape(t)}</span>' for t in entry.tags)
        out.append(f'<div class="meta"><span class="label">Tags</span>{tags}</div>')
    out.append("</div>")
    ep = entry.episode
    parts = episode_parts(entry, ctx)
    if ep is not None and (parts or ep.what_happened):
        who = f" with {escape(ep.person)}" if ep.person else ""
        out.append(f'<section class="episode"><h3>Relationship episode{who}</h3>')
        if ep.what_happened:
            out.append(f'<p class="happened">{escape(ep.what_happened.strip())}</p>')
        out.append("<dl>")
        for part in parts:
            heading = part.heading + (" (expected)" if part.expected else "")
            words = escape(part.words.strip()) if part.words else ""
            code = ""
            if part.code:
                code = f'<span class="code">{escape(part.code)}'
                if part.label:
                    code += f" · {escape(part.label)}"
                code += "</span>"
                if part.plain:
                    code += f' <span class="plain">{escape(part.plain)}</span>'
            sep = "<br>" if words and code else ""
            out.append(
                f'<dt>{part.key}</dt><dd><span class="heading">{escape(heading)}</span>'
                f"{words}{sep}{code}</dd>"
            )
        out.append("</dl></section>")
    out.append("</article>")
    return "\n".join(out) + "\n"


def write(entries: Iterable[Entry], sink: IO[str], ctx: ExportContext) -> int:
    sink.write(header(ctx))
    count = 0
    for entry in entries:
        sink.write(entry_html(entry, ctx))
        count += 1
    if count == 0:
        sink.write('<p class="empty">No entries to share.</p>\n')
    back = back_blocks(ctx)
    if back:
        sink.write(f'<section class="review safety-plan">{blocks_html(back)}</section>\n')
    sink.write(
        "</main>\n<footer>Shared from relational-journal. Private entries are never "
        "included.</footer>\n</body>\n</html>\n"
    )
    return count
