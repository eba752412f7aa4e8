"""The review's statistics for each CCRT cluster: how often, the client's latest words,
and, for responses of the other, how often one was expected rather than met."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT
    from relational_journal.storage.review_rows import ClusterRow


@dataclass(frozen=True)
class ClusterStat:
    code: str
    label: str
    plain: str
    count: int
    pervasiveness: float  # episodes with it / episodes scored for this component
    quote: str | None = None  # the client's words in the latest episode with this cluster
    quote_entry: int | None = None
    expected: int = 0  # RO only: of `count`, the times the client expected this response


def cluster_stats(
    ccrt: CCRT,
    component: str,
    clusters: list[ClusterRow],
    quotes: Sequence[tuple[str, str, int, str]] = (),
    expected: Sequence[tuple[str, bool, int]] = (),
) -> tuple[int, tuple[ClusterStat, ...]]:
    counts = {c.code.upper(): c.count for c in clusters if c.component == component and c.code}
    scored = sum(counts.values())
    said = {code: (entry, words) for part, code, entry, words in quotes if part == component}
    foreseen = {code: n for code, was_expected, n in expected if was_expected}
    stats = []
    for cluster in ccrt.components[component].clusters:
        n = counts.get(cluster.code, 0)
        if n:
            entry, words = said.get(cluster.code, (None, None))
            stats.append(
                ClusterStat(
                    cluster.code,
                    cluster.label,
                    cluster.plain,
                    n,
                    n / scored,
                    quote=words,
                    quote_entry=entry,
                    expected=foreseen.get(cluster.code, 0) if component == "other" else 0,
                )
            )
    order = [c.code for c in ccrt.components[component].clusters]
    # A tie goes to the cluster met most recently, then to the standard order.
    stats.sort(key=lambda s: (-s.count, -(s.quote_entry or 0), order.index(s.code)))
    return scored, tuple(stats)
