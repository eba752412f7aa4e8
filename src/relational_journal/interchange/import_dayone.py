"""Day One's JSON export (`Journal.json`, alone or in the export's .zip), entry by entry.

Day One keeps an entry's text as Markdown with its first line as the title
(often a `# ` heading) and escapes Markdown characters with a backslash; both
are undone here. The moment is kept in the zone the entry was written in. What
this journal has no place for (photos, videos, audio, PDFs, places, weather) is
counted, so the client is told what stayed behind.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from relational_journal.errors import ImportFileError
from relational_journal.interchange.import_checks import FieldCheck, entry_in
from relational_journal.models import EntryIn

# Day One's attachment lists, by the name the summary counts them under.
MEDIA = {"photos": "photos", "videos": "videos", "audios": "audios", "pdfAttachments": "pdfs"}
# Keys that describe the moment rather than the text: one count per entry.
CONTEXT = {"location": "locations", "weather": "weather"}

# Markdown lets a backslash escape any ASCII punctuation; Day One writes them often.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_MOMENT = re.compile(r"!\[[^\]\n]*\]\(dayone-moment:[^)\s]*\)")
_HEADING = re.compile(r"^#{1,6}\s+")


def check_dayone(data: Any) -> None:
    """The top of a Day One export: an entries list (and its metadata, when present)."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportFileError("this is not a Day One export: it has no 'entries' list")
    if not isinstance(data.get("metadata", {}), dict):
        raise ImportFileError("this is not a Day One export: its 'metadata' is not an object")


def looks_like_dayone(data: dict[str, Any]) -> bool:
    """Whether the keys of an export's top (entries cut to the first) are Day One's."""
    if "format" in data or "tags" in data:
        return False
    entries = data.get("entries")
    first = entries[0] if isinstance(entries, list) and entries else None
    if isinstance(first, dict):
        return "creationDate" in first
    return isinstance(data.get("metadata"), dict) and isinstance(entries, list)


def unescape(text: str) -> str:
    """Day One's Markdown with its backslash escapes undone: `1\\. Sam\\!` is `1. Sam!`."""
    return _ESCAPED.sub(r"\1", text)


def split_text(text: str) -> tuple[str | None, str]:
    """The title (first line, without a leading `# `) and the body, as Day One shows them."""
    text = _MOMENT.sub("", text).strip("\n")
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return None, ""
    title = unescape(_HEADING.sub("", lines[0]).strip())
    body = unescape("\n".join(lines[1:]).strip())
    return title or None, body


def dayone_entry(number: int, item: Any, tz: tzinfo, left_out: Counter[str]) -> EntryIn | None:
    """One Day One entry, checked; None for an entry with no text (only its media is counted)."""
    c = FieldCheck("Day One ", number, item)
    moment = c.moment("creationDate", tz)
    zone = c.text("timeZone")
    if zone:
        try:
            moment = moment.astimezone(ZoneInfo(zone))
        except (ValueError, KeyError, OSError):
            # A zone this computer does not know: the moment is still exact.
            moment = moment.astimezone(tz)
    for key, label in MEDIA.items():
        found = c.item.get(key)
        if found is not None and not isinstance(found, list):
            raise c.error(key, "should be a list")
        left_out[label] += len(found or [])
    for key, label in CONTEXT.items():
        if c.item.get(key):
            left_out[label] += 1
    title, body = split_text(c.text("text") or "")
    if title is None and not body:
        left_out["empty"] += 1
        return None
    entry = entry_in(number, moment, moment, title=title, body=body, starred=c.flag("starred"))
    seen: set[str] = set()
    for tag in c.strings("tags"):
        bare = tag.lstrip("#").strip()
        if bare and bare.casefold() not in seen:
            seen.add(bare.casefold())
            entry.tags.append(bare)
    return entry
