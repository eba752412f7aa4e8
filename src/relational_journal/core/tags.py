"""The one reading of `@name` and `#tag` in a text, for writing and for import.

A tag starts after the start of the text, a space or an opening bracket or
quote, never inside a word, so "kyla@example.org" is no tag. Its name may hold
+ # / - * after the first letter (C++, C#, OS/2, follow-up); what ends a
sentence (. , ; : ! ? ' ") ends the tag.
"""

from __future__ import annotations

import re

TAG = re.compile(r"(?<![^\s(\[{\"'\u2018\u201c])([@#])(\w[\w+#/*-]*)")
TRAILING = "/*-"  # kept inside a name, dropped from its end ("@Sam-" is Sam)


def tags_in(text: str) -> list[str]:
    """The tags written in a text, in order, with their symbol: ['@Sam', '#work', '@C++']."""
    found = []
    for symbol, name in TAG.findall(text):
        name = name.rstrip(TRAILING)
        if name:
            found.append(symbol + name)
    return found


def mentions(text: str) -> list[str]:
    """The `@names` of a text, once each (ignoring case), without the @."""
    seen: set[str] = set()
    names = []
    for tag in tags_in(text):
        if tag.startswith("@") and tag[1:].casefold() not in seen:
            seen.add(tag[1:].casefold())
            names.append(tag[1:])
    return names


def hashtags(text: str) -> list[str]:
    """The `#tags` of a text, once each (ignoring case), without the #."""
    seen: set[str] = set()
    found = []
    for tag in tags_in(text):
        if tag.startswith("#") and tag[1:].casefold() not in seen:
            seen.add(tag[1:].casefold())
            found.append(tag[1:])
    return found
