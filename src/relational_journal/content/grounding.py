"""The grounding exercise shown when the client pauses, from data/grounding.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from relational_journal.errors import JournalError

KEYS = {"version", "title", "kept", "intro", "steps", "after"}


@dataclass(frozen=True)
class Grounding:
    title: str
    kept: str
    intro: str
    steps: tuple[str, ...]
    after: str


@cache
def load_grounding() -> Grounding:
    from relational_journal.content.loader import data_file, load_data_file

    path = data_file("grounding.yaml")
    data = load_data_file(path)
    if not isinstance(data, dict) or set(data) != KEYS:
        raise JournalError(f"{path}: expected exactly the keys {', '.join(sorted(KEYS))}")
    steps = data["steps"]
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) for s in steps):
        raise JournalError(f"{path}: 'steps' must be a list of sentences")
    return Grounding(
        str(data["title"]),
        " ".join(str(data["kept"]).split()),
        " ".join(str(data["intro"]).split()),
        tuple(" ".join(s.split()) for s in steps),
        " ".join(str(data["after"]).split()),
    )
