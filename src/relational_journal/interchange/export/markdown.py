"""Markdown: one readable document, entries in date order.

The client's words pass through as written, except that anything a Markdown
viewer would run as HTML (`<script`, `<img`) is defused to `&lt;`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from relational_journal.core.document import to_markdown
from relational_journal.interchange.export.common import (
    back_blocks,
    entry_label,
    episode_parts,
    feeling_label,
    front_blocks,
    header_facts,
    person_label,
    prompt_text,
    when,
)

if TYPE_CHECKING:
    from relational_journal.interchange.export import ExportContext
    from relational_journal.models import Entry

TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def safe(text: str) -> str:
    return TAG_START.sub("&lt;", text)


def header(ctx: ExportContext) -> str:
    lines = [f"# {safe(ctx.title)}", "", f"*{header_facts(ctx)}*", ""]
    # With the session brief, its people and intense moments stand for the overview.
    ov = ctx.overview if ctx.brief is None else None
    if ov is not None and ov.people:
        lines += ["**People:** " + safe(", ".join(f"{n} ({c})" for n, c in ov.people)), ""]
    if ov is not None and ov.families:
        families = ", ".join(f"{f} {n}" for f, n in ov.families if n)
        lines += [f"**Feelings by family:** {families}", ""]
    if ov is not None and ov.feelings:
        lines += ["**Felt most:** " + safe(", ".join(f"{w} ({c})" for w, c in ov.feelings)), ""]
    front = front_blocks(ctx)
    if front:
        lines += [safe(to_markdown(front).strip()), ""]
    return "\n".join(lines) + "\n"


def entry_markdown(entry: Entry, ctx: ExportContext) -> str:
    heading = when(entry.about)
    if entry.id is not None:
        heading = f"{entry_label(entry)} · {heading}"
    if entry.title:
        heading += f": {entry.title}"
    if entry.starred:
        heading += " ★"
    out = ["---", "", f"## {safe(heading)}", ""]
    prompt = prompt_text(entry, ctx)
    if prompt:
        out += [f"> *{safe(prompt)}*", ""]
    if entry.body.strip():
        out += [safe(entry.body.strip()), ""]
    meta = []
    if entry.people:
        meta.append("- **People:** " + ", ".join(person_label(p) for p in entry.people))
    if entry.feelings:
        meta.append("- **Feelings:** " + ", ".join(feeling_label(f) for f in entry.feelings))
    if entry.tags:
        meta.append("- **Tags:** " + ", ".join(f"#{t}" for t in entry.tags))
    if meta:
        out += [safe(line) for line in meta] + [""]
    ep = entry.episode
    parts = episode_parts(entry, ctx)
    if ep is not None and (parts or ep.what_happened):
        who = f" with {ep.person}" if ep.person else ""
        out += [f"### Relationship episode{safe(who)}", ""]
        if ep.what_happened:
            out += [f"**What happened:** {safe(ep.what_happened.strip())}", ""]
        for part in parts:
            heading = part.heading + (" (expected)" if part.expected else "")
            line = f"- **{part.key} · {heading}:**"
            if part.words:
                line += f" {safe(part.words.strip())}"
            out.append(line)
            if part.code:
                cluster = part.code + (f" {part.label}" if part.label else "")
                plain = f": *{part.plain}*" if part.plain else ""
                out.append(f"  `{cluster}`{plain}")
        out.append("")
    return "\n".join(out) + "\n"


def write(entries: Iterable[Entry], sink: IO[str], ctx: ExportContext) -> int:
    sink.write(header(ctx))
    count = 0
    for entry in entries:
        sink.write(entry_markdown(entry, ctx))
        count += 1
    if count == 0:
        sink.write("*No entries to share.*\n")
    back = back_blocks(ctx)
    if back:
        sink.write("\n---\n\n" + safe(to_markdown(back).strip()) + "\n")
    return count
