"""No network, owner-only files whatever the umask, no entry text in errors."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_socket import SocketBlockedError, disable_socket, enable_socket

from helpers import kept_drafts
from relational_journal.cli import app
from relational_journal.storage import crypto


@pytest.fixture
def no_network() -> Iterator[None]:
    disable_socket(allow_unix_socket=False)
    try:
        yield
    finally:
        enable_socket()


@pytest.mark.filterwarnings("ignore:A test tried to use socket:UserWarning")
def test_sockets_really_are_blocked_in_this_test(no_network: None) -> None:
    import socket

    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_the_whole_cli_runs_with_sockets_blocked(
    no_network: None, journal: Any, journal_home: Path, tmp_path: Path
) -> None:
    journal("write", "--text", "a talk with @Sam about the move", "--feel", "hurt:6")
    journal("write", "--text", "only for me", "--private")
    journal("write", "--text", "I want to die")  # the safety note must not reach out either
    journal("list")
    journal("show", "1")
    journal("search", "move")
    journal("review")
    journal("people")
    journal("export", "-o", str(tmp_path / "share.md"))
    journal("export", "--format", "html", "-o", str(tmp_path / "share.html"))
    journal("export", "--format", "json", "-o", str(tmp_path / "share.json"))
    journal("status")
    journal("backup")
    journal("doctor")
    journal("safety-plan")
    journal("safety-plan", "edit", "--section", "1", input="not sleeping\n\n")
    journal("prompts", "list")
    journal("config")
    if crypto.available():
        os.environ["RELATIONAL_JOURNAL_PASSPHRASE"] = "offline"
        try:
            journal("encrypt")
            journal("list")
            journal("decrypt", "--yes")
        finally:
            del os.environ["RELATIONAL_JOURNAL_PASSPHRASE"]
    assert "only for me" not in (tmp_path / "share.md").read_text()


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_is_owner_only_whatever_the_umask(
    open_umask: None, journal: Any, journal_home: Path, tmp_path: Path
) -> None:
    journal("write", "--text", "private words")
    journal("backup")
    journal("safety-plan", "edit", "--section", "2", input="a walk\n\n")
    export = tmp_path / "out" / "share.md"
    export.parent.mkdir()
    journal("export", "-o", str(export))
    assert _mode(journal_home) == 0o700
    assert _mode(journal_home / "journal.db") == 0o600
    backups = journal_home / "backups"
    assert _mode(backups) == 0o700
    assert all(_mode(p) == 0o600 for p in backups.iterdir())
    assert _mode(export) == 0o600
    from relational_journal.storage.store import Store

    with Store.open(journal_home / "journal.db") as store:
        store.read("SELECT count(*) FROM entries")
        for side in ("journal.db-wal", "journal.db-shm"):
            if (journal_home / side).exists():
                assert _mode(journal_home / side) == 0o600, side


def test_drafts_are_owner_only_whatever_the_umask(
    open_umask: None, journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relational_journal.errors import DiskFullError
    from relational_journal.storage import store as store_module

    journal("write", "--text", "first")

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise DiskFullError("the disk is full; nothing was changed")

    monkeypatch.setattr(store_module.Store, "add_entry", refuse)
    result = journal("write", "--text", "kept as a draft", ok=False)
    assert "draft" in result.output
    # The draft is kept inside the journal, which is the owner's only.
    (draft,) = kept_drafts(journal_home)
    assert draft["body"] == "kept as a draft"
    assert _mode(journal_home / "journal.db") == 0o600
    drafts = journal_home / "drafts"
    assert not drafts.exists() or _mode(drafts) == 0o700


def test_encrypted_conversion_and_its_backups_are_owner_only(
    open_umask: None, journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not crypto.available():
        pytest.skip("SQLCipher not installed")
    journal("write", "--text", "secret")
    monkeypatch.setenv("RELATIONAL_JOURNAL_PASSPHRASE", "pw")
    journal("encrypt")
    journal("backup")
    assert _mode(journal_home / "journal.db") == 0o600
    assert all(_mode(p) == 0o600 for p in (journal_home / "backups").iterdir())


def test_tracebacks_never_show_local_variables() -> None:
    assert app.pretty_exceptions_show_locals is False
    for group in app.registered_groups:
        assert group.typer_instance is not None
        assert group.typer_instance.pretty_exceptions_show_locals is False


def test_failed_saves_never_echo_the_entry_text(
    journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relational_journal.storage import store as store_module

    journal("write", "--text", "first")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.0)
    import sqlite3

    holder = sqlite3.connect(journal_home / "journal.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = journal("write", "--text", "my most secret sentence", ok=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "secret sentence" not in result.output
