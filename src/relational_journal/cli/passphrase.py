"""Where the command line finds an encrypted journal's passphrase."""

from __future__ import annotations

from pathlib import Path

from relational_journal.cli.terminal import is_interactive
from relational_journal.errors import JournalError
from relational_journal.storage import crypto


def ask_hidden(question: str) -> str:
    """Ask without echo; an empty answer at end of input."""
    import getpass

    try:
        return getpass.getpass(question)
    except EOFError:
        return ""


def cli_passphrase(path: Path) -> str | None:
    """The environment, then the OS keyring (if the config asks), then ask without echo."""
    found = crypto.passphrase_from_env()
    if found:
        return found
    if keyring_enabled():
        found = crypto.keyring_get(path)
        if found:
            return found
    if is_interactive():
        return ask_hidden("Passphrase for your journal: ") or None
    return None


def keyring_enabled() -> bool:
    from relational_journal.config import load_config
    from relational_journal.paths import config_path

    try:
        return load_config(config_path()).keyring
    except JournalError:
        return False
