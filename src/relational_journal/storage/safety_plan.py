"""The client's own safety plan, kept inside the journal.

Six sections follow the structure of a safety plan used in crisis care
(warning signs, own coping, distraction, people to ask, professionals, making
things safer), and a seventh holds the client's reasons for living; the
titles, questions and guidance here are the project's own words.

`read_plan` is how the plan screen reads it: quickly, read-only, and never
failing, so a locked or encrypted journal still leaves the screen to open.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from relational_journal.errors import JournalError, PassphraseError

if TYPE_CHECKING:
    from relational_journal.storage.crypto import PassphraseSource
    from relational_journal.storage.store import Store

# How long the plan screen waits for a journal another process holds: short,
# because the lines below the plan matter more than the plan's text.
PLAN_READ_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    question: str
    guidance: str = ""  # shown under the question while the section is empty
    former_titles: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "warning-signs",
        "Signs that a hard time is coming",
        "Which thoughts, feelings, moods or situations tell you things are getting worse?",
    ),
    Section(
        "own-coping",
        "What I can do on my own",
        "What can you do by yourself to get through a hard moment or calm down a little?",
    ),
    Section(
        "distraction",
        "People and places that take my mind off it",
        "Who could you be around, or where could you go, to take your mind off things?",
    ),
    Section(
        "people-to-ask",
        "People I can ask for help",
        "Whom could you tell how you are and ask to help? (names and numbers)",
    ),
    Section(
        "professionals",
        "Professionals and crisis lines",
        "Which professionals or services can you reach, day or night? (names and numbers)",
    ),
    Section(
        "safe-environment",
        "Making things safer",
        "What could you, or someone you trust, do to put the things you might use to harm "
        "yourself out of reach: medicines, sharp objects, a firearm, anything else?",
        "Distance from the means helps a hard moment pass. Some ideas: ask someone you trust "
        "to keep your medicines and hand them out, or keep only a small supply at home; lock "
        "sharp objects away or take them out of the house; have a firearm kept somewhere "
        "else, or locked and unloaded with someone else holding the key. Choose what fits "
        "your life; your therapist can help you plan it.",
        former_titles=("Making my surroundings safer",),
    ),
)
REASONS_FOR_LIVING = Section(
    "reasons-for-living",
    "Reasons for living",
    "What matters to you and keeps you here, even a little: people, animals, places, "
    "plans, things you care about or look forward to?",
    "When things are very dark it can be hard to think of anything; that is part of how "
    "a hard time feels, not proof that nothing is there. One small thing is enough to "
    "start, and you can add more on a calmer day.",
)
# The whole plan, in the order it is shown, edited and exported.
PARTS: tuple[Section, ...] = (*SECTIONS, REASONS_FOR_LIVING)
KEYS = tuple(s.key for s in PARTS)
# The sections whose lines are people and services to contact.
CONTACT_KEYS = ("people-to-ask", "professionals")


def find_section(name: str) -> Section:
    """A section by key, number (1-7) or the start of a word in its title."""
    wanted = name.strip().lower()
    if wanted.isdigit() and 1 <= int(wanted) <= len(PARTS):
        return PARTS[int(wanted) - 1]
    for section in PARTS:
        titles = (section.title, *section.former_titles)
        if wanted == section.key or wanted in (t.lower() for t in titles):
            return section
    matches = [
        s
        for s in PARTS
        if wanted
        and (s.key.startswith(wanted) or any(w.startswith(wanted) for w in s.title.lower().split()))
    ]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(KEYS)
    raise JournalError(f"there is no safety-plan section {name!r}; the sections are: {names}")


def load_plan(store: Store) -> dict[str, str]:
    """Section key -> text, for the sections the client has written."""
    rows = store.read("SELECT section, body FROM safety_plan")
    return {r[0]: r[1] for r in rows if r[0] in KEYS and r[1].strip()}


def contacts_in(plan: dict[str, str]) -> tuple[str, ...]:
    """The lines of the plan's people and professionals to contact, in the plan's order."""
    return tuple(
        line.strip()
        for key in CONTACT_KEYS
        for line in plan.get(key, "").splitlines()
        if line.strip()
    )


def plan_contacts(store: Store) -> tuple[str, ...]:
    """`contacts_in` the client's saved plan."""
    return contacts_in(load_plan(store))


PlanProblem = Literal["locked", "needs-passphrase", "unreadable"]


@dataclass(frozen=True)
class PlanReading:
    """The plan as far as it could be read; `problem` says why it could not be."""

    plan: dict[str, str]
    problem: PlanProblem | None = None
    detail: str = ""


def read_plan(
    path: Path,
    passphrase_source: PassphraseSource | None = None,
    timeout: float | None = None,
) -> PlanReading:
    """Read the plan without creating, upgrading or waiting long for the journal; never raises.

    No journal yet is an empty plan. A journal another process holds, one
    whose passphrase is not at hand, or a damaged one gives an empty plan
    with the problem named, so the caller can still show the crisis lines.
    """
    wait = PLAN_READ_TIMEOUT_SECONDS if timeout is None else timeout
    if not path.exists() or path.stat().st_size == 0:
        return PlanReading({})
    from relational_journal.storage.connection import check_header, translate_error

    conn: sqlite3.Connection | None = None
    try:
        if check_header(path):
            from relational_journal.storage.crypto import connect_encrypted, find_passphrase

            try:
                key = find_passphrase(path, passphrase_source)
            except PassphraseError as exc:
                return PlanReading({}, "needs-passphrase", str(exc))
            conn = connect_encrypted(path, key, wait)
        else:
            conn = sqlite3.connect(str(path), timeout=wait, isolation_level=None)
        conn.execute("PRAGMA query_only = ON")
        rows = conn.execute("SELECT section, body FROM safety_plan").fetchall()
    except PassphraseError as exc:
        return PlanReading({}, "needs-passphrase", str(exc))
    except sqlite3.Error as exc:
        text = str(exc).lower()
        if "no such table" in text:
            return PlanReading({})
        problem: PlanProblem = "locked" if "locked" in text or "busy" in text else "unreadable"
        return PlanReading({}, problem, str(translate_error(exc, path)))
    except JournalError as exc:
        return PlanReading({}, "unreadable", str(exc))
    except OSError as exc:
        return PlanReading({}, "unreadable", f"{path}: {exc.strerror or exc}")
    finally:
        if conn is not None:
            conn.close()
    return PlanReading({r[0]: r[1] for r in rows if r[0] in KEYS and str(r[1]).strip()})


def save_sections(store: Store, texts: dict[str, str], now: datetime | None = None) -> None:
    """Write the given sections in one transaction; empty text removes a section."""
    unknown = [k for k in texts if k not in KEYS]
    if unknown:
        raise JournalError(f"there is no safety-plan section {unknown[0]!r}")
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    with store.transaction() as conn:
        for key, body in texts.items():
            body = body.strip()
            if body:
                conn.execute(
                    "INSERT INTO safety_plan (section, body, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT(section) DO UPDATE SET body = excluded.body,"
                    " updated_at = excluded.updated_at",
                    [key, body, stamp],
                )
            else:
                conn.execute("DELETE FROM safety_plan WHERE section = ?", [key])


def safety_plan_sections(store: Store) -> list[tuple[str, str]]:
    """(title, text) of every written section, in the plan's order (for exports)."""
    plan = load_plan(store)
    return [(s.title, plan[s.key]) for s in PARTS if s.key in plan]


EDITOR_HEADER = "## "


def to_editor_text(plan: dict[str, str]) -> str:
    """The whole plan as one text with a '## title' line before each section."""
    parts = []
    for section in PARTS:
        parts.append(f"{EDITOR_HEADER}{section.title}\n{plan.get(section.key, '')}".rstrip())
    return "\n\n".join(parts) + "\n"


def from_editor_text(text: str) -> dict[str, str]:
    """Read back `to_editor_text`'s form; text under an unknown heading is an error."""
    by_title = {t.lower(): s.key for s in PARTS for t in (s.title, *s.former_titles)}
    result: dict[str, list[str]] = {s.key: [] for s in PARTS}
    current: str | None = None
    for line in text.splitlines():
        if line.startswith(EDITOR_HEADER):
            title = line[len(EDITOR_HEADER) :].strip().lower()
            if title not in by_title:
                raise JournalError(
                    f"the heading {line.strip()!r} is not a safety-plan section; "
                    "keep the headings as they were"
                )
            current = by_title[title]
        elif current is not None:
            result[current].append(line)
        elif line.strip():
            raise JournalError("text above the first heading cannot be placed in a section")
    return {key: "\n".join(lines).strip() for key, lines in result.items()}
