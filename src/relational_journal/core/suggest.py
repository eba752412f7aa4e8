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
from relational_journal.core.suggest_model import model_clusters

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
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ourselves"})
# someone neither the client nor the other: "her boss", "his ex", "the teacher"
_PEOPLE = frozenset(
    "mum mom mother mam dad father parents parent brother brothers sister sisters sibling"
    " siblings son sons daughter daughters kid kids child children baby husband wife partner"
    " boyfriend girlfriend ex fiance fiancee friend friends mate mates colleague colleagues"
    " coworker coworkers boss manager teacher teachers gran granny grandma nan nana nanna"
    " grandad granddad grandpa grandmother grandfather grandparents aunt auntie aunty uncle"
    " cousin cousins niece nephew neighbour neighbours neighbor neighbors flatmate housemate"
    " roommate family stepdad stepmum stepmom therapist counsellor counselor doctor nurse coach"
    " tutor lecturer headteacher supervisor landlord landlady team class people politician".split()
)
_POSSESSIVE = frozenset({"my", "his", "her", "their", "our", "the", "a", "some"})
_ANYONE = frozenset({"people", "others", "someone", "somebody", "everyone", "everybody"})
_THIRD_SUBJECT = frozenset({"he", "she", "they"})
_WANTING = frozenset(
    "want wants wanted wanting wish wishes wished need needs needed hope hopes hoped".split()
)
_THIRD_OBJECT = frozenset({"him", "them", "himself", "herself", "themselves"})
_THIRD_OWNER = frozenset({"her", "his", "their"})
# what a person does with their own body or things: "shook her head", "lost his temper"
_OWN = frozenset(
    "head eyes eye face voice temper cool mind time hand hands arm arms shoulder shoulders"
    " back best ground breath phone tongue lip lips jaw fist fists teeth nose brow eyebrows"
    " heart cheek tone feet foot way bag coat keys door car stuff things own composure nerve"
    " patience seat chair glass drink tea coffee food plate fork".split()
)
_PREPOSITIONS = frozenset(
    "with to at for about of from by around near like than without towards toward"
    " after before behind beside between against over under into onto".split()
)
_LINKS = frozenset({"to", "at", "with", "for", "about", "on", "towards", "toward", "all", "both"})
# words that report what someone said or thought: what follows may be about a third person
_REPORTS = frozenset(
    "said says say saying told tells tell telling mentioned mentions talked talks talking"
    " spoke speaks complained complains explained explains admitted claimed reckoned reckons"
    " thinks thought ranted moaned reading read watched watching heard discussed discussing"
    " described describing".split()
)
# "called me useless", "said I was pathetic": the other's judgement of the client
_JUDGING = (
    ("called", "me"),
    ("calls", "me"),
    ("calling", "me"),
    ("call", "me"),
    ("said", "i", "was"),
    ("said", "i", "am"),
    ("says", "i", "am"),
    ("said", "that", "i", "was"),
    ("told", "me", "i", "was"),
    ("told", "me", "i", "am"),
    ("tells", "me", "i", "am"),
    ("told", "everyone", "i", "was"),
    ("told", "them", "i", "was"),
    ("thinks", "i", "am"),
    ("thought", "i", "was"),
)
_PUT_DOWN, _PUT_DOWN_MEANS = "RO4", "they put me down"
_DEGREE = frozenset({"a", "an", "too", "total", "complete", "bit", "little", "being", "like"})


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


def _sentences(text: str, spans: list[tuple[str, int, int]]) -> list[int]:
    """A sentence number per token: only a full stop, "!", "?" or ";" starts a new one."""
    out: list[int] = []
    number = previous_end = 0
    for _, start, end in spans:
        number += any(c in ".!?;" for c in text[previous_end:start])
        out.append(number)
        previous_end = end
    return out


def _about_someone_else(
    words: list[str], clauses: list[int], sentences: list[int], start: int, end: int, part: str
) -> bool:
    """The words at [start, end) tell of a third person, not of the client and the other."""
    if part == "other":
        return _third_object(words, clauses, start, end) or _reported_third(words, sentences, start)
    if part == "self":
        return _third_subject(words, clauses, start) or _reported_third(words, sentences, start)
    return _third_wisher(words, clauses, start)


def _third_wisher(words: list[str], clauses: list[int], start: int) -> bool:
    """ "my flatmate wants to be independent", "he said he needs his distance": not the client's."""
    for v in range(start - 1, -1, -1):
        if clauses[v] != clauses[start]:
            return False
        if words[v] in _WANTING:
            for s in range(v - 1, max(-1, v - 4), -1):
                if clauses[s] != clauses[v] or words[s] in ("i", "we"):
                    return False
                if words[s] in _THIRD_SUBJECT or words[s] in _PEOPLE:
                    return True
            return False
    return False


def _third_object(words: list[str], clauses: list[int], start: int, end: int) -> bool:
    """ "understood him", "kind to her sister", "rejecting all her ideas": done to someone else.

    "shook her head", "lost his temper": the other's own body or things do not count.
    """
    if words[end - 1] in _FIRST_PERSON:
        return False
    i = end
    while i < len(words) and i < end + 2 and words[i] in _LINKS:
        i += 1
    if i >= len(words) or clauses[i] != clauses[start]:
        return False
    if words[i] in _THIRD_OBJECT:
        return True
    if words[i] in _THIRD_OWNER:
        after = words[i + 1] if i + 1 < len(words) and clauses[i + 1] == clauses[i] else ""
        return after not in _OWN
    return False


def _reported_third(words: list[str], sentences: list[int], start: int) -> bool:
    """ "he said his ex was controlling": someone's words about a third person, not the client."""
    said = next(
        (
            r
            for r in range(start - 1, -1, -1)
            if sentences[r] == sentences[start] and words[r] in _REPORTS
        ),
        None,
    )
    if said is None or any(sentences[r] != sentences[start] for r in range(said, start)):
        return False
    span = [
        k
        for k in range(said + 1, len(words))
        if sentences[k] == sentences[start] and not (k == said + 1 and words[k] == "me")
    ]
    if any(words[k] in _FIRST_PERSON for k in span):
        return False
    return any(
        words[k] in _ANYONE
        or (words[k] in _PEOPLE and _POSSESSIVE.intersection(words[max(0, k - 2) : k]))
        for k in span
    )


def _third_subject(words: list[str], clauses: list[int], start: int) -> bool:
    """ "I told him my boss snaps": the one acting is a third person, not the client."""
    for s in range(start - 1, -1, -1):
        if clauses[s] != clauses[start] or words[s] in _ME or words[s] in ("i", "we"):
            return False
        if words[s] == "my" and s + 1 < start and words[s + 1] in _OWN:
            return False  # "my heart was racing": the client's own body
        if words[s] in _PEOPLE:
            before = s - 1 if s and words[s - 1] in _POSSESSIVE else s
            if before and words[before - 1] in _PREPOSITIONS:
                continue  # "the call with my dad", "next to my sister": not who acts
            return _not_the_clients_object(words, clauses, s)
    return False


def _not_the_clients_object(words: list[str], clauses: list[int], s: int) -> bool:
    """The person at `s` acts: no "I" before them in the clause ("I let my boss walk all over
    me"), or only one who reports ("I told him my boss snaps")."""
    for q in range(s - 1, -1, -1):
        if clauses[q] != clauses[s]:
            return True
        if words[q] in ("i", "we"):
            return any(words[r] in _REPORTS for r in range(q + 1, s))
    return True


def _judged_badly(word: str, cues: Cues, ccrt: CCRT) -> bool:
    """The word is a bad judgement of a person ("useless", "pathetic") in the cue lists."""
    valences: set[str | None] = set()
    for name in ("self", "other"):
        part = cues.parts.get(name)
        if part is not None:
            for cue in part.index.get(word, ()):
                if cue.words == (word,):
                    valences.add(ccrt.valence(cue.code))
        if cues.lexicon is not None:
            for entry in cues.lexicon.parts.get(name, {}).get(word, ()):
                if entry.words == (word,) and entry.code:
                    valences.add(ccrt.valence(entry.code))
    valences.discard(None)
    return valences == {"negative"}


def _judgements(
    words: list[str], clauses: list[int], part: str, cues: Cues, ccrt: CCRT, taken: list[bool]
) -> list[_Match]:
    """ "called me useless", "said I was pathetic": the other put the client down.

    In `other` this is the other treating the client badly; in `self` it is
    the other's word, not the client's response, so nothing is read there. A negated
    judgement ("never called me stupid") suggests nothing.
    """
    out: list[_Match] = []
    if part not in ("other", "self"):
        return out
    for i, word in enumerate(words):
        for frame in _JUDGING:
            if word != frame[0] or not _starts_with(words, i, frame):
                continue
            if i and words[i - 1] in ("i", "we"):
                break  # "I said I was stupid": the client's own words about themselves
            j = i + len(frame)
            while j < len(words) and words[j] in _DEGREE:
                j += 1
            if j >= len(words) or clauses[j] != clauses[i] or any(taken[i : j + 1]):
                break
            if not _judged_badly(words[j], cues, ccrt):
                break
            for t in range(i, j + 1):
                taken[t] = True
            if part == "other" and _negator_before(words, clauses, i, j + 1, cues) is None:
                cue = Cue(
                    tuple(words[i : j + 1]), _PUT_DOWN, cues.threshold + 1, _PUT_DOWN_MEANS, None
                )
                out.append(_Match(i, j + 1, cue, _PUT_DOWN, False))
            break
    return out


def _matches(
    words: list[str],
    clauses: list[int],
    part: PartCues,
    cues: Cues,
    taken: list[bool],
    where: tuple[str, list[int]],
) -> list[_Match]:
    component, sentences = where
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
        if _about_someone_else(words, clauses, sentences, start, end, component):
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
    """Up to three clusters the words point to, best first; empty when not reasonably sure.

    The cue phrases read first. Where they read cue words and set them aside
    (a negation, someone else, doubt), that stands. Otherwise the trained reader
    weighs their reading with the whole sentence (core/suggest_model.py): it keeps
    their clusters unless sure nothing here is one, and offers its own only where
    they found nothing.
    """
    by_rules, set_aside = rule_reading(component, text, ccrt, cues)
    if not text or set_aside:
        return by_rules
    chosen = model_clusters(component, text, ccrt, [s.code for s in by_rules])
    if chosen is None:
        return by_rules
    out = []
    for code, read in chosen:
        same = next((s for s in by_rules if s.code == code), None)
        cluster = ccrt.cluster(code)
        if same is not None:
            out.append(same)
        elif cluster is not None:
            why = f"read as a whole, weighing {read}" if read else "read as a whole"
            out.append(Suggestion(code, cluster.label, cluster.plain, why))
    return tuple(out)


def rule_clusters(
    component: Literal["wish", "other", "self"], text: str | None, ccrt: CCRT, cues: Cues
) -> tuple[Suggestion, ...]:
    """The cue phrases' own reading: up to three clusters, best first, before the reader."""
    return rule_reading(component, text, ccrt, cues)[0]


def rule_reading(
    component: Literal["wish", "other", "self"], text: str | None, ccrt: CCRT, cues: Cues
) -> tuple[tuple[Suggestion, ...], bool]:
    """The cue phrases' clusters, and whether they read cue words and set them all aside.

    Set aside: doubt ("not sure"), a negated cue with no clear meaning, someone
    else's feeling, two readings of opposite valence, or too little to be sure.
    """
    if not text or not text.strip() or component not in cues.parts:
        return (), False
    spans = [s for s in tokenize(text, cues.contractions) if s[0] not in cues.fillers]
    words = [t for t, _, _ in spans]
    if any(_starts_with(words, i, d) for d in cues.doubt for i in range(len(words))):
        return (), True
    clauses = _clauses(text, spans, cues.clause_breaks)
    part = cues.parts[component]
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    reasons: dict[str, list[_Match]] = {}
    taken = [False] * len(words)
    threshold, margin = cues.threshold, 1.0
    sentences = _sentences(text, spans)
    # "called me useless": in `self` the other's word is never the client's response;
    # in `other` it is read where no phrase says more
    found = _judgements(words, clauses, component, cues, ccrt, taken) if component == "self" else []
    found += _matches(words, clauses, part, cues, taken, (component, sentences))
    if component == "other":
        found += _judgements(words, clauses, component, cues, ccrt, taken)
    if cues.lexicon and not any(m.cue.weight >= cues.threshold for m in found):
        # no phrase was enough on its own: read single words too, a weaker reading
        # that must clearly outweigh any reading of the opposite valence
        found += word_matches(words, clauses, taken, (component, sentences), part, cues, ccrt)
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
        # cue words read and every one set aside (negated, someone else's): that stands;
        # cues too weak to be sure leave the sentence to the reader
        return (), any(taken) and not found
    top = ccrt.cluster(ranked[0])
    if top is None:
        return (), True
    if top.valence:
        opposite = [
            c for c in scores if (ccrt.cluster(c) or top).valence not in (None, top.valence)
        ]
        strongest = max((scores[c] for c in opposite), default=0.0)
        if strongest and strongest * margin >= scores[ranked[0]]:
            return (), True  # two readings that pull opposite ways: the direction is unclear
        ranked = [c for c in ranked if c not in opposite]
    out: list[Suggestion] = []
    for code in ranked[:MAX_SUGGESTIONS]:
        cluster = ccrt.cluster(code)
        if cluster is None:
            continue
        out.append(Suggestion(code, cluster.label, cluster.plain, _why(text, spans, reasons[code])))
    return tuple(out), False


def word_matches(
    words: list[str],
    clauses: list[int],
    taken: list[bool],
    where: tuple[str, list[int]],
    part: PartCues,
    cues: Cues,
    ccrt: CCRT,
) -> list[_Match]:
    """Single words of the lexicon at places no phrase took, under the same rules."""
    component, sentences = where
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
        if _about_someone_else(words, clauses, sentences, start, end, component):
            continue
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
