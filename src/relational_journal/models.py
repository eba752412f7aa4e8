"""Plain values passed between the store, the core and the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Era = Literal["present", "past", "therapy", "self"]
ERAS: tuple[str, ...] = ("present", "past", "therapy", "self")


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
