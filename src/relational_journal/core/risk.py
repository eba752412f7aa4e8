"""Noticing language about suicide and self-harm in an entry, for a calm note.

A pure function of the text: the phrases, markers and notes come from
content/data/safety.yaml (its header says how each list is used). The answer
says only whether to show a note, which note, and the kinds of language found;
never the words themselves, which stay in the journal. When in doubt the
answer leans toward noticing: a missed note costs more than an unneeded one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from relational_journal.content.families import bundled_families
from relational_journal.content.safety import (
    CLAUSE,
    SENTENCE,
    Phrase,
    SafetyData,
    bundled_safety,
    compiled,
    fold_phrases,
    words,
)
from relational_journal.core.risk_model import reader_level

if TYPE_CHECKING:
    from relational_journal.models import Entry

OWN_PHRASES = "own_phrases"
QUOTED = "> "  # how an entry's body quotes the guided flow's follow-up questions
READ_WHOLE = "read_as_a_whole"  # no phrase matched; the trained reader saw risk in the whole text
BRIDGE_LIMIT = 8
REPORT_REACH = 8  # words from a speech verb to the quoted phrase
TOPIC_AFTER = 2  # "suicide prevention", "self-harm awareness"
AS_ONESELF = frozenset({"am", "like", "as", "be", "being", "was", "feel"})
# words before "a <person> who" that make the person someone the writer speaks of
_ABOUT_SOMEONE = frozenset(
    {"about", "with", "of", "from", "saw", "met", "treated", "treating", "supporting", "visited"}
)


@dataclass(frozen=True)
class RiskNotice:
    """Whether a note is due: for language about now, or the softer one for the past or a loss."""

    level: Literal["current", "past"]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class _Text:
    tokens: list[str]
    joined: str
    offsets: list[int]


Kind = Literal[
    "phrase", "aside", "after", "past", "now", "strong", "weak", "cue", "ordinary", "object"
]
Hit = tuple[int, int, Kind, Phrase]
# kinds of match that show the lists read a risk phrase here and judged it: negated,
# someone else's, an idiom ("dying to"); their verdict stands over the reader's
_SETTING_ASIDE = frozenset({"phrase", "aside", "after"})


class _Index:
    """Every phrase keyed by the words it may start with, so each word tries only a few."""

    def __init__(self, groups: Iterable[tuple[Kind, Iterable[Phrase]]]) -> None:
        self.whole: dict[str, list[tuple[Kind, Phrase]]] = {}
        # keyed by the first two words: most common words start phrases only with
        # a particular next word, so they cost one lookup, not a try per phrase
        self.pairs: dict[tuple[str, str], list[tuple[Kind, Phrase]]] = {}
        self.stems: dict[str, list[tuple[str, Kind, Phrase]]] = {}
        for kind, phrases in groups:
            for phrase in phrases:
                for start in phrase.starts:
                    if phrase.seconds is None:
                        self.whole.setdefault(start, []).append((kind, phrase))
                        continue
                    for second in phrase.seconds:
                        self.pairs.setdefault((start, second), []).append((kind, phrase))
                for stem in phrase.stems:
                    self.stems.setdefault(stem[:3], []).append((stem, kind, phrase))

    def matches(self, text: _Text) -> list[Hit]:
        """(start token, end token, kind, phrase) for every match, in one pass over the words."""
        found: list[Hit] = []
        whole, stems, joined, offsets = self.whole, self.stems, text.joined, text.offsets
        pairs = self.pairs
        tokens = text.tokens
        last = len(tokens)
        for i, token in enumerate(tokens):
            following = tokens[i + 1] if i + 1 < last else ""
            candidates = whole.get(token)
            paired = pairs.get((token, following))
            stemmed = stems.get(token[:3])
            if candidates is None and stemmed is None and paired is None:
                continue
            tries = list(candidates or ())
            tries += paired or ()
            tries += [(k, p) for stem, k, p in stemmed or () if token.startswith(stem)]
            for kind, phrase in tries:
                if phrase.seconds is not None and following not in phrase.seconds:
                    continue
                m = compiled(phrase.regex).match(joined, offsets[i])
                if m:
                    stop = bisect_right(offsets, m.end() - 1)
                    found.append((i, max(stop, i + 1), kind, phrase))
        return found


@dataclass(frozen=True)
class _Matcher:
    data: SafetyData
    index: _Index
    own_kinds: frozenset[str]  # the writer's own experience (not a loss): "now" can bring it back


@cache
def _matcher() -> _Matcher:
    data = bundled_safety()
    families = bundled_families(data.categories)
    groups: list[tuple[Kind, Iterable[Phrase]]] = [
        ("phrase", data.phrases),
        ("aside", data.set_aside),
        ("after", data.after_negations),
        ("past", data.past_markers),
        ("now", data.now_markers),
        ("strong", families.strong),
        ("weak", families.weak),
        ("cue", families.cues),
        ("ordinary", families.ordinary),
        ("object", families.set_aside),
    ]
    return _Matcher(
        data,
        _Index(groups),
        frozenset(p.category for p in data.phrases if p.level == "current"),
    )


def _fold(text: str) -> _Text:
    tokens = words(text)
    if not tokens or tokens[-1] != SENTENCE:
        tokens.append(SENTENCE)
    offsets = []
    at = 0
    for token in tokens:
        offsets.append(at)
        at += len(token) + 1
    return _Text(tokens, " ".join(tokens) + " ", offsets)


def _sentence_starts(tokens: list[str]) -> list[int]:
    """For each word, the index where its sentence begins."""
    starts = []
    start = 0
    for i, token in enumerate(tokens):
        starts.append(start)
        if token == SENTENCE:
            start = i + 1
    return starts


def _negation(data: SafetyData, tokens: list[str], start: int, first: int) -> str | None:
    """'negated', 'ended' (a negation meaning "no longer") or None, looking back from start."""
    ended = False
    between = 0
    for i in range(start - 1, first - 1, -1):
        token = tokens[i]
        if token == CLAUSE or token in data.contrast:
            break
        if token in data.ended:
            ended = True
            continue
        if token in data.negations:
            return "ended" if ended else "negated"
        if token not in data.bridge or between >= BRIDGE_LIMIT:
            break
        between += 1
    return "ended" if ended else None


def _first_person(data: SafetyData, tokens: list[str], start: int, stop: int, first: int) -> bool:
    if any(t in data.self_words for t in tokens[start:stop]):
        return True
    return start > first and tokens[start - 1] in data.self_words


def _someone_else(data: SafetyData, tokens: list[str], start: int, first: int) -> bool:
    """True when the nearest person before the phrase is someone other than the writer."""
    for i in range(start - 1, first - 1, -1):
        token = tokens[i]
        if token in data.self_words:
            return False
        if token == CLAUSE:
            return False  # a person named in an earlier clause is not who the phrase is about
        if token in data.other_words and not _a_kind_of_person(tokens, i, first):
            return True
    return False


def _a_kind_of_person(tokens: list[str], i: int, first: int) -> bool:
    """ "a mum who ...", "I am a mum ...": a kind of person, often the writer, not someone else."""
    if i <= first or tokens[i - 1] not in ("a", "an"):
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    # "I am a mum who ...", "my kids deserve a mum who ...": the writer;
    # "supervision about a client who ..." is someone else
    before = tokens[i - 2] if i > first + 1 else ""
    return (after in ("who", "that") and before not in _ABOUT_SOMEONE) or before in AS_ONESELF


def _reported(data: SafetyData, tokens: list[str], start: int, first: int) -> bool:
    """True when someone else's words are quoted: "my friend said 'I want to die'"."""
    for i in range(start - 1, max(first, start - REPORT_REACH) - 1, -1):
        if tokens[i] == CLAUSE:
            return False
        if tokens[i] in data.speech:
            subject = tokens[max(first, i - 3) : i]
            for token in reversed(subject):
                if token in data.self_words:
                    return False
                if token in data.other_words:
                    return True
            return False
    return False


def _about_a_topic(data: SafetyData, tokens: list[str], start: int, stop: int, first: int) -> bool:
    """True when a film, a book or prevention work is named before the phrase or just after."""
    end = tokens.index(SENTENCE, start)
    return any(t in data.topics for t in tokens[first:start]) or any(
        t in data.topics for t in tokens[stop : min(end, stop + TOPIC_AFTER)]
    )


def notice(text: str, extra_phrases: Iterable[str] = ()) -> RiskNotice | None:
    """A notice when the text speaks of suicide or self-harm (now, or past and loss); else None.

    The phrase lists read first, and what they find stands: a clause among an
    ordinary day's events is still noticed. Where they read a risk phrase and
    set it aside (a negation, someone else, an idiom), that stands too.
    Elsewhere the trained reader weighs the whole text (core/risk_model.py).
    """
    reading = rule_reading(text, extra_phrases)
    if reading.notice is not None:
        return reading.notice  # what the lists find stands, however ordinary the rest
    if reading.set_aside:
        return None  # the lists read a risk phrase here and set it aside: that stands
    # the guided flow quotes each follow-up question ("> When did you last ...?")
    # above its answer: the project's words, which the reader is not to weigh
    own = "\n".join(line for line in text.splitlines() if not line.startswith(QUOTED))
    level = reader_level(own) if own.strip() else None
    return RiskNotice(level, (READ_WHOLE,)) if level else None


@dataclass(frozen=True)
class RuleReading:
    """What the phrase lists alone make of a text, and whether they set risk words aside."""

    notice: RiskNotice | None
    set_aside: bool  # a risk phrase was there but negated, someone else's, an idiom, a film


def rule_reading(text: str, extra_phrases: Iterable[str] = ()) -> RuleReading:
    """The phrase lists' reading of a text, before the trained reader weighs it."""
    m = _matcher()
    data = m.data
    folded = _fold(text)
    tokens = folded.tokens
    found: dict[str, str] = {}
    own = fold_phrases(extra_phrases)
    if own:
        plain = " " + " ".join(t for t in tokens if t not in (SENTENCE, CLAUSE)) + " "
        if any(f" {p} " in plain for p in own):
            found[OWN_PHRASES] = "current"
    hits = m.index.matches(folded)
    starts = _sentence_starts(tokens)
    hidden: set[int] = set()
    after: set[int] = set()
    past_in: set[int] = set()  # sentences (by their first word) with a past marker
    now_in: set[int] = set()
    cued: set[int] = set()  # sentences with a cue that lets a weak concept count
    everyday: set[int] = set()  # sentences with an everyday context for a weak concept
    objects: set[int] = set()  # words inside everyday spans the concepts leave alone
    for s, e, kind, _ in hits:
        if kind == "aside":
            hidden.update(range(s, e))
        elif kind == "object":
            objects.update(range(s, e))
        elif kind == "cue":
            cued.add(starts[s])
        elif kind == "ordinary":
            everyday.add(starts[s])
        elif kind == "after":
            after.add(s)
        elif kind == "past":
            past_in.add(starts[s])
            if s == starts[s] and s > 0:
                # "That was eleven years ago." opening a sentence dates the one before
                past_in.add(starts[s - 1])
        elif kind == "now":
            now_in.add(starts[s])
    losses = [(s, e) for s, e, kind, p in hits if kind == "phrase" and p.level == "past"]
    for s, e, kind, phrase in hits:
        if kind != "phrase" or hidden.intersection(range(s, e)):
            continue
        first = starts[s]
        if phrase.level != "past" and any(ls < e and s < le for ls, le in losses):
            continue  # a loss spoken of, not the writer's own thoughts
        mine = _first_person(data, tokens, s, e, first)
        if not mine and _about_a_topic(data, tokens, s, e, first):
            continue
        if phrase.level == "past":
            found.setdefault(phrase.category, "past")
            continue
        if not mine and _someone_else(data, tokens, s, first):
            continue
        if _reported(data, tokens, s, first):
            continue
        past_here = first in past_in
        negation = _negation(data, tokens, s, first)
        if negation is None and e in after:
            negation = "negated"
        if negation == "negated" and not past_here:
            continue
        level = "past" if past_here or negation is not None else "current"
        if found.get(phrase.category) != "current":
            found[phrase.category] = level
    _second_stage(data, tokens, starts, hits, hidden | objects, cued - everyday, past_in, found)
    set_aside = any(kind in _SETTING_ASIDE for _, _, kind, _ in hits)
    if not found:
        return RuleReading(None, set_aside)
    own_past = any(lv == "past" and c in m.own_kinds for c, lv in found.items())
    now_said = bool(now_in - past_in)
    current = any(lv == "current" for lv in found.values()) or (now_said and own_past)
    order = {c: i for i, c in enumerate((*data.categories, OWN_PHRASES))}
    overall: Literal["current", "past"] = "current" if current else "past"
    return RuleReading(
        RiskNotice(overall, tuple(sorted(found, key=lambda c: order.get(c, 99)))), set_aside
    )


def _second_stage(
    data: SafetyData,
    tokens: list[str],
    starts: list[int],
    hits: list[Hit],
    hidden: set[int],
    cued: set[int],
    past_in: set[int],
    found: dict[str, str],
) -> None:
    """Concept families: a sentence about the writer with a concept counts, unless excluded."""
    for s, e, kind, phrase in hits:
        if kind not in ("strong", "weak") or hidden.intersection(range(s, e)):
            continue
        first = starts[s]
        if kind == "weak" and first not in cued:
            continue
        mine = _first_person(data, tokens, s, e, first)
        if not mine and _someone_else(data, tokens, s, first):
            continue
        if _reported(data, tokens, s, first):
            continue
        named_before = any(t in data.topics for t in tokens[first:s])  # "in the book, ..."
        if (named_before or not mine) and _about_a_topic(data, tokens, s, e, first):
            continue
        past_here = first in past_in
        negation = _negation(data, tokens, s, first)
        if negation == "negated" and not past_here:
            continue
        level = "past" if past_here or negation is not None else "current"
        if found.get(phrase.category) != "current":
            found[phrase.category] = level


def note_text(notice: RiskNotice) -> str:
    """The calm note's wording: one for now, a softer one for the past or a loss."""
    data = _matcher().data
    return data.note_current if notice.level == "current" else data.note_past


def entry_texts(entry: Entry) -> tuple[str, ...]:
    """Every text the client wrote in an entry: body (with follow-up answers), title, episode."""
    texts = [entry.body, entry.title or ""]
    episode = entry.episode
    if episode is not None:
        texts += [
            episode.what_happened or "",
            episode.wish or "",
            episode.other or "",
            episode.self_response or "",
            episode.self_treatment or "",
        ]
    return tuple(t for t in texts if t.strip())
