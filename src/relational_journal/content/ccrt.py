"""CCRT clusters (Luborsky's Edition 2 standard categories) and their wording.

Labels, plain-language descriptions, valences and the review's sentences all
come from data/ccrt.yaml; nothing clinical is spelled out here. Suggesting a
cluster from the client's words is core/suggest.py's work (cues in
data/ccrt_cues.yaml); a suggestion is only ever offered, never chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

Component = Literal["wish", "other", "self"]
COMPONENTS: tuple[Component, ...] = ("wish", "other", "self")


@dataclass(frozen=True)
class Cluster:
    code: str
    component: Component
    label: str
    plain: str
    valence: str | None = None  # RO and RS only
    wanting: str | None = None  # W only
    met_with: str | None = None  # RO only
    you_plain: str | None = None  # `plain` addressed to the client ("you ...")


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    question: str
    clusters: tuple[Cluster, ...]


@dataclass(frozen=True)
class CCRT:
    components: dict[str, ComponentInfo]
    review: dict[str, str]
    cmp: dict[str, dict[str, Any]]

    def valence(self, code: str | None) -> str | None:
        """A cluster's valence ('positive' or 'negative'); None for wishes and unknown codes."""
        cluster = self.cluster(code)
        return cluster.valence if cluster else None

    def cluster(self, code: str | None) -> Cluster | None:
        if not code:
            return None
        for info in self.components.values():
            for c in info.clusters:
                if c.code == code.upper():
                    return c
        return None


@cache
def load_ccrt() -> CCRT:

    from relational_journal.content.loader import data_file, load_data_file

    data = load_data_file(data_file("ccrt.yaml"))
    components: dict[str, ComponentInfo] = {}
    for comp, body in data["components"].items():
        clusters = tuple(
            Cluster(
                code=code,
                component=comp,
                label=c["label"],
                plain=c["plain"],
                valence=c.get("valence"),
                wanting=c.get("wanting"),
                met_with=c.get("met_with"),
                you_plain=c.get("you_plain"),
            )
            for code, c in body["clusters"].items()
        )
        components[comp] = ComponentInfo(body["name"], body["question"], clusters)
    return CCRT(components, dict(data.get("review", {})), dict(data.get("cmp", {})))
