"""Never losing an entry: kill -9, concurrent writers, full disks, read-only and damaged files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import kept_drafts, make_entry
from relational_journal.storage import connection, migrations
from relational_journal.storage import store as store_module
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

PY = sys.executable


def _run_journal(home: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [PY, "-m", "relational_journal", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def _integrity_and_count(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(path)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        conn.close()
    return status, count


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kill_when_wal_grows(proc: subprocess.Popen[Any], wal: Path, size: int) -> bool:
    """kill -9 once the uncommitted work reaches `size` bytes of WAL; True if killed mid-way."""
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > size:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    proc.wait()
    return False


def test_kill_during_a_10000_entry_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db = home / "journal.db"
    with Store.open(db) as store:
        for i in range(5):
            store.add_entry(make_entry(f"committed before the import {i}"))
    export = tmp_path / "jrnl.json"
    export.write_text(
        json.dumps(
            {
                "tags": {},
                "entries": [
                    {
                        "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "time": f"{i % 24:02d}:{i % 60:02d}",
                        "title": f"imported {i}",
                        "body": f"an imported entry number {i} about @Sam and the sea " * 3,
                        "tags": ["@Sam"],
                        "starred": False,
                    }
                    for i in range(10_000)
                ],
            }
        )
    )
    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(home)}
    proc = subprocess.Popen(
        [PY, "-m", "relational_journal", "import", str(export)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    killed = _kill_when_wal_grows(proc, Path(f"{db}-wal"), 256 * 1024)
    status, count = _integrity_and_count(db)
    assert status == "ok"
    assert count in (5, 10_005)
    if killed and proc.returncode == -signal.SIGKILL:
        with Store.open(db) as store:  # and the journal is usable again
            assert store.count_entries(EntryFilter()) == count
    done = _run_journal(home, "import", str(export))
    assert done.returncode == 0, done.stderr
    assert _integrity_and_count(db) == ("ok", 10_005)


def test_kill_during_a_schema_upgrade_leaves_a_journal_that_opens(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrations.apply(conn, stop_before="m002_add_fulltext_index")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO entries (written_at, about, about_ts, about_day, body)"
        " VALUES ('2025-01-01T10:00:00+00:00', '2025-01-01T10:00:00+00:00', 1735725600,"
        " '2025-01-01', ?)",
        [(f"an old entry {i} " * 20,) for i in range(20_000)],
    )
    conn.execute("COMMIT")
    conn.close()
    code = (
        "from pathlib import Path; from relational_journal.storage.store import Store;"
        f"Store.open(Path({str(db)!r})).close()"
    )
    proc = subprocess.Popen([PY, "-c", code])
    _kill_when_wal_grows(proc, Path(f"{db}-wal"), 512 * 1024)
    assert _integrity_and_count(db) == ("ok", 20_000)
    with Store.open(db) as store:
        assert migrations.applied_names(store.conn) == migrations.NAMES
        assert store.count_entries(EntryFilter()) == 20_000


LOOP_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from pathlib import Path
    from relational_journal.models import Entry
    from relational_journal.storage.store import Store

    store = Store.open(Path(sys.argv[1]))
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for i in range(200):
        store.add_entry(Entry(body=f"{sys.argv[2]} {i}", about=moment, written_at=moment))
    store.close()
    """
)


def test_two_processes_writing_200_entries_each_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    Store.open(db).close()
    procs = [subprocess.Popen([PY, "-c", LOOP_WRITER, str(db), name]) for name in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Store.open(db) as store:
        assert store.count_entries(EntryFilter()) == 400
        bodies = {r[0] for r in store.read("SELECT body FROM entries")}
    assert bodies == {f"{n} {i}" for n in ("a", "b") for i in range(200)}


def test_two_journal_write_commands_at_once_lose_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    script = " && ".join(
        f"{PY} -m relational_journal write --text '{{name}} {i}' >/dev/null" for i in range(4)
    )
    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(home)}
    procs = [subprocess.Popen(["bash", "-c", script.format(name=name)], env=env) for name in "ab"]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Store.open(home / "journal.db") as store:
        assert store.count_entries(EntryFilter()) == 8


# -- a full disk, a busy journal, read-only and damaged files ------------------------


def test_full_disk_keeps_the_words_as_a_draft_and_changes_nothing(
    journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal("write", "--text", "already saved")
    db = journal_home / "journal.db"
    real_connect = connection.connect

    def full(path: Path) -> sqlite3.Connection:
        conn = real_connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(store_module, "connect", full)
    before = _integrity_and_count(db)
    long_text = "words I must not lose " * 2000
    result = journal("write", "--text", long_text, ok=False)
    assert result.exit_code == 1
    assert "disk is full" in result.output and "draft" in result.output
    assert "Traceback" not in result.output and "must not lose" not in result.output
    assert _integrity_and_count(db) == before
    (draft,) = kept_drafts(journal_home)  # set aside beside the full journal
    assert draft["body"] == long_text.strip()


def test_a_journal_busy_for_too_long_is_one_line_and_keeps_a_draft(
    journal: Any, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal("write", "--text", "first")
    db = journal_home / "journal.db"
    holder = subprocess.Popen(
        [
            PY,
            "-c",
            f"import sqlite3, sys; c = sqlite3.connect({str(db)!r}, isolation_level=None);"
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.2)
        result = journal("write", "--text", "waiting words", ok=False)
    finally:
        holder.communicate("")
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "busy" in out and "draft" in out
    assert _integrity_and_count(db) == ("ok", 1)


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A real 400 KB file system (tmpfs) for full-disk and read-only cases; needs root."""
    yield from _tmpfs("400k")


@pytest.fixture
def roomier_disk() -> Iterator[Path]:
    """A real 2 MB file system: room for a few entries before it is filled on purpose."""
    yield from _tmpfs("2m")


def _tmpfs(size: str) -> Iterator[Path]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    mount = Path(tempfile.mkdtemp(prefix="rj-disk-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount)],
        capture_output=True,
    )
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip("this machine does not allow mounting a small file system")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
        mount.rmdir()


def _big_text() -> str:
    return " ".join(f"word{i}" for i in range(100_000))


def test_a_really_full_disk_keeps_the_words_as_a_draft_elsewhere(
    small_disk: Path, tmp_path: Path
) -> None:
    home = small_disk / "home"
    assert _run_journal(home, "write", "--text", "saved first").returncode == 0
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (home / "drafts").symlink_to(drafts)
    before = _integrity_and_count(home / "journal.db")
    result = _run_journal(home, "write", "--text", "-", input=_big_text())
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "word1" not in result.stderr
    assert "disk is full" in result.stderr and "kept as a draft" in result.stderr
    assert _integrity_and_count(home / "journal.db") == before
    (aside,) = drafts.glob("*.draft.db")
    conn = sqlite3.connect(aside)
    (data,) = conn.execute("SELECT data FROM drafts").fetchone()
    conn.close()
    assert json.loads(data)["body"] == _big_text()


def test_a_full_disk_with_no_room_for_a_draft_says_so_honestly(small_disk: Path) -> None:
    home = small_disk / "home"
    assert _run_journal(home, "write", "--text", "saved first").returncode == 0
    before = _integrity_and_count(home / "journal.db")
    result = _run_journal(home, "write", "--text", "-", input=_big_text())
    assert result.returncode == 1
    assert "disk is full" in result.stderr and "no draft could be kept" in result.stderr
    assert "word1 word2" in result.stdout  # shown back, to be copied
    assert _integrity_and_count(home / "journal.db") == before


def test_a_full_disk_still_gives_the_review_and_keeps_no_months(roomier_disk: Path) -> None:
    home = roomier_disk / "home"
    for day in ("2026-03-03", "2026-03-20", "2026-04-09"):
        assert _run_journal(home, "write", "--text", "a day", "--date", day).returncode == 0
    db = home / "journal.db"
    before = _integrity_and_count(db)
    filler = roomier_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # the disk is full now
    finally:
        os.close(fd)
    # Room to open the journal (its shared-memory file), none to write to it.
    os.truncate(filler, filler.stat().st_size - 40 * 1024)
    try:
        result = _run_journal(home, "review", "--all", "--format", "json")
    finally:
        filler.unlink()
    # April onwards lay whole inside the period, but there was no room to keep their counts.
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entries"] == 3
    assert _integrity_and_count(db) == before
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM review_months").fetchone()[0] == 0
        again = _run_journal(home, "review", "--all", "--format", "json")
        assert json.loads(again.stdout) == json.loads(result.stdout)
        assert conn.execute("SELECT count(*) FROM review_months").fetchone()[0] > 0
    finally:
        conn.close()


def test_read_only_folder_is_one_line_and_changes_nothing(small_disk: Path) -> None:
    home = small_disk / "home"
    assert _run_journal(home, "write", "--text", "saved first").returncode == 0
    before = _digest(home / "journal.db")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        for args in (["write", "--text", "typed in a read-only folder"], ["list"]):
            result = _run_journal(home, *args)
            assert result.returncode == 1, args
            assert "Traceback" not in result.stderr
            assert "Read-only" in result.stderr or "read-only" in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1
            assert "typed in" not in result.stderr
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert _digest(home / "journal.db") == before


@pytest.mark.parametrize(
    "content",
    [
        b"Dear diary, this is a text file and not a database.\n" * 50,
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
    ids=["text", "bad-sqlite"],
)
def test_a_damaged_or_foreign_file_is_reported_and_never_overwritten(
    journal: Any, journal_home: Path, content: bytes
) -> None:
    journal_home.mkdir(parents=True)
    db = journal_home / "journal.db"
    db.write_bytes(content)
    for args in (["write", "--text", "hello"], ["status"], ["backup"], ["doctor"]):
        result = journal(*args, ok=False)
        assert result.exit_code == 1, args
        assert "Traceback" not in result.output
        assert "not a journal" in " ".join(result.output.split()) or "damaged" in result.output
    assert db.read_bytes() == content
    assert sorted(p.name for p in journal_home.iterdir()) in (
        ["journal.db"],
        ["drafts", "journal.db"],
    )


def test_a_truncated_journal_is_reported_and_left_alone(journal: Any, journal_home: Path) -> None:
    journal_home.mkdir(parents=True)
    db = journal_home / "journal.db"
    with Store.open(db) as store:
        for i in range(30):
            store.add_entry(make_entry(f"entry {i} " * 100))
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    before = db.read_bytes()
    result = journal("list", ok=False)
    assert "Traceback" not in result.output
    journal("doctor", ok=False)
    assert db.read_bytes() == before
