"""Pseudonyms: every name in a shared document replaced, wherever it is written.

A person is known by their name and their other names. Each of these, and
each part of a name of several words ("Dr. Ruth Okafor" is also "Ruth" and
"Okafor"), is looked for as a whole word, whatever its case,
its accents or its Unicode form: "zoe", "ZOË" and a decomposed "Zoë" are the
same word, and Turkish dotted and dotless i fold alike, so "IŞIK" is "ışık".
A possessive keeps its ending ("Sam's" becomes "Person A's"), and a pseudonym
that begins with the word just before it is not doubled ("my mum" with Mum
shared as "my mother" becomes "my mother", never "my my mother").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relational_journal.models import Entry, PersonRef

# Review fields holding codes and fixed words rather than anything the client wrote.
KEPT_FIELDS = frozenset(
    {
        "kind",
        "unit",
        "era",
        "family",
        "code",
        "day",
        "direction",
        "component",
        "wish_cluster",
        "other_cluster",
        "self_cluster",
        "pattern",
        "wording",
    }
)

# Words that come before a name without being part of who the person is.
_HONORIFICS = frozenset(
    "dr dr. doctor mr mr. mrs mrs. ms ms. miss mx mx. prof prof. professor sir dame "
    "aunt auntie uncle grandma grandpa nan nana granny cousin sister brother".split()
)
# Words that tie a role to someone else ("friend of Zoë", "Sam's boss").
_ROLE_TIES = frozenset("of to from for with and at 's ’s".split())

_TURKISH = str.maketrans({"İ": "i", "ı": "i", "I": "i"})


def _fold_char(ch: str) -> str:
    """One character as it is compared: no accents, no case, Turkish i's alike."""
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return bare.translate(_TURKISH).casefold()


def fold(text: str) -> str:
    """`text` as names are compared (NFC first, then each character folded)."""
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """`text` folded, and for each folded character the index it came from in `text`."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        out.append(folded)
        where.extend([i] * len(folded))
    where.append(len(text))
    return "".join(out), where


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, like spreadsheet columns."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _name_keys(name: str) -> list[str]:
    """The whole name and each part of it that could name the person on its own."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    keys = [name]
    parts = name.split(" ")
    if len(parts) > 1:
        for part in parts:
            bare = part.strip(".,;:()\"'")
            if len(bare) >= 2 and fold(bare) not in _HONORIFICS and fold(part) not in _HONORIFICS:
                keys.append(bare)
    return keys


class Pseudonyms:
    """Replaces every person's names with their share-as name or 'Person A'.

    `people` is (name, other names, share-as) in order of first appearance.
    A whole name wins over a part of someone else's name; when two people
    share a first name, the part goes to the one who appears first.
    """

    def __init__(self, people: Sequence[tuple[str, Sequence[str], str | None]]) -> None:
        self.by_key: dict[str, str] = {}
        parts: dict[str, str] = {}
        count = 0
        for name, aliases, share_as in people:
            if share_as and share_as.strip():
                pseudonym = " ".join(share_as.split())
            else:
                pseudonym = f"Person {_letters(count)}"
                count += 1
            for whole in (name, *aliases):
                keys = _name_keys(whole) if whole and whole.strip() else []
                for n, key in enumerate(keys):
                    folded = fold(key)
                    if not folded:
                        continue
                    if n == 0:  # a whole name belongs to this person
                        self.by_key.setdefault(folded, pseudonym)
                    else:
                        parts.setdefault(folded, pseudonym)
        for folded, pseudonym in parts.items():
            self.by_key.setdefault(folded, pseudonym)
        keys = sorted(self.by_key, key=len, reverse=True)
        self.pattern: re.Pattern[str] | None = None
        if keys:
            alternatives = "|".join(re.escape(k) for k in keys)
            self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    # -- text ----------------------------------------------------------------------

    def text(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        text = unicodedata.normalize("NFC", text)
        folded, where = _folded_with_positions(text)
        out: list[str] = []
        last = 0
        for m in self.pattern.finditer(folded):
            start, end = where[m.start()], where[m.end()]
            if start < last:
                continue
            out.append(text[last:start])
            out.append(_undoubled(self.by_key[m.group(0)], text[max(0, start - 40) : start]))
            last = end
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def name(self, name: str) -> str:
        """A person's name as shared: their pseudonym, or the text with names replaced."""
        found = self.by_key.get(fold(" ".join(name.strip().lstrip("@").split())))
        return found if found is not None else self.text(name)

    def maybe(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def role(self, role: str | None) -> str | None:
        """A role as its plain word: "friend of Zoë" is shared as "friend"."""
        if not role or self.pattern is None:
            return role
        replaced = self.text(role)
        if replaced == unicodedata.normalize("NFC", role):
            return role
        words = role.split()
        plain: list[str] = []
        for word in words:
            if self.text(word) != unicodedata.normalize("NFC", word):
                break
            plain.append(word)
        while plain and fold(plain[-1]) in _ROLE_TIES:
            plain.pop()
        if plain:
            return " ".join(plain)
        # "Zoë's friend": keep what follows the name, without its possessive
        rest = re.sub(r"^.*?['’]s\s+", "", role)
        return self.text(rest) if rest != role and self.text(rest) == rest else None

    def tag(self, tag: str) -> str:
        return self.text(tag)

    # -- whole records -------------------------------------------------------------

    def person(self, p: PersonRef) -> PersonRef:
        return replace(p, name=self.name(p.name), role=self.role(p.role))

    def entry(self, entry: Entry) -> Entry:
        ep = entry.episode
        if ep is not None:
            ep = replace(
                ep,
                person=None if ep.person is None else self.name(ep.person),
                what_happened=self.maybe(ep.what_happened),
                wish=self.maybe(ep.wish),
                other=self.maybe(ep.other),
                self_response=self.maybe(ep.self_response),
                self_treatment=self.maybe(ep.self_treatment),
            )
        return replace(
            entry,
            title=self.maybe(entry.title),
            body=self.text(entry.body),
            prompt_id=self.maybe(entry.prompt_id),
            pack_id=self.maybe(entry.pack_id),
            tags=tuple(self.tag(t) for t in entry.tags),
            people=tuple(self.person(p) for p in entry.people),
            feelings=tuple(replace(f, word=self.text(f.word)) for f in entry.feelings),
            episode=ep,
        )

    def within(self, value: Any) -> Any:
        """`value` (the review's summary) with every name replaced, however deep.

        Fields that hold codes and fixed words (a period's kind, an era, a
        family, a cluster code, a day) and mapping keys are left as they are:
        they are looked up, not shown, and a person called "Day" must not
        change what a review bucket is.
        """
        if isinstance(value, str):
            return self.name(value)
        if isinstance(value, tuple):
            return tuple(self.within(v) for v in value)
        if isinstance(value, list):
            return [self.within(v) for v in value]
        if isinstance(value, dict):
            return {k: self.within(v) for k, v in value.items()}
        if is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: (
                    self.role(getattr(value, f.name))
                    if f.name == "role"
                    else self.within(getattr(value, f.name))
                )
                for f in fields(value)
                if f.init and f.name not in KEPT_FIELDS
            }
            return replace(value, **changes)
        return value


def _undoubled(pseudonym: str, written: str) -> str:
    """`pseudonym`, less its first word when the text just before ends with that word."""
    first, _, rest = pseudonym.partition(" ")
    if not rest:
        return pseudonym
    m = re.search(r"(\w+)\s+$", written)
    if m and fold(m.group(1)) == fold(first):
        return rest
    return pseudonym


def merged(pairs: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    merged: dict[str, int] = {}
    for key, n in pairs:
        merged[key] = merged.get(key, 0) + n
    return tuple(merged.items())
