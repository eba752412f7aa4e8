"""One reading of @names and #tags, shared by `journal write` and every jrnl import."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from relational_journal.core import tags as core_tags
from relational_journal.core.tags import hashtags, mentions, tags_in
from relational_journal.interchange import import_jrnl


def test_import_reads_tags_with_the_same_function_as_write() -> None:
    assert import_jrnl.tags_in is core_tags.tags_in


def test_cpp_os2_and_csharp_stay_whole_punctuation_and_email_do_not() -> None:
    text = "Back to @C++ and @OS/2 (and @C#). Mail sam@example.com, then @Sam, #work-day!"
    assert tags_in(text) == ["@C++", "@OS/2", "@C#", "@Sam", "#work-day"]
    assert mentions(text + " @sam again") == ["C++", "OS/2", "C#", "Sam"]
    assert hashtags("#Work and #work, #home.") == ["Work", "home"]


@given(st.text())
def test_every_tag_read_is_in_the_text_and_never_ends_in_punctuation(text: str) -> None:
    for tag in tags_in(text):
        assert tag in text
        assert tag[0] in "@#" and tag[-1] not in ".,;:!?'\"/*-"


@given(st.from_regex(r"[a-z0-9._]{1,10}@[a-z]{1,8}\.[a-z]{2,3}", fullmatch=True))
def test_an_email_address_is_never_a_tag(address: str) -> None:
    assert tags_in(f"write to {address} today") == []


def test_write_links_mentions_and_keeps_hashtags(journal: Any) -> None:
    journal("write", "--text", "Lunch with @Ana. Mail ana@example.org about #work.")
    entry = json.loads(journal("list", "--json").stdout)
    assert [p["name"] for p in entry["people"]] == ["Ana"]
    assert entry["tags"] == ["work"]
