"""Printable text for the PDF: which font draws each character, or what stands in for it.

The main font draws what it has; a fallback font (DejaVu Sans, then CJK, emoji
and symbol fonts from pdf_fonts.py) is added to the PDF the first time a
character needs it; a standard-font PDF substitutes (curly quotes, accents);
whatever is left prints as a visible code such as [U+1F642], never as "?".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

# Stand-ins for characters a standard font cannot show, before a [U+XXXX] code.
FALLBACKS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u2022": "*",
    "\u2605": "*",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200b": "",
    "\ufeff": "",
    "\u0142": "l",
    "\u0141": "L",
    "\u0111": "d",
    "\u0110": "D",
    "\u0131": "i",
    "\u00df": "ss",
}


def marker(ch: str) -> str:
    """How a character no font can show is printed: its code, visibly."""
    return f"[U+{ord(ch):04X}]"


class Glyphs:
    """Makes any text printable: keep, draw from a fallback font, substitute, or show its code.

    A character no font has becomes a visible "[U+1F642]", so a reader knows
    something was written there; invisible control and format characters
    (including right-to-left overrides) are left out.
    """

    def __init__(
        self, covered: Callable[[str], bool], fallback: Callable[[str], bool] | None = None
    ) -> None:
        self.covered = covered
        self.fallback = fallback
        self.cache: dict[str, str] = {}

    def char(self, ch: str) -> str:
        found = self.cache.get(ch)
        if found is not None:
            return found
        if ch in "\n\t" or self.covered(ch):
            out = ch
        elif _invisible(ch):
            space = " " if unicodedata.category(ch) == "Zs" else ""
            out = FALLBACKS.get(ch, space)  # controls draw nothing; other spaces, a space
            if out and not all(self.covered(c) for c in out):
                out = ""
        elif self.fallback is not None and self.fallback(ch):
            out = ch
        elif ch in FALLBACKS and all(self.covered(c) for c in FALLBACKS[ch]):
            out = FALLBACKS[ch]
        elif unicodedata.combining(ch):
            out = ""  # a stray accent: the letter it sat on is already printed
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            usable = base and base != ch and all(self.covered(c) for c in base)
            out = base if usable else marker(ch)
        self.cache[ch] = out
        return out

    def __call__(self, text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\t", "    ")
        if all(ch in self.cache and self.cache[ch] == ch for ch in set(text)):
            return text
        return "".join(self.char(ch) for ch in text)


def _invisible(ch: str) -> bool:
    """Control, format, separator and variation-selector characters: nothing to draw."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp") or (
        "\ufe00" <= ch <= "\ufe0f"
    )


def cp1252(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return ch.isprintable() or ch == " "


def cmap_covers(paths: Iterable[tuple[str, int]]) -> Callable[[str], bool]:
    """Whether any of the fonts (path, face index) has a glyph for a character."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    codes: set[int] = set()
    for path, index in paths:
        try:
            font = TTFont(path, lazy=True, fontNumber=index)
            codes |= set(font.getBestCmap() or {})
            font.close()
        except Exception:  # noqa: BLE001 - an unreadable font is one font fewer, not a crash
            continue
    return lambda ch: ord(ch) in codes and (ch.isprintable() or ch == " ")


class Fallbacks:
    """Fallback fonts, each added to the PDF the first time a character needs it.

    Adding a large CJK font costs about half a second per export, so a document
    without such characters never pays it. DejaVu Sans comes first, so a ★ in a
    serif title is drawn from it.
    """

    def __init__(self, pdf: Any, sans: str, fonts: Iterable[tuple[str, str, int]]) -> None:
        self.pdf = pdf
        self.fonts = [("jsans", sans, 0)] + [
            ("jfall" + "".join(c for c in role.lower() if c.isalpha()), path, index)
            for role, path, index in fonts
        ]
        self.covers: list[Callable[[str], bool] | None] = [None] * len(self.fonts)
        self.added: list[int] = []

    def __call__(self, ch: str) -> bool:
        for n, (family, path, index) in enumerate(self.fonts):
            covers = self.covers[n]
            if covers is None:
                covers = self.covers[n] = cmap_covers([(path, index)])
            if not covers(ch):
                continue
            if n not in self.added:
                if n:  # DejaVu Sans is already in the PDF
                    try:
                        self.pdf.add_font(family, "", path, collection_font_number=index)
                    except Exception:  # noqa: BLE001 - a font fpdf2 cannot read is skipped
                        self.covers[n] = _covers_nothing
                        continue
                self.added = sorted([*self.added, n])
                families = [self.fonts[i][0] for i in self.added]
                self.pdf.set_fallback_fonts(families, exact_match=False)
            return True
        return False


def _covers_nothing(ch: str) -> bool:
    return False
