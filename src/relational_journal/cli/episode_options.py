"""The relationship-episode options shared by `journal write` and `journal edit`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from relational_journal.core.episodes import EpisodeChanges
    from relational_journal.models import Entry
    from relational_journal.storage.store import Store

EpisodeWithOpt = Annotated[
    str | None,
    typer.Option(
        "--episode-with", help="A relationship episode with this person.", show_default=False
    ),
]
EraOpt = Annotated[
    str | None,
    typer.Option("--era", help="When the episode took place: present, past, therapy or self."),
]
WishOpt = Annotated[str | None, typer.Option("--wish", help="What you wanted, in your words.")]
WishCodeOpt = Annotated[str | None, typer.Option("--wish-code", help="W1 to W8.")]
OtherOpt = Annotated[str | None, typer.Option("--other", help="How they responded, in your words.")]
OtherCodeOpt = Annotated[str | None, typer.Option("--other-code", help="RO1 to RO8.")]
ExpectedOpt = Annotated[
    bool | None,
    typer.Option("--expected/--actual", help="How you expected them to respond, or how they did."),
]
SelfOpt = Annotated[str | None, typer.Option("--self", help="How you responded, in your words.")]
SelfCodeOpt = Annotated[str | None, typer.Option("--self-code", help="RS1 to RS8.")]
AfterOpt = Annotated[
    str | None, typer.Option("--afterwards", help="How you treated yourself afterwards.")
]
HappenedOpt = Annotated[
    str | None, typer.Option("--what-happened", help="What happened, in a few words.")
]


def episode_changes(
    *,
    person: str | None,
    era: str | None,
    wish: str | None,
    wish_code: str | None,
    other: str | None,
    other_code: str | None,
    expected: bool | None,
    self_words: str | None,
    self_code: str | None,
    afterwards: str | None,
    what_happened: str | None,
) -> EpisodeChanges:
    """The options as checked changes; a bad code or era is a one-line error."""
    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.core.episodes import EpisodeChanges, checked

    changes = EpisodeChanges(
        person=person,
        era=era,
        what_happened=what_happened,
        wish=wish,
        wish_cluster=wish_code,
        other=other,
        other_cluster=other_code,
        other_expected=expected,
        self_response=self_words,
        self_cluster=self_code,
        self_treatment=afterwards,
    )
    if changes.is_empty():
        return changes
    if person is not None and not person.strip().lstrip("@").strip():
        raise JournalError("--episode-with needs a name, e.g. --episode-with Mom")
    return checked(changes, load_ccrt())


def require_person(changes: EpisodeChanges) -> None:
    """Episode options on a new episode need --episode-with: who the moment was with."""
    if not changes.is_empty() and changes.person is None:
        given = [
            name
            for name, value in (
                ("--era", changes.era),
                ("--wish", changes.wish),
                ("--wish-code", changes.wish_cluster),
                ("--other", changes.other),
                ("--other-code", changes.other_cluster),
                ("--expected", changes.other_expected),
                ("--self", changes.self_response),
                ("--self-code", changes.self_cluster),
                ("--afterwards", changes.self_treatment),
                ("--what-happened", changes.what_happened),
            )
            if value is not None
        ]
        raise JournalError(
            f"{given[0]} belongs to an episode: add --episode-with NAME (who it was with)"
        )


def with_episode(store: Store, entry: Entry, changes: EpisodeChanges) -> Entry:
    """The entry with its episode; the era is the person's usual one unless given."""
    from dataclasses import replace

    from relational_journal.core.episodes import apply_episode

    name = (changes.person or "").strip().lstrip("@").strip()
    known = store.find_person(name)
    person = known.name if known else name
    era = changes.era or (known.era if known else None)
    episode = apply_episode(None, replace(changes, person=person, era=era))
    return replace(entry, episode=episode)


WhichOpt = Annotated[
    int | None,
    typer.Option(
        "--episode", min=1, help="Which episode of the entry to change (an entry has one)."
    ),
]


def edited_episode(
    store: Store, entry: Entry, changes: EpisodeChanges, which: int | None = None
) -> Entry:
    """The entry with its episode changed; a new person brings their usual era unless given."""
    from dataclasses import replace

    from relational_journal.core.episodes import apply_episode

    count = 0 if entry.episode is None else 1
    if which is not None and which > count:
        has = "no episode" if count == 0 else "one episode (--episode 1)"
        raise JournalError(f"--episode {which}: entry {entry.id} has {has}")
    if entry.episode is None:
        require_person(changes)
    if changes.person:
        name = changes.person.strip().lstrip("@").strip()
        known = store.find_person(name)
        era = changes.era
        if era is None and known is not None and known.era:
            era = known.era
        changes = replace(changes, person=known.name if known else name, era=era)
    return replace(entry, episode=apply_episode(entry.episode, changes))


def episode_text(entry: Entry) -> str:
    """The episode's fields for the editor, after the entry's text ('' without an episode)."""
    from relational_journal.core.episode_text import episode_text as as_text

    return "" if entry.episode is None else as_text(entry.episode)


def from_editor(store: Store, entry: Entry, written: str) -> Entry:
    """The entry as edited: its text, and its episode's fields read back.

    A field that cannot be read is a one-line error; the edited text is kept as a
    draft first, so nothing typed in the editor is lost.
    """
    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.core.editing import change_body
    from relational_journal.core.episode_text import EDITOR_NAMES, split_episode
    from relational_journal.core.episodes import checked

    try:
        body, changes = split_episode(written)
        if changes is not None:
            changes = checked(changes, load_ccrt(), EDITOR_NAMES)
    except JournalError as exc:
        raise JournalError(
            f"{exc}; entry {entry.id} was not changed{_kept(store, written)}"
        ) from None
    updated = change_body(entry, body) or entry
    if changes is not None:
        updated = edited_episode(store, updated, changes)
    return updated


def _kept(store: Store, written: str) -> str:
    """Keep the editor's text as a draft; how to get it back, for the error line."""
    from relational_journal.cli.drafting import DraftKeeper
    from relational_journal.core.guide import Draft

    keeper = DraftKeeper(store, Draft(body=written.strip()))
    if keeper.keep():
        return f"; what you wrote is kept as a draft ({keeper.draft.id}, `journal drafts`)"
    return ""
