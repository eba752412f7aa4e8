"""`journal tags`: every tag with its count; rename one, or make one a person."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from relational_journal.cli.app import console, guard, new_group, now
from relational_journal.cli.completion import complete_tags
from relational_journal.cli.entries import journal

tags_app = new_group(
    "tags", "Your tags, most used first: rename one, or make one a person.", no_args_is_help=False
)


def done(text: str) -> None:
    from rich.text import Text

    # Text drops control characters, so a tag never reaches the terminal as one.
    console().print(Text.assemble(("✓ ", "green"), text))


@tags_app.callback(invoke_without_command=True)
@guard
def tags(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Every tag and how many entries have it, most used first."""
    if ctx.invoked_subcommand is not None:
        return
    from relational_journal.storage.tags import tag_counts

    with journal() as (_cfg, store):
        counts = tag_counts(store)
    if as_json:
        typer.echo(json.dumps([{"tag": c.tag, "count": c.count} for c in counts]))
        return
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not counts:
        out.print(Text("No tags yet: `journal write --tag TAG` or #tag in your text adds one."))
        return
    table = Table.grid(padding=(0, 2))
    table.add_column()
    table.add_column(justify="right")
    for c in counts:
        table.add_row(Text(c.tag), f"{c.count:,}")
    out.print(table)


@tags_app.command()
def rename(
    old: Annotated[
        str,
        typer.Argument(metavar="OLD", autocompletion=complete_tags, help="The tag as it is now."),
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name.")],
) -> None:
    """Rename a tag on every entry that has it."""
    from relational_journal.storage.tags import clean_tag, rename_tag

    with journal() as (_cfg, store):
        count = rename_tag(store, old, new)
    done(f"{count:,} {'entry' if count == 1 else 'entries'} now tagged {clean_tag(new)}")


@tags_app.command("to-person")
def to_person(
    tag: Annotated[
        str,
        typer.Argument(
            metavar="TAG", autocompletion=complete_tags, help="The tag that names someone."
        ),
    ],
) -> None:
    """Make a tag a person: its entries are about them from now on."""
    from relational_journal.storage.tags import tag_to_person

    with journal() as (_cfg, store):
        name, count = tag_to_person(store, tag, now())
    done(f"{count:,} {'entry is' if count == 1 else 'entries are'} now about {name}")
