"""An episode's row, written alike by saving an entry and by a bulk import."""

from __future__ import annotations

from typing import Protocol

INSERT_EPISODE = (
    "INSERT INTO episodes (entry_id, person_id, era, what_happened, wish, wish_cluster,"
    " other, other_cluster, other_expected, self, self_cluster, self_treatment)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class EpisodeFields(Protocol):
    """What saving an episode reads: a model Episode or an imported one."""

    @property
    def era(self) -> str | None: ...
    @property
    def what_happened(self) -> str | None: ...
    @property
    def wish(self) -> str | None: ...
    @property
    def wish_cluster(self) -> str | None: ...
    @property
    def other(self) -> str | None: ...
    @property
    def other_cluster(self) -> str | None: ...
    @property
    def other_expected(self) -> bool: ...
    @property
    def self_response(self) -> str | None: ...
    @property
    def self_cluster(self) -> str | None: ...
    @property
    def self_treatment(self) -> str | None: ...


def episode_values(entry_id: int, person_id: int | None, ep: EpisodeFields) -> tuple[object, ...]:
    """An episode as the parameters of INSERT_EPISODE (shared by saving and importing)."""
    return (
        entry_id,
        person_id,
        ep.era,
        ep.what_happened,
        ep.wish,
        ep.wish_cluster,
        ep.other,
        ep.other_cluster,
        int(ep.other_expected),
        ep.self_response,
        ep.self_cluster,
        ep.self_treatment,
    )
