"""Where the journal keeps its files.

One function decides the data folder; everything else derives from it, so tests
point the whole tool elsewhere with one environment variable.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HOME_ENV = "RELATIONAL_JOURNAL_HOME"
APP_NAME = "relational-journal"


def user_dir() -> Path:
    """The data folder: $RELATIONAL_JOURNAL_HOME, else the platform's user-data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_NAME
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / APP_NAME


def ensure_user_dir() -> Path:
    """Create the data folder (owner-only, 0700) if needed and return it."""
    path = user_dir()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def db_path() -> Path:
    return user_dir() / "journal.db"


def config_path() -> Path:
    return user_dir() / "config.yaml"


def user_prompts_dir() -> Path:
    return user_dir() / "prompts"


def drafts_dir() -> Path:
    return user_dir() / "drafts"


def backups_dir() -> Path:
    return user_dir() / "backups"


def write_private(path: Path, data: bytes) -> None:
    """Write a file atomically, readable by the owner only, whatever the umask."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
