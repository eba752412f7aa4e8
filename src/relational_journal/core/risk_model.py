"""The trained reader's view of risk language: the phrase lists' reading weighed with the words.

The reader was trained on the phrase lists' reading of each statement (as the
features `rule:current`, `rule:past`, `rule:none` and `rule:set_aside`)
together with its words, so it has learnt where the lists are right, where
wording they do not know speaks of risk, and where their words turn up in
ordinary days. It is asked only where the lists found nothing and set nothing
aside (core/risk.py): it adds notes, and never takes one of theirs away.
"""

from __future__ import annotations

from typing import Literal

from relational_journal.content.textmodels import bundled_text_models
from relational_journal.core.textmodel import probabilities

# chosen by cross-validation on the development half: the lowest probability of
# risk language (now or past) that brings the note
AT_LEAST = 0.45


def rule_features(level: str | None, set_aside: bool) -> list[str]:
    """The phrase lists' reading as the reader's features."""
    return [f"rule:{level or 'none'}"] + (["rule:set_aside"] if set_aside else [])


def reader_level(text: str) -> Literal["current", "past"] | None:
    """'current' or 'past' when the reader finds risk language where the lists found none."""
    model = bundled_text_models().model("risk")
    if model is None:
        return None
    p = probabilities(model, text, rule_features(None, set_aside=False))
    risk, past = p.get("risk", 0.0), p.get("past", 0.0)
    if risk + past < AT_LEAST:
        return None
    return "current" if risk >= past else "past"
