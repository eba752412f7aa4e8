"""The guided writing flow, as pure steps.

The flow never touches the terminal: the caller passes an `Ask` (the CLI's
prompts, or a script in tests). Every answer goes into the Draft as soon as it
is given, so an interruption keeps everything typed so far, and a resumed
draft skips the steps already done. Every step can be skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol

from relational_journal.content.ccrt import CCRT, Component
from relational_journal.content.feelings import Vocabulary
from relational_journal.content.prompts import Prompt
from relational_journal.core.episodes import (
    SELF_TREATMENT_HINT,
    SELF_TREATMENT_QUESTION,
    ask_episode_era,
)
from relational_journal.core.feelings_step import ask_feelings
from relational_journal.core.tags import hashtags, mentions
from relational_journal.models import ERAS, Entry, Episode, FeelingFelt, Person, PersonRef

SELF_WORDS = {"me", "myself", "i", "self"}


class Ask(Protocol):
    """How the flow talks to the client. Empty answers mean "skip"."""

    def text(self, question: str, *, hint: str = "", multiline: bool = False) -> str: ...

    def choose(
        self, question: str, options: Sequence[tuple[str, str]], *, default: str | None = None
    ) -> str | None: ...

    def confirm(self, question: str, *, default: bool = True) -> bool: ...

    def say(self, message: str) -> None: ...


@dataclass
class Draft:
    """Everything answered so far, every field of the entry to be; kept as the client types."""

    id: str | None = None
    prompt_id: str | None = None
    pack_id: str | None = None
    body: str = ""
    follow_ups: list[list[str]] = field(default_factory=list)  # [question, answer]
    people: list[dict[str, str | None]] = field(default_factory=list)
    feelings: list[dict[str, Any]] = field(default_factory=list)
    episode: dict[str, Any] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)
    started_at: str | None = None
    title: str | None = None
    about: str | None = None  # ISO moment the entry is about; None: when it is saved
    private: bool = False
    starred: bool = False
    tags: list[str] = field(default_factory=list)
    # Every answer given, in order ([question, answer]), so a resumed draft can answer
    # again what was answered before an interruption inside a step; and the answer
    # being typed when the draft was last kept: [question, the lines so far].
    answers: list[list[str]] = field(default_factory=list)
    pending: list[str] | None = None

    def mark(self, step: str) -> None:
        if step not in self.done:
            self.done.append(step)

    def is_done(self, step: str) -> bool:
        return step in self.done

    def has_content(self) -> bool:
        return bool(
            self.body.strip()
            or any(a.strip() for _, a in self.follow_ups)
            or (self.pending and self.pending[1].strip())
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def full_text(self) -> str:
        """The entry body: the main answer, then each answered follow-up under its question."""
        parts = [self.body.strip()] if self.body.strip() else []
        for question, answer in self.follow_ups:
            if answer.strip():
                parts.append(f"> {question}\n{answer.strip()}")
        return "\n\n".join(parts)

    def to_entry(
        self,
        *,
        about: datetime,
        written_at: datetime,
        private: bool = False,
        starred: bool = False,
        tags: Sequence[str] = (),
        title: str | None = None,
    ) -> Entry:
        body = self.full_text()
        refs = [PersonRef(str(p["name"]), p.get("role"), p.get("era")) for p in self.people]
        names = {r.name.lower() for r in refs}
        for mention in mentions(f"{title or ''}\n{body}"):
            if mention.lower() not in names:
                refs.append(PersonRef(mention))
                names.add(mention.lower())
        episode = Episode(**self.episode) if self.episode else None
        return Entry(
            body=body,
            about=about,
            written_at=written_at,
            title=title,
            prompt_id=self.prompt_id,
            pack_id=self.pack_id,
            private=private,
            starred=starred,
            tags=tuple(_with_hashtags(tags, f"{title or ''}\n{body}")),
            people=tuple(refs),
            feelings=tuple(FeelingFelt(**f) for f in self.feelings),
            episode=episode if episode is not None and not episode.is_empty() else None,
        )


def _with_hashtags(tags: Sequence[str], body: str) -> list[str]:
    """The tags given, then each `#tag` of the text not among them."""
    given = {t.casefold() for t in tags}
    return [*tags, *(t for t in hashtags(body) if t.casefold() not in given)]


def split_names(text: str) -> list[str]:
    names = [n.strip().lstrip("@") for n in re.split(r",|;|\band\b", text)]
    return [n for n in names if n]


def _era_default(prompt: Prompt | None) -> str:
    if prompt is not None and prompt.relationship in ("present", "past", "therapy"):
        return prompt.relationship
    return "present"


def ask_person_details(
    ask: Ask, name: str, known: dict[str, Person], default_era: str
) -> dict[str, str | None]:
    """Role and era for someone new; people already known are taken as they are."""
    person = known.get(name.lower())
    if person is not None:
        return {"name": person.name, "role": person.role, "era": person.era}
    if name.lower() in SELF_WORDS:
        return {"name": "Me", "role": "myself", "era": "self"}
    role = ask.text(
        f"What is {name} to you?", hint="e.g. partner, mother, friend, therapist; Enter to skip"
    ).strip()
    era = ask.choose(
        f"Is {name} part of your life now, or from the past?",
        [(e, e) for e in ERAS],
        default="therapy" if role.lower() == "therapist" else default_era,
    )
    return {"name": name, "role": role or None, "era": era}


def step_body(prompt: Prompt | None, draft: Draft, ask: Ask) -> None:
    if draft.is_done("body"):
        return
    question = "Your answer:" if prompt else "What would you like to write?"
    answer = ask.text(question, multiline=True)
    draft.body = (draft.body + "\n\n" + answer).strip() if draft.body else answer.strip()
    draft.mark("body")


def step_follow_ups(prompt: Prompt | None, draft: Draft, ask: Ask) -> None:
    if prompt is None:
        return
    answered = {q for q, _ in draft.follow_ups}
    for question in prompt.follow_ups:
        if question in answered:
            continue
        answer = ask.text(question, hint="Enter to skip")
        draft.follow_ups.append([question, answer.strip()])


def step_people(prompt: Prompt | None, draft: Draft, ask: Ask, known: dict[str, Person]) -> None:
    if draft.is_done("people"):
        return
    already = {str(p["name"]).lower() for p in draft.people}
    mentioned = [m for m in mentions(draft.full_text()) if m.lower() not in already]
    linked = [str(p["name"]) for p in draft.people] + mentioned
    hint = "names separated by commas; Enter to skip"
    if linked:
        hint = f"{', '.join(linked)} already linked; add anyone else, or press Enter"
    names = split_names(ask.text("Who is this about?", hint=hint)) + mentioned
    for name in names:
        if name.lower() in already:
            continue
        draft.people.append(ask_person_details(ask, name, known, _era_default(prompt)))
        already.add(name.lower())
    draft.mark("people")


SKIP_WORDS = {"s", "skip", "-"}
ALL_WORDS = {"?", "a", "all"}


def _pick_cluster(ask: Ask, ccrt: CCRT, component: Component, words: str) -> str | None:
    """The cluster the client picks; suggestions are offered, never the default."""
    from relational_journal.content.cues import bundled_cues
    from relational_journal.core.suggest import suggest_clusters

    info = ccrt.components[component]
    everything = [(c.code, f"{c.code} · {c.plain}") for c in info.clusters]
    question = "Which of these comes closest?"
    offered = suggest_clusters(component, words, ccrt, bundled_cues()) if words.strip() else ()
    if not offered:
        return ask.choose(question, everything, default=None)
    ask.say("From your words, perhaps (only a guess; you choose):")
    for i, s in enumerate(offered, 1):
        ask.say(f"  {i}. {s.code} · {s.plain}  ({s.why})")
    numbers = "1" if len(offered) == 1 else f"1-{len(offered)}"
    hint = f"{numbers}, or any code such as {offered[0].code}; ? to see all eight; Enter to skip"
    while True:
        answer = ask.text(question, hint=hint).strip()
        if not answer or answer.lower() in SKIP_WORDS:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(offered):
            return offered[int(answer) - 1].code
        if answer.lower() in ALL_WORDS:
            return ask.choose(question, everything, default=None)
        cluster = ccrt.cluster(answer)
        if cluster is not None and cluster.component == component:
            return cluster.code
        ask.say(
            f"Please type {numbers}, a code from {everything[0][0]} to {everything[-1][0]},"
            " ? to see all eight, or press Enter to skip."
        )


def step_episode(
    prompt: Prompt | None, draft: Draft, ask: Ask, ccrt: CCRT, known: dict[str, Person]
) -> None:
    """Who, then W, RO (actual or expected) and RS: own words first, then a cluster."""
    ep = draft.episode
    if "person" not in ep:
        who = ask.text("Who was the other person in this moment?", hint="a name, or 'me'")
        names = split_names(who)
        if names:
            details = ask_person_details(ask, names[0], known, _era_default(prompt))
            ep["person"] = details["name"]
            ep["era"] = details["era"]
            if str(details["name"]).lower() not in {str(p["name"]).lower() for p in draft.people}:
                draft.people.append(details)
        else:
            ep["person"] = None
            ep["era"] = prompt.relationship if prompt else None
    if ep.get("person") and ep.get("era") != "self" and not draft.is_done("episode_era"):
        ep["era"] = ask_episode_era(ask, str(ep["person"]), ep.get("era"))
        draft.mark("episode_era")
    steps: list[tuple[Component, str, str]] = [
        ("wish", "wish", "wish_cluster"),
        ("other", "other", "other_cluster"),
        ("self", "self_response", "self_cluster"),
    ]
    for component, words_key, cluster_key in steps:
        if cluster_key in ep:
            continue
        info = ccrt.components[component]
        if words_key not in ep:
            ep[words_key] = ask.text(info.question, hint="in your own words; Enter to skip") or None
        if component == "other" and "other_expected" not in ep:
            expected = None
            if ep.get("other"):
                expected = ask.choose(
                    "Is that how they actually responded, or how you expected them to?",
                    [("actual", "how they actually responded"), ("expected", "what I expected")],
                    default="actual",
                )
            ep["other_expected"] = expected == "expected"
        ep[cluster_key] = _pick_cluster(ask, ccrt, component, ep.get(words_key) or "")
    if "self_treatment" not in ep:
        ep["self_treatment"] = (
            ask.text(SELF_TREATMENT_QUESTION, hint=SELF_TREATMENT_HINT).strip() or None
        )


def step_feelings(draft: Draft, ask: Ask, vocab: Vocabulary) -> None:
    if draft.is_done("feelings"):
        return
    draft.feelings.extend(asdict(felt) for felt in ask_feelings(ask, vocab))
    draft.mark("feelings")


def run_guide(
    prompt: Prompt | None,
    draft: Draft,
    ask: Ask,
    *,
    vocab: Vocabulary,
    ccrt: CCRT,
    known: dict[str, Person],
) -> Draft:
    """Walk the client through one entry, filling `draft` step by step."""
    if prompt is not None and draft.prompt_id is None:
        draft.prompt_id, draft.pack_id = prompt.id, prompt.pack_id
    step_body(prompt, draft, ask)
    if not draft.has_content():
        return draft
    step_follow_ups(prompt, draft, ask)
    if prompt is not None and prompt.kind == "episode":
        step_episode(prompt, draft, ask, ccrt, known)
    step_people(prompt, draft, ask, known)
    step_feelings(draft, ask, vocab)
    return draft
