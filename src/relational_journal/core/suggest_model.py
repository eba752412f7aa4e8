"""The trained reader's clusters: the cue phrases' reading weighed with the whole sentence.

The reader was trained on each labelled sentence's words together with what
the cue phrases made of it (the features `rule1:CODE` for their first
suggestion, `rule:CODE` for each, `rule:none`), so it has learnt where the
phrases are right, where their words are used in another sense, and where
wording they do not know points to a cluster. It offers clusters of its own
only when confident, only of one valence, and says nothing when it is torn
between a warm and a hurtful reading: a guess that could turn the client's
meaning around is worse than none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from relational_journal.content.textmodels import bundled_text_models
from relational_journal.core.textmodel import NEGATED as NEGATED_MARK
from relational_journal.core.textmodel import marked_words, probabilities, strongest_words

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT

NONE = "none"


@dataclass(frozen=True)
class Bar:
    """How sure the reader must be to offer clusters of its own."""

    first: float  # the best cluster's probability
    none: float  # at most: the reader's own "no cluster here"
    valence: float  # the share, among the clusters, of the best one's valence
    others: float = 0.15  # a second or third cluster's probability


# chosen by cross-validation on the development half (tools/train_models.py)
PLAIN = Bar(first=0.4, none=0.3, valence=0.8)
NEGATED = Bar(first=0.8, none=0.15, valence=0.9)  # a negation the phrases did not read
DROP_AT = 0.6  # the reader's "no cluster here" that sets the phrases' clusters aside
# where the sentence holds a negation the phrases read it closely and the reader,
# trained on many negated sentences with no cluster, says "none" too readily
DROP_NEGATED_AT = 0.9
OPPOSITE_AT = 0.6  # the reader's weight on the other valence that also sets them aside


def rule_features(codes: Sequence[str]) -> list[str]:
    """The cue phrases' suggestions as the reader's features."""
    if not codes:
        return ["rule:none"]
    return [f"rule1:{codes[0]}", *(f"rule:{c}" for c in codes)]


def model_clusters(
    component: Literal["wish", "other", "self"],
    text: str,
    ccrt: CCRT,
    rule_codes: Sequence[str],
    count: int = 3,
) -> list[tuple[str, str]] | None:
    """(code, words read) best first, at most `count`; empty when unsure; None with no reader.

    The phrases' clusters stand unless the reader finds no cluster here (a decoy:
    "I helped myself to cake") or reads the sentence the other way: then nothing
    is offered, never the reader's opposite. Where they found nothing, the reader
    offers its own, asking much more of itself if the sentence holds a negation.
    """
    model = bundled_text_models().model(component)
    if model is None:
        return None
    p = probabilities(model, text, rule_features(rule_codes))
    negated = any(w.startswith(NEGATED_MARK) for w in marked_words(text))
    if rule_codes:
        valence = ccrt.valence(rule_codes[0])
        against = sum(
            v for c, v in p.items() if c != NONE and ccrt.valence(c) not in (None, valence)
        )
        drop_at = DROP_NEGATED_AT if negated else DROP_AT
        if p.get(NONE, 0.0) >= drop_at or (valence is not None and against >= OPPOSITE_AT):
            return []  # a decoy, or the whole sentence reads the other way: say nothing
        return [(c, "") for c in rule_codes]
    chosen = _confident(p, ccrt, NEGATED if negated else PLAIN, count)
    return [
        (code, ", ".join(f'"{w}"' for w in strongest_words(model, text, code))) for code in chosen
    ]


def _confident(p: dict[str, float], ccrt: CCRT, bar: Bar, count: int) -> list[str]:
    if p.get(NONE, 0.0) > bar.none:
        return []
    ranked = sorted((c for c in p if c != NONE), key=lambda c: -p[c])
    best = ranked[0]
    if p[best] < bar.first:
        return []
    valence = ccrt.valence(best)
    if valence is not None:
        alike = sum(p[c] for c in ranked if ccrt.valence(c) == valence)
        if alike < bar.valence * (1.0 - p.get(NONE, 0.0)):
            return []  # torn between a warm and a hurtful reading
    return [best] + [
        c for c in ranked[1:count] if p[c] >= bar.others and ccrt.valence(c) in (None, valence)
    ]
