"""What `journal review` counts, as a value that can be added up.

A Tally holds the grouped counts of a set of entries: entries, stars and tone
per day, feelings per word, people, person x feeling, prompts, and the
relationship episodes by cluster and by person. Tallies of disjoint sets add
up to the tally of their union: a long review adds the months stored in the
journal (added up in SQL, review_queries.py) to the days around them.
Pure: no SQL, no clock.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Bumped whenever the meaning of a stored month's counts changes: older ones are recounted.
FORMAT = 1

# The latest few entries kept for each echo row (the review shows at most this many).
ECHO_IDS = 3

DayKey = str  # YYYY-MM-DD
PromptKey = tuple[str | None, str | None]  # pack id, prompt id
ClusterKey = tuple[str | None, str | None, str | None]  # W, RO, RS cluster codes
EchoKey = tuple[str, str, int, str | None]  # W, RO, person id, the episode's own era


@dataclass
class Tally:
    """Grouped counts over a set of entries; `add` merges a tally of other entries into it."""

    # day -> [entries, starred, sum of tagged feelings' pleasantness, how many of them]
    days: dict[DayKey, list[float]] = field(default_factory=dict)
    prompts: dict[PromptKey, int] = field(default_factory=dict)
    # word -> [family, entries tagged with it, sum of intensities, how many intensities]
    feelings: dict[str, list[Any]] = field(default_factory=dict)
    people: dict[int, int] = field(default_factory=dict)  # person id -> entries naming them
    person_feelings: dict[tuple[int, str], int] = field(default_factory=dict)
    clusters: dict[ClusterKey, int] = field(default_factory=dict)  # episodes per W, RO, RS
    # (W, RO, person, era) -> [episodes, the latest entry ids, newest first]
    echoes: dict[EchoKey, list[Any]] = field(default_factory=dict)

    @property
    def entries(self) -> int:
        return int(sum(d[0] for d in self.days.values()))

    @property
    def episodes(self) -> int:
        return sum(self.clusters.values())

    def add(self, other: Tally) -> Tally:
        for day, (n, starred, psum, pn) in other.days.items():
            mine = self.days.setdefault(day, [0, 0, 0.0, 0])
            mine[0] += n
            mine[1] += starred
            mine[2] += psum
            mine[3] += pn
        _add_counts(self.prompts, other.prompts)
        for word, (family, n, isum, icount) in other.feelings.items():
            had = self.feelings.get(word)
            if had is None:
                self.feelings[word] = [family, n, isum, icount]
                continue
            had[0] = _max(had[0], family)
            had[1] += n
            had[2] += isum
            had[3] += icount
        _add_counts(self.people, other.people)
        _add_counts(self.person_feelings, other.person_feelings)
        _add_counts(self.clusters, other.clusters)
        for key, (n, ids) in other.echoes.items():
            seen = self.echoes.get(key)
            if seen is None:
                self.echoes[key] = [n, list(ids)]
            else:
                seen[0] += n
                seen[1] = newest({*seen[1], *ids})
        return self


def newest(ids: Iterable[int]) -> list[int]:
    """The latest ECHO_IDS entry ids, newest first."""
    return heapq.nlargest(ECHO_IDS, ids)


def _add_counts(into: dict[Any, int], other: dict[Any, int]) -> None:
    for key, n in other.items():
        into[key] = into.get(key, 0) + n


def _max(a: str | None, b: str | None) -> str | None:
    """SQL's max(): the larger of two values, NULLs ignored."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)
