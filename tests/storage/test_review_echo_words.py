"""review_echoes and review_recent: the client's words behind each echo, and recency ties,
read from a real journal."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers import make_entry
from relational_journal.content.ccrt import load_ccrt
from relational_journal.content.feelings import load_vocabulary
from relational_journal.core.review import Summary, build_review
from relational_journal.models import Episode, PersonRef
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

MONDAY = datetime(2026, 11, 16, tzinfo=UTC)
WEEK_END = datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC)


def at(day: int, hour: int = 20) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def week(store: Store, f: EntryFilter | None = None) -> Summary:
    return build_review(
        store, f or EntryFilter(), MONDAY, WEEK_END, vocab=load_vocabulary(), ccrt=load_ccrt()
    )


def add(store: Store, when: datetime, person: PersonRef, ep: Episode, **kw: object) -> int:
    return store.add_entry(make_entry(about=when, people=(person,), episode=ep, **kw))  # type: ignore[arg-type]


MOM = PersonRef("Mom", "mother", "present")  # in the client's life now
SAM = PersonRef("Sam", "partner", "present")


def test_a_childhood_episode_with_a_mother_alive_now_is_the_past_side_and_quoted(
    store: Store,
) -> None:
    child = add(
        store,
        at(2),
        MOM,
        Episode(
            "Mom",
            "past",
            wish="for Mom to be proud",
            wish_cluster="W6",
            other="she said I showed her up",
            other_cluster="RO5",
            self_response="I hid in my room",
            self_cluster="RS2",
        ),
    )
    worded = add(
        store,
        at(17),
        SAM,
        Episode(
            "Sam",
            "present",
            wish="Sam to ask about my day",
            wish_cluster="W6",
            other="Sam said not now",
            other_cluster="RO5",
            self_response="I went quiet",
            self_cluster="RS2",
        ),
    )
    # The latest episode with Sam has no words: the quote stays with the one that has.
    add(
        store,
        at(19),
        SAM,
        Episode("Sam", "present", wish_cluster="W6", other_cluster="RO5", self_cluster="RS7"),
    )
    # An episode with Mom now, with other clusters, does not move her childhood into the present.
    add(store, at(18), MOM, Episode("Mom", "present", wish_cluster="W7", other_cluster="RO8"))
    (echo,) = week(store).echoes
    assert (echo.first.name, echo.first.era, echo.second.name, echo.second.era) == (
        "Mom",
        "past",
        "Sam",
        "present",
    )
    assert echo.text.startswith("With Mom (in the past) and with Sam (now): ")
    assert echo.response == "RS2"  # two of the three episodes, on both sides
    assert echo.text.endswith("you closed off, went quiet or kept them at arm's length.")
    assert echo.first.quote is not None and echo.second.quote is not None
    assert (echo.first.quote.entry_id, echo.first.quote.day) == (child, "2026-11-02")
    assert echo.first.quote.other == "she said I showed her up"
    assert (echo.second.quote.entry_id, echo.second.quote.wish) == (
        worded,
        "Sam to ask about my day",
    )


def test_private_words_never_quoted_in_a_shared_review(store: Store) -> None:
    add(
        store,
        at(2),
        MOM,
        Episode("Mom", "past", wish="SECRET wish", wish_cluster="W6", other_cluster="RO5"),
        private=True,
    )
    add(
        store,
        at(1),
        MOM,
        Episode("Mom", "past", wish="to be held", wish_cluster="W6", other_cluster="RO5"),
    )
    add(store, at(17), SAM, Episode("Sam", "present", wish_cluster="W6", other_cluster="RO5"))
    (mine,) = week(store).echoes
    assert mine.first.quote is not None and mine.first.quote.wish == "SECRET wish"
    (shared,) = week(store, EntryFilter(privacy="exclude")).echoes
    assert shared.first.quote is not None and shared.first.quote.wish == "to be held"


def test_people_named_as_often_are_listed_most_recent_first(store: Store) -> None:
    ann, zoe = PersonRef("Ann", era="present"), PersonRef("Zoe", era="present")
    store.add_entry(make_entry(about=at(17), people=(zoe,)))
    store.add_entry(make_entry(about=at(18), people=(ann,)))
    assert [p.name for p in week(store).people] == ["Ann", "Zoe"]
    store.add_entry(make_entry(about=at(20), people=(zoe,)))
    store.add_entry(make_entry(about=at(16), people=(ann,)))
    assert [p.name for p in week(store).people] == ["Zoe", "Ann"]
    # A whole month is added up from its stored counts on the second review: same order.
    month = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC))
    for _ in range(2):
        summary = build_review(
            store, EntryFilter(), *month, vocab=load_vocabulary(), ccrt=load_ccrt()
        )
        assert [p.name for p in summary.people] == ["Zoe", "Ann"]
