"""Editing rules: what a change given as options does to an entry. Pure: values in, values out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from relational_journal.errors import JournalError
from relational_journal.models import Entry, FeelingFelt, Person, PersonRef

if TYPE_CHECKING:
    from relational_journal.content.feelings import Vocabulary


@dataclass(frozen=True)
class EntryChanges:
    """Edits given as flags. Empty tuples and None mean 'leave as it is'."""

    feel: tuple[tuple[str, int | None], ...] = ()
    unfeel: tuple[str, ...] = ()
    with_people: tuple[str, ...] = ()
    without_people: tuple[str, ...] = ()
    starred: bool | None = None
    private: bool | None = None
    about: datetime | None = None
    title: str | None = None
    tags: tuple[str, ...] = ()
    untag: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self == EntryChanges()


def change_body(entry: Entry, text: str) -> Entry | None:
    """The entry with its new text; None when nothing changed. Empty text is refused."""
    new = text.strip()
    if new == entry.body.strip():
        return None
    if not new:
        raise JournalError(
            f"entry {entry.id} would be empty, so nothing was changed "
            f"(to remove it: journal delete {entry.id})"
        )
    return replace(entry, body=new)


def apply_changes(
    entry: Entry,
    changes: EntryChanges,
    vocab: Vocabulary,
    known: dict[str, Person],
) -> tuple[Entry, list[str]]:
    """The entry with the flag edits applied, and notes for the client. Pure.

    `known` maps lower-cased names and aliases to people, so `--without mum`
    removes Mom when Mum is her alias.
    """
    notes: list[str] = []

    def canonical(name: str) -> str:
        name = name.strip().lstrip("@")
        person = known.get(name.lower())
        return person.name if person else name

    feelings = list(entry.feelings)
    for word in changes.unfeel:
        target = vocab.felt(word, None).word
        kept = [f for f in feelings if f.word.lower() not in (target, word.strip().lower())]
        if len(kept) == len(feelings):
            raise JournalError(f"entry {entry.id} has no feeling {word.strip()!r}")
        feelings = kept
    for word, intensity in changes.feel:
        felt = vocab.felt(word, intensity)
        if not felt.in_vocabulary:
            hint = vocab.lookup(word).suggestion
            extra = f" (did you mean '{hint}'?)" if hint else ""
            notes.append(f"'{felt.word}' is outside the feelings list; kept as written{extra}")
        for i, existing in enumerate(feelings):
            if existing.word == felt.word:
                feelings[i] = FeelingFelt(
                    existing.word, existing.family, felt.intensity, existing.in_vocabulary
                )
                break
        else:
            feelings.append(felt)

    people = list(entry.people)
    episode = entry.episode
    for name in changes.without_people:
        target = canonical(name).lower()
        kept_people = [p for p in people if p.name.lower() != target]
        if len(kept_people) == len(people):
            raise JournalError(f"entry {entry.id} is not about {name.strip()!r}")
        people = kept_people
        if episode is not None and episode.person and episode.person.lower() == target:
            episode = replace(episode, person=None)
            notes.append(f"the relationship episode no longer names {name.strip()}")
    for name in changes.with_people:
        full = canonical(name)
        if not full:
            raise JournalError("a person's name cannot be empty")
        if all(p.name.lower() != full.lower() for p in people):
            people.append(PersonRef(full))
            if full.lower() not in known:
                notes.append(f"{full} is new to the journal")

    dropped = {u.strip().lstrip("#").lower() for u in changes.untag}
    tags = [t for t in entry.tags if t.lower() not in dropped]
    for tag in changes.tags:
        clean = tag.strip().lstrip("#")
        if clean and clean.lower() not in {t.lower() for t in tags}:
            tags.append(clean)

    updated = replace(
        entry,
        feelings=tuple(feelings),
        people=tuple(people),
        episode=episode,
        tags=tuple(tags),
        starred=entry.starred if changes.starred is None else changes.starred,
        private=entry.private if changes.private is None else changes.private,
        about=entry.about if changes.about is None else changes.about,
        title=entry.title if changes.title is None else (changes.title.strip() or None),
    )
    return updated, notes


class EditConflict(JournalError):
    """The text was changed elsewhere while it was open in the editor."""


def merge_body(base: str, mine: str, current: str) -> str | None:
    """The text to keep when the entry may have changed while it was in the editor.

    `base` is the text the editor opened with, `mine` what the client saved and
    `current` the text in the journal now. A side that left the text alone
    gives way to the other; both changed, differently, is a conflict (None).
    """
    base, mine, current = base.strip(), mine.strip(), current.strip()
    if mine == base or mine == current:
        return current
    if current == base:
        return mine
    return None


def merge_edit(
    current: Entry,
    base_body: str,
    my_body: str,
    changes: EntryChanges,
    vocab: Vocabulary | None,
    known: dict[str, Person],
) -> tuple[Entry, list[str]]:
    """An editor edit applied to the entry as it is now. Pure.

    The option edits are applied to the current entry, so whatever the editor
    did not change (flags, tags, people, privacy) is taken as it is now; only
    the client's own `--public` ever makes a private entry shared. The text is
    merged with `merge_body`; a text changed on both sides raises EditConflict.
    """
    updated = current
    notes: list[str] = []
    if not changes.is_empty():
        if vocab is None:
            raise JournalError("feelings cannot be changed without the feelings list")
        updated, notes = apply_changes(current, changes, vocab, known)
    body = merge_body(base_body, my_body, current.body)
    if body is None:
        raise EditConflict(f"entry {current.id} was changed elsewhere while it was in the editor")
    if body != current.body.strip():
        if not body:
            raise JournalError(
                f"entry {current.id} would be empty, so nothing was changed "
                f"(to remove it: journal delete {current.id})"
            )
        updated = replace(updated, body=body)
    if current.private and changes.private is not False:
        updated = replace(updated, private=True)
    return updated, notes
