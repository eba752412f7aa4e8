"""The rows the review's SQL returns: plain values for the pure summary in core/review.py."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class DayRow:
    day: str  # YYYY-MM-DD, the entries' local calendar day
    entries: int
    pleasant_sum: float  # sum of the pleasantness of the vocabulary feelings tagged that day
    pleasant_n: int  # how many such feelings


@dataclass(frozen=True)
class FeelingRow:
    word: str
    family: str | None
    count: int  # entries tagged with it
    mean_intensity: float | None


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    era: str | None
    role: str | None
    mentions: int
    last_seen: int | None = None  # about_ts of their latest entry in the period, when tied


def person_order(p: PersonRow) -> tuple[int, float, str]:
    """Most often named first; among equals, the one written about most recently."""
    return (-p.mentions, -p.last_seen if p.last_seen is not None else math.inf, p.name.lower())


@dataclass(frozen=True)
class ClusterRow:
    component: str  # wish, other, self
    code: str | None  # None: the episode has no cluster for this component
    count: int


@dataclass(frozen=True)
class EpisodeRow:
    entry_id: int
    day: str
    person: str | None
    era: str | None
    wish: str | None
    wish_cluster: str | None
    other: str | None
    other_cluster: str | None
    other_expected: bool
    self_response: str | None
    self_cluster: str | None


@dataclass(frozen=True)
class EchoRow:
    """Episodes grouped by wish, response of other, person and era."""

    wish_cluster: str
    other_cluster: str
    person_id: int
    person: str
    era: str
    episodes: int
    entry_ids: tuple[int, ...]  # the latest few, newest first


@dataclass(frozen=True)
class EchoWords:
    """The client's words in the latest episode, with words, on one side of an echo."""

    entry_id: int
    day: str
    wish: str | None
    other: str | None
    self_response: str | None


@dataclass(frozen=True)
class EchoDetailRow:
    """One side of an echo (W, RO, person, era): how the client responded, and their words."""

    wish_cluster: str
    other_cluster: str
    person_id: int
    era: str
    # (RS code, episodes, (about_ts, entry id) of the latest of them), per response of self
    selves: tuple[tuple[str, int, tuple[int, int]], ...]
    words: EchoWords | None


@dataclass(frozen=True)
class StarredRow:
    entry_id: int
    day: str
    title: str | None
    excerpt: str


@dataclass(frozen=True)
class UntaggedRow:
    word: str
    family: str
    times: int  # entries it was written in (the index counts entries, not repeats)
    entries: int


@dataclass(frozen=True)
class ReviewRows:
    """Everything the review needs, as aggregated rows."""

    entries: int
    days_journaled: int
    days: list[DayRow]
    prompts: list[tuple[str | None, str | None, int]]  # pack_id, prompt_id, entries
    feelings: list[FeelingRow]
    previous_feelings: list[FeelingRow] | None
    previous_entries: int | None
    people: list[PersonRow]
    person_feelings: list[tuple[int, str, int]]  # person id, word, entries
    episodes: int
    clusters: list[ClusterRow]
    previous_episodes: int | None
    previous_clusters: list[ClusterRow] | None
    episode_list: list[EpisodeRow]  # only filled when there are few episodes
    echoes_here: list[EchoRow]
    echoes_any: list[EchoRow]
    starred: list[StarredRow]
    starred_total: int
    untagged: list[UntaggedRow] = field(default_factory=list)
    # (part, code, entry id, the client's words) of the latest episode in each cluster
    quotes: list[tuple[str, str, int, str]] = field(default_factory=list)
    # (RO code, expected, episodes): what the client expected, apart from what came
    expected: list[tuple[str, bool, int]] = field(default_factory=list)
    # the responses of self and the client's latest words behind each side of an echo
    echo_details: list[EchoDetailRow] = field(default_factory=list)
