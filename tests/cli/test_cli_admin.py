"""`journal encrypt/decrypt/passphrase/status/backup/doctor/wipe` as a client runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from relational_journal.storage import crypto
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store


def _write(journal: Any, *texts: str) -> None:
    for text in texts:
        journal("write", "--text", text)


def _entries(home: Path, passphrase: str | None = None) -> int:
    with Store.open(home / "journal.db", passphrase=passphrase) as store:
        return store.count_entries(EntryFilter())


def test_status_of_a_new_journal_says_where_it_is(journal: Any, journal_home: Path) -> None:
    result = journal("status")
    assert str(journal_home / "journal.db") in result.output
    assert "none yet" in result.output


def test_status_shows_encryption_size_entries_and_last_backup(
    journal: Any, journal_home: Path
) -> None:
    _write(journal, "one", "two")
    out = journal("status").output
    assert "Encrypted" in out and "no" in out
    assert "Entries" in out and " 2" in out
    assert "never" in out
    journal("backup")
    out = journal("status").output
    assert "never" not in out and "Last backup" in out


def test_backup_to_a_chosen_file_and_to_a_folder(
    journal: Any, journal_home: Path, tmp_path: Path
) -> None:
    _write(journal, "kept safe")
    journal("backup", str(tmp_path / "copy.db"))
    conn = sqlite3.connect(tmp_path / "copy.db")
    assert conn.execute("SELECT body FROM entries").fetchone()[0] == "kept safe"
    conn.close()
    folder = tmp_path / "usb"
    folder.mkdir()
    result = journal("backup", str(folder))
    assert str(folder) in result.output
    assert len(list(folder.glob("journal-*.db"))) == 1
    again = journal("backup", str(tmp_path / "copy.db"), ok=False)
    assert again.exit_code == 1 and "already exists" in again.output


def test_backup_without_a_journal_is_a_clear_error(journal: Any) -> None:
    result = journal("backup", ok=False)
    assert result.exit_code == 1 and "no journal" in result.output


needs_sqlcipher = pytest.mark.skipif(not crypto.available(), reason="SQLCipher not installed")


@needs_sqlcipher
def test_encrypt_then_write_and_list_with_the_passphrase_from_the_environment(
    journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(journal, "before encryption about my sister")
    journal("backup")
    monkeypatch.setenv("RELATIONAL_JOURNAL_PASSPHRASE", "river stone")
    result = journal("encrypt")
    assert "encrypted" in result.output
    assert "1 older backup" in result.output
    assert crypto.is_encrypted(journal_home / "journal.db")
    backup = next((journal_home / "backups").glob("*.db"))
    assert crypto.is_encrypted(backup) and b"sister" not in backup.read_bytes()
    _write(journal, "after encryption")
    assert _entries(journal_home, "river stone") == 2
    assert "yes (SQLCipher)" in journal("status").output
    again = journal("encrypt", ok=False)
    assert again.exit_code == 1 and "already encrypted" in again.output


@needs_sqlcipher
def test_wrong_passphrase_is_one_line_nonzero_and_changes_nothing(
    journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(journal, "private words")
    monkeypatch.setenv("RELATIONAL_JOURNAL_PASSPHRASE", "right")
    journal("encrypt")
    before = (journal_home / "journal.db").read_bytes()
    monkeypatch.setenv("RELATIONAL_JOURNAL_PASSPHRASE", "wrong")
    for args in (["write", "--text", "x"], ["status"], ["backup"], ["decrypt", "--yes"]):
        result = journal(*args, ok=False)
        if args == ["status"]:
            continue
        assert result.exit_code == 1, args
        assert "passphrase does not open" in result.output
        assert "Traceback" not in result.output
        assert "private words" not in result.output
    assert (journal_home / "journal.db").read_bytes() == before


@needs_sqlcipher
def test_missing_passphrase_in_a_script_says_how_to_give_one(
    journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(journal, "one")
    monkeypatch.setenv("RELATIONAL_JOURNAL_PASSPHRASE", "pw")
    journal("encrypt")
    monkeypatch.delenv("RELATIONAL_JOURNAL_PASSPHRASE")
    result = journal("write", "--text", "two", ok=False)
    assert result.exit_code == 1 and "RELATIONAL_JOURNAL_PASSPHRASE" in result.output
    assert "locked" in journal("status").output


@needs_sqlcipher
def test_passphrase_change_and_decrypt_round_trip(
    journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(journal, "one", "two", "three")
    monkeypatch.setenv("RELATIONAL_JOURNAL_PASSPHRASE", "old words")
    journal("encrypt")
    monkeypatch.setenv("RELATIONAL_JOURNAL_NEW_PASSPHRASE", "new words")
    assert "changed" in journal("passphrase").output
    assert _entries(journal_home, "new words") == 3
    monkeypatch.setenv("RELATIONAL_JOURNAL_PASSPHRASE", "new words")
    journal("decrypt", "--yes")
    assert not crypto.is_encrypted(journal_home / "journal.db")
    assert _entries(journal_home) == 3


def test_doctor_on_a_healthy_journal(journal: Any) -> None:
    _write(journal, "fine")
    out = journal("doctor").output
    assert "integrity check passed" in out and "Everything looks fine" in out


def test_doctor_rebuilds_a_search_index_that_is_out_of_step(
    journal: Any, journal_home: Path
) -> None:
    _write(journal, "talked with my father", "a walk by the sea")
    conn = sqlite3.connect(journal_home / "journal.db")
    conn.execute("INSERT INTO entries_fts(entries_fts) VALUES ('delete-all')")
    conn.commit()
    conn.close()
    out = journal("doctor").output
    assert "out of step" in out and "rebuilt" in out
    with Store.open(journal_home / "journal.db") as store:
        hits = store.read("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'father'")
        assert [h[0] for h in hits] == [1]
    assert "covers all 2 entries" in journal("doctor").output


def test_doctor_lets_the_reviews_stored_months_go_and_the_review_recounts_them(
    journal: Any, journal_home: Path
) -> None:
    for day in ("2026-03-10", "2026-03-12", "2026-04-20"):
        journal("write", "--text", f"a day in spring {day}", "--date", day, "--feel", "calm:5")
    before = json.loads(journal("review", "--all", "--format", "json").output)
    conn = sqlite3.connect(journal_home / "journal.db")
    stored = conn.execute("SELECT count(*) FROM review_months").fetchone()[0]
    assert stored >= 1  # March was whole inside "everything" and was kept
    # A stored count gone wrong (as no change through the journal can make it).
    conn.execute("UPDATE review_month_feelings SET entries = entries + 40")
    conn.commit()
    assert json.loads(journal("review", "--all", "--format", "json").output) != before
    out = journal("doctor").output
    assert f"counts of {stored} month(s) were let go" in out and "Everything looks fine" in out
    assert conn.execute("SELECT count(*) FROM review_months").fetchone()[0] == 0
    conn.close()
    assert json.loads(journal("review", "--all", "--format", "json").output) == before


def test_doctor_reports_a_file_that_is_not_a_journal_and_leaves_it(
    journal: Any, journal_home: Path
) -> None:
    journal_home.mkdir(parents=True)
    path = journal_home / "journal.db"
    path.write_text("a shopping list\n" * 100)
    before = path.read_bytes()
    result = journal("doctor", ok=False)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "not a journal" in out and "left exactly as it was" in out
    assert path.read_bytes() == before


def test_doctor_reports_damage_and_changes_nothing(journal: Any, journal_home: Path) -> None:
    _write(journal, *[f"entry number {i} " * 40 for i in range(40)])
    journal("backup")
    path = journal_home / "journal.db"
    data = bytearray(path.read_bytes())
    # Scribble over a page in the middle of the file (not the header).
    data[8192 : 8192 + 2000] = b"\x07" * 2000
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    result = journal("doctor", ok=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    out = " ".join(result.output.split())
    assert "damaged" in out or "not a journal" in out
    assert "newest backup" in out
    assert path.read_bytes() == before


def test_wipe_needs_the_word_and_then_deletes_only_journal_backups_and_drafts(
    journal: Any, journal_home: Path
) -> None:
    _write(journal, "to be wiped")
    journal("backup")
    (journal_home / "drafts").mkdir(exist_ok=True)
    (journal_home / "drafts" / "write.json").write_text("{}")
    (journal_home / "config.yaml").write_text("week_start: sunday\n")
    (journal_home / "prompts").mkdir()
    (journal_home / "prompts" / "mine.yaml").write_text("id: mine\n")
    (journal_home / "exports").mkdir()
    kept = journal("wipe", input="yes\n", ok=False)
    assert kept.exit_code == 1 and "nothing was deleted" in kept.output
    assert (journal_home / "journal.db").exists()
    result = journal("wipe", input="erase\n")
    assert "deleted" in result.output
    left = sorted(p.name for p in journal_home.iterdir())
    assert left == ["config.yaml", "exports", "prompts"]
    assert (journal_home / "prompts" / "mine.yaml").exists()


def test_wipe_with_nothing_there(journal: Any) -> None:
    assert "nothing to delete" in journal("wipe").output
