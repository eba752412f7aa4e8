"""The guided flow as pure steps, driven by a scripted client."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from relational_journal.content.ccrt import load_ccrt
from relational_journal.content.feelings import load_vocabulary
from relational_journal.content.loader import bundled_prompts_dir
from relational_journal.content.prompts import load_library
from relational_journal.core.guide import Draft, run_guide
from relational_journal.models import Person


class Scripted:
    """Answers questions from a list; records what was asked."""

    def __init__(self, answers: Sequence[str]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def _next(self, question: str) -> str:
        self.asked.append(question)
        return self.answers.pop(0) if self.answers else ""

    def text(self, question: str, *, hint: str = "", multiline: bool = False) -> str:
        return self._next(question)

    def choose(self, question, options, *, default=None):  # type: ignore[no-untyped-def]
        answer = self._next(question)
        return answer or default

    def confirm(self, question: str, *, default: bool = True) -> bool:
        answer = self._next(question)
        return default if not answer else answer == "y"

    def say(self, message: str) -> None:
        self.asked.append(message)


def prompt(prompt_id: str):  # type: ignore[no-untyped-def]
    return load_library(bundled_prompts_dir(), None).prompt(prompt_id)


def test_known_people_are_not_asked_about_again() -> None:
    known = {"mum": Person(1, "Mum", "mother", "past")}
    ask = Scripted(["We spoke on the phone.", "", "", "Mum", ""])
    draft = run_guide(
        prompt("present-closeness"),
        Draft(),
        ask,
        vocab=load_vocabulary(),
        ccrt=load_ccrt(),
        known=known,
    )
    assert draft.people == [{"name": "Mum", "role": "mother", "era": "past"}]
    assert not any("What is Mum to you" in q for q in ask.asked)


def test_mentions_in_the_text_link_people() -> None:
    draft = Draft(body="Coffee with @Ana and @Ben.")
    entry = draft.to_entry(
        about=datetime(2026, 11, 20, tzinfo=UTC), written_at=datetime(2026, 11, 20, tzinfo=UTC)
    )
    assert [p.name for p in entry.people] == ["Ana", "Ben"]


def test_resumed_draft_skips_what_was_already_answered() -> None:
    draft = Draft(prompt_id="present-closeness", pack_id="present", body="Kept words.")
    draft.mark("body")
    draft.follow_ups.append(["When did you last notice that closeness?", "Tuesday."])
    ask = Scripted(["", "", ""])
    run_guide(
        prompt("present-closeness"), draft, ask, vocab=load_vocabulary(), ccrt=load_ccrt(), known={}
    )
    assert "Your answer:" not in ask.asked
    assert "When did you last notice that closeness?" not in ask.asked
    assert draft.full_text().startswith("Kept words.\n\n> When did you last notice")


def test_a_me_episode_is_about_the_self() -> None:
    ask = Scripted(["I told myself off again.", "me", "", "", "", "", "", "", "", ""])
    draft = run_guide(
        prompt("episode-with-yourself"),
        Draft(),
        ask,
        vocab=load_vocabulary(),
        ccrt=load_ccrt(),
        known={},
    )
    assert draft.episode["person"] == "Me" and draft.episode["era"] == "self"


def test_enter_at_every_question_of_an_episode_saves_no_cluster() -> None:
    # Scripted.choose returns the default on Enter: a suggested default would be saved here
    ask = Scripted(
        [
            "He shrugged and went back to his phone.",
            "me",
            "I wanted him to listen to me",
            "",
            "He rolled his eyes and walked off",
            "",
            "",
            "I felt let down and went quiet",
            "",
        ]
    )
    draft = run_guide(
        prompt("episode-recent-present"),
        Draft(),
        ask,
        vocab=load_vocabulary(),
        ccrt=load_ccrt(),
        known={},
    )
    ep = draft.episode
    assert ep["wish"] == "I wanted him to listen to me"
    assert (ep["wish_cluster"], ep["other_cluster"], ep["self_cluster"]) == (None, None, None)
    offered = [q for q in ask.asked if q.startswith("  1. ")]
    assert [q.split(" · ")[0] for q in offered] == ["  1. W6", "  1. RO5", "  1. RS7"]


def test_a_suggestion_is_picked_by_number_and_another_cluster_by_code() -> None:
    ask = Scripted(
        ["Words.", "me", "I wanted him to listen to me", "1", "He walked off", "", "ro2"]
    )
    ep = run_guide(
        prompt("episode-recent-present"),
        Draft(),
        ask,
        vocab=load_vocabulary(),
        ccrt=load_ccrt(),
        known={},
    ).episode
    assert (ep["wish_cluster"], ep["other_cluster"], ep["self_cluster"]) == ("W6", "RO2", None)
