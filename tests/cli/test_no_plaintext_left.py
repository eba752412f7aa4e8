"""No plaintext left behind: encrypt, decrypt and backups killed at any moment.

Each test kills `journal` with kill -9 (at a named moment through the storage
layer's fault variable, or after a delay), runs one more command, and reads
every file in the data folder for a word only the entries contain.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relational_journal.storage import crypto
from relational_journal.storage.drafts import DraftRow, keep_aside

pytest.importorskip("sqlcipher3")

PY = sys.executable
WORD = b"marigold"
SECRET = "river stone"


def _env(home: Path, fault: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "RELATIONAL_JOURNAL_HOME": str(home),
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "RELATIONAL_JOURNAL_PASSPHRASE": SECRET,
    }
    env.pop("RELATIONAL_JOURNAL_FAULT", None)
    if fault:
        env["RELATIONAL_JOURNAL_FAULT"] = fault
    return env


def _run(home: Path, *args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PY, "-m", "relational_journal", *args],
        env=_env(home, fault),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _plain_journal(home: Path) -> None:
    for i in range(5):
        done = _run(home, "write", "--text", f"Entry {i}: the marigold in the window, Mum.")
        assert done.returncode == 0, done.stderr
    assert _run(home, "backup").returncode == 0
    # A backup killed midway leaves its hidden partial copy (plaintext) behind.
    killed = _run(home, "backup", fault="backup:partial")
    assert killed.returncode == -signal.SIGKILL
    assert list((home / "backups").glob(".*.partial"))
    # A draft set aside while the journal could not be written.
    data = '{"body": "a marigold draft"}'
    keep_aside(home / "drafts", None, DraftRow("20261203-0900-abcd", "x", "y", data))


def _files_with_the_word(home: Path, skip_journal: bool = False) -> list[str]:
    found = []
    for path in sorted(home.rglob("*")):
        if not path.is_file():
            continue
        # A decrypted journal and its set-aside drafts are plain as asked; copies are not.
        if skip_journal and ".converting" not in path.name:
            if path.name.startswith("journal.db") and path.parent == home:
                continue
            if path.name.endswith(".draft.db"):
                continue
        if WORD in path.read_bytes():
            found.append(str(path.relative_to(home)))
    return found


ENCRYPT_FAULTS = [
    "convert:marked",
    "convert:before-swap",
    "convert:swapped",
    "convert:before-swap#2",
    "convert:file",
    "convert:file#2",
]


@pytest.mark.parametrize("fault", ENCRYPT_FAULTS)
def test_a_killed_encrypt_is_finished_or_undone_and_leaves_no_plaintext(
    tmp_path: Path, fault: str
) -> None:
    home = tmp_path / "home"
    _plain_journal(home)
    killed = _run(home, "encrypt", fault=fault)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    status = _run(home, "status")
    assert status.returncode == 0, status.stderr
    assert "Tidied" in status.stdout  # it says what it found and did
    if not crypto.is_encrypted(home / "journal.db"):
        again = _run(home, "encrypt")
        assert again.returncode == 0, again.stderr
    assert _files_with_the_word(home) == []
    doctor = _run(home, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    listed = _run(home, "list")
    assert listed.stdout.count("marigold") == 5


@pytest.mark.parametrize("fault", ["convert:marked", "convert:before-swap", "convert:swapped"])
def test_a_killed_decrypt_leaves_no_plaintext_copy_beside_the_journal(
    tmp_path: Path, fault: str
) -> None:
    home = tmp_path / "home"
    _plain_journal(home)
    assert _run(home, "encrypt").returncode == 0
    killed = _run(home, "decrypt", "--yes", fault=fault)
    assert killed.returncode == -signal.SIGKILL
    shown = _run(home, "list")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("marigold") == 5
    still_encrypted = crypto.is_encrypted(home / "journal.db")
    # Encrypted still: nothing anywhere is readable. Plain: only the journal (and its
    # set-aside drafts) are, never a copy; backups keep their passphrase.
    assert _files_with_the_word(home, skip_journal=not still_encrypted) == []
    assert not list(home.glob("*.converting*")) and not list(home.glob("*.conversion"))


def test_an_encrypt_killed_after_any_delay_leaves_no_plaintext(tmp_path: Path) -> None:
    for n, delay in enumerate([0.2, 0.5, 0.8, 1.1, 1.5, 2.0]):
        home = tmp_path / f"home{n}"
        _plain_journal(home)
        proc = subprocess.Popen(
            [PY, "-m", "relational_journal", "encrypt"],
            env=_env(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _run(home, "doctor").returncode in (0, 1)
        if not crypto.is_encrypted(home / "journal.db"):
            assert _run(home, "encrypt").returncode == 0
        assert _files_with_the_word(home) == [], delay
        assert _run(home, "list").stdout.count("marigold") == 5


def test_a_killed_backup_leaves_no_partial_copy(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(home, "write", "--text", "The marigold again.").returncode == 0
    assert _run(home, "backup", fault="backup:partial").returncode == -signal.SIGKILL
    assert list((home / "backups").glob(".*.partial"))
    doctor = _run(home, "doctor")
    assert "Overwrote and removed 1 copy" in doctor.stdout
    assert not list((home / "backups").glob(".*.partial"))
    again = _run(home, "doctor")
    assert "No unfinished conversion and no stray copies" in again.stdout
