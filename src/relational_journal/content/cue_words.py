"""Single words per CCRT cluster (data/ccrt_words.yaml), checked once into a lookup.

The second, weaker reading of core/suggest.py: used only where no cue phrase
was read. Each entry becomes a `Word` indexed by its first token, with every
other form of it; a word listed in two clusters of one part, an unknown key
or an unknown cluster is a `BadWords` naming the key path, which
content/cues.py turns into a CueFileError with the file and line. The
tokeniser and the word forms are passed in by content/cues.py, so both
readings meet the client's words in the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

PARTS = ("wish", "other", "self")
TOP_KEYS = {"version": True, "weights": True, "threshold": True, "parts": True}
CLUSTER_KEYS = {
    "strong": False,
    "weak": False,
    "negated": False,
    "negated_words": False,
    "when_negated": False,
}


class BadWords(Exception):
    def __init__(self, keys: tuple[Any, ...], message: str) -> None:
        super().__init__(message)
        self.keys = keys
        self.message = message


class Word(NamedTuple):
    words: tuple[str, ...]
    code: str | None  # None: the word means something only when negated
    weight: float
    negated_code: str | None  # what the word means when negated, if anything
    listed: str  # the entry as listed, for the reason shown


@dataclass(frozen=True)
class Lexicon:
    threshold: float
    parts: dict[str, dict[str, tuple[Word, ...]]]  # part -> first token -> words, longest first


def _positive(value: Any, keys: tuple[Any, ...]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise BadWords(keys, f"'{keys[-1]}' must be a positive number")
    return float(value)


def _keys(value: Any, keys: tuple[Any, ...], allowed: dict[str, bool], what: str) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise BadWords(keys, f"{what} must be a mapping of key: value lines")
    for key in value:
        if key not in allowed:
            raise BadWords(
                (*keys, key), f"{what} has unknown field '{key}' (allowed: {', '.join(allowed)})"
            )
    for key, required in allowed.items():
        if required and key not in value:
            raise BadWords(keys, f"{what} is missing '{key}'")
    return value


def _entries(value: Any, keys: tuple[Any, ...]) -> list[str]:
    if not isinstance(value, list) or not value:
        raise BadWords(keys, f"'{keys[-1]}' must be a non-empty list of words")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise BadWords((*keys, i), f"'{keys[-1]}' item {i + 1} must be a word (text)")
    return value


def _code(value: Any, keys: tuple[Any, ...], codes: set[str]) -> str:
    if value not in codes:
        raise BadWords(keys, f"unknown cluster {value!r} (one of {', '.join(sorted(codes))})")
    return str(value)


def parse_words(
    data: Any,
    codes: dict[str, set[str]],
    phrase: Callable[[str], tuple[str, ...]],
    forms: Callable[[tuple[str, ...]], list[tuple[str, ...]]],
) -> Lexicon:
    """Check plain word-list data against the known cluster codes; raises BadWords."""
    top = _keys(data, (), TOP_KEYS, "the word file")
    if top["version"] != 1:
        raise BadWords(("version",), "'version' must be 1")
    raw_weights = _keys(top["weights"], ("weights",), {"strong": True, "weak": True}, "'weights'")
    weights = {k: _positive(v, ("weights", k)) for k, v in raw_weights.items()}
    threshold = _positive(top["threshold"], ("threshold",))
    parts_raw = _keys(top["parts"], ("parts",), dict.fromkeys(PARTS, True), "'parts'")
    parts: dict[str, dict[str, tuple[Word, ...]]] = {}
    for part in PARTS:
        pkeys = ("parts", part)
        clusters = parts_raw[part]
        if not isinstance(clusters, dict) or not clusters:
            raise BadWords(pkeys, f"part '{part}' must be a mapping of cluster codes")
        found: dict[tuple[str, ...], Word] = {}
        flips: list[tuple[Word, tuple[Any, ...]]] = []  # when_negated entries, merged last
        for code, spec in clusters.items():
            ckeys = (*pkeys, code)
            _code(code, ckeys, codes[part])
            fields = _keys(spec, ckeys, CLUSTER_KEYS, f"cluster {code}")
            negated = None
            if "negated" in fields:
                negated = _code(fields["negated"], (*ckeys, "negated"), codes[part])
            special: dict[str, str] = {}
            for target, words in (fields.get("negated_words") or {}).items():
                _code(target, (*ckeys, "negated_words", target), codes[part])
                for w in _entries(words, (*ckeys, "negated_words", target)):
                    special[w] = str(target)
            seen: set[tuple[str, ...]] = set()
            for kind in ("strong", "weak", "negated_words", "when_negated"):
                if kind not in fields:
                    continue
                listed_texts = list(special) if kind == "negated_words" else None
                texts = listed_texts or _entries(fields[kind], (*ckeys, kind))
                for i, text in enumerate(texts):
                    keys = (*ckeys, kind, i)
                    words = phrase(text)
                    if not words:
                        raise BadWords(keys, f"{text!r} has no words")
                    if words in seen:
                        continue  # two spellings of one entry ("couldnt", "could not")
                    seen.add(words)
                    if kind == "when_negated":
                        flips.append((Word(words, None, weights["strong"], code, text), keys))
                        continue
                    weight = weights["weak" if kind == "weak" else "strong"]
                    entry = Word(words, code, weight, special.get(text, negated), text)
                    if words in found:
                        raise BadWords(keys, f"{text!r} is listed under {found[words].code} too")
                    found[words] = entry
        for entry, keys in flips:
            # a word of another cluster whose negation means this one ("didn't cave")
            other = found.get(entry.words)
            if other is None:
                found[entry.words] = entry
            elif other.code == entry.negated_code or other.negated_code not in (
                None,
                entry.negated_code,
            ):
                raise BadWords(keys, f"{entry.listed!r} is listed under {other.code} too")
            else:
                found[entry.words] = other._replace(negated_code=entry.negated_code)
        listed = set(found)
        index: dict[str, list[Word]] = {}
        for entry in found.values():
            index.setdefault(entry.words[0], []).append(entry)
        for entry in found.values():
            for variant in forms(entry.words):
                if variant not in listed:  # a word listed as it is keeps its own cluster
                    listed.add(variant)
                    index.setdefault(variant[0], []).append(entry._replace(words=variant))
        parts[part] = {k: tuple(sorted(v, key=lambda w: -len(w.words))) for k, v in index.items()}
    return Lexicon(threshold, parts)
