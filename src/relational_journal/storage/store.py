"""The journal database: opening, upgrading, and every query.

Plain `sqlite3` does the everyday reads and writes (fast to import); the schema
is created and upgraded by sqlite-utils migrations (see migrations.py). Every
change runs in one `BEGIN IMMEDIATE` transaction, under WAL with a busy
timeout, so a second `journal` process waits its turn instead of losing work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relational_journal.errors import (
    DatabaseTooNewError,
    EntryNotFoundError,
    NotAJournalError,
    PersonNotFoundError,
    StoreError,
)
from relational_journal.models import Entry, Episode, FeelingFelt, Person, PersonRef, person_name
from relational_journal.storage import migrations
from relational_journal.storage.connection import (
    BUSY_TIMEOUT_SECONDS,
    check_header,
    connect,
    create_private_file,
    translate_error,
)
from relational_journal.storage.query import EntryFilter, select_ids_sql, where_clause
from relational_journal.storage.rows import INSERT_EPISODE, episode_values

if TYPE_CHECKING:
    from relational_journal.storage.crypto import PassphraseSource

CHUNK = 500


def now_utc() -> datetime:
    return datetime.now(UTC)


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


# The columns an entry's content sets, in the order of _entry_values.
ENTRY_COLUMNS = (
    "about",
    "about_ts",
    "about_day",
    "prompt_id",
    "pack_id",
    "title",
    "body",
    "private",
    "starred",
)


def _entry_values(entry: Entry) -> list[object]:
    """An entry's ENTRY_COLUMNS values (saved and rewritten alike)."""
    about = entry.about
    return [
        _iso(about),
        int(about.timestamp()),
        about.date().isoformat(),
        entry.prompt_id,
        entry.pack_id,
        entry.title,
        entry.body,
        int(entry.private),
        int(entry.starred),
    ]


class Store:
    """An open journal. Use `Store.open(path)`; close it, or use it as a context manager."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, *, passphrase: str | None = None
    ) -> None:
        self.conn = conn
        self.path = path
        # Kept so backups of an encrypted journal are encrypted with the same key.
        self.passphrase = passphrase

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        passphrase: str | None = None,
        passphrase_source: PassphraseSource | None = None,
        before_upgrade: Callable[[Store], object] | None = None,
    ) -> Store:
        """Open (creating if asked) the journal at `path`, upgrading its schema if needed.

        An encrypted journal is opened with `passphrase`, else with the one
        `passphrase_source` finds (else the environment variable). `before_upgrade`
        runs before an existing journal's schema is upgraded (the caller's safety
        backup); the store itself knows nothing of backups.
        """
        path = Path(path)
        is_new = not path.exists() or path.stat().st_size == 0
        encrypted = False
        if not path.exists():
            if not create:
                raise StoreError(f"no journal at {path}")
            if path.is_symlink():
                # SQLite would create the file at the link's target with the umask's mode.
                raise StoreError(
                    f"{path} is a symbolic link to nothing; a new journal is never created"
                    " through a link (remove it, or point it at an existing journal)"
                )
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                create_private_file(path)
            except FileExistsError:
                pass
            except OSError as exc:
                raise StoreError(f"cannot create the journal at {path}: {exc.strerror}") from None
        else:
            encrypted = check_header(path)
        if encrypted:
            from relational_journal.storage.crypto import connect_encrypted, find_passphrase

            key = passphrase or find_passphrase(path, passphrase_source)
            try:
                conn = connect_encrypted(path, key, BUSY_TIMEOUT_SECONDS)
                conn.execute("PRAGMA foreign_keys = ON")
                # Every page read is decrypted; keep decrypted pages (up to 128 MB, only
                # as they are read) so a command that scans twice decrypts once.
                conn.execute("PRAGMA cache_size = -131072")
            except sqlite3.Error as exc:
                raise translate_error(exc, path) from None
            store = cls(conn, path, passphrase=key)
        else:
            conn = connect(path)
            store = cls(conn, path)
        try:
            store._prepare(is_new, before_upgrade)
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self, is_new: bool, before_upgrade: Callable[[Store], object] | None) -> None:
        try:
            self._use_wal()
            applied = self._schema_steps(is_new)
            if len(applied) == len(migrations.NAMES):
                return
            if applied and before_upgrade is not None:
                before_upgrade(self)
            # Two `journal` processes may open a new or older journal at once: the
            # write lock makes one upgrade it while the other waits, then finds
            # nothing left to do. All steps commit together, so a kill -9 midway
            # leaves the journal as it was before the upgrade.
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if len(self._schema_steps(is_new)) < len(migrations.NAMES):
                    migrations.apply(self.conn)
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from None

    def _use_wal(self) -> None:
        """Switch to WAL, waiting while another process opening the journal holds its lock.

        Changing the journal mode needs the file to itself, and SQLite can answer
        "locked" at once rather than wait its busy timeout when two processes open
        a new journal at the same moment; so wait here, as the busy timeout would.
        """
        import time

        from relational_journal.storage.connection import BUSY_TIMEOUT_SECONDS

        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _schema_steps(self, is_new: bool) -> list[str]:
        """The schema steps this journal has had, read in one snapshot, after sanity checks."""
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")
        try:
            applied = migrations.applied_names(self.conn)
            has_tables = self._has_tables()
        finally:
            if own:
                self.conn.execute("COMMIT")
        if not is_new and not applied and has_tables:
            raise NotAJournalError(
                f"{self.path} is a SQLite database but not a journal; it was left untouched"
            )
        unknown = [name for name in applied if name not in migrations.NAMES]
        if unknown:
            raise DatabaseTooNewError(
                f"{self.path} was written by a newer version of relational-journal "
                f"(it has schema step {unknown[-1]}); upgrade the tool to open it"
            )
        return applied

    def _has_tables(self) -> bool:
        row = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        return bool(row[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing change: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise translate_error(exc, self.path) from None
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from None

    # -- entries -------------------------------------------------------------

    def add_entry(self, entry: Entry) -> int:
        """Save a new entry with its tags, people, feelings and episode; returns its id."""
        with self.transaction() as conn:
            return self._insert_entry(conn, entry)

    def _insert_entry(self, conn: sqlite3.Connection, entry: Entry) -> int:
        cursor = conn.execute(
            f"INSERT INTO entries (id, written_at, {', '.join(ENTRY_COLUMNS)})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [entry.id, _iso(entry.written_at), *_entry_values(entry)],
        )
        entry_id = int(cursor.lastrowid or 0)
        self._write_links(conn, entry_id, entry)
        return entry_id

    def _write_links(self, conn: sqlite3.Connection, entry_id: int, entry: Entry) -> None:
        conn.executemany(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)",
            [(entry_id, tag.lstrip("#")) for tag in entry.tags],
        )
        for ref in entry.people:
            person_id = self._person_id(conn, ref)
            conn.execute(
                "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                [entry_id, person_id],
            )
        conn.executemany(
            "INSERT INTO entry_feelings (entry_id, word, family, intensity, in_vocabulary)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (entry_id, f.word, f.family, f.intensity, int(f.in_vocabulary))
                for f in entry.feelings
            ],
        )
        ep = entry.episode
        if ep is not None and not ep.is_empty():
            episode_person: int | None = None
            if ep.person:
                episode_person = self._person_id(conn, PersonRef(ep.person, era=ep.era))
                conn.execute(
                    "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                    [entry_id, episode_person],
                )
            conn.execute(INSERT_EPISODE, episode_values(entry_id, episode_person, ep))

    def replace_entry(self, entry: Entry) -> None:
        """Rewrite a saved entry (text, flags, people, feelings, episode) in one transaction."""
        if entry.id is None:
            raise EntryNotFoundError("an entry must be saved before it can be changed")
        with self.transaction() as conn:
            self._require(conn, entry.id)
            conn.execute(
                f"UPDATE entries SET {', '.join(c + ' = ?' for c in ENTRY_COLUMNS)} WHERE id = ?",
                [*_entry_values(entry), entry.id],
            )
            for table in ("entry_tags", "entry_people", "entry_feelings", "episodes"):
                conn.execute(f"DELETE FROM {table} WHERE entry_id = ?", [entry.id])
            self._write_links(conn, entry.id, entry)

    def _require(self, conn: sqlite3.Connection, entry_id: int) -> None:
        if conn.execute("SELECT 1 FROM entries WHERE id = ?", [entry_id]).fetchone() is None:
            raise EntryNotFoundError(f"there is no entry {entry_id}")

    def get_entry(self, entry_id: int, *, include_trash: bool = False) -> Entry:
        entries = self._hydrate([entry_id])
        if not entries or (entries[0].deleted_at is not None and not include_trash):
            raise EntryNotFoundError(f"there is no entry {entry_id}")
        return entries[0]

    def entry_ids(self, f: EntryFilter) -> list[int]:
        sql, params = select_ids_sql(f)
        return [row[0] for row in self.read(sql, params)]

    def iter_entries(self, f: EntryFilter) -> Iterator[Entry]:
        """Matching entries in date order, loaded in chunks so memory stays flat."""
        ids = self.entry_ids(f)
        for start in range(0, len(ids), CHUNK):
            yield from self._hydrate(ids[start : start + CHUNK])

    def count_entries(self, f: EntryFilter) -> int:
        where, params = where_clause(f.without_limit())
        return int(self.read(f"SELECT count(*) FROM entries e WHERE {where}", params)[0][0])

    def _tuples(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        """Rows as plain tuples (sqlite3.Row costs more than the query when hydrating)."""
        try:
            cursor = self.conn.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from None

    def _hydrate(self, ids: Sequence[int]) -> list[Entry]:
        """Full entries for these ids, in the order given, with five queries in all."""
        if not ids:
            return []
        rows = self._tuples
        marks = ", ".join("?" * len(ids))
        entries = {
            r[0]: r
            for r in rows(
                "SELECT id, body, about, written_at, title, prompt_id, pack_id, private, starred,"
                f" deleted_at FROM entries WHERE id IN ({marks})",
                ids,
            )
        }
        tags: dict[int, list[str]] = {}
        for entry_id, tag in rows(
            f"SELECT entry_id, tag FROM entry_tags WHERE entry_id IN ({marks})"
            " ORDER BY entry_id, tag",  # per entry by tag; the index gives this order
            ids,
        ):
            if entry_id in tags:
                tags[entry_id].append(tag)
            else:
                tags[entry_id] = [tag]
        people: dict[int, list[PersonRef]] = {}
        for entry_id, name, role, era in rows(
            "SELECT ep.entry_id, p.name, p.role, p.era FROM entry_people ep"
            f" JOIN people p ON p.id = ep.person_id WHERE ep.entry_id IN ({marks})"
            " ORDER BY p.name",
            ids,
        ):
            ref = PersonRef(name, role, era)
            if entry_id in people:
                people[entry_id].append(ref)
            else:
                people[entry_id] = [ref]
        feelings: dict[int, list[FeelingFelt]] = {}
        for entry_id, word, family, intensity, in_vocabulary in rows(
            "SELECT entry_id, word, family, intensity, in_vocabulary FROM entry_feelings"
            f" WHERE entry_id IN ({marks}) ORDER BY entry_id, id",
            ids,
        ):
            felt = FeelingFelt(word, family, intensity, bool(in_vocabulary))
            if entry_id in feelings:
                feelings[entry_id].append(felt)
            else:
                feelings[entry_id] = [felt]
        episodes: dict[int, Episode] = {
            r[0]: Episode(
                person=r[1],
                era=r[2],
                what_happened=r[3],
                wish=r[4],
                wish_cluster=r[5],
                other=r[6],
                other_cluster=r[7],
                other_expected=bool(r[8]),
                self_response=r[9],
                self_cluster=r[10],
                self_treatment=r[11],
            )
            for r in rows(
                "SELECT ep.entry_id, p.name, ep.era, ep.what_happened, ep.wish, ep.wish_cluster,"
                " ep.other, ep.other_cluster, ep.other_expected, ep.self, ep.self_cluster,"
                " ep.self_treatment"
                " FROM episodes ep LEFT JOIN people p ON p.id = ep.person_id"
                f" WHERE ep.entry_id IN ({marks})",
                ids,
            )
        }
        parse = datetime.fromisoformat
        result = []
        for entry_id in ids:
            r = entries.get(entry_id)
            if r is None:
                continue
            t = tags.get(entry_id)
            p = people.get(entry_id)
            fl = feelings.get(entry_id)
            result.append(
                Entry(
                    id=r[0],
                    body=r[1],
                    about=parse(r[2]),
                    written_at=parse(r[3]),
                    title=r[4],
                    prompt_id=r[5],
                    pack_id=r[6],
                    private=bool(r[7]),
                    starred=bool(r[8]),
                    tags=tuple(t) if t else (),
                    people=tuple(p) if p else (),
                    feelings=tuple(fl) if fl else (),
                    episode=episodes.get(entry_id),
                    deleted_at=r[9],
                )
            )
        return result

    def recent_prompt_ids(self, limit: int = 50) -> list[str]:
        """Prompts answered most recently first, for choosing one not answered lately."""
        rows = self.read(
            "SELECT prompt_id, max(about_ts) AS last FROM entries"
            " WHERE prompt_id IS NOT NULL AND deleted_at IS NULL"
            " GROUP BY prompt_id ORDER BY last DESC LIMIT ?",
            [limit],
        )
        return [r[0] for r in rows]

    # -- people --------------------------------------------------------------

    def _person_id(self, conn: sqlite3.Connection, ref: PersonRef) -> int:
        """The id of the person named (by name or alias), creating them if new."""
        try:
            name = person_name(ref.name)
        except ValueError as exc:
            raise StoreError(f"a person's name: {exc}; nothing was saved") from None
        row = conn.execute(
            "SELECT id, role, era FROM people WHERE name = ? COLLATE NOCASE"
            " UNION ALL SELECT p.id, p.role, p.era FROM person_aliases a"
            " JOIN people p ON p.id = a.person_id WHERE a.alias = ? COLLATE NOCASE LIMIT 1",
            [name, name],
        ).fetchone()
        if row is None:
            cursor = conn.execute(
                "INSERT INTO people (name, role, era, created_at) VALUES (?, ?, ?, ?)",
                [name, ref.role, ref.era, _iso(now_utc())],
            )
            return int(cursor.lastrowid or 0)
        person_id = int(row[0])
        # Fill in what was not known before; never overwrite what the client said earlier.
        if (ref.role and not row[1]) or (ref.era and not row[2]):
            conn.execute(
                "UPDATE people SET role = coalesce(role, ?), era = coalesce(era, ?) WHERE id = ?",
                [ref.role, ref.era, person_id],
            )
        return person_id

    def find_person(self, name: str) -> Person | None:
        """A person by name or alias, case-insensitively."""
        name = name.strip().lstrip("@")
        rows = self.read(
            "SELECT id FROM people WHERE name = ? COLLATE NOCASE"
            " UNION ALL SELECT person_id FROM person_aliases WHERE alias = ? COLLATE NOCASE"
            " LIMIT 1",
            [name, name],
        )
        if not rows:
            return None
        return self.people(ids=[rows[0][0]])[0]

    def require_person(self, name: str) -> Person:
        person = self.find_person(name)
        if person is None:
            raise PersonNotFoundError(f"the journal knows nobody called {name!r}")
        return person

    def people(self, ids: Iterable[int] | None = None) -> list[Person]:
        """Everyone the journal knows, with entry counts and last mention (one query)."""
        params: list[object] = []
        where = ""
        if ids is not None:
            id_list = list(ids)
            where = f"WHERE p.id IN ({', '.join('?' for _ in id_list)})"
            params.extend(id_list)
        rows = self.read(
            "SELECT p.id, p.name, p.role, p.era, p.share_as,"
            " (SELECT group_concat(alias, char(31)) FROM person_aliases a"
            "   WHERE a.person_id = p.id) AS aliases,"
            " count(e.id) AS entries, max(e.about_day) AS last_day"
            " FROM people p"
            " LEFT JOIN entry_people ep ON ep.person_id = p.id"
            " LEFT JOIN entries e ON e.id = ep.entry_id AND e.deleted_at IS NULL"
            f" {where} GROUP BY p.id ORDER BY p.name COLLATE NOCASE",
            params,
        )
        return [
            Person(
                id=r["id"],
                name=r["name"],
                role=r["role"],
                era=r["era"],
                aliases=tuple(sorted(r["aliases"].split("\x1f"))) if r["aliases"] else (),
                share_as=r["share_as"],
                entry_count=r["entries"],
                last_mention=r["last_day"],
            )
            for r in rows
        ]

    # -- small settings kept inside the journal --------------------------------

    def get_meta(self, key: str) -> str | None:
        rows = self.read("SELECT value FROM meta WHERE key = ?", [key])
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
