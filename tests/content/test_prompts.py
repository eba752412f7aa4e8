"""Prompt packs: the bundled ones, strict validation, and the client's own packs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from relational_journal.content.loader import bundled_prompts_dir
from relational_journal.content.prompts import (
    KINDS,
    RELATIONSHIPS,
    choose_prompt,
    load_library,
    parse_pack,
)
from relational_journal.errors import PackError

GOOD = """\
id: evenings
title: Evenings
description: Short prompts for the end of the day.
prompts:
  - id: evenings-one
    text: Who did you think about most today?
    relationship: present
    kind: reflection
    follow_ups:
      - What did you want from them?
"""


DUPLICATE = "  - id: evenings-one\n    text: again\n    relationship: past\n    kind: reflection\n"


def test_bundled_packs_cover_every_area_with_enough_prompts() -> None:
    library = load_library(bundled_prompts_dir(), None)
    assert set(library.packs) >= {
        "present",
        "past",
        "episode",
        "therapy",
        "self",
        "context",
        "repair",
        "checkin",
    }
    assert len(library.prompts) >= 110
    assert {p.relationship for p in library.prompts.values()} == set(RELATIONSHIPS)
    assert {p.kind for p in library.prompts.values()} == set(KINDS)
    assert all(p.kind == "episode" for p in library.packs["episode"].prompts)


def test_good_pack_loads_into_typed_prompts(tmp_path: Path) -> None:
    pack = parse_pack(GOOD, tmp_path / "evenings.yaml")
    assert pack.id == "evenings"
    assert pack.prompts[0].follow_ups == ("What did you want from them?",)
    assert pack.prompts[0].pack_id == "evenings"


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            GOOD.replace("    kind: reflection", "    kind: reflection\n    mood: calm"),
            r"line 9: a prompt has unknown field 'mood'",
        ),
        (
            GOOD.replace("    text: Who did you think about most today?\n", ""),
            r"line 5: a prompt is missing 'text'",
        ),
        (
            GOOD + DUPLICATE,
            r"line 11: prompt 'evenings-one' has a duplicate id \(first at line 5\)",
        ),
        (
            GOOD.replace("relationship: present", "relationship: [present]"),
            r"line 7: 'relationship' must be text",
        ),
        (
            GOOD.replace("relationship: present", "relationship: friends"),
            r"line 7: prompt 'evenings-one' 'relationship' must be one of",
        ),
        (GOOD.replace("title: Evenings", "title: Evenings: [oops"), r"line 2: YAML syntax error"),
        (GOOD.replace("prompts:", "prompt:"), r"line 4: the pack has unknown field 'prompt'"),
        ("", r"line 1: the pack is empty"),
        ("- just\n- a list\n", r"line 1: the pack must be a mapping"),
    ],
)
def test_each_kind_of_bad_pack_names_file_line_and_field(
    tmp_path: Path, broken: str, expected: str
) -> None:
    path = tmp_path / "evenings.yaml"
    with pytest.raises(PackError, match=expected) as info:
        parse_pack(broken, path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_own_pack_overrides_a_bundled_prompt_with_a_notice(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        GOOD.replace("evenings-one", "present-closeness"), encoding="utf-8"
    )
    library = load_library(bundled_prompts_dir(), tmp_path)
    assert library.prompts["present-closeness"].pack_id == "evenings"
    assert any("present-closeness" in n and "replaces" in n for n in library.notices)


def test_broken_own_pack_never_hides_the_bundled_ones(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    library = load_library(bundled_prompts_dir(), tmp_path)
    assert len(library.prompts) >= 110
    assert len(library.problems) == 1 and "broken.yaml" in library.problems[0]


def test_prompt_choice_avoids_recently_answered_ones(tmp_path: Path) -> None:
    library = load_library(bundled_prompts_dir(), None)
    checkin = [p.id for p in library.packs["checkin"].prompts]
    recent = checkin[:-1]
    for seed in range(10):
        chosen = choose_prompt(library, recent, random.Random(seed), pack="checkin")
        assert chosen.id == checkin[-1]
    # When every prompt was answered lately, the least recent one comes back first.
    chosen = choose_prompt(library, checkin, random.Random(1), pack="checkin")
    assert chosen.id == checkin[-1]
