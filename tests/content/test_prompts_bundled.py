"""The bundled packs as a whole: coverage, pacing of deep prompts, and the way out."""

from __future__ import annotations

import random
import re

import pytest

from relational_journal.content.loader import bundled_prompts_dir
from relational_journal.content.prompts import Library, choose_prompt, load_library

NEW_AREAS = {
    "shame",
    "numbing",
    "grief",
    "strengths",
    "compassion",
    "identity",
    "minds",
    "frame",
    "after-session",
}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_prompts_dir(), None)


def test_bundled_library_is_large_enough_and_covers_the_new_areas(library: Library) -> None:
    assert len(library.packs) >= 12
    assert len(library.prompts) >= 110
    assert NEW_AREAS <= set(library.packs)
    assert all(len(library.packs[p].prompts) >= 5 for p in NEW_AREAS)


def test_at_least_ten_deep_prompts_and_each_has_a_note(library: Library) -> None:
    deep = [p for p in library.prompts.values() if p.deep]
    assert len(deep) >= 10
    assert [p.id for p in deep if not p.note] == []


def test_the_prompts_named_as_deep_are_marked_deep(library: Library) -> None:
    for prompt_id in ("episode-childhood-memory", "self-body", "past-comfort"):
        assert library.prompt(prompt_id).deep, prompt_id


def test_every_pack_description_says_write_only_as_much_as_feels_right(
    library: Library,
) -> None:
    for pack in library.packs.values():
        words = " ".join(pack.description.lower().split())
        assert "only as much as feels right" in words, pack.id


def test_prompt_ids_start_with_their_pack_id(library: Library) -> None:
    for prompt in library.prompts.values():
        assert prompt.id.startswith(prompt.pack_id + "-"), prompt.id


def test_rewritten_prompts_no_longer_ask_for_age_and_place_or_assume(library: Library) -> None:
    childhood = library.prompt("episode-childhood-memory").text.lower()
    assert "how old were you" not in childhood and "where were you" not in childhood
    mend = library.prompt("repair-wish-to-mend").text.lower()
    assert "distance" in mend and "would like to repair" not in mend
    assert not library.prompt("repair-with-therapist").text.startswith("Has ")
    assert "in order to be noticed" not in library.prompt("past-being-noticed").text
    assert "treated differently" not in library.prompt("context-unfair-treatment").text


def test_notes_are_one_or_two_sentences(library: Library) -> None:
    for prompt in library.prompts.values():
        if prompt.note:
            assert 1 <= len(re.findall(r"[.!?](?=\s|$)", prompt.note)) <= 2, prompt.id


def test_random_draws_from_the_whole_library_are_never_deep(library: Library) -> None:
    recent: list[str] = []
    for seed in range(400):
        chosen = choose_prompt(library, recent, random.Random(seed))
        assert not chosen.deep, (seed, chosen.id)
        recent.insert(0, chosen.id)


def test_random_draws_by_relationship_are_never_deep(library: Library) -> None:
    for relationship in ("past", "self", "therapy"):
        for seed in range(100):
            chosen = choose_prompt(library, [], random.Random(seed), relationship=relationship)
            assert not chosen.deep


def test_asking_for_deep_prompts_or_picking_the_pack_offers_them(library: Library) -> None:
    asked = {choose_prompt(library, [], random.Random(s), deep=True).id for s in range(600)}
    assert any(library.prompts[pid].deep for pid in asked)
    grief = {choose_prompt(library, [], random.Random(s), pack="grief").id for s in range(200)}
    assert any(library.prompts[pid].deep for pid in grief)
    held = {
        choose_prompt(library, [], random.Random(s), pack="grief", picked=False).id
        for s in range(200)
    }
    assert held and not any(library.prompts[pid].deep for pid in held)
