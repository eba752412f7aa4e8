"""Bulk writes for an import: checked entries in batches, inside one transaction."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from relational_journal.models import EntryIn, ImportResult, PersonIn, fingerprint
from relational_journal.storage.rows import INSERT_EPISODE, episode_values

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


@contextmanager
def bulk_writer(store: Store, now: datetime) -> Iterator[BulkWriter]:
    """One transaction for a whole import: everything is written, or nothing."""
    with store.transaction() as conn:
        writer = BulkWriter(conn, now.isoformat(timespec="seconds"))
        yield writer
        writer.finish()


class _People:
    """Person ids by name or alias (case-insensitive), creating people as needed."""

    def __init__(self, conn: sqlite3.Connection, now: str) -> None:
        self.conn, self.now = conn, now
        self.ids: dict[str, int] = {}
        self.known: dict[int, tuple[str | None, str | None]] = {}
        self.added = 0
        for pid, name, role, era in conn.execute("SELECT id, name, role, era FROM people"):
            self.ids.setdefault(name.casefold(), pid)
            self.known[pid] = (role, era)
        for alias, pid in conn.execute("SELECT alias, person_id FROM person_aliases"):
            self.ids.setdefault(alias.casefold(), pid)

    def id(self, ref: PersonIn) -> int:
        # The import checked each name; normalising again keeps one person per spelling.
        ref = PersonIn(unicodedata.normalize("NFC", ref.name).strip(), ref.role, ref.era)
        key = ref.name.casefold()
        pid = self.ids.get(key)
        if pid is None:
            cursor = self.conn.execute(
                "INSERT INTO people (name, role, era, created_at) VALUES (?, ?, ?, ?)",
                [ref.name, ref.role, ref.era, self.now],
            )
            pid = int(cursor.lastrowid or 0)
            self.ids[key] = pid
            self.known[pid] = (ref.role, ref.era)
            self.added += 1
            return pid
        role, era = self.known[pid]
        # Fill in what was not known before; never overwrite what the client said.
        if (ref.role and not role) or (ref.era and not era):
            self.conn.execute(
                "UPDATE people SET role = coalesce(role, ?), era = coalesce(era, ?) WHERE id = ?",
                [ref.role, ref.era, pid],
            )
            self.known[pid] = (role or ref.role, era or ref.era)
        return pid


class BulkWriter:
    """Writes checked entries in batches inside the caller's transaction.

    An entry already in the journal before this import (same moment, title and
    text) is skipped; two alike entries in one file are both kept, as they were
    in the journal that exported them. An entry keeps its own id when it is free
    (a journal moved to a new computer keeps its numbers); the rest get new ids
    after the highest.
    """

    def __init__(self, conn: sqlite3.Connection, now: str) -> None:
        self.conn = conn
        self.people = _People(conn, now)
        self.total = self.added = 0
        self.had_entries = conn.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is not None
        if self.had_entries:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_new (id INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.import_new")
        # Entries imported before whose text has changed since: (their id, the new version).
        self.changed: list[tuple[int, EntryIn]] = []
        self.updated = 0
        self.fts_trigger = _suspend_fts_trigger(conn)
        self.indexes = [] if self.had_entries else _suspend_indexes(conn)

    def write(self, batch: Sequence[EntryIn]) -> None:
        if not batch:
            return
        self.total += len(batch)
        fresh = self._fresh(batch)
        ids = self._ids(fresh)
        _write_batch(self.conn, fresh, ids, self.people, index_text=self.fts_trigger is not None)
        if self.had_entries:
            self.conn.executemany(
                "INSERT INTO temp.import_new (id) VALUES (?)", [(i,) for i in ids]
            )
        self.added += len(fresh)

    def _fresh(self, batch: Sequence[EntryIn]) -> Sequence[EntryIn]:
        """The entries of the batch not in the journal before this import (indexed lookup)."""
        if not self.had_entries:
            return batch
        moments = json.dumps(sorted({e.about_ts for e in batch}))
        rows = self.conn.execute(
            "SELECT about_ts, title, body, id FROM entries"
            " WHERE about_ts IN (SELECT value FROM json_each(?))"
            " AND id NOT IN (SELECT id FROM temp.import_new)",
            [moments],
        ).fetchall()
        found = {fingerprint(ts, title, body) for ts, title, body, _ in rows}
        if not found:
            return batch
        titled = {(ts, title): entry_id for ts, title, _, entry_id in rows if title}
        claimed = {entry_id for entry_id, _ in self.changed}
        fresh = []
        for e in batch:
            if e.fingerprint() in found:
                continue
            entry_id = titled.get((e.about_ts, e.title))
            if entry_id is not None and entry_id not in claimed:
                claimed.add(entry_id)
                self.changed.append((entry_id, e))
            else:
                fresh.append(e)
        return fresh

    def update_changed(self) -> None:
        """Give the entries imported before, whose text has changed since, the file's text.

        Their text and star are the file's; tags and people it names are added,
        and what the client added in the journal stays.
        """
        self.conn.executemany(
            "UPDATE entries SET body = ?, starred = ? WHERE id = ?",
            [(e.body, int(e.starred), entry_id) for entry_id, e in self.changed],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)",
            [(entry_id, t) for entry_id, e in self.changed for t in e.tags],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)",
            [(entry_id, self.people.id(p)) for entry_id, e in self.changed for p in e.people],
        )
        self.updated = len(self.changed)

    def _ids(self, fresh: Sequence[EntryIn]) -> list[int]:
        own = [e.id for e in fresh if e.id is not None]
        taken: set[int] = set()
        if own:
            taken = {
                row[0]
                for row in self.conn.execute(
                    "SELECT id FROM entries WHERE id IN (SELECT value FROM json_each(?))",
                    [json.dumps(own)],
                )
            }
        ids: list[int | None] = []
        for e in fresh:
            if e.id is not None and e.id not in taken:
                taken.add(e.id)
                ids.append(e.id)
            else:
                ids.append(None)
        highest = self.conn.execute("SELECT max(id) FROM entries").fetchone()[0] or 0
        next_id = max(highest, max(taken, default=0)) + 1
        out: list[int] = []
        for found in ids:
            if found is None:
                found, next_id = next_id, next_id + 1
            out.append(found)
        return out

    def finish(self) -> None:
        for sql in self.indexes:
            self.conn.execute(sql)
        if self.fts_trigger is not None:
            self.conn.execute(self.fts_trigger)
        if self.had_entries:
            self.conn.execute("DROP TABLE temp.import_new")

    def result(self, kind: str) -> ImportResult:
        changed = len(self.changed)
        return ImportResult(
            kind,
            self.total,
            self.added,
            self.total - self.added - changed,
            self.people.added,
            changed=changed,
            updated=self.updated,
        )


# The insert trigger sqlite-utils made for the full-text index. Row by row it
# costs about four times what one executemany into the index does, so a large
# import drops it inside its transaction, fills the index itself, and puts the
# identical trigger back before committing (DDL is transactional in SQLite).
FTS_INSERT_TRIGGER = " ".join(
    """CREATE TRIGGER "entries_ai" AFTER INSERT ON "entries" BEGIN
  INSERT INTO "entries_fts" (rowid, "title", "body") VALUES (new.rowid, new."title", new."body");
END""".split()
)


def _suspend_fts_trigger(conn: sqlite3.Connection) -> str | None:
    """Drop the known full-text insert trigger; returns its SQL to recreate it, else None."""
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'entries_ai'"
    ).fetchone()
    if row is None or " ".join(str(row[0]).split()) != FTS_INSERT_TRIGGER:
        return None  # an index this code does not know: let the triggers do the work
    conn.execute('DROP TRIGGER "entries_ai"')
    return str(row[0])


# Into an empty journal, building each index once from the finished table (a
# sort) costs a fraction of keeping it up to date row by row: the feelings'
# indexes by word take rows in random order. Dropped and made again from their
# own SQL inside the import's transaction, so a failed import keeps them.
BULK_TABLES = ("entries", "entry_tags", "entry_people", "entry_feelings", "episodes")


def _suspend_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the tables an import fills; returns their SQL."""
    marks = ", ".join("?" * len(BULK_TABLES))
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks})",
        BULK_TABLES,
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in rows]


def _write_batch(
    conn: sqlite3.Connection,
    batch: Sequence[EntryIn],
    ids: Sequence[int],
    people: _People,
    *,
    index_text: bool = False,
) -> None:
    conn.executemany(
        "INSERT INTO entries (id, written_at, about, about_ts, about_day, prompt_id, pack_id,"
        " title, body, private, starred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                entry_id,
                e.written_at,
                e.about,
                e.about_ts,
                e.about_day,
                e.prompt_id,
                e.pack_id,
                e.title,
                e.body,
                int(e.private),
                int(e.starred),
            )
            for entry_id, e in zip(ids, batch, strict=True)
        ],
    )
    if index_text:
        conn.executemany(
            'INSERT INTO "entries_fts" (rowid, "title", "body") VALUES (?, ?, ?)',
            [(entry_id, e.title, e.body) for entry_id, e in zip(ids, batch, strict=True)],
        )
    tags: list[tuple[int, str]] = []
    links: list[tuple[int, int]] = []
    feelings: list[tuple[int, str, str | None, int | None, int]] = []
    episodes: list[tuple[Any, ...]] = []
    for entry_id, e in zip(ids, batch, strict=True):
        tags.extend((entry_id, t) for t in e.tags)
        links.extend((entry_id, people.id(p)) for p in e.people)
        feelings.extend((entry_id, w, fam, n, int(v)) for w, fam, n, v in e.feelings)
        ep = e.episode
        if ep is not None and any(
            (
                ep.what_happened,
                ep.wish,
                ep.wish_cluster,
                ep.other,
                ep.other_cluster,
                ep.self_response,
                ep.self_cluster,
                ep.self_treatment,
            )
        ):
            person_id = people.id(PersonIn(ep.person, era=ep.era)) if ep.person else None
            if person_id is not None:
                links.append((entry_id, person_id))
            episodes.append(episode_values(entry_id, person_id, ep))
    conn.executemany("INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)", tags)
    conn.executemany(
        "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)", links
    )
    conn.executemany(
        "INSERT INTO entry_feelings (entry_id, word, family, intensity, in_vocabulary)"
        " VALUES (?, ?, ?, ?, ?)",
        feelings,
    )
    conn.executemany(
        INSERT_EPISODE,
        episodes,
    )
