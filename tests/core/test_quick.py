"""The quick-entry grammar: a leading date only when it reads as one, the first sentence as
title, a trailing star."""

from __future__ import annotations

from datetime import UTC, datetime, time

from hypothesis import given
from hypothesis import strategies as st

from relational_journal.core.quick import quick_moment, read_quick

NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
DATES = {"yesterday 9pm", "today", "monday", "2026-11-03"}


def is_date(text: str) -> bool:
    return text.lower() in DATES


def test_the_jrnl_example() -> None:
    q = read_quick("yesterday 9pm: Dinner with @Sam. It went better than I feared. *", is_date)
    assert q.when == "yesterday 9pm"
    assert q.title == "Dinner with @Sam."
    assert q.body == "It went better than I feared."
    assert q.starred


def test_a_colon_after_something_that_is_no_date_is_text() -> None:
    q = read_quick("Sam: he called back. I was glad.", is_date)
    assert q.when is None and q.title == "Sam: he called back." and q.body == "I was glad."


def test_one_sentence_is_the_text_and_a_star_before_the_colon_stars() -> None:
    assert read_quick("Just this.", is_date).title is None
    q = read_quick("today*: A walk", is_date)
    assert q.when == "today" and q.starred and q.body == "A walk"


def test_a_date_without_a_time_is_at_the_default_time() -> None:
    at = quick_moment("yesterday", NOW, UTC, time(9, 0))
    assert at == datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
    assert quick_moment("yesterday 9pm", NOW, UTC, time(9, 0)) == datetime(
        2026, 11, 17, 21, 0, tzinfo=UTC
    )
    assert quick_moment("last week", NOW, UTC, time(9, 0)) is None
    assert quick_moment("Sam", NOW, UTC, time(9, 0)) is None


words = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=80,
)


@given(st.one_of(words, st.builds(lambda d, t: f"{d}: {t}", st.sampled_from(sorted(DATES)), words)))
def test_no_word_is_lost(text: str) -> None:
    q = read_quick(text, is_date)
    expected = text.strip().removesuffix("*")
    parts = [q.title or "", q.body]
    if q.when is not None:
        parts.insert(0, f"{q.when}:")
    assert " ".join(parts).split() == expected.split()


@given(words)
def test_text_without_a_colon_is_never_dated(text: str) -> None:
    if ":" not in text:
        assert read_quick(text, lambda _: True).when is None


@given(words, st.sampled_from(sorted(DATES)), st.booleans())
def test_a_date_before_the_colon_is_always_read(body: str, when: str, star: bool) -> None:
    q = read_quick(f"{when}: {body}{' *' if star else ''}", is_date)
    assert q.when == when
    assert q.starred == (star or body.strip().endswith("*"))
    assert q.body or not body.strip().removesuffix("*").strip()


@given(words)
def test_a_trailing_star_always_stars(text: str) -> None:
    assert read_quick(text + " *", is_date).starred
