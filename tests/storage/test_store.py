"""The journal database: creation, upgrades, refusals and round trips."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from helpers import make_entry
from relational_journal.errors import (
    DatabaseTooNewError,
    EntryNotFoundError,
    NotAJournalError,
    StoreError,
)
from relational_journal.models import Episode, FeelingFelt, PersonRef
from relational_journal.storage import migrations
from relational_journal.storage.opening import open_journal
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store


def test_new_journal_is_owner_only_and_records_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    with Store.open(path) as store:
        applied = migrations.applied_names(store.conn)
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert applied == migrations.NAMES
    assert mode == "wal"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_entry_round_trips_with_people_feelings_and_episode(store: Store) -> None:
    entry = make_entry(
        "Mum didn't call back. @Sam noticed I was quiet.",
        title="Sunday",
        tags=("family",),
        people=(PersonRef("Mum", "mother", "past"), PersonRef("Sam", "partner", "present")),
        feelings=(FeelingFelt("hurt", "sad", 7), FeelingFelt("wistful", None, None, False)),
        episode=Episode(
            person="Mum",
            era="past",
            wish="to be heard",
            wish_cluster="W6",
            other="she changed the subject",
            other_cluster="RO5",
            other_expected=True,
            self_response="went quiet",
            self_cluster="RS7",
        ),
        starred=True,
    )
    entry_id = store.add_entry(entry)
    saved = store.get_entry(entry_id)
    assert saved.body == entry.body
    assert saved.about == entry.about
    assert saved.title == "Sunday" and saved.tags == ("family",) and saved.starred
    assert {p.name for p in saved.people} == {"Mum", "Sam"}
    assert saved.feelings == entry.feelings
    assert saved.episode == entry.episode


def test_people_are_matched_by_name_case_insensitively(store: Store) -> None:
    store.add_entry(make_entry(people=(PersonRef("Sam", "partner", "present"),)))
    store.add_entry(make_entry(people=(PersonRef("sam"),)))
    people = store.people()
    assert [(p.name, p.role, p.entry_count) for p in people] == [("Sam", "partner", 2)]


def test_missing_entry_is_a_clear_error(store: Store) -> None:
    with pytest.raises(EntryNotFoundError, match="no entry 99"):
        store.get_entry(99)


def test_older_journal_is_upgraded_and_backed_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(conn, stop_before="m002_add_fulltext_index")
    conn.execute(
        "INSERT INTO entries (written_at, about, about_ts, about_day, body)"
        " VALUES ('2025-01-01T10:00:00+00:00', '2025-01-01T10:00:00+00:00', 1735725600,"
        " '2025-01-01', 'an old entry about my brother')"
    )
    conn.close()
    with open_journal(path) as store:
        assert migrations.applied_names(store.conn) == migrations.NAMES
        hits = store.read("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'brother'")
        assert [h[0] for h in hits] == [1]
        assert store.count_entries(EntryFilter()) == 1
    backups = list((tmp_path / "backups").glob("auto-*.db"))
    assert len(backups) == 1
    check = sqlite3.connect(backups[0])
    assert (
        check.execute("SELECT body FROM entries").fetchone()[0] == "an old entry about my brother"
    )
    check.close()


def test_journal_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store.open(path) as store:
        store.conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('relational_journal', 'm999_from_the_future', 'later')"
        )
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_journal_is_reported_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    path.write_bytes(b"these are my notes, not a database\n" * 20)
    before = path.read_bytes()
    with pytest.raises(NotAJournalError, match="left untouched"):
        Store.open(path)
    assert path.read_bytes() == before


def test_another_sqlite_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAJournalError, match="not a journal"):
        Store.open(path)
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert tables == ["recipes"]


def test_failed_change_leaves_nothing_half_written(store: Store) -> None:
    bad = make_entry("this must not be half saved", feelings=(FeelingFelt("hurt", "sad", 42),))
    with pytest.raises(StoreError, match="nothing was changed|database error"):
        store.add_entry(bad)
    assert store.count_entries(EntryFilter()) == 0
    assert store.people() == []
