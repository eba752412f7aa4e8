"""`journal episode suggest`: which CCRT clusters some words point to, and why."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from relational_journal.cli.app import console, new_group
from relational_journal.errors import JournalError

PARTS = ("wish", "other", "self")

episode_app = new_group(
    "episode", "Relationship episodes: what you wanted, how they responded, how you responded."
)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@episode_app.command()
def suggest(
    part: Annotated[str, typer.Argument(help="wish, other or self.", metavar="PART")],
    text: Annotated[list[str], typer.Argument(help="Your words (quotes optional).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Offer up to three clusters your words point to, with the words read; nothing is saved."""
    name = part.strip().lower()
    if name not in PARTS:
        shown = "".join(c if c.isprintable() else "?" for c in part)[:40]
        raise JournalError(f"unknown part '{shown}': use one of {', '.join(PARTS)}")
    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.content.cues import bundled_cues
    from relational_journal.core.suggest import suggest_clusters

    ccrt = load_ccrt()
    offered = suggest_clusters(name, " ".join(text), ccrt, bundled_cues())  # type: ignore[arg-type]
    if as_json:
        rows = [{"code": s.code, "label": s.label, "plain": s.plain, "why": s.why} for s in offered]
        typer.echo(json.dumps({"part": name, "suggestions": rows}, ensure_ascii=False, indent=2))
        return
    out = console()
    if not offered:
        out.print(
            "No suggestion: these words do not point clearly to one cluster;"
            " in `journal write` you can pick from all eight yourself."
        )
        return
    out.print(f"[bold]{_esc(ccrt.components[name].name)}[/]: perhaps (only a guess; you choose)")
    for i, s in enumerate(offered, 1):
        out.print(f" {i}. [bold]{s.code}[/] {_esc(s.label)}: {_esc(s.plain)}")
        out.print(f"    [dim]{_esc(s.why)}[/]")
