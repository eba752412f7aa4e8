"""The journal's schema, as an append-only list of migrations.

Never edit a migration that has shipped: add the next one at the end. The
names are recorded in the database (sqlite-utils' `_sqlite_migrations`), so a
database knows which steps it has had. sqlite-utils is imported only when a
step is actually pending, which keeps every ordinary command fast.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "relational_journal"
MIGRATIONS_TABLE = "_sqlite_migrations"


def m001_create_tables(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            written_at TEXT NOT NULL,      -- ISO 8601 with offset
            about TEXT NOT NULL,           -- ISO 8601 with offset: the moment the entry is about
            about_ts INTEGER NOT NULL,     -- the same moment, Unix seconds, for ranges and order
            about_day TEXT NOT NULL,       -- its local calendar day, YYYY-MM-DD
            prompt_id TEXT,
            pack_id TEXT,
            title TEXT,
            body TEXT NOT NULL,
            private INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            deleted_at TEXT                -- set while the entry is in the trash
        );
        CREATE TABLE entry_tags (
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (entry_id, tag)
        );
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            role TEXT,
            era TEXT,                      -- present, past, therapy or self
            share_as TEXT,                 -- the name used in shared exports
            created_at TEXT NOT NULL
        );
        CREATE TABLE person_aliases (
            alias TEXT PRIMARY KEY COLLATE NOCASE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE
        );
        CREATE TABLE entry_people (
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            PRIMARY KEY (entry_id, person_id)
        );
        CREATE TABLE entry_feelings (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            word TEXT NOT NULL,
            family TEXT,                   -- mad, sad, scared, joyful, powerful, peaceful
            intensity INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 0 AND 10),
            in_vocabulary INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE episodes (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL UNIQUE REFERENCES entries(id) ON DELETE CASCADE,
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            era TEXT,
            what_happened TEXT,
            wish TEXT,
            wish_cluster TEXT,             -- W1..W8
            other TEXT,
            other_cluster TEXT,            -- RO1..RO8
            other_expected INTEGER NOT NULL DEFAULT 0,
            self TEXT,
            self_cluster TEXT              -- RS1..RS8
        );
        CREATE TABLE therapy_sessions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            at_ts INTEGER NOT NULL,
            notes TEXT
        );
        CREATE TABLE session_schedules (
            id INTEGER PRIMARY KEY,
            rule TEXT NOT NULL,            -- an RFC 5545 RRULE, read by dateutil.rrule
            starts TEXT NOT NULL,          -- first occurrence, ISO 8601 with offset
            timezone TEXT,
            created_at TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE safety_plan (
            section TEXT PRIMARY KEY,
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )


def m002_add_fulltext_index(db: Database) -> None:
    # Porter stemming so "hurting" finds "hurt"; triggers keep it in step.
    db["entries"].enable_fts(  # type: ignore[union-attr]
        ["title", "body"], fts_version="FTS5", create_triggers=True, tokenize="porter"
    )


def m003_add_lookup_indexes(db: Database) -> None:
    db.executescript(
        """
        CREATE INDEX idx_entries_about ON entries(about_ts, id);
        CREATE INDEX idx_entries_day ON entries(about_day);
        CREATE INDEX idx_entries_prompt ON entries(prompt_id);
        CREATE INDEX idx_entries_pack ON entries(pack_id);
        CREATE INDEX idx_entry_tags_tag ON entry_tags(tag, entry_id);
        CREATE INDEX idx_entry_people_person ON entry_people(person_id, entry_id);
        CREATE INDEX idx_entry_feelings_entry ON entry_feelings(entry_id);
        CREATE INDEX idx_entry_feelings_word ON entry_feelings(word, entry_id);
        CREATE INDEX idx_entry_feelings_family ON entry_feelings(family, entry_id);
        CREATE INDEX idx_episodes_person ON episodes(person_id);
        CREATE INDEX idx_sessions_at ON therapy_sessions(at_ts);
        """
    )


def m004_add_trash_index(db: Database) -> None:
    # Only trashed rows are indexed, so it stays tiny; every command checks for
    # entries due to be purged, which without it is a scan of the whole table.
    db.execute("CREATE INDEX idx_entries_trash ON entries(deleted_at) WHERE deleted_at IS NOT NULL")


def m005_add_review_indexes(db: Database) -> None:
    # Covering indexes for `journal review`: a period's entries are read by local day
    # without touching their bodies, and feelings are aggregated from the index alone,
    # by entry (short periods) or by word (long ones, with no sort).
    db.executescript(
        """
        CREATE INDEX idx_entries_review
            ON entries(about_day, about_ts, private, starred, pack_id, prompt_id)
            WHERE deleted_at IS NULL;
        CREATE INDEX idx_entry_feelings_entry_review
            ON entry_feelings(entry_id, word, family, intensity);
        CREATE INDEX idx_entry_feelings_word_review
            ON entry_feelings(word, entry_id, family, intensity);
        """
    )


def m006_keep_monthly_review_tallies(db: Database) -> None:
    # `journal review` keeps the counts of each whole month it has counted (review_queries.py),
    # so a year is added up from twelve stored months instead of every entry again. One
    # review_months row per month and privacy choice says a month is stored; the counts hang
    # off it and go with it. Triggers remove a month as soon as one of its entries, or
    # anything linked to one, changes; the next review counts it afresh. Feelings are no
    # longer read by word for the review, and the plain entry index is the prefix of the
    # covering one, so those two indexes only slowed every save down.
    month = "month TEXT NOT NULL, privacy TEXT NOT NULL"
    parent = "FOREIGN KEY (month, privacy) REFERENCES review_months ON DELETE CASCADE"
    # Each table is kept in the order its months are added up in (privacy, then the keys),
    # so the adding needs no sort; the (month, privacy) index finds a month's rows to remove.
    script = [
        f"""
        CREATE TABLE review_months (
            {month},                   -- month: YYYY-MM; privacy: include, exclude or only
            version TEXT NOT NULL,     -- how it was counted: format and vocabulary
            PRIMARY KEY (month, privacy)
        ) WITHOUT ROWID;
        CREATE TABLE review_month_days (
            {month}, day TEXT NOT NULL,
            entries INTEGER NOT NULL, starred INTEGER NOT NULL,
            pleasant_sum REAL NOT NULL, pleasant_n INTEGER NOT NULL,
            PRIMARY KEY (month, privacy, day), {parent}
        ) WITHOUT ROWID;
        CREATE TABLE review_month_prompts (
            {month}, pack_id TEXT, prompt_id TEXT, entries INTEGER NOT NULL, {parent}
        );
        CREATE INDEX idx_review_month_prompts ON review_month_prompts(month, privacy);
        CREATE TABLE review_month_feelings (
            {month}, word TEXT NOT NULL, family TEXT, entries INTEGER NOT NULL,
            intensity_sum INTEGER NOT NULL, intensity_n INTEGER NOT NULL,
            PRIMARY KEY (privacy, word, month), {parent}
        ) WITHOUT ROWID;
        CREATE INDEX idx_review_month_feelings ON review_month_feelings(month, privacy);
        CREATE TABLE review_month_people (
            {month}, person_id INTEGER NOT NULL, entries INTEGER NOT NULL,
            PRIMARY KEY (month, privacy, person_id), {parent}
        ) WITHOUT ROWID;
        CREATE TABLE review_month_person_feelings (
            {month}, person_id INTEGER NOT NULL, word TEXT NOT NULL, entries INTEGER NOT NULL,
            PRIMARY KEY (privacy, person_id, word, month), {parent}
        ) WITHOUT ROWID;
        CREATE INDEX idx_review_month_person_feelings
            ON review_month_person_feelings(month, privacy);
        CREATE TABLE review_month_clusters (
            {month}, wish_cluster TEXT, other_cluster TEXT, self_cluster TEXT,
            episodes INTEGER NOT NULL, {parent}
        );
        CREATE INDEX idx_review_month_clusters ON review_month_clusters(month, privacy);
        CREATE INDEX idx_review_month_clusters_added ON review_month_clusters
            (privacy, wish_cluster, other_cluster, self_cluster, month, episodes);
        CREATE TABLE review_month_echoes (
            {month}, wish_cluster TEXT NOT NULL, other_cluster TEXT NOT NULL,
            person_id INTEGER NOT NULL, era TEXT,
            episodes INTEGER NOT NULL,
            latest TEXT NOT NULL,      -- the latest few entry ids, comma-separated
            {parent}
        );
        CREATE INDEX idx_review_month_echoes ON review_month_echoes(month, privacy);
        CREATE INDEX idx_review_month_echoes_added ON review_month_echoes
            (privacy, wish_cluster, other_cluster, person_id, era, month, episodes, latest);
        DROP INDEX idx_entry_feelings_word_review;
        DROP INDEX idx_entry_feelings_entry;
        CREATE TRIGGER review_months_entry_added AFTER INSERT ON entries BEGIN
            DELETE FROM review_months WHERE month = substr(NEW.about_day, 1, 7);
        END;
        CREATE TRIGGER review_months_entry_changed
        AFTER UPDATE OF about_day, private, starred, deleted_at, prompt_id, pack_id ON entries
        BEGIN
            DELETE FROM review_months
            WHERE month IN (substr(OLD.about_day, 1, 7), substr(NEW.about_day, 1, 7));
        END;
        CREATE TRIGGER review_months_entry_removed AFTER DELETE ON entries BEGIN
            DELETE FROM review_months WHERE month = substr(OLD.about_day, 1, 7);
        END;
        """
    ]
    month_of = "(SELECT substr(about_day, 1, 7) FROM entries WHERE id = {}.entry_id)"
    # Most saves happen while no month is stored (a new journal, an import): then the
    # WHEN test is one look at an empty table and the entry is not even looked up.
    stored = "WHEN EXISTS (SELECT 1 FROM review_months)"
    for table in ("entry_feelings", "entry_people", "episodes"):
        script.append(
            f"""
            CREATE TRIGGER review_months_{table}_added AFTER INSERT ON {table} {stored} BEGIN
                DELETE FROM review_months WHERE month = {month_of.format("NEW")};
            END;
            CREATE TRIGGER review_months_{table}_changed AFTER UPDATE ON {table} {stored} BEGIN
                DELETE FROM review_months
                WHERE month IN ({month_of.format("OLD")}, {month_of.format("NEW")});
            END;
            CREATE TRIGGER review_months_{table}_removed AFTER DELETE ON {table} {stored} BEGIN
                DELETE FROM review_months WHERE month = {month_of.format("OLD")};
            END;
            """
        )
    db.executescript("".join(script))


def m007_keep_drafts_inside_the_journal(db: Database) -> None:
    # An unsaved entry is kept line by line as the client types. Inside the journal it
    # is as safe as the entries themselves: encrypted with them, backed up with them.
    db.executescript(
        """
        CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            data TEXT NOT NULL
        );
        """
    )


def m008_remember_skipped_sessions(db: Database) -> None:
    # A scheduled session that did not take place: its local day, so a schedule's
    # occurrence that day no longer counts as a session.
    db.executescript(
        """
        CREATE TABLE skipped_sessions (
            day TEXT PRIMARY KEY,          -- YYYY-MM-DD, the session's local calendar day
            created_at TEXT NOT NULL
        );
        """
    )


def m009_give_episodes_their_era_and_self_treatment(db: Database) -> None:
    # An episode has its own era ("with Mom, when I was a child" is past even while
    # Mom is in the client's life now); episodes from before take the person's era.
    db.executescript(
        """
        ALTER TABLE episodes ADD COLUMN self_treatment TEXT;
        UPDATE episodes SET era = (SELECT p.era FROM people p WHERE p.id = episodes.person_id)
        WHERE era IS NULL AND person_id IS NOT NULL;
        """
    )


def m010_index_episode_words(db: Database) -> None:
    # An episode's own words are searchable beside the entry's text; the triggers keep
    # the index in step with every save, edit, delete and purge.
    db.executescript(
        """
        CREATE VIRTUAL TABLE episodes_fts USING fts5(
            what_happened, wish, other, self, self_treatment,
            content='episodes', content_rowid='id', tokenize='porter'
        );
        INSERT INTO episodes_fts(episodes_fts) VALUES ('rebuild');
        CREATE TRIGGER episodes_fts_ai AFTER INSERT ON episodes BEGIN
            INSERT INTO episodes_fts (rowid, what_happened, wish, other, self, self_treatment)
            VALUES (NEW.id, NEW.what_happened, NEW.wish, NEW.other, NEW.self,
                    NEW.self_treatment);
        END;
        CREATE TRIGGER episodes_fts_ad AFTER DELETE ON episodes BEGIN
            INSERT INTO episodes_fts
                (episodes_fts, rowid, what_happened, wish, other, self, self_treatment)
            VALUES ('delete', OLD.id, OLD.what_happened, OLD.wish, OLD.other, OLD.self,
                    OLD.self_treatment);
        END;
        CREATE TRIGGER episodes_fts_au AFTER UPDATE ON episodes BEGIN
            INSERT INTO episodes_fts
                (episodes_fts, rowid, what_happened, wish, other, self, self_treatment)
            VALUES ('delete', OLD.id, OLD.what_happened, OLD.wish, OLD.other, OLD.self,
                    OLD.self_treatment);
            INSERT INTO episodes_fts (rowid, what_happened, wish, other, self, self_treatment)
            VALUES (NEW.id, NEW.what_happened, NEW.wish, NEW.other, NEW.self,
                    NEW.self_treatment);
        END;
        """
    )


def m011_count_entry_versions(db: Database) -> None:
    # Every change to an entry moves its version on, so an edit that began earlier (an
    # editor left open) can tell that the entry changed meanwhile. Writes that set the
    # version themselves are left alone; any other update of the row bumps it here.
    db.executescript(
        """
        ALTER TABLE entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        CREATE TRIGGER entries_version_bump AFTER UPDATE ON entries
        WHEN NEW.version = OLD.version BEGIN
            UPDATE entries SET version = OLD.version + 1 WHERE id = NEW.id;
        END;
        """
    )


STEPS: list[Callable[[Database], None]] = [
    m001_create_tables,
    m002_add_fulltext_index,
    m003_add_lookup_indexes,
    m004_add_trash_index,
    m005_add_review_indexes,
    m006_keep_monthly_review_tallies,
    m007_keep_drafts_inside_the_journal,
    m008_remember_skipped_sessions,
    m009_give_episodes_their_era_and_self_treatment,
    m010_index_episode_words,
    m011_count_entry_versions,
]
NAMES: list[str] = [step.__name__ for step in STEPS]


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """Migrations recorded in this database, read with plain sqlite3 (cheap)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [row[0] for row in rows]


def apply(conn: sqlite3.Connection, *, stop_before: str | None = None) -> list[str]:
    """Apply every pending step, each in its own transaction; returns the names applied."""
    from sqlite_utils import Database, Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations()(step)
    db = Database(conn)
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db, stop_before=stop_before)
    if stop_before is not None and stop_before in pending:
        pending = pending[: pending.index(stop_before)]
    return pending
