"""Noticing risk language: what gets the note, the softer note, or none."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import make_entry
from relational_journal.content.prompts import load_library
from relational_journal.core.risk import entry_texts, note_text, notice, rule_reading
from relational_journal.models import Episode

STATEMENTS = Path(__file__).resolve().parents[1] / "data" / "risk_statements.yaml"


_READER_FALSE_ALARM = pytest.mark.xfail(
    strict=True,
    reason="a known false alarm of the trained reader: it weighs 'I keep thinking about' as "
    "it learnt it from statements of active thoughts; kept so a better reader shows here",
)


def level(text: str, extra: tuple[str, ...] = ()) -> str | None:
    found = notice(text, extra)
    return None if found is None else found.level


@pytest.mark.parametrize(
    "text",
    [
        "i wrote to each of my nephews, just in case anything happens",
        "Part of me wants to swerve into the barrier on the A road.",
        "if i was gone the hurting would finally end",
        "there's no way this gets better, it's pointless to keep going",
        "i've chosen the day.",
        "honestly whats the point anymore",
        "everyone would be better off if i wasnt around",
        "I've been putting aside my painkillers.",
    ],
)
def test_plans_preparations_and_conditionals_get_the_note_without_naming_the_act(
    text: str,
) -> None:
    assert level(text) == "current"


@pytest.mark.parametrize(
    "text",
    [
        "I would never hurt myself, I have too much to live for",
        "For the record I'm not suicidal.",
        "suicide is not on my mind at all",
    ],
)
def test_negation_shows_nothing(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "my flatmate said she wants to die after her exam",
        "a coworker self harms and I don't know how to help",
        "He texted me 'I'm going to kill myself' as a joke about the deadline.",
    ],
)
def test_someone_elses_words_or_reported_speech_show_nothing(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "this deadline is killing me",
        "I'm dying to see the new flat",
        "I nearly slipped on the stairs and hurt myself",
        "cut myself chopping peppers, very silly",
        "If I were gone for a week, would the plants survive?",
        "We've set a date for the wedding!",
    ],
)
def test_idioms_accidents_and_ordinary_plans_show_nothing(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Years ago I used to burn my arms, I haven't in a long time.",
        "My grandad died by suicide and today I found his watch in a recipe book.",
        "i haven't cut since high school",
    ],
)
def test_the_past_and_a_loss_get_the_softer_note(text: str) -> None:
    found = notice(text)
    now = notice("I want to die")
    assert found is not None and found.level == "past"
    assert now is not None and note_text(found) != note_text(now)
    assert "past" in note_text(found)


@pytest.mark.parametrize(
    "text",
    [
        "Please God take me in my sleep.",
        "I'm scared I'll do it one of these nights.",
        "Thought about taking the whole box at once.",
        "Picked the songs for my funeral last night, just in case.",
        "There's no light at the end of this, not for me.",
        "I have nobody left at all.",
        "If the van took me out on the school run I'd honestly be fine with that.",
        "Sitting in the lay-by working out that I'm worth more to them gone.",
        "held my wrist on the radiator till it blistered",
    ],
)
def test_indirect_wordings_not_in_the_phrase_lists_get_the_note(text: str) -> None:
    assert level(text) == "current"


@pytest.mark.parametrize(
    "text",
    [
        "I'm scared I'll do it wrong at the interview.",
        "Took the whole box of chocolates to the office and they were gone in minutes.",
        "Tied the rope to the beam to hang the swing for the kids.",
        "Bleach the bathroom, drink more water, take it easy - my list for today.",
        "I want to be with him again soon, long distance is hard.",
        "No light at the end of the garden path, need to fix the lamp.",
        "Counted my tablets to check I hadn't missed a dose this week.",
        "I just want to disappear for a weekend with a stack of books.",
        "The GP asked whether I'd had thoughts of harming myself, and I said no.",
        "Looked after a lad after an overdose on nights; I'm fine, just tired.",
    ],
)
def test_ordinary_sentences_sharing_those_words_stay_quiet(text: str) -> None:
    assert level(text) is None


def test_a_sentence_saying_when_dates_the_one_before_it() -> None:
    text = "After my attempt at nineteen I spent two weeks on a ward. That was years ago."
    assert level(text) == "past"


def test_the_past_comes_back_to_now_when_it_is_happening_again() -> None:
    assert level("I used to cut when I was at school. Lately I've started again.") == "current"


def test_the_clients_own_phrases_from_config_always_count() -> None:
    assert level("i want to go to the quiet place") is None
    assert level("i want to go to the quiet place", ("the quiet place",)) == "current"


def test_every_text_of_an_entry_is_read_body_title_and_episode() -> None:
    entry = make_entry(
        body="A walk.",
        title="no point in me being here",
        episode=Episode(wish="to be held", self_response="i hurt myself again"),
    )
    texts = entry_texts(entry)
    assert "A walk." in texts and "no point in me being here" in texts
    assert "i hurt myself again" in texts and "to be held" in texts


def _rows() -> list[dict[str, Any]]:
    return list(yaml.safe_load(STATEMENTS.read_text(encoding="utf-8"))["statements"])


@pytest.mark.parametrize(
    ("group", "recall", "false_alarms"),
    [
        ("dev", 0.95, 0.05),
        ("held", 0.95, 0.12),
        ("held-r3", 0.95, 0.15),
        # written by writers who never saw the phrases or the code: the honest figures,
        # far from the targets (95% recall, at most 10% false alarms)
        ("held-r11", 0.78, 0.15),
        ("held-r13", 0.80, 0.13),
        ("held-r14", 0.80, 0.07),
    ],
)
def test_regression_guard_recall_and_false_alarms_on_the_labelled_statements(
    group: str, recall: float, false_alarms: float
) -> None:
    def group_of(row: dict[str, Any]) -> str:
        if row.get("round", 1) >= 9:
            return f"{row['split']}-r{row['round']}"  # reported by benchmarks/eval_risk.py
        if row["split"] == "held" and row.get("round", 1) >= 8:
            return "held-r8"
        if row["split"] == "held" and row.get("round", 1) >= 3:
            return "held-r3"
        return str(row["split"])

    rows = [r for r in _rows() if group_of(r) == group]
    counts: Counter[str] = Counter()
    for row in rows:
        hit = notice(row["text"]) is not None
        counts[f"{row['label'] != 'none'}-{hit}"] += 1
    wanted = counts["True-True"] + counts["True-False"]
    ordinary = counts["False-True"] + counts["False-False"]
    assert wanted >= 50 and ordinary >= 40
    assert counts["True-True"] / wanted >= recall
    assert counts["False-True"] / ordinary <= false_alarms


def _bundled_prompt_texts() -> list[str]:
    library = load_library(Path(__file__).resolve().parents[2] / "prompts", None)
    return [t for p in library.prompts.values() for t in (p.text, *p.follow_ups)]


def test_the_packs_own_questions_written_as_an_entry_bring_no_note() -> None:
    # written for the packs, never trained on: about loss, shame, the past and the
    # body, in words close to the ones risk statements use; a note on these would
    # be a note a client learns to ignore
    texts = _bundled_prompt_texts()
    noted = [t for t in texts if notice(t) is not None]
    assert len(texts) >= 200
    # quoted as the guided flow quotes them above an answer, the reader leaves them be
    # (the phrase lists still read every line; one question of 238 trips them)
    quoted = [
        t
        for t in texts
        if notice(f"> {t}\nNot much, a quiet week.") is not None and rule_reading(t).notice is None
    ]
    assert not quoted, quoted[:3]
    # as a client's own words, 28 of 238 (12%) get a note today: second-person
    # questions about loss, shame and the body; this guards that figure
    assert len(noted) / len(texts) <= 0.13, noted[:5]


def test_ordinary_entries_from_a_writer_never_trained_on_seldom_get_a_note() -> None:
    rows = [r for r in _rows() if r["split"] == "held" and r.get("round") == 16]
    noted = [r for r in rows if notice(r["text"]) is not None]
    assert len(rows) >= 300
    assert len(noted) / len(rows) <= 0.06  # 14 of 300 today


@pytest.mark.parametrize(
    "text",
    [
        "We had dinner and talked about work.",
        "We had dinner.\n\n> What do you miss today, if anything?\nHer laugh.",
        pytest.param("I keep thinking about the blue door.", marks=_READER_FALSE_ALARM),
        "Rupture, then repair. I said what I did not say last week.",
        "Tired after the session, early night.",
        "Mum rang. We talked for an hour about nothing much.",
    ],
)
def test_plain_days_bring_no_note(text: str) -> None:
    assert level(text) is None
