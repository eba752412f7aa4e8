"""`journal people`: everyone the journal knows; rename, merge, aliases, role and era."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from relational_journal.cli.app import console, guard, new_group
from relational_journal.cli.completion import complete_people
from relational_journal.cli.entries import YesOpt, confirm, journal

people_app = new_group(
    "people",
    "Everyone your entries are about: list, rename, merge, aliases.",
    no_args_is_help=False,
)


def _esc(text: str) -> str:
    from relational_journal.render.safe import markup_safe

    return markup_safe(text)


def _done(text: str) -> None:
    console().print(f"[green]✓[/] {_esc(text)}")


@people_app.callback(invoke_without_command=True)
@guard
def people(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Everyone the journal knows, with role, present or past, entry count and last mention."""
    if ctx.invoked_subcommand is not None:
        return
    from relational_journal.render.entries import empty_note, people_table, person_dict

    with journal() as (_cfg, store):
        everyone = store.people()
    if as_json:
        typer.echo(json.dumps([person_dict(p) for p in everyone], ensure_ascii=False, indent=2))
        return
    if not everyone:
        console().print(empty_note("Nobody yet: `journal write --with NAME` adds someone."))
        return
    console().print(people_table(everyone))


@people_app.command()
def rename(
    old: Annotated[str, typer.Argument(help="Their name now (or an alias).")],
    new: Annotated[str, typer.Argument(help="The new name.")],
    keep_old: Annotated[
        bool,
        typer.Option("--keep-old/--drop-old", help="Keep the old name as an alias (default)."),
    ] = True,
) -> None:
    """Rename someone; every entry about them follows."""
    from relational_journal.render.entries import person_line
    from relational_journal.storage.people import rename_person

    with journal() as (_cfg, store):
        person = rename_person(store, old, new, keep_alias=keep_old)
    _done(f"Renamed: {person_line(person)}")


@people_app.command()
def merge(
    source: Annotated[
        str, typer.Argument(help="The one to fold in (their name becomes an alias).")
    ],
    target: Annotated[str, typer.Argument(help="The one to keep.")],
    yes: YesOpt = False,
) -> None:
    """Make two people one: A's entries and episodes become B's, and A's name an alias of B."""
    from relational_journal.render.entries import person_line
    from relational_journal.storage.people import merge_people

    with journal() as (_cfg, store):
        a = store.require_person(source)
        b = store.require_person(target)
        if not yes and a.id != b.id:
            console().print(f"  {_esc(person_line(a))}\n→ {_esc(person_line(b))}")
            if not confirm(f"Make {a.name} and {b.name} one person, called {b.name}?"):
                console().print("Nothing was changed.")
                raise typer.Exit(code=1)
        person = merge_people(store, source, target)
    _done(f"Merged: {person_line(person)}")


@people_app.command()
def alias(
    name: Annotated[str, typer.Argument(help="Their name (or an alias).")],
    aliases: Annotated[
        list[str] | None, typer.Argument(help="Other names for them: Mum, Mother.")
    ] = None,
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove these aliases instead of adding them.")
    ] = False,
    share_as: Annotated[
        str | None,
        typer.Option("--share-as", help="The name used for them in shared exports ('' clears)."),
    ] = None,
) -> None:
    """Add other names for someone, or set the name used when you share an export."""
    from relational_journal.errors import JournalError
    from relational_journal.render.entries import person_line
    from relational_journal.storage.people import add_aliases, remove_aliases, set_person

    if not aliases and share_as is None:
        raise JournalError("give one or more aliases, or --share-as NAME")
    with journal() as (_cfg, store):
        person = store.require_person(name)
        if aliases:
            change = remove_aliases if remove else add_aliases
            person = change(store, person.name, aliases)
        if share_as is not None:
            person = set_person(store, person.name, share_as=share_as)
    _done(person_line(person))


@people_app.command("set")
def set_details(
    name: Annotated[str, typer.Argument(help="Their name (or an alias).")],
    role: Annotated[
        str | None, typer.Option("--role", help="Who they are to you: mother, friend ('' clears).")
    ] = None,
    era: Annotated[
        str | None,
        typer.Option("--era", help="present, past, therapy or self ('' clears)."),
    ] = None,
) -> None:
    """Set someone's role and whether they belong to your present or past."""
    from relational_journal.errors import JournalError
    from relational_journal.render.entries import person_line
    from relational_journal.storage.people import set_person

    if role is None and era is None:
        raise JournalError("give --role and/or --era")
    with journal() as (_cfg, store):
        person = set_person(store, name, role=role, era=era.lower() if era else era)
    _done(person_line(person))


@people_app.command("to-tag")
def to_tag(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            autocompletion=complete_people,
            help="Their name (or an alias).",
        ),
    ],
) -> None:
    """Make someone a tag (a project, a place): their entries keep it as a tag."""
    from relational_journal.storage.tags import person_to_tag

    with journal() as (_cfg, store):
        tag, count = person_to_tag(store, name)
    _done(f"{count:,} {'entry' if count == 1 else 'entries'} now tagged {tag}")
