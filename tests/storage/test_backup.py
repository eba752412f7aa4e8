"""Backups: consistent while another process writes, rotated, owner-only."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import make_entry
from relational_journal.errors import StoreError
from relational_journal.storage import migrations
from relational_journal.storage.backup import (
    AUTOMATIC_KEEP,
    automatic_backup,
    backup_to,
    default_target,
    last_backup,
)
from relational_journal.storage.opening import open_journal
from relational_journal.storage.store import Store

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from pathlib import Path
    from relational_journal.models import Entry
    from relational_journal.storage.store import Store

    store = Store.open(Path(sys.argv[1]))
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    print("ready", flush=True)
    for i in range(int(sys.argv[2])):
        store.add_entry(Entry(body=f"entry {i} from the writer", about=moment, written_at=moment))
    store.close()
    """
)


def _check(path: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(path)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM entries_fts_docsize").fetchone()[0]
    finally:
        conn.close()
    return status, entries, indexed


def test_backup_is_consistent_while_another_process_writes(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    Store.open(path).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "400"], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    seen = []
    with Store.open(path) as store:
        for n in range(6):
            copy = backup_to(store, tmp_path / f"copy-{n}.db")
            status, entries, indexed = _check(copy)
            assert status == "ok"
            assert entries == indexed  # one snapshot: entries and their index agree
            seen.append(entries)
    assert writer.wait(timeout=60) == 0
    assert seen == sorted(seen)
    with Store.open(path) as store:
        final = backup_to(store, tmp_path / "final.db")
    assert _check(final) == ("ok", 400, 400)


def test_backup_records_when_and_where(store: Store, tmp_path: Path) -> None:
    assert last_backup(store) is None
    copy = backup_to(store, tmp_path / "b.db")
    when, where = last_backup(store) or ("", "")
    assert where == str(copy) and when[:2] == "20"


def test_backup_never_overwrites(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "taken.db"
    target.write_text("something else")
    with pytest.raises(StoreError, match="already exists"):
        backup_to(store, target)
    assert target.read_text() == "something else"


def test_default_names_never_collide(store: Store) -> None:
    from datetime import datetime

    moment = datetime(2026, 3, 1, 9, 30)
    first = backup_to(store, default_target(store, moment))
    second = backup_to(store, default_target(store, moment))
    assert first != second and first.exists() and second.exists()


def test_automatic_backups_keep_the_newest_five(store: Store) -> None:
    store.add_entry(make_entry("worth keeping"))
    made = [automatic_backup(store) for _ in range(AUTOMATIC_KEEP + 3)]
    kept = sorted((store.path.parent / "backups").glob("auto-*.db"))
    assert kept == made[-AUTOMATIC_KEEP:]
    assert _check(kept[-1])[:2] == ("ok", 1)


def test_schema_upgrade_is_preceded_by_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(conn, stop_before="m003_add_lookup_indexes")
    conn.close()
    with open_journal(path) as store:
        assert migrations.applied_names(store.conn) == migrations.NAMES
        assert last_backup(store) is not None
    assert len(list((tmp_path / "backups").glob("auto-*.db"))) == 1


def test_backups_are_owner_only(store: Store, tmp_path: Path) -> None:
    copy = backup_to(store, tmp_path / "deep" / "folder" / "b.db")
    assert copy.stat().st_mode & 0o777 == 0o600
    assert copy.parent.stat().st_mode & 0o777 == 0o700
