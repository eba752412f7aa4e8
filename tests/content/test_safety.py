"""Safety notes on saving, and the client's own safety plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relational_journal.core.risk import notice
from relational_journal.errors import JournalError
from relational_journal.storage.safety_plan import (
    SECTIONS,
    find_section,
    from_editor_text,
    load_plan,
    safety_plan_sections,
    save_sections,
    to_editor_text,
)
from relational_journal.storage.store import Store


@pytest.mark.parametrize(
    "text",
    [
        "I want to die.",
        "Some days I think about killing myself",
        "I don't want to live anymore",
        "I do not want to be alive",
        "I don\u2019t want to wake up tomorrow",
        "No, I want to die",
        "I don't know if I want to die",
        "I wouldn't say it's nothing but I want to die",
        "I'm not okay. I want to hurt myself",
        "Everyone would be better off without me",
        "I looked up how to overdose",
        "I thought about SELF-HARM again",
    ],
)
def test_risk_language_shows_the_note(text: str) -> None:
    assert notice(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to die; I want things to change",
        "I would never hurt myself",
        "I'm not suicidal, just tired",
        "We watched a film and I laughed a lot",
        "The team killed it at work",
        "I'm dying to see her again",
        "",
    ],
)
def test_ordinary_or_negated_language_shows_no_note(text: str) -> None:
    assert notice(text) is None


def test_urges_that_have_ended_get_the_softer_past_note() -> None:
    found = notice("I no longer want to harm myself")
    assert found is not None and found.level == "past"


def test_a_negation_in_another_sentence_does_not_hide_a_phrase() -> None:
    assert notice("I'm not sure about work. I want to die") is not None


def test_client_phrases_extend_the_list() -> None:
    # "wanting to vanish" is a concept the matcher notices by itself; a private
    # phrase of the client's own, like "the blue door", is not
    assert notice("Walked past the blue door again today") is None
    assert notice("Walked past the blue door again today", ["the blue door"]) is not None


@given(st.text(max_size=300))
def test_the_matcher_never_fails_on_any_text(text: str) -> None:
    found = notice(text, ["  ", "x"])
    assert found is None or found.level in ("current", "past")


def test_saving_a_risky_entry_shows_a_calm_note_with_crisis_lines_and_still_saves(
    journal: Any, journal_home: Path
) -> None:
    result = journal("write", "--text", "Tonight I want to die.")
    assert "Saved" in result.output
    assert "988" in result.output and "741741" in result.output
    assert "journal safety-plan" in result.output
    with Store.open(journal_home / "journal.db") as store:
        assert store.read("SELECT count(*) FROM entries")[0][0] == 1


def test_the_note_uses_the_configured_crisis_lines(journal: Any, journal_home: Path) -> None:
    journal_home.mkdir(parents=True)
    (journal_home / "config.yaml").write_text(
        "crisis_lines:\n  - 'My therapist: 555 0100'\nsafety_phrases: ['vanish for good']\n"
    )
    result = journal("write", "--text", "I want to vanish for good")
    assert "555 0100" in result.output and "988" not in result.output


def test_safety_notes_false_turns_the_note_off(journal: Any, journal_home: Path) -> None:
    journal_home.mkdir(parents=True)
    (journal_home / "config.yaml").write_text("safety_notes: false\n")
    result = journal("write", "--text", "I want to die.")
    assert "Saved" in result.output and "988" not in result.output


def test_ordinary_entries_show_no_note(journal: Any) -> None:
    assert "988" not in journal("write", "--text", "A calm walk with Ana.").output


# -- the safety plan --------------------------------------------------------------


def test_plan_has_six_sections_in_order_and_is_kept_in_the_journal(store: Store) -> None:
    assert len(SECTIONS) == 6
    assert safety_plan_sections(store) == []
    save_sections(store, {"people-to-ask": "Ana 555 0101", "warning-signs": "not sleeping"})
    assert safety_plan_sections(store) == [
        ("Signs that a hard time is coming", "not sleeping"),
        ("People I can ask for help", "Ana 555 0101"),
    ]
    save_sections(store, {"warning-signs": "  "})
    assert list(load_plan(store)) == ["people-to-ask"]


def test_unknown_section_is_a_clear_error(store: Store) -> None:
    with pytest.raises(JournalError, match="sections are"):
        find_section("horoscope")
    with pytest.raises(JournalError):
        save_sections(store, {"horoscope": "x"})
    assert find_section("3").key == "distraction"
    assert find_section("professionals").key == "professionals"
    assert find_section("warning").key == "warning-signs"


def test_editor_form_round_trips() -> None:
    plan = {"own-coping": "a walk\nmusic", "safe-environment": "give the pills to Ana"}
    back = from_editor_text(to_editor_text(plan))
    assert {k: v for k, v in back.items() if v} == plan
    with pytest.raises(JournalError, match="heading"):
        from_editor_text("## My horoscope\nstars\n")


def test_cli_shows_an_empty_plan_with_the_questions_and_crisis_lines(journal: Any) -> None:
    out = journal("safety-plan").output
    assert "not written a safety plan yet" in out
    for section in SECTIONS:
        assert section.title in out
    assert "988" in out


def test_cli_edit_section_by_section_then_show(journal: Any) -> None:
    answers = "\n".join(
        [
            "not sleeping",
            "pacing at night",
            "",
            "a long shower",
            "",
            "",
            "Ana 555 0101",
            "",
            "",
            "",
        ]
    )
    result = journal("safety-plan", "edit", input=answers + "\n")
    assert "saved" in result.output
    out = journal("safety-plan").output
    assert "pacing at night" in out and "a long shower" in out and "Ana 555 0101" in out
    journal("safety-plan", "edit", "--section", "own-coping", input="-\n")
    out = journal("safety-plan").output
    assert "a long shower" not in out and "Ana 555 0101" in out


def test_cli_edit_unknown_section_is_one_line(journal: Any) -> None:
    result = journal("safety-plan", "edit", "--section", "nope", ok=False)
    assert result.exit_code == 1 and "sections are" in result.output
