"""The single-word lexicon: checked strictly, and the built cues cached without changing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from relational_journal.content import cues as cue_module
from relational_journal.content.ccrt import load_ccrt
from relational_journal.content.cues import CueFileError, bundled_cues, load_cues, load_words
from relational_journal.content.loader import data_file


def _codes() -> dict[str, set[str]]:
    return {p: {c.code for c in i.clusters} for p, i in load_ccrt().components.items()}


def test_a_word_listed_under_two_clusters_is_named_with_its_line(tmp_path: Path) -> None:
    words = tmp_path / "words.yaml"
    words.write_text(
        "version: 1\nweights: {strong: 1.5, weak: 0.75}\nthreshold: 1.5\nparts:\n"
        "  wish: {W1: {strong: [freedom]}}\n"
        "  other:\n    RO5: {strong: [ignored]}\n    RO4: {strong: [lied, ignored]}\n"
        "  self: {RS7: {strong: [gutted]}}\n",
        encoding="utf-8",
    )
    cues = load_cues(data_file("ccrt_cues.yaml"), _codes())
    with pytest.raises(CueFileError, match=r"words.yaml line 8: .*'ignored' is listed under RO5"):
        load_words(words, _codes(), cues)


def test_an_unknown_field_in_the_word_file_is_refused(tmp_path: Path) -> None:
    words = tmp_path / "words.yaml"
    words.write_text(
        "version: 1\nweights: {strong: 1.5, weak: 0.75}\nthreshold: 1.5\nparts:\n"
        "  wish: {W1: {strong: [freedom], sometimes: [free]}}\n"
        "  other: {RO5: {strong: [ignored]}}\n  self: {RS7: {strong: [gutted]}}\n",
        encoding="utf-8",
    )
    cues = load_cues(data_file("ccrt_cues.yaml"), _codes())
    with pytest.raises(CueFileError, match=r"line 5: parts.wish.W1.sometimes: .*unknown field"):
        load_words(words, _codes(), cues)


def test_cached_cues_are_the_cues_built_from_the_files(journal_home: Path) -> None:
    journal_home.mkdir(parents=True, exist_ok=True)
    bundled_cues.cache_clear()
    built = bundled_cues()  # builds and writes the cache
    assert list((journal_home / "cache").glob("ccrt-cues-*.bin"))
    bundled_cues.cache_clear()
    assert bundled_cues() == built  # read back from the cache
    for f in (journal_home / "cache").glob("ccrt-cues-*.bin"):
        f.write_bytes(b"not marshal data")
    bundled_cues.cache_clear()
    assert bundled_cues() == built  # a damaged cache is skipped and rebuilt
    bundled_cues.cache_clear()
    assert cue_module.bundled_cues() == built
