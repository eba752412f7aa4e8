"""Echo quotes in a shared review: the client's words go out with every name replaced."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from helpers import export_text, make_entry
from relational_journal.content.ccrt import load_ccrt
from relational_journal.content.feelings import load_vocabulary
from relational_journal.core.review import Summary, build_review
from relational_journal.interchange.export import ExportContext, Pseudonyms
from relational_journal.models import Episode, PersonRef
from relational_journal.storage.export_rows import people_in_order
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store


def _week_review(store: Store, past: Episode, present: Episode) -> Summary:
    """A mother's episode on 2 November, a partner's on the 18th, and the shared review of
    the week of the 16th: one echo, across past and present."""
    mom = PersonRef("Marguerite", "mother", "past")
    sam = PersonRef("Samira", "partner", "present")
    for day, person, episode in ((2, mom, past), (18, sam, present)):
        store.add_entry(
            make_entry(
                "An evening.",
                about=datetime(2026, 11, day, 20, tzinfo=UTC),
                people=(person,),
                episode=episode,
            )
        )
    return build_review(
        store,
        EntryFilter(privacy="exclude"),
        datetime(2026, 11, 16, tzinfo=UTC),
        datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC),
        vocab=load_vocabulary(),
        ccrt=load_ccrt(),
        shared_only=True,
    )


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_pseudonymised_review_quotes_echo_words_without_any_name(store: Store, fmt: str) -> None:
    summary = _week_review(
        store,
        Episode(
            "Marguerite", "past", wish="for Marguerite to clap", wish_cluster="W6",
            other="she told Samira's aunt I was hopeless", other_cluster="RO5",
        ),
        Episode(
            "Samira", "present", wish="Samira to ask how I was", wish_cluster="W6",
            other="Samira said later", other_cluster="RO5",
            self_response="I thought of Marguerite", self_cluster="RS7",
        ),
    )  # fmt: skip
    shared = EntryFilter(privacy="exclude")
    (echo,) = summary.echoes
    assert echo.first.quote is not None and "Samira" in (echo.first.quote.other or "")
    ctx = ExportContext(
        generated_at=datetime(2026, 11, 23, tzinfo=UTC),
        review=summary,
        pseudonyms=Pseudonyms(people_in_order(store, shared)),
    )
    text = export_text(fmt, [], ctx)
    for name in ("Marguerite", "Samira"):
        assert not re.search(name, text, re.IGNORECASE), name
    # The quotes are there, with the pseudonyms in place of the names.
    assert "Echoes across relationships" in text
    assert re.search(r"she told Person [AB]\S* aunt I was hopeless", text)
    assert re.search(r"I thought of Person [AB]", text)


def test_the_session_brief_gives_each_echo_the_clients_response_and_words_without_names(
    store: Store,
) -> None:
    from relational_journal.core.brief import make_brief

    summary = _week_review(
        store,
        Episode("Marguerite", "past", wish="for Marguerite to clap", wish_cluster="W6",
                other="she looked away", other_cluster="RO5",
                self_response="I went up to my room", self_cluster="RS2"),
        Episode("Samira", "present", wish="Samira to ask how I was", wish_cluster="W6",
                other="Samira kept scrolling", other_cluster="RO5",
                self_response="I went quiet all evening", self_cluster="RS2"),
    )  # fmt: skip
    shared = EntryFilter(privacy="exclude")
    ccrt = load_ccrt()
    brief = make_brief(
        summary, ccrt, last_session=None, since_session=None, sessions=(), moments=[],
        people=[], days=(), trends=(), safety_plan_written=False, safety_plan_included=False,
    )  # fmt: skip
    ctx = ExportContext(
        generated_at=datetime(2026, 11, 23, tzinfo=UTC),
        review=summary,
        brief=brief,
        pseudonyms=Pseudonyms(people_in_order(store, shared)),
    )
    text = export_text("markdown", [], ctx)
    for name in ("Marguerite", "Samira"):
        assert not re.search(name, text, re.IGNORECASE), name
    assert "followed by a response of self coded RS2 (unreceptive)" in text
    assert re.search(r"Person [AB], entry 1, .*she looked away · I went up to my room", text)
    assert re.search(r"Person [AB] kept scrolling · I went quiet all evening", text)
