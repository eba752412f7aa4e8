"""Encryption at rest: round trips, wrong passphrases, interrupted conversions."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import make_entry
from relational_journal.errors import NotAJournalError, PassphraseError, StoreError
from relational_journal.models import FeelingFelt, PersonRef
from relational_journal.storage import crypto
from relational_journal.storage.backup import backup_to
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

pytest.importorskip("sqlcipher3")

SECRET = "a long 'quoted' passphrase"


def _journal(path: Path, n: int = 30) -> Path:
    with Store.open(path) as store:
        for i in range(n):
            store.add_entry(
                make_entry(
                    f"entry {i}: a talk with my brother",
                    people=(PersonRef("Sam", "brother", "present"),),
                    feelings=(FeelingFelt("hurt", "sad", 6),),
                    tags=("family",),
                )
            )
    return path


def _count(path: Path, passphrase: str | None = None, source: Any = None) -> int:
    with Store.open(path, passphrase=passphrase, passphrase_source=source) as store:
        return store.count_entries(EntryFilter())


def test_encrypted_file_has_no_plain_header_and_no_readable_text(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db")
    crypto.encrypt(path, SECRET)
    data = path.read_bytes()
    assert crypto.is_encrypted(path)
    assert not data.startswith(b"SQLite format 3")
    assert b"brother" not in data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_encrypt_decrypt_round_trip_keeps_every_entry_and_search(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db")
    crypto.encrypt(path, SECRET)
    with Store.open(path, passphrase=SECRET) as store:
        assert store.count_entries(EntryFilter()) == 30
        entry = store.get_entry(5)
        assert entry.body == "entry 4: a talk with my brother"
        assert entry.people[0].name == "Sam" and entry.tags == ("family",)
        hits = store.read("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'brothers'")
        assert hits[0][0] == 30
        store.add_entry(make_entry("written while encrypted"))
    crypto.decrypt(path, SECRET)
    assert not crypto.is_encrypted(path)
    assert _count(path) == 31


def test_rekey_changes_the_passphrase(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db")
    crypto.encrypt(path, SECRET)
    crypto.rekey(path, SECRET, "new words")
    assert _count(path, "new words") == 30
    with pytest.raises(PassphraseError):
        Store.open(path, passphrase=SECRET)


def test_wrong_passphrase_is_one_line_and_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db")
    crypto.encrypt(path, SECRET)
    before = path.read_bytes()
    with pytest.raises(PassphraseError, match="does not open") as info:
        Store.open(path, passphrase="wrong")
    assert "\n" not in str(info.value)
    with pytest.raises(PassphraseError):
        crypto.decrypt(path, "wrong")
    with pytest.raises(PassphraseError):
        crypto.rekey(path, "wrong", "other")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


def test_missing_passphrase_says_how_to_give_one(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db")
    crypto.encrypt(path, SECRET)
    with pytest.raises(PassphraseError, match="RELATIONAL_JOURNAL_PASSPHRASE"):
        Store.open(path)


def test_environment_passphrase_opens_transparently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _journal(tmp_path / "journal.db")
    crypto.encrypt(path, SECRET)
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, SECRET)
    assert _count(path) == 30


def test_the_passphrase_source_is_asked_only_for_encrypted_journals(tmp_path: Path) -> None:
    asked: list[Path] = []

    def source(path: Path) -> str:
        asked.append(path)
        return SECRET

    plain = _journal(tmp_path / "plain.db", 2)
    assert _count(plain, source=source) == 2 and asked == []
    secret = _journal(tmp_path / "secret.db", 3)
    crypto.encrypt(secret, SECRET)
    assert _count(secret, source=source) == 3 and asked == [secret]


def test_interrupted_encryption_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _journal(tmp_path / "journal.db")

    def stop() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(crypto, "_checkpoint_hook", stop)
    with pytest.raises(KeyboardInterrupt):
        crypto.encrypt(path, SECRET)
    assert not crypto.is_encrypted(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]
    assert _count(path) == 30


def test_a_copy_that_fails_its_check_is_never_swapped_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _journal(tmp_path / "journal.db")
    real = crypto._table_counts
    calls = {"n": 0}

    def lossy(conn: sqlite3.Connection) -> dict[str, int]:
        calls["n"] += 1
        counts = real(conn)
        if calls["n"] == 2:  # the converted copy "lost" an entry
            counts["entries"] -= 1
        return counts

    monkeypatch.setattr(crypto, "_table_counts", lossy)
    with pytest.raises(StoreError, match="unchanged"):
        crypto.encrypt(path, SECRET)
    assert not crypto.is_encrypted(path) and _count(path) == 30


def test_conversion_is_refused_while_another_journal_has_it_open(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db")
    code = (
        "import sys, time; from pathlib import Path;"
        " from relational_journal.storage.store import Store;"
        f"s = Store.open(Path({str(path)!r})); s.read('SELECT count(*) FROM entries');"
        "print('ready', flush=True); sys.stdin.read()"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="open in another"):
            crypto.encrypt(path, SECRET)
    finally:
        other.communicate("")
    assert not crypto.is_encrypted(path)
    assert _count(path) == 30


def test_a_journal_opened_during_the_conversion_cannot_write_into_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _journal(tmp_path / "journal.db", 3)
    late: list[sqlite3.Connection] = []
    monkeypatch.setattr(
        crypto, "_checkpoint_hook", lambda: late.append(sqlite3.connect(path, timeout=0.1))
    )
    crypto.encrypt(path, SECRET)
    # It holds the old file, now out of the folder: its write fails instead of vanishing.
    with pytest.raises(sqlite3.DatabaseError):
        late[0].execute("INSERT INTO meta (key, value) VALUES ('lost', 'write')")
    late[0].close()
    assert _count(path, SECRET) == 3


def test_backup_of_an_encrypted_journal_is_encrypted_with_the_same_passphrase(
    tmp_path: Path,
) -> None:
    path = _journal(tmp_path / "journal.db", 4)
    crypto.encrypt(path, SECRET)
    with Store.open(path, passphrase=SECRET) as store:
        copy = backup_to(store, tmp_path / "copy.db")
    assert crypto.is_encrypted(copy)
    assert b"brother" not in copy.read_bytes()
    assert _count(copy, SECRET) == 4


def test_text_or_short_files_are_not_taken_for_encrypted_journals(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_bytes(b"my notes\n" * 1024)
    assert not crypto.is_encrypted(text)
    with pytest.raises(NotAJournalError):
        Store.open(text)
    short = tmp_path / "short.db"
    short.write_bytes(bytes(range(256)) * 3)
    assert not crypto.is_encrypted(short)


def test_empty_passphrase_is_refused(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db", 1)
    with pytest.raises(PassphraseError, match="empty"):
        crypto.encrypt(path, "")
    assert not crypto.is_encrypted(path)


def test_keyring_is_used_only_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    kept: dict[tuple[str, str], str] = {}

    class FakeKeyring:
        def get_password(self, service: str, user: str) -> str | None:
            return kept.get((service, user))

        def set_password(self, service: str, user: str, value: str) -> None:
            kept[(service, user)] = value

        def delete_password(self, service: str, user: str) -> None:
            kept.pop((service, user), None)

    path = Path("/somewhere/journal.db")
    monkeypatch.setattr(crypto, "_keyring", lambda: None)
    assert crypto.keyring_get(path) is None
    assert crypto.keyring_set(path, "x") is False
    monkeypatch.setattr(crypto, "_keyring", lambda: FakeKeyring())
    assert crypto.keyring_set(path, "x") is True
    assert crypto.keyring_get(path) == "x"
    crypto.keyring_delete(path)
    assert crypto.keyring_get(path) is None


def test_plain_journals_never_load_sqlcipher(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db", 1)
    code = (
        "import sys; from pathlib import Path; from relational_journal.storage.store import Store;"
        f"s = Store.open(Path({str(path)!r})); s.read('SELECT count(*) FROM entries');"
        "print('sqlcipher3' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_errors_from_an_encrypted_journal_are_the_usual_store_errors(tmp_path: Path) -> None:
    path = _journal(tmp_path / "journal.db", 1)
    crypto.encrypt(path, SECRET)
    with Store.open(path, passphrase=SECRET) as store:
        bad = make_entry("too intense", feelings=(FeelingFelt("hurt", "sad", 42),))
        with pytest.raises(StoreError):
            store.add_entry(bad)
        assert store.count_entries(EntryFilter()) == 1
