"""Which feelings came up: a did-you-mean the client must accept, intensities asked one by one."""

from __future__ import annotations

from collections.abc import Sequence

from relational_journal.content.feelings import load_vocabulary
from relational_journal.core.feelings_step import ask_feelings


class Scripted:
    def __init__(self, answers: Sequence[str]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def _next(self, question: str) -> str:
        self.asked.append(question)
        return self.answers.pop(0) if self.answers else ""

    def text(self, question: str, *, hint: str = "", multiline: bool = False) -> str:
        return self._next(question)

    def confirm(self, question: str, *, default: bool = True) -> bool:
        answer = self._next(question)
        return default if not answer else answer == "y"

    def say(self, message: str) -> None:
        self.asked.append(message)


def words(felt: list) -> list[tuple[str, int | None]]:  # type: ignore[type-arg]
    return [(f.word, f.intensity) for f in felt]


def test_unsafe_unheard_and_disconnected_keep_their_meaning() -> None:
    ask = Scripted(["unsafe:8, unheard:6, disconnected:4"])
    felt = ask_feelings(ask, load_vocabulary())
    assert words(felt) == [("unsafe", 8), ("unheard", 6), ("disconnected", 4)]
    assert not any("Did you mean" in q for q in ask.asked)


def test_a_suggestion_is_taken_only_with_y() -> None:
    ask = Scripted(["anxous:5", "y"])
    assert words(ask_feelings(ask, load_vocabulary())) == [("anxious", 5)]


def test_enter_at_a_suggestion_asks_again_and_enter_again_leaves_it_out() -> None:
    ask = Scripted(["anxous:5, calm:2", "", ""])
    felt = ask_feelings(ask, load_vocabulary())
    assert words(felt) == [("calm", 2)]
    assert any("Type the word as you meant it" in q for q in ask.asked)
    assert "Left 'anxous' out." in ask.asked


def test_typing_the_word_again_keeps_it_in_own_words_or_finds_the_meant_one() -> None:
    ask = Scripted(["anxous:5, tird:3", "", "anxous", "n", "exhausted"])
    felt = ask_feelings(ask, load_vocabulary())
    assert [(f.word, f.intensity, f.in_vocabulary) for f in felt] == [
        ("anxous", 5, False),
        ("exhausted", 3, True),
    ]


def test_one_bad_intensity_is_asked_again_alone() -> None:
    ask = Scripted(["sad:5,angry:x,calm:3", "7"])
    felt = ask_feelings(ask, load_vocabulary())
    assert words(felt) == [("sad", 5), ("angry", 7), ("calm", 3)]
    strength = [q for q in ask.asked if q.startswith("How strong")]
    assert strength == ["How strong was 'angry', from 0 to 10?"]
    assert any("'angry'" in q and "'x'" in q for q in ask.asked)
