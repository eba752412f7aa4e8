"""Encryption at rest with SQLCipher (the optional `encryption` extra).

A plain journal never imports SQLCipher: only a file that looks encrypted, or
an `encrypt`/`decrypt`/`rekey`, loads it. Converting is never done in place:
the new file is written beside the old one, opened again, compared (same rows
in every table, integrity check passes) and only then swapped in with one
atomic rename, so an interruption at any moment leaves the old file as it was.

Passphrases come from, in order: $RELATIONAL_JOURNAL_PASSPHRASE (scripts), the
OS keyring (only when the config says `keyring: true` and the `keyring`
package finds one), or an `ask` callback the command line supplies. The core
never reads the terminal itself.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from relational_journal.errors import EncryptionUnavailableError, PassphraseError, StoreError

PASSPHRASE_ENV = "RELATIONAL_JOURNAL_PASSPHRASE"
NEW_PASSPHRASE_ENV = "RELATIONAL_JOURNAL_NEW_PASSPHRASE"
KEYRING_SERVICE = "relational-journal"
SQLITE_HEADER = b"SQLite format 3\x00"
LOCK_TIMEOUT_SECONDS = 2.0
ENCRYPTING_SUFFIX = ".converting"

# A passphrase source: given the journal's path, a passphrase or None.
PassphraseSource = Callable[[Path], str | None]


# -- recognising an encrypted file ---------------------------------------------


def looks_encrypted(head: bytes, size: int) -> bool:
    """True for what SQLCipher writes: whole pages of bytes that read as noise.

    A SQLCipher file starts with a random salt instead of the SQLite header, so
    nothing proves a file is one; a text file or a short file of other bytes is
    at least certainly not one (and is reported as "not a journal").
    """
    if size < 512 or size % 512 or head.startswith(SQLITE_HEADER[:6]):
        return False
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in head)
    return printable < len(head)


def is_encrypted(path: Path) -> bool:
    """True when the file at `path` is (by all signs) an encrypted journal."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return looks_encrypted(head, size)


# -- loading SQLCipher lazily ---------------------------------------------------


def sqlcipher() -> Any:
    """The sqlcipher3 DB-API module, or a clear error saying how to get it."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise EncryptionUnavailableError(
            "encryption needs the optional SQLCipher support: "
            "pip install 'relational-journal[encryption]'"
        ) from None
    return dbapi2


def available() -> bool:
    try:
        sqlcipher()
    except EncryptionUnavailableError:
        return False
    return True


def _sqlite3_twin(exc: Exception) -> sqlite3.Error:
    """The sqlite3 exception of the same kind, so callers need to know only sqlite3."""
    kind = getattr(sqlite3, type(exc).__name__, sqlite3.DatabaseError)
    if not (isinstance(kind, type) and issubclass(kind, sqlite3.Error)):
        kind = sqlite3.DatabaseError
    twin = kind(*exc.args)
    for attr in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, attr):
            setattr(twin, attr, getattr(exc, attr))
    return twin


_classes: tuple[type, type] | None = None


def _connection_classes() -> tuple[type, type]:
    """Connection and cursor classes that raise sqlite3's exceptions, not sqlcipher3's.

    The store (and sqlite-utils) catch `sqlite3.Error`; SQLCipher's errors are a
    separate hierarchy, so each call is translated at this one boundary.
    """
    global _classes
    if _classes is not None:
        return _classes
    dbapi2 = sqlcipher()
    error = dbapi2.Error
    base_cursor: Any = dbapi2.Cursor
    base_connection: Any = dbapi2.Connection

    class Cursor(base_cursor):  # type: ignore[misc]
        def execute(self, *args: Any) -> Any:
            try:
                return super().execute(*args)
            except error as exc:
                raise _sqlite3_twin(exc) from None

        def executemany(self, *args: Any) -> Any:
            try:
                return super().executemany(*args)
            except error as exc:
                raise _sqlite3_twin(exc) from None

        def executescript(self, *args: Any) -> Any:
            try:
                return super().executescript(*args)
            except error as exc:
                raise _sqlite3_twin(exc) from None

        def fetchone(self) -> Any:
            try:
                return super().fetchone()
            except error as exc:
                raise _sqlite3_twin(exc) from None

        def fetchmany(self, *args: Any) -> Any:
            try:
                return super().fetchmany(*args)
            except error as exc:
                raise _sqlite3_twin(exc) from None

        def fetchall(self) -> Any:
            try:
                return super().fetchall()
            except error as exc:
                raise _sqlite3_twin(exc) from None

        def __next__(self) -> Any:
            try:
                return super().__next__()
            except error as exc:
                raise _sqlite3_twin(exc) from None

    class Connection(base_connection):  # type: ignore[misc]
        def cursor(self, factory: Any = Cursor) -> Any:
            return super().cursor(factory)

        def execute(self, *args: Any) -> Any:
            return self.cursor().execute(*args)

        def executemany(self, *args: Any) -> Any:
            return self.cursor().executemany(*args)

        def executescript(self, *args: Any) -> Any:
            return self.cursor().executescript(*args)

        def commit(self) -> None:
            try:
                super().commit()
            except error as exc:
                raise _sqlite3_twin(exc) from None

        def rollback(self) -> None:
            try:
                super().rollback()
            except error as exc:
                raise _sqlite3_twin(exc) from None

    _classes = (Connection, Cursor)
    return _classes


def _quote(passphrase: str) -> str:
    """The passphrase as an SQL string literal (PRAGMA key takes no parameters)."""
    if not passphrase:
        raise PassphraseError("the passphrase is empty; choose one with at least one character")
    if "\x00" in passphrase:
        raise PassphraseError("the passphrase cannot contain a NUL character")
    return "'" + passphrase.replace("'", "''") + "'"


def connect_encrypted(path: Path, passphrase: str, timeout: float) -> sqlite3.Connection:
    """Open an encrypted journal; a wrong passphrase is a PassphraseError, file untouched."""
    dbapi2 = sqlcipher()
    connection_class, _ = _connection_classes()
    try:
        conn = dbapi2.connect(
            str(path),
            timeout=timeout,
            isolation_level=None,
            check_same_thread=False,
            factory=connection_class,
        )
    except dbapi2.Error as exc:
        raise _sqlite3_twin(exc) from None
    try:
        # SQLCipher would otherwise print its own lines on stderr for a wrong key.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc).lower():
            raise PassphraseError(
                f"the passphrase does not open {path} (or the file is not a journal); "
                "nothing was changed"
            ) from None
        raise
    except BaseException:
        conn.close()
        raise
    conn.row_factory = dbapi2.Row
    return cast(sqlite3.Connection, conn)


# -- passphrase sources ----------------------------------------------------------


def passphrase_from_env(name: str = PASSPHRASE_ENV) -> str | None:
    return os.environ.get(name) or None


def find_passphrase(path: Path, source: PassphraseSource | None = None) -> str:
    """The passphrase for an encrypted journal from `source`, else the environment variable."""
    found = source(path) if source is not None else passphrase_from_env()
    if not found:
        raise PassphraseError(
            f"{path} is encrypted; type its passphrase in a terminal, "
            f"or set {PASSPHRASE_ENV} for scripts"
        )
    return found


def _keyring() -> Any | None:
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def keyring_get(path: Path) -> str | None:
    """The passphrase kept in the OS keyring, or None (no package, no keyring, none kept)."""
    kr = _keyring()
    if kr is None:
        return None
    try:
        value = kr.get_password(KEYRING_SERVICE, str(path))
    except Exception:  # any backend failure means "no keyring here", never an error
        return None
    return value if isinstance(value, str) and value else None


def keyring_set(path: Path, passphrase: str) -> bool:
    """Keep the passphrase in the OS keyring; False when there is none to keep it in."""
    kr = _keyring()
    if kr is None:
        return False
    try:
        kr.set_password(KEYRING_SERVICE, str(path), passphrase)
    except Exception:
        return False
    return True


def keyring_delete(path: Path) -> None:
    kr = _keyring()
    if kr is None:
        return
    try:
        kr.delete_password(KEYRING_SERVICE, str(path))
    except Exception:
        pass


# -- converting ------------------------------------------------------------------


def _plain_connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=LOCK_TIMEOUT_SECONDS, isolation_level=None)


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        ).fetchall()
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _verify(conn: sqlite3.Connection, expected: dict[str, int], path: Path) -> None:
    """The converted copy must pass the integrity check and hold the same rows everywhere."""
    status = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if status != "ok":
        raise StoreError(f"the converted copy of {path} failed its check; the journal is unchanged")
    if _table_counts(conn) != expected:
        raise StoreError(
            f"the converted copy of {path} does not hold the same entries; the journal is unchanged"
        )


def _take_sole_access(conn: sqlite3.Connection, path: Path) -> None:
    """Leave WAL mode and hold the file exclusively; refuse if another `journal` has it open.

    SQLite will not leave WAL mode while another connection is open, which is
    exactly the case to refuse: an unfinished `journal write` in another window
    would otherwise save its entry into the old file after the swap.
    """
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise StoreError(
                f"{path} is open in another `journal` (perhaps an unfinished entry); "
                "close it and try again; nothing was changed"
            ) from None
        raise
    if str(mode).lower() != "delete":
        raise StoreError(f"{path} could not be taken for conversion; nothing was changed")
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists() and side.stat().st_size > 0 and suffix == "-wal":
            raise StoreError(
                f"{path} still has unsaved changes in {side.name}; nothing was changed"
            )


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap(new: Path, path: Path) -> None:
    """Put `new` in place of `path` in one rename, and make the old inode unusable.

    A process that opened the old file just before the swap (and waited for our
    lock) would otherwise write into a file no longer in the folder; overwriting
    its header makes that write fail (and its words go to a draft) instead.
    """
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with open(new, "rb+") as handle:
        os.fsync(handle.fileno())
    os.chmod(new, 0o600)
    old = os.open(path, os.O_RDWR)
    try:
        os.replace(new, path)
        _fsync_dir(path.parent)
        os.pwrite(old, b"journal replaced\x00", 0)
    finally:
        os.close(old)


def _convert(
    path: Path,
    source_conn: sqlite3.Connection,
    export_key: str,
    reopen: Callable[[Path], sqlite3.Connection],
) -> None:
    """Export every table from `source_conn` to a new file beside `path`, check, swap."""
    new = Path(f"{path}{ENCRYPTING_SUFFIX}")
    new.unlink(missing_ok=True)
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        _take_sole_access(source_conn, path)
        expected = _table_counts(source_conn)
        source_conn.execute("ATTACH DATABASE ? AS converted KEY ?", [str(new), export_key])
        source_conn.execute("SELECT sqlcipher_export('converted')").fetchone()
        source_conn.execute("DETACH DATABASE converted")
        check = reopen(new)
        try:
            _verify(check, expected, path)
        finally:
            check.close()
        _checkpoint_hook()
        _swap(new, path)
    except BaseException:
        new.unlink(missing_ok=True)
        Path(f"{new}-journal").unlink(missing_ok=True)
        raise
    finally:
        source_conn.close()


def _checkpoint_hook() -> None:
    """Called after the new file is verified and before the swap (tests interrupt here)."""
    from relational_journal.storage.faults import checkpoint

    checkpoint("convert:before-swap")


def encrypt(path: Path, passphrase: str) -> None:
    """Turn the plain journal at `path` into an encrypted one (same entries, atomic swap)."""
    path = Path(path)
    _quote(passphrase)
    if is_encrypted(path):
        raise StoreError(f"{path} is already encrypted; use `journal passphrase` to change it")
    dbapi2 = sqlcipher()
    connection_class, _ = _connection_classes()
    conn = cast(
        sqlite3.Connection,
        dbapi2.connect(
            str(path),
            timeout=LOCK_TIMEOUT_SECONDS,
            isolation_level=None,
            factory=connection_class,
        ),
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    _convert(path, conn, passphrase, lambda p: connect_encrypted(p, passphrase, 1.0))


def decrypt(path: Path, passphrase: str) -> None:
    """Turn the encrypted journal at `path` back into a plain one (atomic swap)."""
    path = Path(path)
    if not is_encrypted(path):
        raise StoreError(f"{path} is not encrypted")
    conn = connect_encrypted(path, passphrase, LOCK_TIMEOUT_SECONDS)
    _convert(path, conn, "", _plain_connect)


def rekey(path: Path, old: str, new: str) -> None:
    """Change the passphrase of an encrypted journal (PRAGMA rekey, all or nothing)."""
    path = Path(path)
    literal = _quote(new)
    if not is_encrypted(path):
        raise StoreError(f"{path} is not encrypted; use `journal encrypt` first")
    conn = connect_encrypted(path, old, LOCK_TIMEOUT_SECONDS)
    try:
        _take_sole_access(conn, path)
        expected = _table_counts(conn)
        conn.execute(f"PRAGMA rekey = {literal}")
    finally:
        conn.close()
    check = connect_encrypted(path, new, 1.0)
    try:
        _verify(check, expected, path)
    finally:
        check.close()
