"""No plaintext left behind: whole conversions, and copies left by a killed process.

`journal encrypt` and `journal decrypt` convert everything the journal owns,
not only journal.db: its backups and the drafts set aside in drafts/. Their
progress is kept in a small marker file beside the journal
(`journal.db.conversion`: where it is going, how far it got, which process;
never anything from an entry), so a conversion killed at any moment is
finished or undone the next time any command opens the journal.

Whenever the journal is opened, copies left by a killed process are
overwritten and removed: an unfinished conversion's `.converting` file, a
backup's `.partial` file and an editor's temporary file. Beside an encrypted
journal, a backup or set-aside draft still readable without the passphrase is
encrypted with it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from relational_journal.errors import JournalError
from relational_journal.paths import write_private
from relational_journal.storage import crypto
from relational_journal.storage.backup import PARTIAL_SUFFIX
from relational_journal.storage.drafts import ASIDE_SUFFIX
from relational_journal.storage.faults import checkpoint

if TYPE_CHECKING:
    from relational_journal.storage.store import Store

MARKER_SUFFIX = ".conversion"
EDITOR_PREFIX = "entry-"
_PID_IN_NAME = re.compile(r"\.(\d+)\.partial$|^entry-(\d+)-")


def marker_path(path: Path) -> Path:
    return Path(f"{path}{MARKER_SUFFIX}")


def _mark(path: Path, to: str, stage: str) -> None:
    record = {"to": to, "stage": stage, "pid": os.getpid()}
    write_private(marker_path(path), json.dumps(record).encode())


def _marker(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(marker_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def shred(path: Path) -> None:
    """Overwrite a file with zeros, then remove it (what it held is gone from the folder)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            left = size
            while left > 0:
                n = min(left, 1 << 20)
                handle.write(b"\0" * n)
                left -= n
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    except OSError:
        pass
    path.unlink(missing_ok=True)


def _folders(path: Path) -> tuple[Path, Path]:
    return path.parent / "backups", path.parent / "drafts"


def owned_databases(path: Path) -> list[Path]:
    """The backups and set-aside drafts that belong to the journal at `path`."""
    backups, drafts = _folders(path)
    found = sorted(backups.glob("*.db")) if backups.is_dir() else []
    if drafts.is_dir():
        found += sorted(drafts.glob(f"*{ASIDE_SUFFIX}"))
    return [p for p in found if p.is_file() and p.stat().st_size]


def abandoned_copies(path: Path) -> list[Path]:
    """Copies a killed process left beside the journal (never one still being written)."""
    backups, drafts = _folders(path)
    found = [
        Path(f"{path}{crypto.ENCRYPTING_SUFFIX}"),
        Path(f"{path}{crypto.ENCRYPTING_SUFFIX}-journal"),
    ]
    if backups.is_dir():
        found += backups.glob(f"*{crypto.ENCRYPTING_SUFFIX}*")
        found += (p for p in backups.glob(f".*{PARTIAL_SUFFIX}") if not _owner_alive(p))
    if drafts.is_dir():
        found += drafts.glob(f"*{crypto.ENCRYPTING_SUFFIX}*")
        found += (p for p in drafts.glob(f"{EDITOR_PREFIX}*.md") if not _owner_alive(p))
    return [p for p in found if p.is_file()]


def _owner_alive(p: Path) -> bool:
    match = _PID_IN_NAME.search(p.name)
    if match is None:
        return False
    return _alive(int(match.group(1) or match.group(2)))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- converting everything ---------------------------------------------------------------


def encrypt_all(path: Path, passphrase: str) -> list[str]:
    """Encrypt the journal and everything it owns; one line for each thing done besides."""
    _mark(path, "encrypted", "journal")
    checkpoint("convert:marked")
    try:
        if not crypto.is_encrypted(path):
            crypto.encrypt(path, passphrase)
    except BaseException:
        marker_path(path).unlink(missing_ok=True)
        raise
    _mark(path, "encrypted", "files")
    checkpoint("convert:swapped")
    notes = _tidy(path, passphrase)
    marker_path(path).unlink(missing_ok=True)
    return notes


def decrypt_all(path: Path, passphrase: str) -> list[str]:
    """Decrypt the journal and the drafts set aside beside it (backups keep their passphrase)."""
    crypto.connect_encrypted(path, passphrase, 1.0).close()  # a wrong passphrase changes nothing
    _mark(path, "plain", "files")
    checkpoint("convert:marked")
    _, drafts = _folders(path)
    try:
        for aside in sorted(drafts.glob(f"*{ASIDE_SUFFIX}")) if drafts.is_dir() else []:
            if crypto.is_encrypted(aside):
                crypto.decrypt(aside, passphrase)
                checkpoint("convert:file")
        crypto.decrypt(path, passphrase)
    except BaseException:
        marker_path(path).unlink(missing_ok=True)
        raise
    checkpoint("convert:swapped")
    notes = _shred_abandoned(path)
    marker_path(path).unlink(missing_ok=True)
    return notes


def _tidy(path: Path, passphrase: str) -> list[str]:
    """Beside an encrypted journal: encrypt what is still readable, remove abandoned copies."""
    notes = _shred_abandoned(path)
    plain = [p for p in owned_databases(path) if not crypto.is_encrypted(p)]
    failed = []
    for db in plain:
        try:
            crypto.encrypt(db, passphrase)
        except JournalError:
            failed.append(db.name)
        checkpoint("convert:file")
    done = len(plain) - len(failed)
    if done:
        what = _plural(done, "older backup") + (" or set-aside draft" if done == 1 else "")
        if done > 1:
            what += " or set-aside drafts"
        notes.append(f"encrypted {what} with it too (they could be read without the passphrase)")
    if failed:
        notes.append(
            f"{_plural(len(failed), 'file')} could not be encrypted and can still be read: "
            + ", ".join(failed)
        )
    return notes


def _shred_abandoned(path: Path) -> list[str]:
    copies = abandoned_copies(path)
    for copy in copies:
        shred(copy)
    if not copies:
        return []
    return [
        f"overwrote and removed {_plural(len(copies), 'copy')} left by an interrupted "
        "command (" + ", ".join(sorted({c.name for c in copies})) + ")"
    ]


# -- on opening ----------------------------------------------------------------------------


def settle_before_open(path: Path) -> list[str]:
    """Undo or finish a conversion that was killed, as far as needs no passphrase."""
    mark = _marker(path)
    if mark is not None and _alive(mark.get("pid")):
        return []  # a conversion is running right now; it will refuse this opening itself
    notes: list[str] = []
    if mark is not None:
        encrypted = crypto.is_encrypted(path)
        if mark.get("to") == "encrypted" and encrypted:
            pass  # finished once the journal is open (the passphrase is needed)
        else:
            marker_path(path).unlink(missing_ok=True)
            if mark.get("to") == "encrypted":
                notes.append(
                    "an interrupted `journal encrypt` was undone: the journal is not "
                    "encrypted (`journal encrypt` does it)"
                )
            elif encrypted:
                notes.append("an interrupted `journal decrypt` was undone: it is still encrypted")
            else:
                notes.append("an interrupted `journal decrypt` was finished")
    return notes + _shred_abandoned(path)


def settle_after_open(store: Store) -> list[str]:
    """Beside an encrypted journal, encrypt what is still readable; finish an `encrypt`."""
    mark = _marker(store.path)
    if mark is not None and _alive(mark.get("pid")):
        return []
    if store.passphrase is None:
        return []
    notes = _tidy(store.path, store.passphrase)
    if mark is not None:
        marker_path(store.path).unlink(missing_ok=True)
        notes.insert(0, "an interrupted `journal encrypt` was finished")
    return notes
