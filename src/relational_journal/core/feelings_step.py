"""Asking which feelings came up: words that keep their meaning, intensities asked one by one.

A "did you mean" is only ever offered, never assumed: the client types y to
take it. Any other answer asks for the word again, as meant; Enter then leaves
that word out (and says so), and typing it the same way keeps it in the
client's own words. A feeling whose intensity cannot be read is kept and only
its intensity is asked again.
"""

from __future__ import annotations

from typing import Protocol

from relational_journal.content.feelings import (
    FeelItem,
    Vocabulary,
    intensity_problem,
    normalize,
    parse_feel_item,
    split_feelings,
)
from relational_journal.errors import FeelingError
from relational_journal.models import FeelingFelt


class FeelAsk(Protocol):
    """The part of the guided flow's Ask this step uses."""

    def text(self, question: str, *, hint: str = "", multiline: bool = False) -> str: ...

    def confirm(self, question: str, *, default: bool = True) -> bool: ...

    def say(self, message: str) -> None: ...


def did_you_mean(ask: FeelAsk, vocab: Vocabulary, typed: str) -> str | None:
    """The word to record for what was typed, or None when the client leaves it out."""
    typed = typed.strip()
    while True:
        match = vocab.lookup(typed)
        if match.word is not None:
            return match.word.word
        if match.suggestion is None:
            return typed
        if ask.confirm(
            f"'{typed}' is not in the feelings list. Did you mean '{match.suggestion}'?"
            f" (y for '{match.suggestion}')",
            default=False,
        ):
            return match.suggestion
        again = ask.text(
            f"Type the word as you meant it ('{typed}' again keeps it in your own words)",
            hint=f"Enter leaves '{typed}' out",
        ).strip()
        if not again:
            ask.say(f"Left '{typed}' out.")
            return None
        if normalize(again) == normalize(typed):
            return typed
        typed = again


def ask_intensity(ask: FeelAsk, word: str) -> int | None:
    while True:
        answer = ask.text(f"How strong was '{word}', from 0 to 10?", hint="Enter to skip").strip()
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        ask.say("Please give a whole number from 0 to 10, or press Enter to skip.")


def read_items(ask: FeelAsk) -> list[FeelItem]:
    """The feelings line, asked again while a word in it cannot be read at all."""
    while True:
        line = ask.text(
            "Which feelings came up?", hint="e.g. hurt:7, lonely, relieved; Enter to skip"
        )
        try:
            return [parse_feel_item(part) for part in split_feelings(line)]
        except FeelingError as exc:
            ask.say(str(exc))


def ask_feelings(ask: FeelAsk, vocab: Vocabulary) -> list[FeelingFelt]:
    """Which feelings came up and how strongly; every question can be skipped."""
    felt_list: list[FeelingFelt] = []
    for item in read_items(ask):
        word = did_you_mean(ask, vocab, item.word)
        if word is None:
            continue
        felt = vocab.felt(word, item.intensity)
        if not felt.in_vocabulary:
            ask.say(f"Keeping '{felt.word}' in your own words (outside the feelings list).")
        if item.bad_intensity is not None:
            ask.say(intensity_problem(item))
        if felt.intensity is None:
            felt = FeelingFelt(
                felt.word, felt.family, ask_intensity(ask, felt.word), felt.in_vocabulary
            )
        felt_list.append(felt)
    return felt_list
