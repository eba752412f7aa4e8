"""A small linear reader of sentences: features, scores and training, in plain Python.

The phrase lists read what they were written for; wording they were not
written for slips past them. This reader is the second opinion: a multinomial
logistic regression over words, word stems and runs of two and three words, with negation
marked on the words it governs ("didn't listen" gives `!listen`, not
`listen`). It is trained on the labelled sets in tests/data (their
development halves only) by tools/train_models.py, and its weights ship in
content/data/text_models.json. Nothing is fetched and nothing is learnt on a
client's machine: the same text always gets the same answer.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from relational_journal.content.safety import CLAUSE, SENTENCE, words
from relational_journal.content.textmodels import TextModel

# words that turn what follows into its absence, up to the clause's end
_NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "nobody",
        "noone",
        "nothing",
        "none",
        "nowhere",
        "neither",
        "nor",
        "without",
        "hardly",
        "barely",
        "refused",
        "failed",
        "lack",
        "lacked",
    }
)
# words that end a negation's reach before the clause ends
_TURNS = frozenset({"but", "though", "although", "however", "yet", "instead", "except"})
# words too small to be a reason shown to the client on their own
_SMALL_WORDS = frozenset(
    "a an the to of for and or but was were is am be been i me my he him his she her "
    "it they them their we us our you your at in on with all so that this just "
    "want wanted wanting wish wished need needed felt feel had have did do would could "
    "really like then once said".split()
)
NEGATION_REACH = 5
STEM = 5
NEGATED = "!"


def marked_words(text: str) -> list[str]:
    """The text's words, each governed by a negation written with a leading '!'."""
    out: list[str] = []
    reach = 0
    for token in words(text):
        if token in (SENTENCE, CLAUSE) or token in _TURNS:
            reach = 0
            out.append(token)
            continue
        if token in _NEGATORS:
            reach = NEGATION_REACH
            out.append(token)
            continue
        if reach:
            reach -= 1
            out.append(NEGATED + token)
        else:
            out.append(token)
    return out


def features(text: str) -> list[str]:
    """The features one text gives: words (negation marked), their stems, word pairs and triples."""
    marked = marked_words(text)
    found: set[str] = set()
    previous = before = ""
    for token in marked:
        if token in (SENTENCE, CLAUSE):
            previous = before = ""
            continue
        found.add("w:" + token)
        bare = token.lstrip(NEGATED)
        if len(bare) > STEM:
            found.add("s:" + token[: len(token) - len(bare) + STEM])
        if previous:
            found.add("b:" + previous + "_" + bare)
            if before:
                found.add("t:" + before + "_" + previous + "_" + bare)
        before = previous
        previous = bare
    return sorted(found)


def probabilities(model: TextModel, text: str, extra: Iterable[str] = ()) -> dict[str, float]:
    """Each class's probability for the text (and any features the caller adds)."""
    return _softmax(model, _scores(model, [*features(text), *extra]))


def strongest_words(model: TextModel, text: str, label: str, count: int = 3) -> list[str]:
    """The words that most moved the text toward a class: what the reader read."""
    column = model.classes.index(label)
    pulls: list[tuple[float, str]] = []
    for feature in features(text):
        weights = model.row(feature)
        if weights is None or feature.startswith("s:"):
            continue
        if all(w.lstrip(NEGATED) in _SMALL_WORDS for w in feature[2:].split("_")):
            continue  # "to be", "for": true weights, but no reason a client can read
        others = sum(weights) / len(weights)
        pull = weights[column] - others
        if pull > 0:
            pulls.append((pull, feature[2:].replace("_", " ").replace(NEGATED, "not ")))
    pulls.sort(reverse=True)
    return [w for _, w in pulls[:count]]


def _scores(model: TextModel, feats: Iterable[str]) -> list[float]:
    scores = list(model.bias)
    for feature in feats:
        weights = model.row(feature)
        if weights is None:
            continue
        for k, w in enumerate(weights):
            scores[k] += w
    return scores


def _softmax(model: TextModel, scores: list[float]) -> dict[str, float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(model.classes, exps, strict=True)}


@dataclass(frozen=True)
class Training:
    """How a model is fitted: passes over the data, step size, and the pull toward zero."""

    epochs: int = 30
    rate: float = 0.5
    l2: float = 1e-4
    min_count: int = 1
    prune: float = 0.01
    seed: int = 0


def train(
    rows: Sequence[tuple[str, str, Sequence[str]]],
    classes: Sequence[str],
    how: Training = Training(),
) -> TextModel:
    """A model fitted to (text, class, added features) rows by AdaGrad on the softmax loss.

    The same rows give the same weights: the shuffle is seeded.
    """
    counts: dict[str, int] = {}
    examples: list[tuple[list[str], int]] = []
    for text, label, extra in rows:
        feats = sorted({*features(text), *extra})
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
        examples.append((feats, classes.index(label)))
    kept = {f for f, n in counts.items() if n >= how.min_count}
    width = len(classes)
    weights: dict[str, list[float]] = {f: [0.0] * width for f in kept}
    squares: dict[str, list[float]] = {f: [1e-8] * width for f in kept}
    bias = [0.0] * width
    bias_sq = [1e-8] * width
    shuffler = random.Random(how.seed)
    order = list(range(len(examples)))
    for _ in range(how.epochs):
        shuffler.shuffle(order)
        for index in order:
            feats, truth = examples[index]
            feats = [f for f in feats if f in kept]
            scores = list(bias)
            for f in feats:
                for k, w in enumerate(weights[f]):
                    scores[k] += w
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            for k in range(width):
                grad = exps[k] / total - (1.0 if k == truth else 0.0)
                bias_sq[k] += grad * grad
                bias[k] -= how.rate * grad / math.sqrt(bias_sq[k])
                for f in feats:
                    row, sq = weights[f], squares[f]
                    g = grad + how.l2 * row[k]
                    sq[k] += g * g
                    row[k] -= how.rate * g / math.sqrt(sq[k])
    kept_rows = {f: ws for f, ws in weights.items() if max(map(abs, ws)) >= how.prune}
    return TextModel.from_rows(classes, bias, kept_rows)
