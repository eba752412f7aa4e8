"""The trained sentence reader: negation marking, training, and the shipped weights."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from relational_journal.content.textmodels import TextModel, load_text_models
from relational_journal.core.textmodel import (
    Training,
    features,
    marked_words,
    probabilities,
    strongest_words,
    train,
)
from relational_journal.errors import JournalError

ROOT = Path(__file__).resolve().parents[2]


def test_a_negation_marks_the_words_it_governs_up_to_a_turn() -> None:
    words = marked_words("He never listened to me, but she did listen")
    assert "!listened" in words and "listened" not in words
    assert "listen" in words  # after "but" the negation no longer reaches
    assert "w:!listen" in features("he didn't listen")
    assert "w:listen" not in features("he didn't listen")


def test_training_learns_a_small_set_and_the_same_rows_give_the_same_weights() -> None:
    rows: list[tuple[str, str, list[str]]] = [
        ("she listened to me", "warm", []),
        ("he really listened and understood", "warm", []),
        ("she never listened to me", "cold", []),
        ("he didn't listen at all", "cold", []),
    ] * 5
    first = train(rows, ["warm", "cold"], Training(epochs=10))
    again = train(rows, ["warm", "cold"], Training(epochs=10))
    assert list(first.values) == list(again.values)
    assert probabilities(first, "my friend listened to me")["warm"] > 0.5
    assert probabilities(first, "my friend never listened")["cold"] > 0.5
    assert "not listened" in strongest_words(first, "my friend never listened", "cold")


def _index(tmp_path: Path, model: object) -> Path:
    """An index naming one reader 'risk', with that reader's file beside it."""
    (tmp_path / "text_model_risk.json").write_text(
        model if isinstance(model, str) else json.dumps(model)
    )
    index = tmp_path / "text_models.json"
    index.write_text(json.dumps({"digest": "x", "models": {"risk": "text_model_risk.json"}}))
    return index


def test_a_model_survives_the_file_format(tmp_path: Path) -> None:
    model = train([("calm day", "a", []), ("awful day", "b", [])], ["a", "b"], Training(epochs=3))
    loaded = load_text_models(_index(tmp_path, model.to_json())).model("risk")
    assert isinstance(loaded, TextModel)
    assert loaded.classes == ("a", "b")
    assert probabilities(loaded, "awful") == pytest.approx(probabilities(model, "awful"), abs=1e-4)
    assert load_text_models(_index(tmp_path, model.to_json())).model("self") is None


def _one_model(rest: str) -> dict[str, object]:
    model: dict[str, object] = json.loads('{"classes": ["a"], "bias": [0], ' + rest + "}")
    return model


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{", "cannot read"),
        ({"classes": ["a"]}, "needs exactly"),
        (_one_model('"features": "x", "weights": "!"'), "base64"),
        (_one_model('"features": "x\\ny", "weights": ""'), "0 weights for 2 features"),
        (_one_model('"features": "y\\nx", "weights": "AAAAAAAAAAA="'), "sorted"),
    ],
)
def test_a_damaged_weights_file_is_a_one_line_error_naming_it(
    tmp_path: Path, content: object, said: str
) -> None:
    with pytest.raises(JournalError, match=said) as caught:
        load_text_models(_index(tmp_path, content)).model("risk")
    assert "\n" not in str(caught.value) and "text_model_risk.json" in str(caught.value)


def test_the_shipped_weights_were_trained_on_the_labelled_sets_as_they_are() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "train_models.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
