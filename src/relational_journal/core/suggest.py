"""Suggesting CCRT clusters for what a client wrote about one part of an episode.

The client's words are matched, whole words only, against the cue phrases of
data/ccrt_cues.yaml; the longest phrase wins where two overlap. A negated
phrase ("never listened") counts only where the cue file says what its
negation means (rejection); otherwise it is dropped, so a negated positive is
never suggested as that positive. Doubt ("not sure"), or two readings of
opposite valence that weigh the same, give no suggestion at all: a guess that
may turn the client's meaning around is worse than none. Pure: the caller
passes the clusters and the cues; nothing here reads the disk or the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from relational_journal.content.cues import GAP, Cue, tokenize

if TYPE_CHECKING:
    from relational_journal.content.ccrt import CCRT
    from relational_journal.content.cues import Cues, PartCues

MAX_SUGGESTIONS = 3
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_REPORTING = frozenset({"me", "what", "how", "where", "who", "whether"})
_HOLDING = frozenset({"never", "not", "no"})
_PUNCTUATION = frozenset('.,;:!?()[]\u2014\u2013"')
_ASIDE = frozenset(",\u2014\u2013")  # marks that may set off an aside inside a clause
_NEW_SUBJECT = frozenset({"i", "he", "she", "they", "we", "you", "it"})
_ME = frozenset({"me", "myself"})
_PASSIVE = frozenset({"was", "got", "been", "being", "get", "felt", "am", "were"})


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str
    plain: str
    why: str  # the words read and what they were taken to mean


@dataclass(frozen=True)
class _Match:
    start: int  # first token of the cue (or of its negator)
    end: int  # one past the last token
    cue: Cue
    code: str
    negated: bool


def _clauses(text: str, spans: list[tuple[str, int, int]], breaks: frozenset[str]) -> list[int]:
    """A clause number per token: punctuation and break words start a new clause."""
    out: list[int] = []
    clause = 0
    previous_end = 0
    recent: list[str] = []  # the last few tokens of this clause
    for token, start, end in spans:
        between = text[previous_end:start]
        marks = [c for c in between if c in _PUNCTUATION]
        # "never, ever listened", "did not - not once - listen", "never, not even once,
        # asked": a comma or dash soon after a negation keeps it reaching on, unless
        # someone new starts speaking after it ("he didn't call, she did")
        held_on = (
            0 < len(marks) <= 2
            and _ASIDE.issuperset(marks)
            and any(t in _HOLDING for t in recent[-3:])
            and token not in _NEW_SUBJECT
        )
        if (
            start != previous_end
            and not held_on
            and (token in breaks or any(c in _PUNCTUATION for c in between))
        ):
            clause += 1
            recent = []
        recent.append(token)
        out.append(clause)
        previous_end = end
    return out


def _match_at(words: list[str], i: int, phrase: tuple[str, ...], gap: int) -> int | None:
    """The end of `phrase` matched at `i` (GAP allowing up to `gap` words), or None."""
    pos = i
    k = 0
    while k < len(phrase):
        want = phrase[k]
        if want == GAP:
            nxt = phrase[k + 1]
            for skip in range(gap + 1):
                if pos + skip < len(words) and words[pos + skip] == nxt:
                    end = _match_at(words, pos + skip, phrase[k + 1 :], gap)
                    if end is not None:
                        return end
            return None
        if pos >= len(words) or words[pos] != want:
            return None
        pos += 1
        k += 1
    return pos


def _starts_with(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[i : i + len(phrase)]) == phrase


def _negator_before(
    words: list[str], clauses: list[int], start: int, end: int, cues: Cues
) -> int | None:
    """The start of a negator that reaches the phrase at [start, end), if any."""
    for negator in cues.negators:
        n = len(negator.words)
        for pos in range(max(0, start - negator.scope - n), start):
            stop = pos + n
            if stop > start or clauses[pos] != clauses[start]:
                continue
            if _starts_with(words, pos, negator.words) and start - stop <= negator.scope:
                return pos
    return None


def _someone_else_acts(words: list[str], clauses: list[int], start: int, part: PartCues) -> bool:
    """True when the phrase sits in a "wanted someone to ..." frame."""
    for v in range(start - 1, -1, -1):
        if clauses[v] != clauses[start]:
            return False
        if words[v] in part.acting_verbs:
            if v + 1 < len(words) and (words[v + 1] == "to" or words[v + 1] in part.including_me):
                return False
            return any(words[t] == "to" for t in range(v + 2, min(start, v + 6)))
    return False


def _blocked(words: list[str], clauses: list[int], start: int, part: PartCues) -> bool:
    for s in range(start - 1, -1, -1):
        if clauses[s] != clauses[start]:
            return False
        if words[s] in part.subjects:
            return words[s] in part.blocked_subjects and not _reported(words, s)
    return False


def _reported(words: list[str], s: int) -> bool:
    """The subject at `s` is inside someone's words or the client's sense of them.

    "He told me I was overreacting", "she told me what I was allowed to wear":
    the other is still the one acting; "I felt like they wanted me there": the
    client is the one feeling.
    """
    before = words[s - 1] if s else ""
    return before in _REPORTING or (before == "like" and "felt" in words[max(0, s - 3) : s])


def _matches(
    words: list[str], clauses: list[int], part: PartCues, cues: Cues, taken: list[bool]
) -> list[_Match]:
    found: list[tuple[int, int, Cue]] = []
    for i, word in enumerate(words):
        for cue in part.index.get(word, ()):
            end = _match_at(words, i, cue.words, cues.gap)
            if end is not None:
                found.append((i, end, cue))
    # the longest phrase wins where two overlap, then the heavier one
    found.sort(key=lambda m: (-(m[1] - m[0]), -m[2].weight, m[0]))
    out: list[_Match] = []
    for start, end, cue in found:
        if any(taken[start:end]):
            continue
        for t in range(start, end):
            taken[t] = True
        if part.blocked_subjects and _blocked(words, clauses, start, part):
            continue
        code: str | None = cue.code
        negated_at = _negator_before(words, clauses, start, end, cues)
        if negated_at is not None:
            code = cue.negated_code
        elif part.when_someone_else_acts and _someone_else_acts(words, clauses, start, part):
            code = part.when_someone_else_acts.get(cue.code, cue.code)
        if code is not None:
            first = start if negated_at is None else negated_at
            out.append(_Match(first, end, cue, code, negated_at is not None))
    return out


def suggest_clusters(
    component: Literal["wish", "other", "self"], text: str | None, ccrt: CCRT, cues: Cues
) -> tuple[Suggestion, ...]:
    """Up to three clusters the words point to, best first; empty when not reasonably sure."""
    if not text or not text.strip() or component not in cues.parts:
        return ()
    spans = [s for s in tokenize(text, cues.contractions) if s[0] not in cues.fillers]
    words = [t for t, _, _ in spans]
    if any(_starts_with(words, i, d) for d in cues.doubt for i in range(len(words))):
        return ()
    clauses = _clauses(text, spans, cues.clause_breaks)
    part = cues.parts[component]
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    reasons: dict[str, list[_Match]] = {}
    taken = [False] * len(words)
    threshold, margin = cues.threshold, 1.0
    found = _matches(words, clauses, part, cues, taken)
    if cues.lexicon and not any(m.cue.weight >= cues.threshold for m in found):
        # no phrase was enough on its own: read single words too, a weaker reading
        # that must clearly outweigh any reading of the opposite valence
        found += word_matches(words, clauses, taken, component, part, cues, ccrt)
        threshold, margin = cues.lexicon.threshold, 1.5
    for m in found:
        scores[m.code] = scores.get(m.code, 0.0) + m.cue.weight
        first_seen.setdefault(m.code, m.start)
        reasons.setdefault(m.code, []).append(m)
    ranked = sorted(
        (c for c in scores if scores[c] >= threshold),
        key=lambda c: (-scores[c], first_seen[c]),
    )
    if not ranked:
        return ()
    top = ccrt.cluster(ranked[0])
    if top is None:
        return ()
    if top.valence:
        opposite = [
            c for c in scores if (ccrt.cluster(c) or top).valence not in (None, top.valence)
        ]
        strongest = max((scores[c] for c in opposite), default=0.0)
        if strongest and strongest * margin >= scores[ranked[0]]:
            return ()  # two readings that pull opposite ways: the direction is unclear
        ranked = [c for c in ranked if c not in opposite]
    out: list[Suggestion] = []
    for code in ranked[:MAX_SUGGESTIONS]:
        cluster = ccrt.cluster(code)
        if cluster is None:
            continue
        out.append(Suggestion(code, cluster.label, cluster.plain, _why(text, spans, reasons[code])))
    return tuple(out)


def word_matches(
    words: list[str],
    clauses: list[int],
    taken: list[bool],
    component: str,
    part: PartCues,
    cues: Cues,
    ccrt: CCRT,
) -> list[_Match]:
    """Single words of the lexicon at places no phrase took, under the same rules."""
    index = cues.lexicon.parts.get(component, {}) if cues.lexicon else {}
    out: list[_Match] = []
    i = 0
    while i < len(words):
        entry = None
        if not taken[i]:
            for w in index.get(words[i], ()):
                end = i + len(w.words)
                if tuple(words[i:end]) == w.words and not any(taken[i:end]):
                    entry = w
                    break
        if entry is None:
            i += 1
            continue
        end = i + len(entry.words)
        i = end
        if not _word_actor_fits(words, clauses, end - len(entry.words), component, part):
            continue
        start = end - len(entry.words)
        code = entry.code
        negated_at = _negator_before(words, clauses, start, end, cues)
        if negated_at is not None:
            code = entry.negated_code
        elif (
            code and part.when_someone_else_acts and _someone_else_acts(words, clauses, start, part)
        ):
            code = part.when_someone_else_acts.get(code, code)
        cluster = ccrt.cluster(code) if code else None
        if code is None or cluster is None:
            continue
        meaning = (ccrt.cluster(entry.code) if entry.code else None) or cluster
        cue = Cue(entry.words, code, entry.weight, meaning.plain, entry.negated_code)
        first = start if negated_at is None else negated_at
        out.append(_Match(first, end, cue, code, negated_at is not None and entry.code is not None))
    return out


def _word_actor_fits(
    words: list[str], clauses: list[int], start: int, component: str, part: PartCues
) -> bool:
    """Who does it: in `other` someone other than the client, in `self` the client."""
    for s in range(start - 1, -1, -1):
        if clauses[s] != clauses[start]:
            return True
        if component == "self" and words[s] in _ME:
            return True  # "they made me feel worthless": the client feels it
        if words[s] in part.subjects:
            if words[s] not in part.blocked_subjects or _reported(words, s):
                return True
            # "I was blanked", "I got dismissed": the other still acts
            return component == "other" and any(w in _PASSIVE for w in words[s + 1 : start])
    return True


def _why(text: str, spans: list[tuple[str, int, int]], matches: list[_Match]) -> str:
    # the client's own words, with any control character (an escape sequence) made a space
    quotes = ", ".join(
        f'"{" ".join(_CONTROL.sub(" ", text[spans[m.start][1] : spans[m.end - 1][2]]).split())}"'
        for m in matches
    )
    first = matches[0]
    meaning = f"the opposite of: {first.cue.means}" if first.negated else first.cue.means
    return f"read {quotes}: {meaning}"
