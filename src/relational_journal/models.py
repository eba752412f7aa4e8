"""Plain values passed between the store, the core and the renderers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Era = Literal["present", "past", "therapy", "self"]
ERAS: tuple[str, ...] = ("present", "past", "therapy", "self")

# Characters a terminal obeys instead of showing: C0 controls but tab and newline, DEL,
# C1 controls (0x9b is CSI), and the bidi embeddings, overrides and isolates.
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In a name nothing invisible is allowed: any control (tab and newline too), zero-width
# characters, the byte-order mark, and bidi marks as well as overrides.
_NAME_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def person_name(raw: str) -> str:
    """A person's name as stored: NFC, trimmed, no leading @; ValueError says what is wrong."""
    name = unicodedata.normalize("NFC", raw).strip(" \t").lstrip("@").strip(" \t")
    bad = _NAME_REFUSED.search(name)
    if bad is not None:
        code = ord(bad.group())
        kind = "a line break" if bad.group() in "\r\n" else f"the invisible character U+{code:04X}"
        raise ValueError(f"a name cannot hold {kind}")
    name = " ".join(name.split())
    if not name:
        raise ValueError("a name cannot be empty")
    return name


@dataclass(frozen=True)
class PersonRef:
    """Someone an entry is about, as named in that entry."""

    name: str
    role: str | None = None
    era: str | None = None


@dataclass(frozen=True)
class Person:
    """Someone the journal knows."""

    id: int
    name: str
    role: str | None
    era: str | None
    aliases: tuple[str, ...] = ()
    share_as: str | None = None
    entry_count: int = 0
    last_mention: str | None = None


@dataclass(frozen=True)
class FeelingFelt:
    """A feeling the client tagged on an entry, with its family and 0-10 intensity."""

    word: str
    family: str | None = None
    intensity: int | None = None
    in_vocabulary: bool = True


@dataclass(frozen=True)
class Episode:
    """A relationship episode: what I wanted (W), how they responded (RO), how I responded (RS)."""

    person: str | None = None
    era: str | None = None
    what_happened: str | None = None
    wish: str | None = None
    wish_cluster: str | None = None
    other: str | None = None
    other_cluster: str | None = None
    other_expected: bool = False
    self_response: str | None = None
    self_cluster: str | None = None
    # How I treated myself afterwards: the fourth part of the cyclical maladaptive pattern.
    self_treatment: str | None = None

    def is_empty(self) -> bool:
        return not any(
            (
                self.what_happened,
                self.wish,
                self.wish_cluster,
                self.other,
                self.other_cluster,
                self.self_response,
                self.self_cluster,
                self.self_treatment,
            )
        )


@dataclass(frozen=True)
class Entry:
    """A journal entry. `id` is None until the store has saved it."""

    body: str
    about: datetime
    written_at: datetime
    title: str | None = None
    prompt_id: str | None = None
    pack_id: str | None = None
    private: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()
    people: tuple[PersonRef, ...] = ()
    feelings: tuple[FeelingFelt, ...] = ()
    episode: Episode | None = None
    id: int | None = None
    deleted_at: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Session:
    """A therapy session: recorded by the client, or implied by a schedule."""

    at: datetime
    notes: str | None = None
    recorded: bool = True
    id: int | None = None


@dataclass(frozen=True)
class Overview:
    """What is being shared, computed in SQL over the exported entries only."""

    count: int
    first_day: str | None = None
    last_day: str | None = None
    people: tuple[tuple[str, int], ...] = ()  # (name, entries mentioning them)
    families: tuple[tuple[str, int], ...] = ()  # (feeling family, times felt)
    feelings: tuple[tuple[str, int], ...] = ()  # (feeling word, times felt), most felt first


# -- entries on their way in from an import file ----------------------------------


@dataclass
class PersonIn:
    name: str
    role: str | None = None
    era: str | None = None


@dataclass
class EpisodeIn:
    person: str | None
    era: str | None
    what_happened: str | None
    wish: str | None
    wish_cluster: str | None
    other: str | None
    other_cluster: str | None
    other_expected: bool
    self_response: str | None
    self_cluster: str | None
    self_treatment: str | None = None


@dataclass
class EntryIn:
    """One checked entry, ready to insert."""

    number: int  # position in the file, from 1, for messages
    id: int | None
    written_at: str
    about: str
    about_ts: int
    about_day: str
    prompt_id: str | None
    pack_id: str | None
    title: str | None
    body: str
    private: bool
    starred: bool
    tags: list[str] = field(default_factory=list)
    people: list[PersonIn] = field(default_factory=list)
    feelings: list[tuple[str, str | None, int | None, bool]] = field(default_factory=list)
    episode: EpisodeIn | None = None

    def fingerprint(self) -> bytes:
        return fingerprint(self.about_ts, self.title, self.body)


@dataclass(frozen=True)
class ImportResult:
    format: str
    total: int
    added: int
    skipped: int  # already in the journal
    people_added: int
    changed: int = 0  # imported before (same moment and title) with another text since
    updated: int = 0  # of those, how many took the file's text


def fingerprint(about_ts: int, title: str | None, body: str) -> bytes:
    """What makes two entries the same for import: the moment, the title and the text."""
    key = f"{about_ts}\x1f{title or ''}\x1f{body}".encode()
    return hashlib.blake2b(key, digest_size=16).digest()
