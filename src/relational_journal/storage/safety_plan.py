"""The client's own safety plan, in six sections, kept inside the journal.

The sections follow the structure of a safety plan used in crisis care
(warning signs, own coping, distraction, people to ask, professionals, a safer
environment); the titles and questions here are the project's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from relational_journal.storage.store import Store


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    question: str


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
        "Making my surroundings safer",
        "What could you (or someone you trust) do to keep things you might harm yourself "
        "with out of reach?",
    ),
)
KEYS = tuple(s.key for s in SECTIONS)


def find_section(name: str) -> Section:
    """A section by key, number (1-6) or the start of a word in its title."""
    wanted = name.strip().lower()
    if wanted.isdigit() and 1 <= int(wanted) <= len(SECTIONS):
        return SECTIONS[int(wanted) - 1]
    for section in SECTIONS:
        if wanted in (section.key, section.title.lower()):
            return section
    matches = [
        s
        for s in SECTIONS
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
    return [(s.title, plan[s.key]) for s in SECTIONS if s.key in plan]


EDITOR_HEADER = "## "


def to_editor_text(plan: dict[str, str]) -> str:
    """The whole plan as one text with a '## title' line before each section."""
    parts = []
    for section in SECTIONS:
        parts.append(f"{EDITOR_HEADER}{section.title}\n{plan.get(section.key, '')}".rstrip())
    return "\n\n".join(parts) + "\n"


def from_editor_text(text: str) -> dict[str, str]:
    """Read back `to_editor_text`'s form; text under an unknown heading is an error."""
    by_title = {s.title.lower(): s.key for s in SECTIONS}
    result: dict[str, list[str]] = {s.key: [] for s in SECTIONS}
    current: str | None = None
    for line in text.splitlines():
        if line.startswith(EDITOR_HEADER):
            title = line[len(EDITOR_HEADER) :].strip().lower()
            if title not in by_title:
                raise JournalError(
                    f"the heading {line.strip()!r} is not a safety-plan section; "
                    "keep the six headings as they were"
                )
            current = by_title[title]
        elif current is not None:
            result[current].append(line)
        elif line.strip():
            raise JournalError("text above the first heading cannot be placed in a section")
    return {key: "\n".join(lines).strip() for key, lines in result.items()}
