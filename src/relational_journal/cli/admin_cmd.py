"""Keeping the journal safe: encrypt, decrypt, passphrase, status, backup, doctor, wipe."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.cli.app import app, console, err_console, now
from relational_journal.cli.passphrase import ask_hidden, cli_passphrase, keyring_enabled
from relational_journal.cli.terminal import is_interactive
from relational_journal.errors import JournalError, PassphraseError
from relational_journal.storage import crypto

if TYPE_CHECKING:
    from rich.console import Console

    from relational_journal.storage.store import Store

WIPE_WORD = "erase"


def _new_passphrase(env_name: str) -> str:
    """A new passphrase from `env_name` (scripts), else typed twice without echo."""
    found = crypto.passphrase_from_env(env_name)
    if found:
        return found
    if not is_interactive():
        raise PassphraseError(f"no new passphrase given: set {env_name} or run in a terminal")
    first = ask_hidden("New passphrase: ")
    if not first:
        raise PassphraseError("the passphrase is empty; nothing was changed")
    if ask_hidden("The same again: ") != first:
        raise PassphraseError("the two passphrases differ; nothing was changed")
    return first


def _current_passphrase(path: Path) -> str:
    return crypto.find_passphrase(path, cli_passphrase)


def _open(
    path: Path,
    *,
    create: bool = True,
    passphrase: str | None = None,
    notes: list[str] | None = None,
) -> Store:
    from relational_journal.storage.opening import open_journal

    return open_journal(
        path, create=create, passphrase=passphrase, passphrase_source=cli_passphrase, notes=notes
    )


def _settled(path: Path) -> list[str]:
    """Finish or undo a conversion killed midway, before a new one starts."""
    from relational_journal.storage.leftovers import settle_before_open

    return settle_before_open(path)


def _print_notes(out: Console, notes: list[str]) -> None:
    for note in notes:
        out.print(f"[yellow]![/] {_esc(note[0].upper() + note[1:])}.")


def _journal_path() -> Path:
    from relational_journal.paths import db_path

    return db_path()


def _require_journal(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        raise JournalError(f"there is no journal at {path} yet; write an entry first")


# -- encryption ------------------------------------------------------------------


@app.command()
def encrypt() -> None:
    """Encrypt the journal with a passphrase (SQLCipher); every entry stays."""
    from relational_journal.paths import ensure_user_dir
    from relational_journal.storage.leftovers import encrypt_all

    ensure_user_dir()
    path = _journal_path()
    crypto.sqlcipher()  # say plainly if the extra is missing, before asking anything
    out = console()
    _print_notes(out, _settled(path))
    if crypto.is_encrypted(path):
        # An encrypted journal: finishing an interrupted encryption needs its passphrase.
        notes: list[str] = []
        _open(path, create=False, notes=notes).close()
        _print_notes(out, notes)
        raise JournalError(f"{path} is already encrypted; `journal passphrase` changes it")
    if not path.exists() or path.stat().st_size == 0:
        _open(path).close()
    passphrase = _new_passphrase(crypto.PASSPHRASE_ENV)
    done = encrypt_all(path, passphrase)
    out.print(f"[green]✓[/] The journal is encrypted: {_esc(str(path))}")
    for note in done:
        out.print(_esc(note[0].upper() + note[1:]) + ".")
    if keyring_enabled():
        if crypto.keyring_set(path, passphrase):
            out.print("The passphrase is kept in your system keyring.")
        else:
            out.print("[dim]No system keyring was found; you will be asked each time.[/]")
    out.print(
        "Keep the passphrase somewhere safe: without it nobody, you included, can read the "
        "journal or its backups."
    )
    from relational_journal.paths import drafts_dir

    if any(drafts_dir().glob("*.json")):
        out.print(
            "[yellow]note:[/] an unsaved draft in the drafts folder is not encrypted; "
            "finish it with `journal write`."
        )


@app.command()
def decrypt(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Turn the encrypted journal back into a plain one."""
    path = _journal_path()
    _require_journal(path)
    _print_notes(console(), _settled(path))
    if not crypto.is_encrypted(path):
        raise JournalError(f"{path} is not encrypted")
    passphrase = _current_passphrase(path)
    if not yes and is_interactive():
        from relational_journal.cli.terminal import TerminalAsk

        if not TerminalAsk(console()).confirm(
            "Anyone who can open your files will be able to read the journal. Decrypt it?",
            default=False,
        ):
            raise JournalError("the journal stays encrypted")
    from relational_journal.storage.leftovers import decrypt_all

    done = decrypt_all(path, passphrase)
    crypto.keyring_delete(path)
    out = console()
    out.print(f"[green]✓[/] The journal is no longer encrypted: {_esc(str(path))}")
    for note in done:
        out.print(_esc(note[0].upper() + note[1:]) + ".")
    out.print("[dim]Backups made while it was encrypted keep their passphrase.[/]")


@app.command()
def passphrase() -> None:
    """Change the passphrase of the encrypted journal."""
    path = _journal_path()
    _require_journal(path)
    if not crypto.is_encrypted(path):
        raise JournalError(f"{path} is not encrypted; `journal encrypt` does that first")
    old = _current_passphrase(path)
    crypto.sqlcipher()
    # Check the old one before asking for a new one.

    _open(path, passphrase=old).close()
    new = _new_passphrase(crypto.NEW_PASSPHRASE_ENV)
    crypto.rekey(path, old, new)
    out = console()
    out.print("[green]✓[/] The passphrase is changed.")
    if keyring_enabled() and crypto.keyring_set(path, new):
        out.print("The new passphrase is kept in your system keyring.")
    out.print("[dim]Backups made before now still open with the old passphrase.[/]")


# -- status and backups ----------------------------------------------------------


def _size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal"):
        p = Path(f"{path}{suffix}")
        if p.exists():
            total += p.stat().st_size
    return total


def _human(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


@app.command()
def status() -> None:
    """Where the journal is, whether it is encrypted, its size, entries and last backup."""
    from rich.table import Table

    from relational_journal.storage.backup import last_backup

    path = _journal_path()
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row("Journal", _esc(str(path)))
    if not path.exists() or path.stat().st_size == 0:
        table.add_row("Entries", "none yet (start with `journal write`)")
        console().print(table)
        return
    tidied = _settled(path)
    encrypted = crypto.is_encrypted(path)
    if encrypted:
        how = "yes (SQLCipher)" if crypto.available() else "yes, but SQLCipher is not installed"
    else:
        how = "no (`journal encrypt` to encrypt it)"
    table.add_row("Encrypted", how)
    table.add_row("Size", _human(_size(path)))
    try:
        with _open(path, create=False, notes=tidied) as store:
            # One pass over the entries (each pass decrypts an encrypted journal).
            row = store.read(
                "SELECT count(*) - count(deleted_at),"
                " coalesce(sum(private AND deleted_at IS NULL), 0), count(deleted_at)"
                " FROM entries"
            )[0]
            total, private, trash = int(row[0]), int(row[1]), int(row[2])
            last = last_backup(store)
    except PassphraseError:
        table.add_row("Entries", "locked: the passphrase is needed to count them")
        for note in tidied:
            table.add_row("Tidied", _esc(note))
        console().print(table)
        return
    extra = [f"{private} private"] if private else []
    if trash:
        extra.append(f"{trash} in the trash")
    table.add_row("Entries", f"{total}" + (f" ({', '.join(extra)})" if extra else ""))
    if last:
        table.add_row("Last backup", f"{last[0][:16].replace('T', ' ')}  {_esc(last[1])}")
    else:
        table.add_row("Last backup", "never (`journal backup` makes one)")
    for note in tidied:
        table.add_row("Tidied", _esc(note))
    console().print(table)


@app.command()
def backup(
    target: Annotated[
        Path | None,
        typer.Argument(help="File or folder for the copy (default: backups/ beside the journal)."),
    ] = None,
) -> None:
    """Make a consistent copy of the journal, even while it is being written."""
    from relational_journal.storage.backup import backup_to, default_target
    from relational_journal.storage.query import EntryFilter

    path = _journal_path()
    _require_journal(path)
    with _open(path, create=False) as store:
        if target is None:
            dest = default_target(store, now())
        elif target.is_dir():
            dest = target / default_target(store, now()).name
        else:
            dest = target
        copy = backup_to(store, dest)
        count = store.count_entries(EntryFilter(privacy="include"))
        encrypted = store.encrypted
    note = " (encrypted with the journal's passphrase)" if encrypted else ""
    noun = "entry" if count == 1 else "entries"
    console().print(f"[green]✓[/] Backed up {count} {noun} to {_esc(str(copy))}{note}")
    if not encrypted and target is not None:
        err_console().print(
            "[dim]note: this copy is not encrypted; keep it somewhere only you can open.[/]"
        )


# -- repair ----------------------------------------------------------------------


@app.command()
def doctor() -> None:
    """Check the journal for damage and rebuild the search index if it is out of step."""
    from relational_journal.errors import NotAJournalError
    from relational_journal.paths import drafts_dir
    from relational_journal.storage import doctor as checks
    from relational_journal.storage.backup import automatic_backup, last_backup

    out = console()
    path = _journal_path()
    if not path.exists() or path.stat().st_size == 0:
        out.print(f"No journal at {_esc(str(path))} yet; nothing to check.")
        return
    tidied: list[str] = []
    try:
        store = _open(path, create=False, notes=tidied)
    except NotAJournalError:
        out.print(
            f"[red]✗[/] The file at {_esc(str(path))} is not a journal this tool can read: it is "
            "damaged, or another kind of file. It was left exactly as it was."
        )
        out.print(_backup_advice(path))
        raise typer.Exit(code=1) from None
    problems = 0
    _print_notes(out, tidied)
    left = checks.readable_copies(store)
    if left:
        problems += 1
        out.print(
            f"[red]✗[/] {len(left)} file(s) beside the encrypted journal can be read without "
            f"the passphrase: {_esc(', '.join(p.name for p in left))}."
        )
    elif not tidied:
        out.print("[green]✓[/] No unfinished conversion and no stray copies beside the journal.")
    with store:
        result = checks.integrity_problems(store)
        if not result:
            out.print("[green]✓[/] The database file is whole (integrity check passed).")
        else:
            out.print(
                f"[red]✗[/] The database file is damaged ({len(result)} problem(s) found). "
                "Nothing was changed, so nothing was made worse."
            )
            out.print(_backup_advice(path))
            raise typer.Exit(code=1)
        links = checks.broken_links(store)
        if links:
            problems += 1
            out.print(
                f"[yellow]![/] {links} link(s) point to something no longer there "
                "(left as they are; they hide nothing you wrote)."
            )
        in_step, entries = checks.search_index_in_step(store)
        if in_step:
            out.print(f"[green]✓[/] The search index covers all {entries} entries.")
        else:
            safety = automatic_backup(store)
            checks.rebuild_search_index(store)
            again, entries = checks.search_index_in_step(store)
            if again:
                out.print(
                    "[green]✓[/] The search index was out of step; it is rebuilt and covers all "
                    f"{entries} entries (a copy from before is in {_esc(str(safety))})."
                )
            else:
                problems += 1
                out.print("[red]✗[/] The search index could not be rebuilt; searches may miss.")
        months = checks.forget_review_months(store)
        if months:
            out.print(
                f"[green]✓[/] The review's kept counts of {months} month(s) were let go; "
                "the next review counts them afresh from your entries."
            )
        last = last_backup(store)
    if (drafts_dir() / "write.json").exists():
        out.print("[dim]An unsaved entry is waiting: `journal write` continues it.[/]")
    if last is None:
        out.print("[dim]No backup yet: `journal backup` makes one.[/]")
    if problems:
        raise typer.Exit(code=1)
    out.print("Everything looks fine.")


def _backup_advice(path: Path) -> str:
    folder = path.parent / "backups"
    copies = sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    if not copies:
        return (
            "No backups were found. Keep the file: move it aside (do not delete it) and ask "
            "for help recovering it."
        )
    newest = copies[-1]
    return (
        f"The newest backup is {_esc(str(newest))}. To use it, move the damaged file aside "
        "(keep it) and copy the backup to its place."
    )


# -- wipe ------------------------------------------------------------------------


def _wipe_targets(path: Path) -> list[Path]:
    names = [
        path,
        Path(f"{path}-wal"),
        Path(f"{path}-shm"),
        Path(f"{path}-journal"),
        Path(f"{path}{crypto.ENCRYPTING_SUFFIX}"),
        path.parent / "backups",
        path.parent / "drafts",
    ]
    return [p for p in names if p.exists() or p.is_symlink()]


@app.command()
def wipe() -> None:
    """Delete the journal, its backups and drafts for good (asks you to type a word)."""
    import shutil

    out = console()
    path = _journal_path()
    targets = _wipe_targets(path)
    if not targets:
        out.print(f"There is nothing to delete in {_esc(str(path.parent))}.")
        return
    out.print("This deletes, for good:")
    for target in targets:
        kind = "folder" if target.is_dir() and not target.is_symlink() else "file"
        out.print(f"  {_esc(str(target))} ({kind})")
    out.print("Your settings and own prompt packs stay. There is no undo.")
    out.print(f"Type [bold]{WIPE_WORD}[/] to delete all of this; anything else keeps it.")
    try:
        answer = console().input("› ")
    except EOFError:
        answer = ""
    if answer.strip() != WIPE_WORD:
        raise JournalError("nothing was deleted")
    for target in targets:
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    crypto.keyring_delete(path)
    out.print("[green]✓[/] The journal, its backups and drafts are deleted.")


def _esc(text: str) -> str:
    from relational_journal.render.safe import markup_safe

    return markup_safe(text)
