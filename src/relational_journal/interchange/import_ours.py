"""The journal's own JSON export, read back entry by entry (ids, people, feelings, episodes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from typing import Any

from relational_journal.errors import ImportFileError
from relational_journal.interchange.import_checks import (
    CLUSTER,
    ERAS,
    MAX_ID,
    FieldCheck,
    entry_in,
)
from relational_journal.models import EntryIn, EpisodeIn, PersonIn, person_name

OUR_FORMAT = "relational-journal"
OUR_VERSION = 1


def check_ours(data: Any) -> None:
    """The top of a relational-journal JSON export: its format, version and entries list."""
    if not isinstance(data, dict) or data.get("format") != OUR_FORMAT:
        raise ImportFileError("this is not a relational-journal JSON export")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFileError("the export has no 'version' number")
    if version > OUR_VERSION:
        raise ImportFileError(
            f"the export is format version {version}, newer than this tool reads "
            f"({OUR_VERSION}); upgrade relational-journal to import it"
        )
    if not isinstance(data.get("entries"), list):
        raise ImportFileError("the export has no 'entries' list")


def our_entry(number: int, item: Any, tz: tzinfo) -> EntryIn:
    """One entry of a relational-journal JSON export, checked."""
    c = FieldCheck("", number, item)
    raw_id = c.item.get("id")
    if raw_id is not None and (not isinstance(raw_id, int) or isinstance(raw_id, bool)):
        raise c.error("id", "should be a whole number")
    if raw_id is not None and not -MAX_ID <= raw_id <= MAX_ID:
        raise c.error("id", f"is too large (the largest id is {MAX_ID:,})")
    about = c.moment("about", tz)
    written_at = c.moment("written_at", tz) if c.item.get("written_at") else about
    body = c.text("body", required=True)
    assert body is not None
    entry = entry_in(
        number,
        about,
        written_at,
        id=raw_id if raw_id and raw_id > 0 else None,
        title=c.text("title"),
        body=body,
        prompt_id=c.text("prompt"),
        pack_id=c.text("pack"),
        private=c.flag("private"),
        starred=c.flag("starred"),
    )
    entry.tags = [t.lstrip("#") for t in c.strings("tags") if t.lstrip("#").strip()]
    entry.people = list(_people(c))
    entry.feelings = list(_feelings(c))
    entry.episode = _episode(c)
    return entry


def _people(c: FieldCheck) -> Iterable[PersonIn]:
    people = c.item.get("people") or []
    if not isinstance(people, list):
        raise c.error("people", "should be a list")
    for i, p in enumerate(people, 1):
        key = f"people[{i}]"
        if isinstance(p, str):
            p = {"name": p}
        if not isinstance(p, dict):
            raise c.error(key, "should be an object with a 'name'")
        name = c.text("name", source=p)
        if not name or not name.strip().lstrip("@").strip():
            raise c.error(f"{key}.name", "is missing")
        try:
            name = person_name(name)
        except ValueError as exc:
            raise c.error(f"{key}.name", str(exc)) from None
        era = c.text("era", source=p)
        if era is not None and era not in ERAS:
            raise c.error(f"{key}.era", f"should be one of {', '.join(ERAS)}")
        yield PersonIn(name, c.text("role", source=p), era)


def _feelings(c: FieldCheck) -> Iterable[tuple[str, str | None, int | None, bool]]:
    feelings = c.item.get("feelings") or []
    if not isinstance(feelings, list):
        raise c.error("feelings", "should be a list")
    for i, f in enumerate(feelings, 1):
        key = f"feelings[{i}]"
        if not isinstance(f, dict):
            raise c.error(key, "should be an object with a 'word'")
        word = c.text("word", source=f)
        if not word or not word.strip():
            raise c.error(f"{key}.word", "is missing")
        intensity = f.get("intensity")
        if intensity is not None and (
            not isinstance(intensity, int)
            or isinstance(intensity, bool)
            or not 0 <= intensity <= 10
        ):
            raise c.error(f"{key}.intensity", "should be a whole number from 0 to 10")
        in_vocabulary = f.get("in_vocabulary", True)
        if not isinstance(in_vocabulary, bool):
            raise c.error(f"{key}.in_vocabulary", "should be true or false")
        yield word, c.text("family", source=f), intensity, in_vocabulary


def _episode(c: FieldCheck) -> EpisodeIn | None:
    ep = c.item.get("episode")
    if ep is None:
        return None
    if not isinstance(ep, dict):
        raise c.error("episode", "should be an object or null")
    values: dict[str, str | None] = {}
    for key in (
        "person",
        "era",
        "what_happened",
        "wish",
        "other",
        "self",
        "self_treatment",
    ) + tuple(CLUSTER):
        values[key] = c.text(key, source=ep)
    for key, pattern in CLUSTER.items():
        code = values[key]
        if code is not None:
            code = code.strip().upper()
            if not pattern.match(code):
                raise c.error(
                    f"episode.{key}", f"is not a cluster code like {pattern.pattern[1:3]}1"
                )
            values[key] = code
    if values["era"] is not None and values["era"] not in ERAS:
        raise c.error("episode.era", f"should be one of {', '.join(ERAS)}")
    person = values["person"]
    return EpisodeIn(
        person=person.strip().lstrip("@").strip() or None if person else None,
        era=values["era"],
        what_happened=values["what_happened"],
        wish=values["wish"],
        wish_cluster=values["wish_cluster"],
        other=values["other"],
        other_cluster=values["other_cluster"],
        other_expected=c.flag("other_expected", source=ep),
        self_response=values["self"],
        self_cluster=values["self_cluster"],
        self_treatment=values["self_treatment"],
    )
