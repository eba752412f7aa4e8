"""Noticing self-harm language in an entry, to show a calm, non-blocking note.

Whole phrases are matched first (some carry their own negation, such as
"don't want to live", and always count); a plain phrase is set aside when a
negation ends within a few words before it in the same sentence ("I would
never hurt myself"). Doubt ("I don't know if I want to die") cancels the
negation, and so does a turn such as "but" between the negation and the
phrase: a missed note costs more than an unneeded one. The note never blocks
saving and never contacts anyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

NEGATION_WINDOW = 4
DOUBT = ("don't know", "do not know", "not sure", "dont know", "unsure")
# A negation does not reach past a turn in the sentence: "I wouldn't say it's
# nothing, but I want to die" still counts.
CONTRAST = frozenset({"but", "yet", "though", "although", "however", "except", "still"})


@dataclass(frozen=True)
class SafetyWords:
    phrases: tuple[str, ...]
    negations: tuple[str, ...]
    note: str


@cache
def bundled_words() -> SafetyWords:

    from relational_journal.content.loader import data_file, load_data_file

    data = load_data_file(data_file("safety.yaml"))
    return SafetyWords(
        tuple(_fold(p) for p in data["phrases"]),
        tuple(_fold(n) for n in data["negations"]),
        " ".join(str(data["note"]).split()),
    )


def _fold(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.findall(r"[a-z0-9']+(?:-[a-z0-9']+)*", text))


def _negated(before: str, negations: Iterable[str]) -> bool:
    words = before.split()
    turns = [i for i, w in enumerate(words) if w in CONTRAST]
    if turns:
        words = words[turns[-1] + 1 :]
    words = words[-(NEGATION_WINDOW + 3) :]
    window = " " + " ".join(words) + " "
    if any(f" {d} " in window for d in DOUBT):
        return False
    tail = " " + " ".join(words[-NEGATION_WINDOW - 2 :]) + " "
    return any(f" {n} " in tail for n in negations)


def risk_phrases(
    text: str, extra: Iterable[str] = (), words: SafetyWords | None = None
) -> list[str]:
    """The risk phrases in `text` that are not negated (empty when none)."""
    words = words or bundled_words()
    phrases = sorted(
        {*words.phrases, *(_fold(e) for e in extra if _fold(e))}, key=len, reverse=True
    )
    found: list[str] = []
    for sentence in re.split(r"[.!?;\n]+", text):
        folded = _fold(sentence)
        if not folded:
            continue
        padded = f" {folded} "
        for phrase in phrases:
            start = padded.find(f" {phrase} ")
            while start != -1:
                self_negating = any(
                    phrase.startswith(n + " ") or f" {n} " in f" {phrase} " for n in words.negations
                )
                if self_negating or not _negated(padded[:start], words.negations):
                    found.append(phrase)
                    break
                start = padded.find(f" {phrase} ", start + 1)
    return found
