"""Episodes as records: the era asked per episode, checked codes, the editor's fields, echoes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpers import make_entry
from relational_journal.content.ccrt import load_ccrt
from relational_journal.content.feelings import load_vocabulary
from relational_journal.content.loader import bundled_prompts_dir
from relational_journal.content.prompts import load_library
from relational_journal.core.episode_text import episode_text, split_episode
from relational_journal.core.episodes import EpisodeChanges, apply_episode, checked
from relational_journal.core.guide import Draft, run_guide
from relational_journal.core.review import build_review
from relational_journal.errors import JournalError
from relational_journal.models import Episode, Person, PersonRef
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store


class Choosing:
    """Answers questions from a list; records what was asked."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def _next(self, question: str) -> str:
        self.asked.append(question)
        return self.answers.pop(0) if self.answers else ""

    def text(self, question: str, *, hint: str = "", multiline: bool = False) -> str:
        return self._next(question)

    def choose(self, question, options, *, default=None):  # type: ignore[no-untyped-def]
        answer = self._next(question)
        return None if answer == "s" else answer or default

    def confirm(self, question: str, *, default: bool = True) -> bool:
        answer = self._next(question)
        return default if not answer else answer == "y"

    def say(self, message: str) -> None:
        self.asked.append(message)


def guided(answers: list[str], known: dict[str, Person]) -> tuple[Draft, Choosing]:
    prompt = load_library(bundled_prompts_dir(), None).prompt("episode-recent-present")
    ask = Choosing(answers)
    draft = run_guide(prompt, Draft(), ask, vocab=load_vocabulary(), ccrt=load_ccrt(), known=known)
    return draft, ask


MOM = {"mom": Person(1, "Mom", "mother", "present")}


def test_the_guided_episode_asks_its_era_and_enter_keeps_the_persons() -> None:
    answers = ["We spoke on the phone.", "Mom", "", "to be asked about my week", "s"]
    answers += ["she talked about herself", "", "s", "I went quiet", "s", ""]
    draft, ask = guided(answers, MOM)
    assert "When did this moment with Mom take place?" in ask.asked
    assert draft.episode["era"] == "present"
    assert draft.episode["self_treatment"] is None


def test_a_childhood_moment_with_a_living_parent_is_past_and_self_treatment_is_kept() -> None:
    answers = ["Bath time, when I was small.", "Mom", "past", "to be held", "s"]
    answers += ["she turned away", "", "s", "I hid", "s", "I told myself I was too much"]
    draft, ask = guided(answers, MOM)
    assert ask.asked.index("How did you treat yourself afterwards?") > ask.asked.index(
        "When did this moment with Mom take place?"
    )
    entry = draft.to_entry(about=datetime.now(UTC), written_at=datetime.now(UTC))
    assert entry.episode is not None
    assert (entry.episode.person, entry.episode.era) == ("Mom", "past")
    assert entry.episode.self_treatment == "I told myself I was too much"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (EpisodeChanges(wish_cluster="RO5"), "--wish-code: RO5 is a code of another part"),
        (EpisodeChanges(other_cluster="RO9"), "--other-code: 'RO9' is unknown"),
        (EpisodeChanges(self_cluster="W2"), "RS1, RS2"),
        (EpisodeChanges(era="childhood"), "present, past, therapy, self"),
    ],
)
def test_bad_codes_and_eras_name_the_option_and_the_allowed_values(
    changes: EpisodeChanges, message: str
) -> None:
    with pytest.raises(JournalError, match=message):
        checked(changes, load_ccrt())


def test_codes_are_stored_only_when_given() -> None:
    episode = apply_episode(
        None, checked(EpisodeChanges(person="Sam", wish="to rest"), load_ccrt())
    )
    assert episode == Episode(person="Sam", wish="to rest")
    coded = apply_episode(episode, checked(EpisodeChanges(wish_cluster="w7"), load_ccrt()))
    assert coded.wish_cluster == "W7" and coded.other_cluster is None


def test_the_editor_fields_read_back_and_an_empty_value_clears() -> None:
    episode = Episode("Mom", "past", None, "to be held", "W5", "she left", "RO5", True, "hid")
    text = "My words.\n" + episode_text(episode)
    body, changes = split_episode(text.replace("wish: to be held", "wish:"))
    assert body == "My words." and changes is not None
    again = apply_episode(episode, checked(changes, load_ccrt()))
    assert again == Episode("Mom", "past", None, None, "W5", "she left", "RO5", True, "hid")
    assert split_episode("Just words.") == ("Just words.", None)


@pytest.mark.parametrize("line", ["wishes: to be held", "no colon here", "expected: maybe"])
def test_a_malformed_editor_field_is_an_error_without_the_text(line: str) -> None:
    text = "Private words.\n" + episode_text(Episode("Mom")) + line + "\n"
    with pytest.raises(JournalError) as info:
        split_episode(text)
    assert "Private words" not in str(info.value) and "to be held" not in str(info.value)
    assert "episode line" in str(info.value)


def test_a_childhood_episode_with_a_living_parent_echoes_a_present_partner(store: Store) -> None:
    mom = PersonRef("Mom", "mother", "present")
    day = datetime(2026, 11, 17, 20, tzinfo=UTC)
    store.add_entry(
        make_entry(
            "Bath time.",
            about=day,
            people=(mom,),
            episode=Episode("Mom", "past", wish_cluster="W5", other_cluster="RO5"),
        )
    )
    store.add_entry(
        make_entry(
            "Dinner.",
            about=day.replace(day=18),
            people=(PersonRef("Sam", "partner", "present"),),
            episode=Episode("Sam", "present", wish_cluster="W5", other_cluster="RO5"),
        )
    )
    store.add_entry(
        make_entry(
            "Phone call.",
            about=day.replace(day=19),
            people=(mom,),
            episode=Episode("Mom", "present", wish_cluster="W6", other_cluster="RO2"),
        )
    )
    summary = build_review(
        store,
        EntryFilter(),
        datetime(2026, 11, 16, tzinfo=UTC),
        datetime(2026, 11, 22, 23, 59, tzinfo=UTC),
        vocab=load_vocabulary(),
        ccrt=load_ccrt(),
    )
    assert [(e.first.name, e.first.era, e.second.name, e.second.era) for e in summary.echoes] == [
        ("Mom", "past", "Sam", "present")
    ]
