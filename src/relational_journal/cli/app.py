"""The Typer application, the one place errors become messages and exit codes."""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from relational_journal import __version__
from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from rich.console import Console

    from relational_journal.config import Config
    from relational_journal.storage.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    from relational_journal.render.safe import markup_safe

    # The message can carry file names and values the client typed: shown, never obeyed.
    err_console().print(f"[bold red]error:[/] {markup_safe(message)}", highlight=False, markup=True)
    return typer.Exit(code=code)


def guard(fn: F) -> F:
    """Turn every known failure into one line on stderr and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            tighten_home()
            return fn(*args, **kwargs)
        except JournalError as exc:
            raise fail(str(exc)) from None
        except sqlite3.Error as exc:
            from relational_journal.storage.connection import translate_error

            raise fail(str(translate_error(exc))) from None
        except BrokenPipeError:
            # The reader went away (`journal list | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(code=0) from None
        except UnicodeError:
            # Bytes that are not UTF-8 (a lone surrogate): SQLite and the terminal refuse them.
            raise fail("some text given is not valid UTF-8; nothing was changed") from None
        except KeyboardInterrupt:
            raise fail("stopped; nothing was changed", code=130) from None
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise fail(f"{exc.strerror or exc.__class__.__name__}{where}") from None

    return wrapper  # type: ignore[return-value]


def tighten_home() -> None:
    """Every command leaves an existing data folder readable by the owner only (0700)."""
    if os.name != "posix":
        return
    from relational_journal.paths import user_dir

    home = user_dir()
    try:
        if home.is_dir() and home.stat().st_mode & 0o077:
            os.chmod(home, 0o700)
    except OSError:
        pass  # a folder we cannot change is reported by the command that needs it


class JournalTyper(typer.Typer):
    """A Typer whose commands all report errors through `guard`, with help like a manual."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from relational_journal.cli.manual import ManualGroup

        kwargs.setdefault("cls", ManualGroup)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        from relational_journal.cli.manual import ManualCommand

        kwargs.setdefault("cls", ManualCommand)
        register = super().command(*args, **kwargs)

        def decorator(fn: F) -> F:
            register(guard(fn))
            return fn

        return decorator


def _version(value: bool) -> None:
    if value:
        typer.echo(f"relational-journal {__version__}")
        raise typer.Exit()


def _completion(ctx: typer.Context, param: typer.CallbackParam, value: bool) -> None:
    """Typer's own completion installer and script, loaded only when asked for."""
    if not value or ctx.resilient_parsing:
        return
    from typer import completion

    completion.completion_init()  # type: ignore[attr-defined]
    show = param.name == "show_completion"
    run = completion.show_callback if show else completion.install_callback
    run(ctx, param, True)  # the shell is the one this runs in, as Typer finds it


app = JournalTyper(
    name="journal",
    help="A private, guided journal for the work between relational therapy sessions.",
    no_args_is_help=False,
    # --install-completion and --show-completion are the root's own options below:
    # Typer's would load its completion code (about 20 ms) on every run.
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals would hold journal text
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Print the version and exit.",
        callback=_version,
        is_eager=True,
    ),
    install_completion: bool = typer.Option(
        False,
        "--install-completion",
        callback=_completion,
        expose_value=False,
        is_eager=True,
        help="Install completion for the shell you are in (bash, zsh, fish, PowerShell).",
    ),
    show_completion: bool = typer.Option(
        False,
        "--show-completion",
        callback=_completion,
        expose_value=False,
        is_eager=True,
        help="Print the completion script for the shell you are in, to install it yourself.",
    ),
) -> None:
    """A private, guided journal for the work between relational therapy sessions.

    Start with `journal write`. Everything stays on this computer.
    """
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def new_group(name: str, help: str, *, no_args_is_help: bool = True) -> JournalTyper:
    """A command group under `journal`; without `no_args_is_help` its callback runs alone."""
    group = JournalTyper(
        name=name,
        help=help,
        no_args_is_help=no_args_is_help,
        add_completion=False,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
    )
    app.add_typer(group, name=name)
    return group


# -- shared services for commands ------------------------------------------------


def console() -> Console:
    from rich.console import Console

    from relational_journal.render.safe import guard_console

    return guard_console(Console(highlight=False))


def err_console() -> Console:
    from rich.console import Console

    # soft_wrap: an error stays one line however narrow the terminal.
    from relational_journal.render.safe import guard_console

    return guard_console(Console(stderr=True, highlight=False, soft_wrap=True))


def settings() -> Config:
    from relational_journal.config import load_config
    from relational_journal.paths import config_path

    cfg = load_config(config_path())
    for warning in cfg.warnings:
        from relational_journal.render.safe import markup_safe

        err_console().print(f"[yellow]warning:[/] {markup_safe(warning)}", highlight=False)
    return cfg


def open_store() -> Store:
    """The client's journal, created (0700 folder, 0600 file) on first use."""
    from relational_journal.cli.passphrase import cli_passphrase
    from relational_journal.paths import db_path, ensure_user_dir
    from relational_journal.storage.opening import open_journal

    ensure_user_dir()
    notes: list[str] = []
    store = open_journal(db_path(), passphrase_source=cli_passphrase, notes=notes)
    for note in notes:
        err_console().print(f"note: {note}", highlight=False, markup=False)
    return store


def now() -> datetime:
    return datetime.now().astimezone()


def local_tz() -> tzinfo:
    from relational_journal.core.dates import local_zone

    return local_zone()
