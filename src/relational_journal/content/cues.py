"""Cue phrases for suggesting CCRT clusters, checked once, strictly, into typed objects.

data/ccrt_cues.yaml lists, per component and cluster, the words and idioms a
client might write, with weights; the negators and how far each reaches; the
words that mark doubt or end a clause; and the rules for who does what to
whom. Any problem (unknown key, missing field, wrong type, unknown cluster) is
one CueFileError naming the file, the line and the field. The phrases are
tokenised here with the same `tokenize` that core/suggest.py applies to the
client's words, so both sides meet on whole words only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import Any, NamedTuple

from relational_journal.content.cue_words import BadWords, Lexicon, Word, parse_words
from relational_journal.errors import PackError

PARTS = ("wish", "other", "self")
PREFIX = {"wish": "W", "other": "RO", "self": "RS"}
GAP = "..."  # inside a cue: up to `gap` other words may stand here
TOP_KEYS = {
    "version": True,
    "threshold": True,
    "gap": True,
    "weights": True,
    "contractions": True,
    "negators": True,
    "clause_breaks": True,
    "fillers": True,
    "doubt": True,
    "parts": True,
}
WEIGHT_KINDS = ("idioms", "cues", "weak")
NEGATOR_KEYS = {"words": True, "scope": True}
PART_KEYS = {
    "subjects": False,
    "blocked_subjects": False,
    "acting_verbs": False,
    "including_me": False,
    "when_someone_else_acts": False,
    "clusters": True,
}
CLUSTER_KEYS = {"idioms": False, "cues": False, "weak": False, "negated": False, "means": False}
_PLAIN = re.compile(r"[a-z ]+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class CueFileError(PackError):
    """The cue file is malformed: the message names file, line and field."""


class Cue(NamedTuple):  # a tuple: thousands are made at load time, cheaply
    words: tuple[str, ...]  # tokens; GAP stands for a short run of any words
    code: str
    weight: float
    means: str  # a few words for the reason shown to the client
    negated_code: str | None  # what a negated reading of this cue means, if anything


@dataclass(frozen=True)
class Negator:
    words: tuple[str, ...]
    scope: int  # how many words after it the negation reaches


@dataclass(frozen=True)
class PartCues:
    index: dict[str, tuple[Cue, ...]]  # first token -> cues starting with it, longest first
    subjects: frozenset[str]
    blocked_subjects: frozenset[str]
    acting_verbs: frozenset[str]
    including_me: frozenset[str]  # "wanted us to ...": the client takes part
    when_someone_else_acts: dict[str, str]


@dataclass(frozen=True)
class Cues:
    threshold: float
    gap: int
    contractions: dict[str, tuple[str, ...]]
    negators: tuple[Negator, ...]
    clause_breaks: frozenset[str]
    fillers: frozenset[str]  # words skipped on both sides ("felt so alone" reads "felt alone")
    doubt: tuple[tuple[str, ...], ...]
    parts: dict[str, PartCues]
    lexicon: Lexicon | None = None  # single words, read where no phrase was (ccrt_words.yaml)


def fold(text: str) -> str:
    """Casefolded text with curly quotes made straight; the same length as `text`."""
    out = text.casefold() if text.isascii() else _fold_wide(text)
    return out.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def _fold_wide(text: str) -> str:
    # casefold() can change lengths ("ß" -> "ss"); keep offsets by folding per character
    return "".join(c if len(c.casefold()) != 1 else c.casefold() for c in text)


def tokenize(text: str, contractions: dict[str, tuple[str, ...]]) -> list[tuple[str, int, int]]:
    """Words of `text` as (token, start, end), contractions spelled out ("didn't" -> did, not)."""
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(fold(text)):
        word, start, end = m.group(), m.start(), m.end()
        expanded = contractions.get(word)
        if expanded is None and word.endswith("n't"):
            expanded = (word[:-3], "not")
        if expanded is None and "'" in word:
            expanded = (word.split("'")[0],)  # "mum's", "i'm": the word itself
        for token in expanded or (word,):
            out.append((token, start, end))
    return out


_VOWELS = frozenset("aeiou")
_ENDINGS = ("e", "ed", "es", "ing")
# common words whose other forms mean something else ("mean": meaning, "close": closed)
_FIXED = frozenset(
    "that what with from them they their there this have been were when your about would"
    " could should into over than then only also more most some very even much many mean"
    " left felt made said told done gone down well back like life mind time kind"
    " need want wanted needed close".split()
)


def _other_spelling(word: str) -> str | None:
    """The -ise word as -ize and the other way round ("apologised": "apologized")."""
    if "is" not in word and "iz" not in word:
        return None
    for old, new in (("is", "iz"), ("iz", "is")):
        for ending in _ENDINGS:
            if word.endswith(old + ending) and len(word) > len(old + ending) + 2:
                return word[: -len(old + ending)] + new + ending
    return None


@cache
def _forms(word: str) -> tuple[str, ...]:
    """Other spellings and inflections of one word ("ignore": ignores, ignored, ignoring)."""
    if len(word) < 4 or not word.isalpha() or word in _FIXED:
        return ()
    out: set[str] = set()
    if word.endswith("ied"):
        out |= {word[:-3] + "y", word[:-3] + "ies", word[:-3] + "ying"}
    elif word.endswith("ed"):
        out.add(word[:-2] + "ing")
    elif word.endswith("ing") and len(word) > 5:
        out.add(word[:-3] + "ed")
    elif word.endswith("e"):
        out |= {word + "s", word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and word[-2] not in _VOWELS:
        out |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif word.endswith(("ss", "sh", "ch")):
        out |= {word + "es", word + "ed", word + "ing"}
    elif not word.endswith(("s", "ly", "ful", "less", "ness", "ous", "er", "est")):
        out |= {word + "s", word + "ed", word + "ing"}
        a, b, c = word[-3], word[-2], word[-1]
        if len(word) == 4 and a not in _VOWELS and b in _VOWELS and c not in _VOWELS | set("wxy"):
            out |= {word + c + "ed", word + c + "ing"}  # "stop": stopped, stopping
    for form in [word, *out]:
        other = _other_spelling(form)
        if other is not None:
            out.add(other)
    out.discard(word)
    return tuple(sorted(out))


def inflections(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase with one word at a time in another form of it; the listed form excluded."""
    out: list[tuple[str, ...]] = []
    for i, word in enumerate(words):
        for form in _forms(word):
            out.append((*words[:i], form, *words[i + 1 :]))
    return out


class _Bad(Exception):
    def __init__(self, keys: tuple[Any, ...], message: str) -> None:
        super().__init__(message)
        self.keys = keys
        self.message = message


def _line_of(path: Path, keys: tuple[Any, ...]) -> int:
    """The line of the node at `keys` (mapping keys and list positions), as far as it exists."""
    import yaml

    from relational_journal.content.loader import safe_loader

    node: Any = yaml.compose(path.read_text(encoding="utf-8"), Loader=safe_loader())
    line = 1
    for key in keys:
        if node is None:
            break
        line = node.start_mark.line + 1
        nxt: Any = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if str(k.value) == str(key):
                    line, nxt = k.start_mark.line + 1, v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key < len(node.value):
                nxt = node.value[key]
                line = nxt.start_mark.line + 1
        node = nxt
    else:
        if node is not None:
            line = node.start_mark.line + 1
    return line


def _mapping(
    value: Any, keys: tuple[Any, ...], allowed: dict[str, bool], what: str
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(keys, f"{what} must be a mapping of key: value lines")
    for key in value:
        if key not in allowed:
            raise _Bad(
                (*keys, key), f"{what} has unknown field '{key}' (allowed: {', '.join(allowed)})"
            )
    for key, required in allowed.items():
        if required and key not in value:
            raise _Bad(keys, f"{what} is missing '{key}'")
    return value


def _text_list(value: Any, keys: tuple[Any, ...], field: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise _Bad(keys, f"'{field}' must be a non-empty list of phrases")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise _Bad((*keys, i), f"'{field}' item {i + 1} must be a phrase (text)")
    return value


def _number(value: Any, keys: tuple[Any, ...], field: str, *, whole: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise _Bad(keys, f"'{field}' must be a positive number")
    if whole and not isinstance(value, int):
        raise _Bad(keys, f"'{field}' must be a whole number")
    return float(value)


def parse_cues(data: Any, codes: dict[str, set[str]]) -> Cues:
    """Check plain cue data against the known cluster codes; raises _Bad with the key path."""
    top = _mapping(data, (), TOP_KEYS, "the cue file")
    if top["version"] != 1:
        raise _Bad(("version",), "'version' must be 1")
    threshold = _number(top["threshold"], ("threshold",), "threshold")
    gap = int(_number(top["gap"], ("gap",), "gap", whole=True))
    weights_raw = _mapping(
        top["weights"], ("weights",), dict.fromkeys(WEIGHT_KINDS, True), "'weights'"
    )
    weights = {k: _number(v, ("weights", k), f"weights.{k}") for k, v in weights_raw.items()}
    raw_contr = top["contractions"]
    if not isinstance(raw_contr, dict):
        raise _Bad(("contractions",), "'contractions' must be a mapping of word: spelled-out words")
    contractions: dict[str, tuple[str, ...]] = {}
    for word, spelled in raw_contr.items():
        if not isinstance(spelled, str) or not spelled.split():
            raise _Bad(("contractions", word), f"contraction '{word}' must map to words")
        contractions[fold(str(word))] = tuple(fold(spelled).split())

    fillers = frozenset(fold(w) for w in _text_list(top["fillers"], ("fillers",), "fillers"))

    def phrase(text: str, keys: tuple[Any, ...]) -> tuple[str, ...]:
        if _PLAIN.fullmatch(text):
            words = text.split()  # the common case, without the tokeniser
        else:
            words = []
        for i, piece in enumerate(text.split(GAP) if not words else ()):
            if i:
                words.append(GAP)
            words += [t for t, _, _ in tokenize(piece, contractions)]
        words = [w for w in words if w not in fillers]
        if not [w for w in words if w != GAP] or words[0] == GAP or words[-1] == GAP:
            raise _Bad(keys, f"phrase {text!r} needs words (and '{GAP}' only between words)")
        return tuple(words)

    negators: list[Negator] = []
    raw_neg = top["negators"]
    if not isinstance(raw_neg, list) or not raw_neg:
        raise _Bad(("negators",), "'negators' must be a non-empty list")
    for i, item in enumerate(raw_neg):
        fields = _mapping(item, ("negators", i), NEGATOR_KEYS, f"negator {i + 1}")
        if not isinstance(fields["words"], str):
            raise _Bad(("negators", i, "words"), f"negator {i + 1} 'words' must be text")
        scope = int(_number(fields["scope"], ("negators", i, "scope"), "scope", whole=True))
        negators.append(Negator(phrase(fields["words"], ("negators", i, "words")), scope))
    breaks = frozenset(
        fold(w) for w in _text_list(top["clause_breaks"], ("clause_breaks",), "clause_breaks")
    )
    doubt = tuple(
        phrase(d, ("doubt", i)) for i, d in enumerate(_text_list(top["doubt"], ("doubt",), "doubt"))
    )

    parts_raw = top["parts"]
    if not isinstance(parts_raw, dict):
        raise _Bad(("parts",), "'parts' must be a mapping of wish, other and self")
    for name in parts_raw:
        if name not in PARTS:
            raise _Bad(
                ("parts", name), f"'parts' has unknown part '{name}' (allowed: {', '.join(PARTS)})"
            )
    parts: dict[str, PartCues] = {}
    for name in PARTS:
        if name not in parts_raw:
            raise _Bad(("parts",), f"'parts' is missing '{name}'")
        keys = ("parts", name)
        body = _mapping(parts_raw[name], keys, PART_KEYS, f"part '{name}'")

        def words_of(
            field: str, body: dict[str, Any] = body, keys: tuple[Any, ...] = keys
        ) -> frozenset[str]:
            if field not in body:
                return frozenset()
            return frozenset(fold(w) for w in _text_list(body[field], (*keys, field), field))

        redirect_raw = body.get("when_someone_else_acts", {})
        if not isinstance(redirect_raw, dict):
            raise _Bad(
                (*keys, "when_someone_else_acts"),
                "'when_someone_else_acts' must map a code to a code",
            )
        redirect: dict[str, str] = {}
        for src, dst in redirect_raw.items():
            for code in (src, dst):
                if code not in codes[name]:
                    raise _Bad(
                        (*keys, "when_someone_else_acts", src), f"unknown {name} cluster {code!r}"
                    )
            redirect[str(src)] = str(dst)
        clusters = body["clusters"]
        if not isinstance(clusters, dict) or not clusters:
            raise _Bad((*keys, "clusters"), "'clusters' must be a mapping of cluster codes")
        found: list[Cue] = []
        for code, spec in clusters.items():
            ckeys = (*keys, "clusters", code)
            if code not in codes[name]:
                raise _Bad(
                    ckeys,
                    f"unknown {name} cluster {code!r} (one of {', '.join(sorted(codes[name]))})",
                )
            fields = _mapping(spec, ckeys, CLUSTER_KEYS, f"cluster {code}")
            means = fields.get("means", "")
            if not isinstance(means, str):
                raise _Bad((*ckeys, "means"), f"cluster {code} 'means' must be text")
            negated: dict[tuple[str, ...], str] = {}
            neg_raw = fields.get("negated", {})
            if not isinstance(neg_raw, dict):
                raise _Bad(
                    (*ckeys, "negated"), f"cluster {code} 'negated' must map a code to phrases"
                )
            for target, phrases in neg_raw.items():
                if target not in codes[name]:
                    raise _Bad((*ckeys, "negated", target), f"unknown {name} cluster {target!r}")
                for i, p in enumerate(_text_list(phrases, (*ckeys, "negated", target), "negated")):
                    negated[phrase(p, (*ckeys, "negated", target, i))] = str(target)
            listed = 0
            for kind in WEIGHT_KINDS:
                if kind not in fields:
                    continue
                for i, p in enumerate(_text_list(fields[kind], (*ckeys, kind), kind)):
                    words = phrase(p, (*ckeys, kind, i))
                    gloss = means or p
                    found.append(Cue(words, code, weights[kind], gloss, negated.pop(words, None)))
                    listed += 1
            if not listed:
                raise _Bad(ckeys, f"cluster {code} lists no idioms, cues or weak cues")
            if negated:
                extra = " ".join(next(iter(negated)))
                raise _Bad(
                    (*ckeys, "negated"),
                    f"cluster {code} 'negated' phrase {extra!r} is not one of its cues",
                )
        index: dict[str, list[Cue]] = {}
        listed_words = {cue.words for cue in found}
        for cue in found:
            index.setdefault(cue.words[0], []).append(cue)
        for cue in found:
            for variant in inflections(cue.words):
                if variant not in listed_words:  # a phrase listed as it is always wins
                    listed_words.add(variant)
                    index.setdefault(variant[0], []).append(
                        Cue(variant, cue.code, cue.weight, cue.means, cue.negated_code)
                    )
        parts[name] = PartCues(
            {k: tuple(sorted(v, key=lambda c: -len(c.words))) for k, v in index.items()},
            words_of("subjects"),
            words_of("blocked_subjects"),
            words_of("acting_verbs"),
            words_of("including_me"),
            redirect,
        )
    return Cues(threshold, gap, contractions, tuple(negators), breaks, fillers, doubt, parts)


def load_cues(path: Path, codes: dict[str, set[str]]) -> Cues:
    """The cue file at `path`, checked; raises CueFileError naming file, line and field."""
    from relational_journal.content.loader import load_data_file

    try:
        data = load_data_file(path)
    except (OSError, UnicodeDecodeError):
        raise CueFileError(f"{path}: cannot be read") from None
    except Exception as exc:
        import yaml

        if not isinstance(exc, yaml.YAMLError):
            raise
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise CueFileError(f"{path}{line}: not valid YAML") from None
    try:
        return parse_cues(data, codes)
    except _Bad as bad:
        field = ".".join(str(k) for k in bad.keys) or "(top)"
        raise CueFileError(
            f"{path} line {_line_of(path, bad.keys)}: {field}: {bad.message}"
        ) from None


def load_words(path: Path, codes: dict[str, set[str]], cues: Cues) -> Cues:
    """`cues` with the word file at `path` added; raises CueFileError naming file and line."""
    from relational_journal.content.loader import load_data_file

    try:
        data = load_data_file(path)
    except (OSError, UnicodeDecodeError):
        raise CueFileError(f"{path}: cannot be read") from None
    except Exception as exc:
        import yaml

        if not isinstance(exc, yaml.YAMLError):
            raise
        raise CueFileError(f"{path}: not valid YAML") from None

    def phrase(text: str) -> tuple[str, ...]:
        words = [t for t, _, _ in tokenize(text, cues.contractions)]
        return tuple(w for w in words if w not in cues.fillers)

    try:
        lexicon = parse_words(data, codes, phrase, inflections)
    except BadWords as bad:
        field = ".".join(str(k) for k in bad.keys) or "(top)"
        raise CueFileError(
            f"{path} line {_line_of(path, bad.keys)}: {field}: {bad.message}"
        ) from None
    return replace(cues, lexicon=lexicon)


_CACHE_FORMAT = "cues-2"  # change when the shape of Cues changes


def _plain(cues: Cues) -> tuple[Any, ...]:
    """Cues as plain tuples, dicts and sets, for marshal to keep what took long to build."""
    lexicon = cues.lexicon
    parts = {
        name: (
            {k: tuple(map(tuple, v)) for k, v in p.index.items()},
            (p.subjects, p.blocked_subjects, p.acting_verbs, p.including_me),
            p.when_someone_else_acts,
        )
        for name, p in cues.parts.items()
    }
    words = None
    if lexicon is not None:
        words = (
            lexicon.threshold,
            {n: {k: tuple(map(tuple, v)) for k, v in p.items()} for n, p in lexicon.parts.items()},
        )
    negators = tuple((n.words, n.scope) for n in cues.negators)
    top = (cues.threshold, cues.gap, cues.contractions, negators)
    return (_CACHE_FORMAT, top, cues.clause_breaks, cues.fillers, cues.doubt, parts, words)


def _from_plain(data: tuple[Any, ...]) -> Cues:
    # tuple.__new__ skips the keyword handling of a named tuple: thousands are made here
    cue, word = partial(tuple.__new__, Cue), partial(tuple.__new__, Word)
    _, (threshold, gap, contractions, negators), breaks, fillers, doubt, raw, words = data
    parts = {
        name: PartCues(
            {k: tuple(map(cue, v)) for k, v in index.items()}, subj, blocked, acting, incl, redirect
        )
        for name, (index, (subj, blocked, acting, incl), redirect) in raw.items()
    }
    lexicon = None
    if words is not None:
        lexicon = Lexicon(
            words[0],
            {n: {k: tuple(map(word, v)) for k, v in p.items()} for n, p in words[1].items()},
        )
    return Cues(
        threshold,
        gap,
        contractions,
        tuple(Negator(w, scope) for w, scope in negators),
        breaks,
        fillers,
        doubt,
        parts,
        lexicon,
    )


@cache
def bundled_cues() -> Cues:
    """The bundled cue and word files, checked against the bundled CCRT clusters.

    Checking and building every word form takes a few tenths of a second, so
    the result is kept in the data folder's cache (marshal: plain data only,
    never code), keyed by a hash of the three files and of the Python version;
    a cache that cannot be read or written is skipped.
    """
    import hashlib
    import marshal
    import sys

    from relational_journal.content.loader import cache_dir, data_file
    from relational_journal.paths import write_private

    files = [data_file(n) for n in ("ccrt.yaml", "ccrt_cues.yaml", "ccrt_words.yaml")]
    digest = hashlib.sha256(f"{_CACHE_FORMAT}|{sys.version}".encode())
    try:
        for f in files:
            digest.update(f.read_bytes())
    except OSError:
        raise CueFileError(f"{files[1]}: cannot be read") from None
    folder = cache_dir()
    cached = folder / f"ccrt-cues-{digest.hexdigest()[:16]}.bin" if folder else None
    if cached is not None:
        try:
            data = marshal.loads(cached.read_bytes())
            if isinstance(data, tuple) and data and data[0] == _CACHE_FORMAT:
                return _from_plain(data)
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass
    cues = _build_bundled(files[1], files[2])
    if folder is not None and cached is not None:
        try:
            folder.mkdir(exist_ok=True, mode=0o700)
            for old in folder.glob("ccrt-cues-*"):
                old.unlink(missing_ok=True)
            write_private(cached, marshal.dumps(_plain(cues)))
        except (OSError, ValueError):
            pass
    return cues


def _build_bundled(cue_file: Path, word_file: Path) -> Cues:
    from relational_journal.content.ccrt import load_ccrt

    ccrt = load_ccrt()
    codes = {part: {c.code for c in info.clusters} for part, info in ccrt.components.items()}
    return load_words(word_file, codes, load_cues(cue_file, codes))
