"""The review as a neutral document, and its Markdown."""

from __future__ import annotations

from helpers import review_summary
from relational_journal.core.document import Bars, Table, para, to_markdown
from relational_journal.core.review_document import review_blocks
from relational_journal.storage.review_rows import FeelingRow


def test_a_clients_word_with_markdown_characters_stays_one_table_cell() -> None:
    summary = review_summary(feelings=[FeelingRow("torn|*split*", "sad", 2, 5.0)])
    md = to_markdown(review_blocks(summary))
    row = next(line for line in md.splitlines() if "torn" in line)
    assert row.startswith("| torn\\|\\*split\\* | sad | 2 |")
    assert row.count("|") - row.count("\\|") == 5  # four cells, none broken apart


def test_our_own_wording_keeps_its_command_as_code_and_the_clients_words_never_become_code() -> (
    None
):
    assert to_markdown([para("Try `journal write` now.")]) == "Try `journal write` now.\n"
    table = Table(("word",), ("left",), (("`rm -rf`",),))
    assert "\\`rm -rf\\`" in to_markdown([table])


def test_bars_are_as_long_as_their_counts_allow() -> None:
    lines = Bars((("sad", 6), ("mad", 3)), width=10).lines()
    assert lines == ["sad  ██████████ 6", "mad  █████ 3"]


def test_the_review_document_has_every_section_the_terminal_has() -> None:
    md = to_markdown(review_blocks(review_summary()))
    for heading in (
        "## The period in brief",
        "## Feelings that came back",
        "## People",
        "## Relational patterns",
        "## Echoes across relationships",
    ):
        assert heading in md
