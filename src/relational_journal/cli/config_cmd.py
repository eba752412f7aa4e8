"""`journal config`: every path and setting in effect."""

from __future__ import annotations

from typing import Annotated

import typer

from relational_journal.cli.app import app, console, settings


@app.command("config")
def show_config(
    init: Annotated[
        bool, typer.Option("--init", help="Write a commented config file if there is none.")
    ] = False,
) -> None:
    """Show where the journal keeps its files and the settings in effect."""
    from rich.table import Table

    from relational_journal import __version__
    from relational_journal.config import DOCUMENTED_KEYS
    from relational_journal.content.loader import bundled_prompts_dir
    from relational_journal.paths import (
        HOME_ENV,
        config_path,
        db_path,
        drafts_dir,
        ensure_user_dir,
        user_dir,
        user_prompts_dir,
        write_private,
    )

    out = console()
    if init:
        ensure_user_dir()
        if config_path().exists():
            out.print(f"{config_path()} already exists; it was left as it is.", highlight=False)
        else:
            country = _offer_country(out)
            write_private(config_path(), _sample(country).encode())
            out.print(f"wrote {config_path()}", highlight=False)
    cfg = settings()
    paths = Table(
        title=f"relational-journal {__version__}", show_header=False, title_justify="left"
    )
    paths.add_column(style="bold")
    paths.add_column(overflow="fold")
    paths.add_row("data folder", f"{user_dir()}" + (f"  (from ${HOME_ENV})" if _env() else ""))
    paths.add_row("journal", str(db_path()))
    paths.add_row(
        "config file",
        f"{config_path()}"
        + ("" if config_path().exists() else "  (none yet: journal config --init)"),
    )
    paths.add_row("your prompt packs", str(user_prompts_dir()))
    paths.add_row("bundled prompt packs", str(bundled_prompts_dir()))
    paths.add_row("drafts", str(drafts_dir()))
    out.print(paths)
    values = Table(title="settings", title_justify="left")
    values.add_column("setting", style="bold")
    values.add_column("value", overflow="fold")
    values.add_column("meaning", style="dim", overflow="fold")
    shown = {
        "editor": cfg.editor or "(from $VISUAL / $EDITOR)",
        "week_start": cfg.week_start,
        "default_time": cfg.default_time,
        "default_pack": cfg.default_pack or "(any pack)",
        "offer_deep_prompts": str(cfg.offer_deep_prompts).lower(),
        "safety_notes": str(cfg.safety_notes).lower(),
        "country": cfg.country or "(not set: the local emergency number is shown)",
        "crisis_lines": "\n".join(cfg.crisis_lines) or "(none of your own)",
        "safety_phrases": ", ".join(cfg.safety_phrases) or "(bundled list only)",
        "keyring": str(cfg.keyring).lower(),
    }
    for key, meaning in DOCUMENTED_KEYS.items():
        values.add_row(key, shown[key], meaning)
    out.print(values)


def _sample(country: str | None) -> str:
    from relational_journal.config import sample_config

    return sample_config(country)


def _offer_country(out: object) -> str | None:
    """The country for crisis lines: the locale's, confirmed or changed when someone can answer."""
    import os

    from rich.console import Console

    from relational_journal.cli.terminal import is_interactive
    from relational_journal.config import country_code, country_from_locale

    assert isinstance(out, Console)
    guess = country_from_locale(os.environ)
    if not is_interactive():
        if guess:
            out.print(
                f"country: {guess} (from your locale; it chooses the crisis lines shown; "
                "change it in the file if it is wrong)",
                highlight=False,
            )
        return guess
    while True:
        shown = f" [{guess}]" if guess else ""
        answer = out.input(
            f"Your country, for the crisis lines (two letters, e.g. GB; '-' for none){shown}: "
        ).strip()
        if not answer:
            return guess
        if answer == "-":
            return None
        code = country_code(answer)
        if code is not None:
            return code
        out.print(f"{answer!r} is not a two-letter country code (ISO 3166-1), e.g. GB, DE, US.")


def _env() -> bool:
    import os

    from relational_journal.paths import HOME_ENV

    return bool(os.environ.get(HOME_ENV))
