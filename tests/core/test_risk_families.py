"""The concept families: new wordings of the same ideas get the note; everyday uses do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from relational_journal.content.families import load_families
from relational_journal.content.safety import SafetyDataError, bundled_safety
from relational_journal.core.risk import notice


def level(text: str) -> str | None:
    found = notice(text)
    return None if found is None else found.level


@pytest.mark.parametrize(
    "text",
    [
        "Stared at the packet of tablets on the shelf for most of the night.",
        "I checked, the beam in the loft would hold my weight.",
        "Wrote out who should get my books and my bike.",
        "I just want to fade away for good.",
        "I deserve the pain after the way I spoke to him.",
        "Nothing is ever going to get better for me.",
        "My family would be calmer without me around.",
        "If I went missing nobody would look for me.",
    ],
)
def test_new_wordings_of_each_family_get_the_current_note(text: str) -> None:
    assert level(text) == "current"


@pytest.mark.parametrize(
    "text",
    [
        "Took two tablets for a migraine and lay down.",
        "Gave away my old clothes to the charity shop.",
        "I cut my hair at the weekend.",
        "Burned the toast twice this morning.",
        "My phone battery died on the way home.",
        "Leaned over the fence to chat with the neighbour.",
        "My brother says he'd be better off without me around, he's joking about the band.",
        "I would never want to disappear for good, I love my life.",
        "In the book the hero deserves to suffer for what he did.",
    ],
)
def test_everyday_objects_other_people_negation_and_fiction_show_nothing(text: str) -> None:
    assert level(text) is None


def test_a_family_concept_in_the_past_gets_the_softer_note() -> None:
    assert level("Years ago I stared at the pills in the cabinet for hours.") == "past"


def test_the_note_never_carries_the_words_that_were_matched() -> None:
    found = notice("Stared at the packet of tablets on the shelf for most of the night.")
    assert found is not None
    assert all("tablet" not in c and "stare" not in c for c in found.categories)


def test_a_malformed_family_file_is_named_by_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "families.yaml"
    path.write_text(
        "version: 1\nfamilies:\n  x:\n    category: nope\n    strong: [a]\n"
        "cues: [a]\nordinary: [a]\nset_aside: [a]\n",
        encoding="utf-8",
    )
    with pytest.raises(SafetyDataError, match=r"families.yaml line 4: 'families.x.category'"):
        load_families(path, bundled_safety().categories)
