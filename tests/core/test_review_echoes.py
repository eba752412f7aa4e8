"""Echoes across relationships from hand-built rows: the client's words, their response, ties."""

from __future__ import annotations

from helpers import CCRT, WEEK
from helpers import review_rows as rows
from relational_journal.core.review import summarize
from relational_journal.core.review_echoes import echoes
from relational_journal.core.review_words import echo_quote
from relational_journal.storage.review_rows import (
    EchoDetailRow,
    EchoRow,
    EchoWords,
    PersonRow,
    person_order,
)

SAM = EchoRow("W6", "RO5", 1, "Sam", "present", 2, (5, 3))
DAD = EchoRow("W6", "RO5", 2, "Dad", "past", 1, (2,))


def detail(
    row: EchoRow,
    selves: tuple[tuple[str, int, tuple[int, int]], ...] = (),
    words: EchoWords | None = None,
) -> EchoDetailRow:
    return EchoDetailRow(row.wish_cluster, row.other_cluster, row.person_id, row.era, selves, words)


def test_an_echo_tells_the_client_how_they_most_often_responded_across_both_relationships() -> None:
    summary = summarize(
        WEEK,
        rows(
            echo_details=[
                # Sam: closed off once, helpless once; Dad: closed off once. RS2 in two.
                detail(SAM, (("RS2", 1, (300, 3)), ("RS6", 1, (500, 5)))),
                detail(DAD, (("RS2", 1, (200, 2)),)),
            ]
        ),
        CCRT,
    )
    (echo,) = summary.echoes
    assert echo.response == "RS2"
    assert echo.text == (
        "With Dad (in the past) and with Sam (now): you wanted to be loved and understood "
        "for who you are; they pushed you away, turned you down or went against you; "
        "you closed off, went quiet or kept them at arm's length."
    )
    # The session brief keeps its neutral wording.
    assert echo.note == (
        "With Dad (past) and with Sam (present): wanting to be loved and understood, "
        "met with rejection or opposition."
    )


def test_a_tie_between_responses_of_self_goes_to_the_one_met_more_recently() -> None:
    def response(dad_when: int) -> str | None:
        (echo,) = echoes(
            CCRT,
            [SAM, DAD],
            [],
            details=[
                detail(SAM, (("RS6", 1, (500, 5)),)),
                detail(DAD, (("RS8", 1, (dad_when, 2)),)),
            ],
        )
        return echo.response

    assert response(dad_when=200) == "RS6"
    assert response(dad_when=900) == "RS8"


def test_an_echo_without_any_response_of_self_names_none() -> None:
    (echo,) = echoes(CCRT, [SAM, DAD], [], details=[detail(SAM), detail(DAD)])
    assert echo.response is None
    assert echo.text.endswith("; they pushed you away, turned you down or went against you.")


def test_equal_echoes_are_ordered_by_their_latest_episode_not_by_name() -> None:
    # Two echoes of two episodes each, with Ann (now) and with Zoe (now), both against Dad.
    dad = EchoRow("W6", "RO5", 2, "Dad", "past", 1, (1,))

    def order(ann_entry: int, zoe_entry: int) -> list[str]:
        ann = EchoRow("W6", "RO5", 3, "Ann", "present", 1, (ann_entry,))
        zoe = EchoRow("W6", "RO5", 4, "Zoe", "present", 1, (zoe_entry,))
        return [e.second.name for e in echoes(CCRT, [ann, zoe], [dad])]

    assert order(ann_entry=9, zoe_entry=5) == ["Ann", "Zoe"]
    assert order(ann_entry=5, zoe_entry=9) == ["Zoe", "Ann"]


def test_each_side_quotes_its_latest_words_shortened_with_entry_and_day() -> None:
    long_other = "she said " + "that I was far too much, " * 10 + "and left"
    (echo,) = echoes(
        CCRT,
        [SAM, DAD],
        [],
        details=[
            detail(
                SAM,
                words=EchoWords(5, "2026-11-18", "for Sam\nto ask", None, "I  went quiet"),
            ),
            detail(DAD, words=EchoWords(2, "2026-11-03", "to be seen", long_other, None)),
        ],
    )
    assert echo_quote(echo.second) == ("Sam, entry 5, Wed 18 Nov: “for Sam to ask · I went quiet”")
    dad = echo_quote(echo.first)
    assert dad is not None and dad.startswith("Dad, entry 2, Tue 3 Nov: “to be seen · she said")
    quoted = dad.split("“", 1)[1].rstrip("”")
    assert len(quoted) <= 120 and quoted.endswith("…")


def test_people_named_equally_often_are_ordered_by_who_came_up_most_recently() -> None:
    people = [
        PersonRow(1, "Ann", "present", None, 2, last_seen=100),
        PersonRow(2, "Zoe", "present", None, 2, last_seen=300),
        PersonRow(3, "Mia", "past", None, 5, last_seen=50),
        PersonRow(4, "Bea", "present", None, 1),
    ]
    assert [p.name for p in sorted(people, key=person_order)] == ["Mia", "Zoe", "Ann", "Bea"]
