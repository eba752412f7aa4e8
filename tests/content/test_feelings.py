"""The feelings vocabulary and forgiving matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from relational_journal.content.feelings import (
    FAMILIES,
    load_vocabulary,
    parse_feel,
    parse_feelings_line,
)
from relational_journal.errors import FeelingError


def test_vocabulary_has_six_families_and_enough_words() -> None:
    vocab = load_vocabulary()
    assert len(vocab.words) >= 120
    for family in FAMILIES:
        assert family in vocab.words and vocab.words[family].family == family
        assert len(vocab.family_words(family)) >= 15
    assert all(-1 <= w.pleasantness <= 1 and -1 <= w.energy <= 1 for w in vocab.words.values())


@pytest.mark.parametrize(
    ("typed", "word"),
    [("Hurt", "hurt"), ("hurting", "hurt"), ("  ANXIOUS ", "anxious"), ("lonely", "lonely")],
)
def test_case_and_simple_inflections_find_the_word(typed: str, word: str) -> None:
    assert load_vocabulary().lookup(typed).word is not None
    assert load_vocabulary().felt(typed, 3).word == word


def test_close_misspelling_gets_a_suggestion_and_is_kept_as_typed() -> None:
    vocab = load_vocabulary()
    match = vocab.lookup("anxous")
    assert match.word is None and match.suggestion == "anxious"
    felt = vocab.felt("anxous", 4)
    assert (felt.word, felt.family, felt.in_vocabulary) == ("anxous", None, False)


def test_client_can_extend_the_vocabulary(tmp_path: Path) -> None:
    own = tmp_path / "feelings.yaml"
    own.write_text(
        "families:\n  sad:\n    words:\n      homesick: {pleasantness: -0.5, energy: -0.3}\n",
        encoding="utf-8",
    )
    felt = load_vocabulary(own).felt("homesick", None)
    assert (felt.family, felt.in_vocabulary) == ("sad", True)


def test_feel_options_read_word_and_intensity() -> None:
    assert parse_feel("hurt:7") == ("hurt", 7)
    assert parse_feel("hurt") == ("hurt", None)
    assert parse_feelings_line("hurt:7, lonely 4; relieved") == [
        ("hurt", 7),
        ("lonely", 4),
        ("relieved", None),
    ]
    with pytest.raises(FeelingError, match="0 to 10"):
        parse_feel("hurt:11")
    with pytest.raises(FeelingError, match="WORD:INTENSITY"):
        parse_feel(":5")


def test_an_edited_vocabulary_file_is_read_afresh(tmp_path: Path, journal_home: Path) -> None:
    journal_home.mkdir(parents=True)
    own = tmp_path / "feelings.yaml"
    own.write_text(
        "families:\n  sad:\n    words:\n      moonstruck: {pleasantness: -0.5, energy: -0.3}\n",
        encoding="utf-8",
    )
    assert load_vocabulary(own).felt("moonstruck", None).in_vocabulary
    assert list((journal_home / "cache").glob("feelings-*.json"))  # parsed once, kept as JSON
    own.write_text(
        "families:\n  mad:\n    words:\n      prickly: {pleasantness: -0.3, energy: 0.4}\n",
        encoding="utf-8",
    )
    vocab = load_vocabulary(own)
    assert vocab.felt("prickly", None).family == "mad"
    assert not vocab.felt("moonstruck", None).in_vocabulary


@pytest.mark.parametrize("word", ["unsafe", "unheard", "disconnected", "misunderstood", "unseen"])
def test_negated_words_are_words_of_their_own(word: str) -> None:
    felt = load_vocabulary().felt(word, 5)
    assert felt.word == word and felt.in_vocabulary


@pytest.mark.parametrize(
    "typed", ["unsaf", "unhaerd", "isecure", "unconected", "disconected-ish", "unhopeful"]
)
def test_did_you_mean_never_crosses_a_negation(typed: str) -> None:
    suggestion = load_vocabulary().lookup(typed).suggestion
    plain = {"safe", "heard", "secure", "connected", "hopeful"}
    assert suggestion not in plain


def test_did_you_mean_still_helps_inside_the_same_negation() -> None:
    vocab = load_vocabulary()
    assert vocab.lookup("disconected").suggestion == "disconnected"
    assert vocab.lookup("hopeles").suggestion == "hopeless"
    assert vocab.lookup("humilated").suggestion == "humiliated"


def test_words_clients_use_are_in_their_families() -> None:
    vocab = load_vocabulary()
    expected = {
        "invisible": "sad",
        "small": "scared",
        "unsafe": "scared",
        "worthless": "sad",
        "humiliated": "sad",
        "stupid": "sad",
        "triggered": "scared",
        "tired": "sad",
        "exhausted": "sad",
        "bored": "sad",
        "rage": "mad",
        "detached": "sad",
        "numb": "sad",
        "ignored": "sad",
    }
    assert {w: vocab.words[w].family for w in expected} == expected


def test_the_data_file_says_where_it_departs_from_the_wheel() -> None:
    from relational_journal.content.loader import data_file

    header = data_file("feelings.yaml").read_text(encoding="utf-8").split("version:")[0]
    assert "departs from the wheel" in header and "numb" in header and "unsafe" in header


def test_a_bad_intensity_keeps_its_word() -> None:
    from relational_journal.content.feelings import parse_feel_item, split_feelings

    items = [parse_feel_item(p) for p in split_feelings("sad:5,angry:x, calm:3")]
    assert [(i.word, i.intensity, i.bad_intensity) for i in items] == [
        ("sad", 5, None),
        ("angry", None, "x"),
        ("calm", 3, None),
    ]
