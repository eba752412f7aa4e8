"""Full-text search: ranking, highlighted snippets, filters, and queries that must never crash."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import UTC, make_entry
from relational_journal.errors import SearchQueryError
from relational_journal.models import PersonRef
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.search import MARK_END, MARK_START, phrase_query, search
from relational_journal.storage.store import Store

DAY = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    bodies: dict[str, str | tuple[str, str]] = {
        "once": "I felt lonely at dinner, and then it passed.",
        "often": "Lonely again. Lonely on the bus, lonely at work, lonely at home.",
        "titled": ("Nothing much happened today.", "Lonely Sunday"),
        "sister": "My sister said I never listen. I felt small.",
        "private": "Lonely, and I do not want anyone to read this.",
    }
    made = {}
    for i, (name, body) in enumerate(bodies.items()):
        text, title = body if isinstance(body, tuple) else (body, None)
        made[name] = store.add_entry(
            make_entry(
                text,
                title=title,
                about=DAY + timedelta(days=i),
                private=name == "private",
                people=(PersonRef("Ana"),) if name in ("sister", "often") else (),
            )
        )
    return made


def found(store: Store, ids: dict[str, int], text: str, **kw: object) -> list[str]:
    back = {v: k for k, v in ids.items()}
    f = EntryFilter(**kw)  # type: ignore[arg-type]
    return [back[h.entry_id] for h in search(store, text, f).hits]


def test_more_mentions_and_title_matches_rank_higher(store: Store, ids: dict[str, int]) -> None:
    ranked = found(store, ids, "lonely", privacy="exclude")
    assert set(ranked) == {"once", "often", "titled"}
    assert ranked.index("often") < ranked.index("once")
    assert ranked.index("titled") < ranked.index("once")


def test_stemming_finds_other_forms(store: Store, ids: dict[str, int]) -> None:
    assert found(store, ids, "listening") == ["sister"]


def test_snippet_marks_the_matched_words(store: Store, ids: dict[str, int]) -> None:
    hit = search(store, "small", EntryFilter()).hits[0]
    assert f"{MARK_START}small{MARK_END}" in hit.snippet


def test_search_combines_with_filters(store: Store, ids: dict[str, int]) -> None:
    assert found(store, ids, "lonely", people=("Ana",)) == ["often"]
    assert found(store, ids, "lonely", start=DAY + timedelta(days=2), privacy="exclude") == [
        "titled"
    ]
    assert "private" in found(store, ids, "lonely", privacy="include")
    assert "private" not in found(store, ids, "lonely", privacy="exclude")


def test_fts_syntax_works_when_valid(store: Store, ids: dict[str, int]) -> None:
    assert set(found(store, ids, "lonely NOT work", privacy="exclude")) == {"titled", "once"}
    assert found(store, ids, '"felt small"') == ["sister"]
    assert found(store, ids, "sist*") == ["sister"]
    assert found(store, ids, "title:lonely") == ["titled"]


@pytest.mark.parametrize(
    "query",
    ['"felt small', "felt AND", "OR", "NOT", "small NEAR(", "nope:small", "small)", "(small"],
)
def test_hostile_queries_fall_back_to_a_phrase(
    store: Store, ids: dict[str, int], query: str
) -> None:
    result = search(store, query, EntryFilter())
    assert result.as_phrase
    assert result.query.startswith('"') and result.query.endswith('"')


def test_lone_operator_as_a_word_still_finds_text(store: Store, ids: dict[str, int]) -> None:
    assert found(store, ids, '"felt small') == ["sister"]


@pytest.mark.parametrize("query", ["*", "()", '"', ":", "   ", "^", "-"])
def test_queries_without_words_are_one_clear_error(store: Store, query: str) -> None:
    with pytest.raises(SearchQueryError) as caught:
        search(store, query, EntryFilter())
    assert "\n" not in str(caught.value)


def test_count_beyond_the_limit_is_reported(store: Store, ids: dict[str, int]) -> None:
    result = search(store, "lonely", EntryFilter(), limit=2)
    assert len(result.hits) == 2 and result.total == 4


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(max_size=30),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "(",
                    ")",
                    "*",
                    ":",
                    "AND",
                    "OR",
                    "NOT",
                    "NEAR(",
                    "^",
                    "+",
                    "-",
                    "{",
                    "}",
                    "lonely",
                    "small",
                    "title:",
                    "body:",
                    "rank:",
                    "x",
                    ",",
                    "NEAR",
                    "''",
                ]
            ),  # fmt: skip
            max_size=6,
        ).map(" ".join),
    )
)
def test_no_query_ever_crashes(store: Store, text: str) -> None:
    if not store.read("SELECT 1 FROM entries LIMIT 1"):
        store.add_entry(make_entry("lonely and small"))
    try:
        result = search(store, text, EntryFilter())
    except SearchQueryError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.total >= len(result.hits)


def test_private_matches_are_counted_not_shown(store: Store, ids: dict[str, int]) -> None:
    result = search(store, "lonely", EntryFilter(privacy="exclude"))
    assert result.hidden_private == 1 and result.total == 3
    assert ids["private"] not in [h.entry_id for h in result.hits]


def test_very_common_words_rank_only_the_newest_matches(
    store: Store, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import relational_journal.storage.search as search_module

    monkeypatch.setattr(search_module, "RANK_CAP", 2)
    result = search(store, "lonely", EntryFilter(privacy="include"))
    assert result.ranked_within == 2 and result.total == 4
    assert {h.entry_id for h in result.hits} == {ids["titled"], ids["private"]}


def test_phrase_query_keeps_words_and_drops_quotes() -> None:
    assert phrase_query('say "no') == '"say no"'
    assert phrase_query("*") is None
