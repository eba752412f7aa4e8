"""Deep prompts: the depth and note keys, and pacing when a prompt is drawn at random."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from relational_journal.content.prompts import (
    Library,
    Pack,
    Prompt,
    choose_prompt,
    parse_pack,
)
from relational_journal.errors import PackError, UnknownPromptError

PACK = """\
id: evenings
title: Evenings
description: Short prompts for the end of the day.
prompts:
  - id: evenings-light
    text: Who did you think about most today?
    relationship: present
    kind: reflection
  - id: evenings-deep
    text: Is there someone you miss tonight?
    relationship: past
    kind: reflection
    depth: deep
    note: >-
      This one can stir up a lot.
      Write only as much as feels right.
"""


def test_depth_and_note_parse_into_the_prompt(tmp_path: Path) -> None:
    pack = parse_pack(PACK, tmp_path / "evenings.yaml")
    light, deep = pack.prompts
    assert (light.depth, light.note, light.deep) == ("light", "", False)
    assert deep.depth == "deep" and deep.deep
    assert deep.note == "This one can stir up a lot. Write only as much as feels right."


def test_depth_can_be_written_out_as_light(tmp_path: Path) -> None:
    text = PACK.replace(
        "    kind: reflection\n  - id: evenings-deep",
        "    kind: reflection\n    depth: light\n  - id: evenings-deep",
    )
    pack = parse_pack(text, tmp_path / "evenings.yaml")
    assert pack.prompts[0].depth == "light"


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            PACK.replace("depth: deep", "depth: heavy"),
            r"line 13: prompt 'evenings-deep' 'depth' must be one of light, deep, not 'heavy'",
        ),
        (PACK.replace("depth: deep", "depth: [deep]"), r"line 13: 'depth' must be text"),
        (PACK.replace("depth: deep", "depth: ''"), r"line 13: 'depth' is empty"),
        (PACK.replace("depth: deep", "depth: true"), r"line 13: 'depth' must be text"),
        (
            PACK.replace("    depth: deep\n", "    depth: deep\n    depth: light\n"),
            r"line 14: a prompt has 'depth' twice",
        ),
        (
            PACK.split("    note:")[0] + "    note:\n      - a list\n",
            r"line 15: 'note' must be text",
        ),
        (
            PACK.replace(
                "Write only as much as feels right.",
                "Write only as much as feels right. Stop when you like. Breathe.",
            ),
            r"line 14: prompt 'evenings-deep' 'note' must be one or two sentences",
        ),
        (PACK.replace("depth: deep", "deepness: deep"), r"line 13: a prompt has unknown field"),
    ],
)
def test_bad_depth_or_note_names_file_line_and_field(
    tmp_path: Path, broken: str, expected: str
) -> None:
    path = tmp_path / "evenings.yaml"
    with pytest.raises(PackError, match=expected) as info:
        parse_pack(broken, path)
    assert str(path) in str(info.value)


def _library(*packs: tuple[str, list[tuple[str, str]]]) -> Library:
    """Packs of (prompt id, depth); every prompt is about the present."""
    library = Library()
    for pack_id, items in packs:
        prompts = tuple(
            Prompt(pid, f"Text of {pid}.", "present", "reflection", pack_id, depth=depth)
            for pid, depth in items
        )
        library.packs[pack_id] = Pack(pack_id, pack_id.title(), "", prompts, Path(pack_id))
        library.prompts.update({p.id: p for p in prompts})
    return library


MIXED = _library(
    ("light", [(f"light-{i}", "light") for i in range(3)]),
    ("grief", [("grief-gentle", "light"), ("grief-deep-1", "deep"), ("grief-deep-2", "deep")]),
)


def test_deep_prompts_are_never_drawn_at_random() -> None:
    for seed in range(300):
        chosen = choose_prompt(MIXED, [], random.Random(seed))
        assert not chosen.deep, seed


def test_deep_prompts_stay_back_even_when_every_light_one_was_answered() -> None:
    recent = ["light-0", "grief-gentle", "light-2", "light-1"]
    for seed in range(50):
        assert choose_prompt(MIXED, recent, random.Random(seed)).id == "light-1"


def test_deep_true_lets_deep_prompts_be_drawn() -> None:
    drawn = {choose_prompt(MIXED, [], random.Random(seed), deep=True).id for seed in range(300)}
    assert {"grief-deep-1", "grief-deep-2"} <= drawn


def test_a_pack_the_client_picked_offers_its_deep_prompts() -> None:
    drawn = {choose_prompt(MIXED, [], random.Random(s), pack="grief").id for s in range(200)}
    assert drawn == {"grief-gentle", "grief-deep-1", "grief-deep-2"}


def test_a_default_pack_not_picked_holds_its_deep_prompts_back() -> None:
    for seed in range(200):
        chosen = choose_prompt(MIXED, [], random.Random(seed), pack="grief", picked=False)
        assert chosen.id == "grief-gentle"
    drawn = {
        choose_prompt(MIXED, [], random.Random(s), pack="grief", picked=False, deep=True).id
        for s in range(200)
    }
    assert "grief-deep-1" in drawn


def test_only_deep_prompts_left_is_a_clear_error_not_a_deep_prompt() -> None:
    only_deep = _library(("loss", [("loss-a", "deep"), ("loss-b", "deep")]))
    with pytest.raises(UnknownPromptError, match="deep"):
        choose_prompt(only_deep, [], random.Random(0))
    assert choose_prompt(only_deep, [], random.Random(0), pack="loss").deep
