"""The words the journal listens for before showing a calm safety note, checked strictly.

data/safety.yaml holds every phrase, marker and note; this module reads it once
into typed objects (rejecting unknown keys and malformed phrases, naming the
file, the line and the field) and folds text into the word stream the matcher
in `relational_journal.core.risk` works on. Nothing clinical is spelled out here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from relational_journal.errors import JournalError

LEVELS = ("current", "past")
SENTENCE = "|"
CLAUSE = ","
GAP_WORDS = 6
COMPILED_VERSION = 1  # raise when compile_phrase changes what it makes


class SafetyDataError(JournalError):
    """The safety phrases file is malformed: the message names file, line and field."""


@dataclass(frozen=True)
class Phrase:
    """One phrase: the words that may start it, and its pattern over folded text."""

    category: str
    level: str
    regex: str  # compiled on first use: a quick entry wakes only the phrases its words start
    starts: tuple[str, ...]  # whole first words
    stems: tuple[str, ...]  # first words given as a stem ("overdos*")
    seconds: frozenset[str] | None  # the words that may come next (None: any)


@dataclass(frozen=True)
class SafetyData:
    categories: tuple[str, ...]
    phrases: tuple[Phrase, ...]
    set_aside: tuple[Phrase, ...]
    after_negations: tuple[Phrase, ...]
    past_markers: tuple[Phrase, ...]
    now_markers: tuple[Phrase, ...]
    negations: frozenset[str]
    bridge: frozenset[str]
    ended: frozenset[str]
    contrast: frozenset[str]
    self_words: frozenset[str]
    other_words: frozenset[str]
    speech: frozenset[str]
    topics: frozenset[str]
    note_current: str
    note_past: str


# -- folding text into words ------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
# Quote marks are dropped: a quoted phrase stays in the sentence that reports it.
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.!?:\n()\u2014\u2013]+|[,;]")
# Whole words spelled out; anything else with an apostrophe is split by its ending.
_SPELLED = {
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "wanna": "want to",
    "gonna": "going to",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    # typed without the apostrophe
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "heres": "here is",
    "hes": "he is",
    "shes": "she is",
    "youre": "you are",
    "theyre": "they are",
    "theyd": "they would",
    "id": "i would",
    "wouldve": "would have",
    "couldve": "could have",
    "everyones": "everyone",
    "everybodys": "everybody",
    "anyones": "anyone",
    "nobodys": "nobody",
}
_ENDINGS = {
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'d": " would",
    "'m": " am",
}
_IS = frozenset("it that what there here he she who where everything nothing life".split())


def _spell(token: str) -> str:
    if token in _SPELLED:
        return _SPELLED[token]
    if "'" not in token:
        return token
    for ending, spelled in _ENDINGS.items():
        if token.endswith(ending):
            return token[: -len(ending)] + spelled
    head, _, tail = token.partition("'")
    if tail == "s":
        return f"{head} is" if head in _IS else head
    return head + tail


def words(text: str) -> list[str]:
    """Lowercased words with contractions spelled out; '|' ends a sentence, ',' a clause."""
    out: list[str] = []
    for token in _TOKEN.findall(text.lower().translate(_QUOTES)):
        if token[0].isalnum():
            spelled = _spell(token)
            if " " in spelled:
                out += spelled.split()
            else:
                out.append(spelled)
            continue
        mark = CLAUSE if token in (",", ";") else SENTENCE
        if out and out[-1] in (SENTENCE, CLAUSE):
            if mark == SENTENCE:
                out[-1] = SENTENCE
        elif out:
            out.append(mark)
    # "never, ever" is one negation, not two clauses
    for i in range(len(out) - 2, 0, -1):
        if out[i] == CLAUSE and out[i + 1] == "ever" and out[i - 1] == "never":
            del out[i]
    return out


# -- the phrase syntax ----------------------------------------------------------------

_PIECE = re.compile(r"\{[^{}]*\}|\.\.\.|&|\$|#|[^\s{}&$#]+|[{}]")
_WORD = r"[a-z0-9]+ "
_CLAUSE_END = r"(?=[|,] )"


def _literal(text: str) -> tuple[str, list[str]]:
    """Regex for a run of literal words and the words themselves (a stem keeps its '*')."""
    if text in ("$", "#"):
        return (_CLAUSE_END if text == "$" else r"[0-9]+ "), [text]
    if text.endswith(" $"):
        body, folded = _literal(text[:-2].strip())
        return body + _CLAUSE_END, [*folded, "$"]
    stem = text.endswith("*")
    folded = [w for w in words(text.rstrip("*")) if w not in (SENTENCE, CLAUSE)]
    if not folded:
        raise ValueError(f"{text!r} has no words")
    parts = [re.escape(w) + " " for w in folded]
    if stem:
        parts[-1] = re.escape(folded[-1]) + r"[a-z0-9]* "
        folded[-1] += "*"
    return "".join(parts), folded


def _plain(word: str) -> bool:
    return not word.endswith("*") and word not in ("$", "#")


def compile_phrase(source: str) -> tuple[str, tuple[str, ...], tuple[str, ...] | None]:
    """A phrase's regex over folded text, the words it can start with, and its second words.

    Syntax: plain words; `word*` (any ending); `{a|b c|}` (one of, empty = optional);
    `...` (up to six words); `&` (anywhere later in the sentence); `#` (a number);
    `$` (the clause ends here). The second words (None when they cannot be listed)
    let the matcher skip most tries cheaply. Raises ValueError naming the problem.
    """
    pieces = _PIECE.findall(source.strip())
    if not pieces:
        raise ValueError("the phrase is empty")
    regex: list[str] = []
    # the word runs each piece may be, or None for gaps and optional choices
    runs: list[list[list[str]] | None] = []
    for index, piece in enumerate(pieces):
        if piece in ("{", "}"):
            raise ValueError(f"unbalanced braces in {source!r}")
        if piece in ("...", "&", "$", "#") and index == 0:
            raise ValueError(f"{source!r} must start with a word")
        if piece == "...":
            regex.append(f"(?:{_WORD}){{0,{GAP_WORDS}}}?")
            runs.append(None)
        elif piece == "&":
            regex.append(r"(?:[^|\s]+ )*?")
            runs.append(None)
        elif piece in ("$", "#"):
            regex.append(_literal(piece)[0])
            runs.append(None)
        elif piece.startswith("{"):
            options = piece[1:-1].split("|")
            optional = any(not o.strip() for o in options)
            filled = [o.strip() for o in options if o.strip()]
            if not filled:
                raise ValueError(f"{piece!r} offers no words")
            compiled = [_literal(o) for o in filled]
            if index == 0 and (
                optional or any(not _plain(f[0]) and not f[0].endswith("*") for _, f in compiled)
            ):
                raise ValueError(f"{source!r} must not start with an optional choice")
            regex.append("(?:" + "|".join(r for r, _ in compiled) + ")" + ("?" if optional else ""))
            runs.append(None if optional else [f for _, f in compiled])
        else:
            body, folded = _literal(piece)
            regex.append(body)
            runs.append([folded])
    if pieces[-1] in ("...", "&"):
        raise ValueError(f"{source!r} must end with a word")
    first_runs = runs[0] or []
    starts = tuple(run[0] for run in first_runs)
    for first in starts:
        if first.endswith("*") and len(first) < 4:
            raise ValueError(f"the stem {first!r} is too short to start a phrase")
    seconds: set[str] | None = set()
    for run in first_runs:
        if len(run) > 1:
            nexts = [run[1]]
        elif len(runs) > 1 and runs[1] is not None:
            nexts = [r[0] for r in runs[1]]
        else:
            nexts = []
        if seconds is None or not nexts or not all(_plain(w) for w in nexts):
            seconds = None
            break
        seconds.update(nexts)
    return "".join(regex), starts, (tuple(sorted(seconds)) if seconds is not None else None)


# -- loading ------------------------------------------------------------------------

TOP_KEYS = {
    "version",
    "notes",
    "categories",
    "set_aside",
    "negation",
    "people",
    "topics",
    "past_markers",
    "now_markers",
}
NEGATION_KEYS = {"words", "bridge", "after", "ended", "contrast"}
PEOPLE_KEYS = {"self", "others", "speech"}
CATEGORY_KEYS = {"about", "level", "phrases"}


Compiled = tuple[str, tuple[str, ...], tuple[str, ...] | None]


class _Checker:
    def __init__(self, path: Path, known: dict[str, Compiled] | None = None) -> None:
        self.path = path
        # Phrases compiled by an earlier run: turning the phrase syntax into patterns
        # costs more than a quick entry's whole start-up.
        self.known: dict[str, Compiled] = dict(known or {})
        self.fresh = False

    def compile(self, source: str) -> Compiled:
        found = self.known.get(source)
        if found is None:
            found = self.known[source] = compile_phrase(source)
            self.fresh = True
        return found

    def fail(self, where: Sequence[str | int], message: str) -> SafetyDataError:
        line = _line_of(self.path, where)
        at = f" line {line}" if line else ""
        field = ".".join(str(w) for w in where) or "(top)"
        return SafetyDataError(f"{self.path}{at}: '{field}' {message}")

    def mapping(self, value: Any, where: list[str | int], allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a mapping of key: value lines")
        for key in value:
            if key not in allowed:
                raise self.fail(
                    [*where, str(key)], f"is not a known field ({', '.join(sorted(allowed))})"
                )
        return value

    def text(self, value: Any, where: list[str | int]) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be non-empty text")
        return " ".join(value.split())

    def texts(self, value: Any, where: list[str | int]) -> list[str]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, "must be a non-empty list")
        return [self.text(item, [*where, i]) for i, item in enumerate(value)]

    def word_set(self, value: Any, where: list[str | int]) -> frozenset[str]:
        out: set[str] = set()
        for i, item in enumerate(self.texts(value, where)):
            folded = [w for w in words(item) if w not in (SENTENCE, CLAUSE)]
            if len(folded) != 1:
                raise self.fail([*where, i], f"must be a single word, not {item!r}")
            out.add(folded[0])
        return frozenset(out)

    def phrases(
        self, value: Any, where: list[str | int], category: str, level: str
    ) -> tuple[Phrase, ...]:
        out = []
        for i, source in enumerate(self.texts(value, where)):
            try:
                regex, starts, seconds = self.compile(source)
            except ValueError as exc:
                raise self.fail([*where, i], str(exc)) from None
            out.append(
                Phrase(
                    category,
                    level,
                    regex,
                    tuple(s for s in starts if not s.endswith("*")),
                    tuple(s[:-1] for s in starts if s.endswith("*")),
                    None if seconds is None else frozenset(seconds),
                )
            )
        return tuple(out)


def _line_of(path: Path, where: Sequence[str | int]) -> int | None:
    """The line of a field in the YAML file (composed again only when reporting an error)."""
    import yaml

    from relational_journal.content.loader import safe_loader

    try:
        node: Any = yaml.compose(path.read_text(encoding="utf-8"), Loader=safe_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for key in where:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == key), None)
            if pair is None:
                break
            line = pair[0].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def parse_safety(data: Any, path: Path, check: _Checker | None = None) -> SafetyData:
    """Check the safety data strictly and return it; raises SafetyDataError."""
    check = check or _Checker(path)
    top = check.mapping(data, [], TOP_KEYS)
    for key in TOP_KEYS:
        if key not in top:
            raise check.fail([key], "is missing")
    if top["version"] != 2:
        raise check.fail(["version"], "must be 2")
    notes = check.mapping(top["notes"], ["notes"], set(LEVELS))
    for level in LEVELS:
        if level not in notes:
            raise check.fail(["notes", level], "is missing")
    cats = check.mapping(top["categories"], ["categories"], set(top["categories"] or ()))
    if not cats:
        raise check.fail(["categories"], "must name at least one category")
    phrases: list[Phrase] = []
    for name, body in cats.items():
        where: list[str | int] = ["categories", str(name)]
        if not re.fullmatch(r"[a-z][a-z_]*", str(name)):
            raise check.fail(where, "must be lowercase letters and underscores")
        body = check.mapping(body, where, CATEGORY_KEYS)
        if "phrases" not in body:
            raise check.fail([*where, "phrases"], "is missing")
        level = body.get("level", "current")
        if level not in LEVELS:
            raise check.fail([*where, "level"], f"must be one of {', '.join(LEVELS)}")
        if "about" in body:
            check.text(body["about"], [*where, "about"])
        phrases += check.phrases(body["phrases"], [*where, "phrases"], str(name), level)
    negation = check.mapping(top["negation"], ["negation"], NEGATION_KEYS)
    people = check.mapping(top["people"], ["people"], PEOPLE_KEYS)
    for group, keys, name in (
        (negation, NEGATION_KEYS, "negation"),
        (people, PEOPLE_KEYS, "people"),
    ):
        for key in sorted(keys):
            if key not in group:
                raise check.fail([name, key], "is missing")

    def marks(value: Any, where: list[str | int]) -> tuple[Phrase, ...]:
        return check.phrases(value, where, "", "current")

    return SafetyData(
        categories=tuple(str(c) for c in cats),
        phrases=tuple(phrases),
        set_aside=marks(top["set_aside"], ["set_aside"]),
        after_negations=marks(negation["after"], ["negation", "after"]),
        past_markers=marks(top["past_markers"], ["past_markers"]),
        now_markers=marks(top["now_markers"], ["now_markers"]),
        negations=check.word_set(negation["words"], ["negation", "words"]),
        bridge=check.word_set(negation["bridge"], ["negation", "bridge"]),
        ended=check.word_set(negation["ended"], ["negation", "ended"]),
        contrast=check.word_set(negation["contrast"], ["negation", "contrast"]),
        self_words=check.word_set(people["self"], ["people", "self"]),
        other_words=check.word_set(people["others"], ["people", "others"]),
        speech=check.word_set(people["speech"], ["people", "speech"]),
        topics=check.word_set(top["topics"], ["topics"]),
        note_current=check.text(notes["current"], ["notes", "current"]),
        note_past=check.text(notes["past"], ["notes", "past"]),
    )


def read_safety_file(path: Path) -> Any:
    """A safety data file's YAML; SafetyDataError (file and line) when it cannot be read."""
    import yaml

    from relational_journal.content.loader import load_data_file

    try:
        return load_data_file(path)
    except (OSError, UnicodeDecodeError):
        raise SafetyDataError(f"{path}: cannot be read") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise SafetyDataError(f"{path}{at}: not valid YAML") from None


def load_safety(path: Path) -> SafetyData:
    """Read and check a safety data file; raises SafetyDataError naming file, line and field."""
    data = read_safety_file(path)
    cache = _compiled_cache(path)
    check = _Checker(path, _read_compiled(cache))
    parsed = parse_safety(data, path, check)
    if check.fresh and cache is not None:
        _write_compiled(cache, check.known)
    return parsed


def _compiled_cache(path: Path) -> Path | None:
    """Where the compiled phrases of this version of the file are kept (None: nowhere)."""
    import hashlib

    from relational_journal.paths import user_dir

    try:
        stat = path.stat()
    except OSError:
        return None
    stamp = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{COMPILED_VERSION}"
    return (
        user_dir()
        / "cache"
        / f"compiled-phrases-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.json"
    )


def _read_compiled(cache: Path | None) -> dict[str, Compiled]:
    import json

    if cache is None:
        return {}
    try:
        raw = json.loads(cache.read_text(encoding="utf-8"))
        return {
            str(k): (str(r), tuple(map(str, st)), None if se is None else tuple(map(str, se)))
            for k, (r, st, se) in raw.items()
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _write_compiled(cache: Path, known: dict[str, Compiled]) -> None:
    import json

    from relational_journal.paths import write_private

    try:
        if not cache.parent.parent.is_dir():
            return
        cache.parent.mkdir(exist_ok=True, mode=0o700)
        for old in cache.parent.glob("compiled-phrases-*.json"):
            old.unlink(missing_ok=True)
        write_private(cache, json.dumps(known, ensure_ascii=False).encode())
    except (OSError, TypeError, ValueError):
        pass


@cache
def bundled_safety() -> SafetyData:
    """The bundled safety data (data/safety.yaml), read once."""
    from relational_journal.content.loader import data_file

    return load_safety(data_file("safety.yaml"))


@cache
def compiled(regex: str) -> re.Pattern[str]:
    """A phrase's pattern, compiled once when a text first needs it."""
    return re.compile(regex)


def fold_phrases(phrases: Iterable[str]) -> tuple[str, ...]:
    """The client's own phrases as folded word runs (empty ones dropped)."""
    out = []
    for phrase in phrases:
        folded = " ".join(w for w in words(phrase) if w not in (SENTENCE, CLAUSE))
        if folded:
            out.append(folded)
    return tuple(dict.fromkeys(out))
