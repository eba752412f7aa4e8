"""Concept families for the second stage of noticing risk language, checked strictly.

data/families.yaml groups ideas (means and places, endings, finality, self-
punishment, hopelessness, burden, belonging) rather than sentences; this module
reads it once into phrases in the same syntax and checker as safety.yaml, so a
malformed line is named by file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from relational_journal.content.safety import Phrase, _Checker, read_safety_file

TOP_KEYS = {"version", "families", "cues", "ordinary", "set_aside"}
FAMILY_KEYS = {"category", "strong", "weak"}


@dataclass(frozen=True)
class Families:
    """Concepts enough alone (strong), ones needing a cue (weak), and what sets them aside."""

    strong: tuple[Phrase, ...]
    weak: tuple[Phrase, ...]
    cues: tuple[Phrase, ...]
    ordinary: tuple[Phrase, ...]
    set_aside: tuple[Phrase, ...]


def parse_families(data: Any, path: Path, categories: tuple[str, ...]) -> Families:
    """Check the families data against the safety categories; raises SafetyDataError."""
    check = _Checker(path)
    top = check.mapping(data, [], TOP_KEYS)
    for key in sorted(TOP_KEYS):
        if key not in top:
            raise check.fail([key], "is missing")
    if top["version"] != 1:
        raise check.fail(["version"], "must be 1")
    families = check.mapping(top["families"], ["families"], set(top["families"] or ()))
    if not families:
        raise check.fail(["families"], "must name at least one family")
    strong: list[Phrase] = []
    weak: list[Phrase] = []
    for name, body in families.items():
        where: list[str | int] = ["families", str(name)]
        body = check.mapping(body, where, FAMILY_KEYS)
        category = check.text(body.get("category"), [*where, "category"])
        if category not in categories:
            raise check.fail([*where, "category"], f"must be one of {', '.join(categories)}")
        if "strong" not in body:
            raise check.fail([*where, "strong"], "is missing")
        strong += check.phrases(body["strong"], [*where, "strong"], category, "current")
        if body.get("weak"):
            weak += check.phrases(body["weak"], [*where, "weak"], category, "current")

    def marks(key: str) -> tuple[Phrase, ...]:
        return check.phrases(top[key], [key], "", "current")

    return Families(
        tuple(strong), tuple(weak), marks("cues"), marks("ordinary"), marks("set_aside")
    )


def load_families(path: Path, categories: tuple[str, ...]) -> Families:
    """Read and check a families file; raises SafetyDataError naming file, line and field."""
    return parse_families(read_safety_file(path), path, categories)


@cache
def bundled_families(categories: tuple[str, ...]) -> Families:
    """The bundled concept families (data/families.yaml), read once."""
    from relational_journal.content.loader import data_file

    return load_families(data_file("families.yaml"), categories)
