"""The feelings vocabulary: six families, specific words, forgiving matching.

The bundled list (data/feelings.yaml) groups everyday feeling words under the
six core families of the Feeling Wheel; a client can add words in
`feelings.yaml` in their data folder, same shape. Matching forgives case and
simple inflections ("Hurting" -> hurt) and offers a "did you mean" for close
misspellings. A word outside the vocabulary can still be recorded.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relational_journal.errors import FeelingError, PackError
from relational_journal.models import FeelingFelt

FAMILIES: tuple[str, ...] = ("mad", "sad", "scared", "joyful", "powerful", "peaceful")


@dataclass(frozen=True)
class FeelingWord:
    word: str
    family: str
    pleasantness: float
    energy: float


@dataclass(frozen=True)
class Match:
    """The result of looking a word up: the vocabulary word, or a suggestion."""

    word: FeelingWord | None
    suggestion: str | None = None


class Vocabulary:
    def __init__(self, words: dict[str, FeelingWord], descriptions: dict[str, str]) -> None:
        self.words = words
        self.descriptions = descriptions

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def family_words(self, family: str) -> list[FeelingWord]:
        return [w for w in self.words.values() if w.family == family]

    def lookup(self, text: str) -> Match:
        """Find a word forgiving case and inflection; else suggest the closest."""
        key = normalize(text)
        if not key:
            return Match(None)
        for candidate in _stems(key):
            if candidate in self.words:
                return Match(self.words[candidate])
        return Match(None, self.suggest(key))

    def suggest(self, key: str) -> str | None:
        """The closest word, unless the closest ones differ in a negating prefix or suffix.

        "unsafe" is never turned into "safe", nor "hopeless" into "hope": a guess
        that reverses the client's meaning is worse than none. When the very
        closest word carries another negation than what was typed, nothing is
        offered at all ("isecure" could be insecure or secure).
        """
        close = difflib.get_close_matches(key, list(self.words), n=5, cutoff=0.8)
        if not close or negation(close[0]) != negation(key):
            return None
        return close[0]

    def felt(self, text: str, intensity: int | None) -> FeelingFelt:
        """A FeelingFelt for a word as the client typed it (outside the vocabulary if unknown)."""
        match = self.lookup(text)
        if match.word is not None:
            return FeelingFelt(match.word.word, match.word.family, intensity, True)
        return FeelingFelt(normalize(text), None, intensity, False)


NEGATING_PREFIXES: tuple[str, ...] = ("non", "dis", "mis", "un", "in", "im")
NEGATING_SUFFIXES: tuple[str, ...] = ("less", "les")


def negation(word: str) -> tuple[str, str]:
    """The negating prefix and suffix a word carries ('' when none): ('un', '') for unsafe."""
    word = normalize(word).lstrip("-")
    prefix = next(
        (p for p in NEGATING_PREFIXES if word.startswith(p) and len(word) - len(p) >= 3), ""
    )
    suffix = "less" if word.endswith(NEGATING_SUFFIXES) and len(word) > 5 else ""
    return prefix, suffix


def normalize(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", "-").split())


def _stems(word: str) -> list[str]:
    """The word and the plain forms it may be an inflection of."""
    out = [word]
    if word.endswith("ing") and len(word) > 5:
        base = word[:-3]
        out += [base, base + "e"]
        if len(base) > 2 and base[-1] == base[-2]:
            out.append(base[:-1])
    if word.endswith("ed") and len(word) > 4:
        out += [word[:-2], word[:-1]]
    if word.endswith("ness") and len(word) > 6:
        stem = word[:-4]
        out += [stem, stem[:-1] + "y" if stem.endswith("i") else stem]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    if word.endswith("ly") and len(word) > 4:
        out.append(word[:-2])
    return out


_FEEL_OPTION = re.compile(r"^\s*(?P<word>[^:=]+?)\s*(?:[:= ]\s*(?P<n>-?\d+))?\s*$")


def parse_feel(text: str) -> tuple[str, int | None]:
    """'anxious:7' or 'anxious 7' or 'anxious' -> ('anxious', 7 | None)."""
    m = _FEEL_OPTION.match(text)
    if not m or not m.group("word").strip():
        raise FeelingError(
            f"can't read the feeling {text!r}: use WORD or WORD:INTENSITY, e.g. hurt:7"
        )
    n = m.group("n")
    intensity = None if n is None else int(n)
    if intensity is not None and not 0 <= intensity <= 10:
        raise FeelingError(f"intensity for {m.group('word').strip()!r} must be 0 to 10, not {n}")
    return m.group("word"), intensity


_BAD_INTENSITY = re.compile(r"^\s*(?P<word>[^:=]*?[^:=\s])\s*[:=]\s*(?P<n>.*?)\s*$")


@dataclass(frozen=True)
class FeelItem:
    """One feeling as typed: its word and intensity, or what was wrong with the intensity."""

    word: str
    intensity: int | None
    bad_intensity: str | None = None  # set when the word is fine but its intensity is not


def parse_feel_item(text: str) -> FeelItem:
    """Like parse_feel, but an unreadable intensity keeps the word ('angry:x').

    A word that cannot be read at all still raises FeelingError.
    """
    try:
        word, intensity = parse_feel(text)
        return FeelItem(word.strip(), intensity)
    except FeelingError:
        m = _BAD_INTENSITY.match(text)
        if not m or not m.group("word").strip():
            raise
        return FeelItem(m.group("word").strip(), None, m.group("n") or "nothing")


def split_feelings(text: str) -> list[str]:
    """'sad:5, angry:x; calm' -> ['sad:5', 'angry:x', 'calm']."""
    return [p.strip() for p in re.split(r"[,;]", text) if p.strip()]


def intensity_problem(item: FeelItem) -> str:
    """A one-line message naming the word whose intensity could not be read."""
    return (
        f"the intensity for {item.word!r} must be a whole number from 0 to 10,"
        f" not {item.bad_intensity!r}"
    )


def parse_feelings_line(line: str) -> list[tuple[str, int | None]]:
    """'hurt:7, lonely 4; relieved' -> [('hurt', 7), ('lonely', 4), ('relieved', None)]."""
    parts = [p for p in re.split(r"[,;]", line) if p.strip()]
    return [parse_feel(p) for p in parts]


def _load_file(path: Path, words: dict[str, FeelingWord], descriptions: dict[str, str]) -> None:
    from relational_journal.content.loader import load_data_file

    try:
        data: Any = load_data_file(path)
    except (OSError, UnicodeDecodeError):
        raise PackError(f"{path}: cannot be read") from None
    except Exception as exc:
        import yaml

        if not isinstance(exc, yaml.YAMLError):
            raise
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise PackError(f"{path}{line}: not valid YAML") from None
    families = data.get("families") if isinstance(data, dict) else None
    if not isinstance(families, dict):
        raise PackError(f"{path}: expected a 'families' mapping")
    for family, body in families.items():
        if family not in FAMILIES:
            raise PackError(f"{path}: unknown family {family!r} (one of {', '.join(FAMILIES)})")
        if not isinstance(body, dict) or not isinstance(body.get("words", {}), dict):
            raise PackError(f"{path}: family {family!r} needs a 'words' mapping")
        if isinstance(body.get("description"), str):
            descriptions[family] = body["description"]
        for word, values in (body.get("words") or {}).items():
            values = values or {}
            try:
                words[normalize(str(word))] = FeelingWord(
                    normalize(str(word)),
                    family,
                    float(values.get("pleasantness", 0.0)),
                    float(values.get("energy", 0.0)),
                )
            except (TypeError, ValueError, AttributeError):
                raise PackError(
                    f"{path}: word {word!r} needs numeric pleasantness/energy"
                ) from None


def load_vocabulary(user_file: Path | None = None) -> Vocabulary:
    """The bundled vocabulary, extended by the client's own file if it exists."""
    from relational_journal.content.loader import data_file

    words: dict[str, FeelingWord] = {}
    descriptions: dict[str, str] = {}
    _load_file(data_file("feelings.yaml"), words, descriptions)
    if user_file is not None and user_file.exists():
        _load_file(user_file, words, descriptions)
    return Vocabulary(words, descriptions)
