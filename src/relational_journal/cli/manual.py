"""Help that reads like a manual page, for every command: `--from WHEN`, `NAME`, `N`.

Typer names values by their type (`<str>`, `<int range> [x>=0]`) and
required arguments in braces (`{source}`); here each value gets a word, a
range is said in words ("0 or more"), and a command's line in its group's
list is the first sentence of its help, whole.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

# Option -> the word shown for its value, where the option's own name says too little.
WORDS = {
    "--from": "WHEN",
    "--to": "WHEN",
    "--on": "WHEN",
    "--date": "WHEN",
    "--starts": "DAY",
    "--weekly": "DAYS",
    "--time": "TIME",
    "--every": "N",
    "--ahead": "N",
    "--section": "N",
    "--output": "FILE",
    "--paper": "SIZE",
    "--share-as": "NAME",
    "--with": "NAME",
    "--without": "NAME",
    "--person": "NAME",
    "--feel": "WORD[:N]",
    "--unfeel": "WORD",
    "--feeling": "WORD",
    "--prompt": "ID",
    "--pack": "ID",
    "--draft": "ID",
    "--relationship": "KIND",
    "--timeformat": "FORMAT",
    "--tags-as": "KIND",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_RANGED: dict[type, type] = {}
_NAMED: dict[type, type] = {}


def first_sentence(text: str) -> str:
    """The first sentence of a help text, on one line."""
    flat = " ".join(text.split())
    return _SENTENCE_END.split(flat, maxsplit=1)[0]


def value_word(param: Any) -> str:
    """The word for an option's value: from WORDS, else from the option's own name."""
    longs = [o for o in param.opts if o.startswith("--")]
    for name in longs:
        if name in WORDS:
            return WORDS[name]
    if getattr(param.type, "name", "") in ("integer", "int", "integer range"):
        return "N"
    if longs:
        return str(longs[0]).removeprefix("--").split("-")[-1].upper()
    return "VALUE"


def _range_in_words(kind: Any) -> str:
    low, high = kind.min, kind.max
    if high is not None and high >= 2**63 - 1:
        high = None  # SQLite's own limit on ids and counts: not worth a reader's attention
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"{low} or more"
    if high is not None:
        return f"{high} or less"
    return ""


def _say_range(param: Any) -> None:
    """A number range in the help as "1 to 52", not "1<=x<=52"."""
    kind = param.type
    base = type(kind)
    if not hasattr(kind, "_describe_range") or base in _RANGED.values():
        return
    if base not in _RANGED:
        _RANGED[base] = type(base.__name__, (base,), {"_describe_range": _range_in_words})
    kind.__class__ = _RANGED[base]


def _plain_argument(param: Any) -> None:
    """An argument shown as NAME (or [NAME] when optional), never {name}."""
    base = type(param)
    if base in _NAMED.values():
        return

    def make_metavar(self: Any, ctx: Any, *, usage: bool = False) -> str:
        word = str(self.metavar or (self.name or "").upper())
        if self.nargs != 1:
            word += "..."
        return f"[{word}]" if usage and not self.required else word

    if base not in _NAMED:
        _NAMED[base] = type(base.__name__, (base,), {"make_metavar": make_metavar})
    param.__class__ = _NAMED[base]


def _name_values(command: Any) -> None:
    if command.help and not command.short_help:
        command.short_help = first_sentence(command.help)
    for param in command.params:
        if param.param_type_name == "argument":
            if param.metavar is None:
                param.metavar = (param.name or "value").upper()
            _plain_argument(param)
        elif param.param_type_name == "option" and not getattr(param, "is_flag", False):
            if param.metavar is None and not param.count:
                param.metavar = value_word(param)
            _say_range(param)


class ManualCommand(TyperCommand):
    """A command whose help names every value with a word."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self)


class ManualGroup(TyperGroup):
    """A command group whose help names every value with a word."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self)
