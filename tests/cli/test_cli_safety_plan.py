"""`journal safety-plan` always opens; the calm note puts the plan's people first; country."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import Invoker
from relational_journal.storage import safety_plan
from relational_journal.storage.safety_plan import (
    PARTS,
    REASONS_FOR_LIVING,
    contacts_in,
    find_section,
    from_editor_text,
    load_plan,
    read_plan,
    save_sections,
    to_editor_text,
)
from relational_journal.storage.store import Store


def _output(result: object) -> str:
    return str(getattr(result, "output", ""))


def _stderr(result: object) -> str:
    return str(getattr(result, "stderr", ""))


@pytest.fixture
def planned(journal: Invoker, journal_home: Path) -> Path:
    """A journal with a plan naming a friend and a therapist."""
    journal("safety-plan", "edit", "--section", "people-to-ask", input="Ana 555 0101\n\n")
    journal("safety-plan", "edit", "--section", "professionals", input="Dr Lee 555 0199\n\n")
    journal("safety-plan", "edit", "--section", "reasons-for-living", input="my cat Miso\n\n")
    return journal_home / "journal.db"


def test_a_broken_config_warns_and_the_plan_still_opens(
    journal: Invoker, journal_home: Path, planned: Path
) -> None:
    (journal_home / "config.yaml").write_text("week_start: 7\ncountry: GB\n")
    result = journal("safety-plan")
    assert result.exit_code == 0
    assert "'week_start'" in _stderr(result) and "default" in _stderr(result)
    out = _output(result)
    assert "Ana 555 0101" in out and "my cat Miso" in out
    assert "116 123" in out and "999" in out


def test_config_that_is_not_yaml_at_all_still_opens_the_plan(
    journal: Invoker, journal_home: Path, planned: Path
) -> None:
    (journal_home / "config.yaml").write_text("editor: vim\nweek_start: [\n")
    result = journal("safety-plan")
    assert "config.yaml line" in _stderr(result)
    assert "Ana 555 0101" in _output(result) and "988" in _output(result)


@pytest.fixture
def held(planned: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another connection holding the journal exclusively."""
    monkeypatch.setattr(safety_plan, "PLAN_READ_TIMEOUT_SECONDS", 0.1)
    other = sqlite3.connect(planned, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE safety_plan SET body = body")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_locked_journal_still_shows_the_lines_and_says_why(
    journal: Invoker, held: sqlite3.Connection
) -> None:
    assert read_plan(Path(held.execute("PRAGMA database_list").fetchone()[2])).problem == ("locked")
    result = journal("safety-plan")
    assert result.exit_code == 0
    out = _output(result)
    assert "Another `journal` window" in out
    assert "988" in out and "your local emergency number" in out
    for section in PARTS:
        assert section.title in out


def test_an_encrypted_journal_without_its_passphrase_shows_the_lines_and_how_to_unlock(
    journal: Invoker, planned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    from relational_journal.storage import crypto

    crypto.encrypt(planned, "a long secret")
    monkeypatch.delenv(crypto.PASSPHRASE_ENV, raising=False)
    result = journal("safety-plan")
    assert result.exit_code == 0
    out = _output(result)
    assert "encrypted" in out and crypto.PASSPHRASE_ENV in out
    assert "Ana 555 0101" not in out
    assert "988" in out
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, "a long secret")
    assert "Ana 555 0101" in _output(journal("safety-plan"))
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, "the wrong one")
    wrong = journal("safety-plan")
    assert "encrypted" in _output(wrong) and "988" in _output(wrong)


def test_no_journal_yet_shows_an_empty_plan_without_creating_one(
    journal: Invoker, journal_home: Path
) -> None:
    out = _output(journal("safety-plan"))
    assert "not written a safety plan yet" in out
    assert not (journal_home / "journal.db").exists()


def test_the_new_parts_show_gentle_guidance_while_empty(journal: Invoker) -> None:
    out = " ".join(_output(journal("safety-plan")).split())
    assert "7. Reasons for living" in out
    assert "Making things safer" in out
    for means in ("medicines", "sharp objects", "firearm"):
        assert means in out
    assert "One small thing is enough" in out
    assert "Distance from the means" in out


def test_written_parts_replace_their_guidance(journal: Invoker, planned: Path) -> None:
    out = " ".join(_output(journal("safety-plan")).split())
    assert "my cat Miso" in out and "One small thing is enough" not in out
    assert "Distance from the means" in out  # still empty


def test_reasons_for_living_is_a_seventh_part_kept_beside_the_six(store: Store) -> None:
    assert PARTS[-1] is REASONS_FOR_LIVING and len(PARTS) == 7
    assert find_section("7") is REASONS_FOR_LIVING
    assert find_section("reasons") is REASONS_FOR_LIVING
    save_sections(store, {"reasons-for-living": "my sister", "safe-environment": "pills to Ana"})
    assert load_plan(store) == {
        "reasons-for-living": "my sister",
        "safe-environment": "pills to Ana",
    }
    text = to_editor_text(load_plan(store))
    assert "## Reasons for living\nmy sister" in text
    assert from_editor_text(text)["reasons-for-living"] == "my sister"


def test_the_former_title_of_making_things_safer_is_still_understood() -> None:
    assert find_section("Making my surroundings safer").key == "safe-environment"
    back = from_editor_text("## Making my surroundings safer\nkeys with Ana\n")
    assert back["safe-environment"] == "keys with Ana"


def test_contacts_are_the_people_and_professionals_lines_in_order() -> None:
    plan = {
        "professionals": "Dr Lee 555 0199\n\nCrisis team 555 0000",
        "people-to-ask": "Ana 555 0101",
        "own-coping": "a walk",
    }
    assert contacts_in(plan) == ("Ana 555 0101", "Dr Lee 555 0199", "Crisis team 555 0000")
    assert contacts_in({}) == ()


def test_the_calm_note_shows_the_plans_people_first_then_the_lines(
    journal: Invoker, journal_home: Path, planned: Path
) -> None:
    (journal_home / "config.yaml").write_text("country: AU\n")
    out = _output(journal("write", "--text", "Tonight I want to die."))
    assert "Saved" in out
    ana, lee, lifeline = (out.index(s) for s in ("Ana 555 0101", "Dr Lee 555 0199", "13 11 14"))
    assert ana < lee < lifeline
    assert "000" in out[lifeline:] and "988" not in out


def test_config_init_offers_the_country_from_the_locale(
    journal: Invoker, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    result = journal("config", "--init")
    assert "country: GB" in _output(result)
    assert "country: GB" in (journal_home / "config.yaml").read_text()
    shown = _output(journal("config"))
    assert "country" in shown and "GB" in shown
    assert "116 123" in _output(journal("safety-plan"))


def test_a_country_without_bundled_lines_says_how_to_add_your_own(
    journal: Invoker, journal_home: Path
) -> None:
    journal_home.mkdir(parents=True)
    (journal_home / "config.yaml").write_text("country: JP\n")
    out = " ".join(_output(journal("safety-plan")).split())
    assert "No crisis lines for JP" in out and "crisis_lines" in out
    assert "your local emergency number" in out
