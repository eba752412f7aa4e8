"""Relationship episodes as records: their era, and changes given as options. Pure.

An episode's era is when the moment took place: "with Mom, when I was a child"
is past even while Mom is part of the client's life now. The person's usual
era is the default; the episode can differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Protocol

from relational_journal.errors import JournalError
from relational_journal.models import ERAS, Episode

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT

SELF_TREATMENT_QUESTION = "How did you treat yourself afterwards?"
SELF_TREATMENT_HINT = "gently, harshly, or anything between, in your own words; Enter to skip"
# Option name, the component it belongs to, and the prefix of its codes.
CODE_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--wish-code", "wish", "W"),
    ("--other-code", "other", "RO"),
    ("--self-code", "self", "RS"),
)


class EraAsk(Protocol):
    def choose(
        self, question: str, options: Sequence[tuple[str, str]], *, default: str | None = None
    ) -> str | None: ...


ERA_LABELS = {
    "present": "in my life now (e.g. this week)",
    "past": "in the past (e.g. when I was a child)",
    "therapy": "in therapy, with my therapist",
    "self": "with myself",
}


def ask_episode_era(ask: EraAsk, person: str, usual: str | None) -> str | None:
    """When this moment with `person` took place; Enter keeps the person's usual era."""
    default = usual if usual in ERAS else "present"
    answer = ask.choose(
        f"When did this moment with {person} take place?",
        [(e, ERA_LABELS[e]) for e in ERAS],
        default=default,
    )
    return answer or default


@dataclass(frozen=True)
class EpisodeChanges:
    """An episode's fields given as options; None leaves a field as it is."""

    person: str | None = None
    era: str | None = None
    what_happened: str | None = None
    wish: str | None = None
    wish_cluster: str | None = None
    other: str | None = None
    other_cluster: str | None = None
    other_expected: bool | None = None
    self_response: str | None = None
    self_cluster: str | None = None
    self_treatment: str | None = None

    def is_empty(self) -> bool:
        return self == EpisodeChanges()


def check_era(era: str | None, option: str = "--era") -> str | None:
    if era is None:
        return None
    clean = era.strip().lower()
    if clean not in ERAS:
        raise JournalError(f"{option} {era.strip()!r} is not an era: use {', '.join(ERAS)}")
    return clean


def check_code(
    ccrt: CCRT, option: str, component: str, prefix: str, code: str | None
) -> str | None:
    """The code upper-cased if it is one of `component`'s clusters; else a one-line error."""
    if code is None:
        return None
    clean = code.strip().upper()
    allowed = [c.code for c in ccrt.components[component].clusters]
    if clean in allowed:
        return clean
    other = ccrt.cluster(clean)
    why = (
        f"{clean} is a code of another part"
        if other is not None
        else f"{code.strip()!r} is unknown"
    )
    raise JournalError(f"{option}: {why}; use one of {', '.join(allowed)}")


def checked(
    changes: EpisodeChanges, ccrt: CCRT, names: dict[str, str] | None = None
) -> EpisodeChanges:
    """The changes with codes and era checked and cleaned; a bad one raises JournalError.

    `names` says how to name a field in the error (the editor's labels); else its option.
    """
    names = names or {}
    codes: dict[str, str | None] = {}
    for option, component, prefix in CODE_OPTIONS:
        raw = getattr(changes, _field(component))
        shown = names.get(_field(component), option)
        codes[component] = "" if raw == "" else check_code(ccrt, shown, component, prefix, raw)
    era = changes.era
    return replace(
        changes,
        era="" if era == "" else check_era(era, names.get("era", "--era")),
        wish_cluster=codes["wish"],
        other_cluster=codes["other"],
        self_cluster=codes["self"],
    )


def _field(component: str) -> str:
    return {"wish": "wish_cluster", "other": "other_cluster", "self": "self_cluster"}[component]


def apply_episode(episode: Episode | None, changes: EpisodeChanges) -> Episode:
    """The episode with each given field replaced ('' clears a text or a code)."""
    base = episode or Episode()
    values = {}
    for f in fields(EpisodeChanges):
        value = getattr(changes, f.name)
        if value is None:
            continue
        if isinstance(value, str):
            value = value.strip() or None
            if f.name == "person" and value:
                value = value.lstrip("@").strip() or None
        values[f.name] = value
    return replace(base, **values)
