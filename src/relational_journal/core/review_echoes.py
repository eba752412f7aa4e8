"""Echoes across relationships: the same wish met the same way by a past and a present
person, or in the therapy relationship, told to the client with their own words.

Pure: the rows come from storage (review_queries.py, review_echoes.py). Each echo
says what the client wanted, how the others responded and, when the episodes hold
one, the response of self most common across both relationships; the wording is
ccrt.yaml's (`you_plain`, review.echo*). Ties, in the ranking and in the response
of self, go to what happened more recently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from relational_journal.content.ccrt import CCRT
    from relational_journal.storage.review_rows import EchoDetailRow, EchoRow

ECHO_PAIRS = ({"present", "past"}, {"therapy", "past"}, {"therapy", "present"})
ERA_ORDER = {"past": 0, "present": 1, "therapy": 2, "self": 3}

# ECHO_PAIRS as ordered pairs, for a quick test of two rows' eras.
_ECHO_ERA_PAIRS = frozenset((x, y) for pair in ECHO_PAIRS for x in pair for y in pair if x != y)
_NEVER = (-(2**62), 0)  # earlier than any episode


@dataclass(frozen=True)
class EchoQuote:
    """The client's words in the latest episode (with words) on one side of an echo."""

    entry_id: int
    day: str
    wish: str | None
    other: str | None
    self_response: str | None


@dataclass(frozen=True)
class EchoSide:
    name: str
    era: str
    episodes: int
    entry_ids: tuple[int, ...]
    quote: EchoQuote | None = None


@dataclass(frozen=True)
class Echo:
    wish: str
    other: str
    first: EchoSide  # the earlier relationship (past, then present)
    second: EchoSide  # the later one (present, or the therapy relationship)
    text: str
    response: str | None = None  # the RS code most common across both sides' episodes
    note: str = ""  # the same echo in neutral words, for the session brief


Key = tuple[str, str, int, str]  # W, RO, person id, era


def _key(r: EchoRow | EchoDetailRow) -> Key:
    return (r.wish_cluster, r.other_cluster, r.person_id, r.era)


def common_response(details: Iterable[EchoDetailRow | None]) -> str | None:
    """The response of self in most of the episodes; a tie goes to the one met more recently."""
    counts: dict[str, tuple[int, tuple[int, int]]] = {}
    for d in details:
        for code, n, when in d.selves if d is not None else ():
            had_n, had_when = counts.get(code, (0, _NEVER))
            counts[code] = (had_n + n, max(had_when, when))
    if not counts:
        return None
    return max(counts, key=lambda code: counts[code])


def _pairs(
    here: list[EchoRow], anywhere: list[EchoRow]
) -> dict[tuple[Key, Key], tuple[EchoRow, EchoRow]]:
    """Every pair of relationships that echo, the earlier one first."""
    totals = {_key(r): r for r in anywhere}
    for r in here:
        totals.setdefault(_key(r), r)
    # Partners are looked up by their wish and response of other, not by scanning every row.
    by_pair: dict[tuple[str, str], list[EchoRow]] = {}
    for r in totals.values():
        by_pair.setdefault((r.wish_cluster, r.other_cluster), []).append(r)
    found: dict[tuple[Key, Key], tuple[EchoRow, EchoRow]] = {}
    for a in here:
        a_full = totals[_key(a)]
        a_order = ERA_ORDER.get(a_full.era, 9)
        for b in by_pair.get((a.wish_cluster, a.other_cluster), ()):
            if b.person_id == a.person_id or (a.era, b.era) not in _ECHO_ERA_PAIRS:
                continue
            first, second = (b, a_full) if ERA_ORDER.get(b.era, 9) < a_order else (a_full, b)
            found[(_key(first), _key(second))] = (first, second)
    return found


def _quote(detail: EchoDetailRow | None) -> EchoQuote | None:
    w = detail.words if detail is not None else None
    if w is None:
        return None
    return EchoQuote(w.entry_id, w.day, w.wish, w.other, w.self_response)


def ranked_pairs(
    ccrt: CCRT, here: list[EchoRow], anywhere: list[EchoRow], limit: int = 5
) -> list[tuple[EchoRow, EchoRow]]:
    """The first `limit` echoes as pairs of relationships, the earlier one first.

    Most episodes first; among equals, the echo whose latest entry is the more
    recent (the tally keeps each group's latest entries), then the standard order
    of the clusters.
    """
    order = {c.code: i for info in ccrt.components.values() for i, c in enumerate(info.clusters)}
    ranked = []
    for first, second in _pairs(here, anywhere).values():
        wc, roc = ccrt.cluster(first.wish_cluster), ccrt.cluster(first.other_cluster)
        if wc is None or roc is None:
            continue
        latest = max((*first.entry_ids, *second.entry_ids), default=0)
        rank = (
            -(first.episodes + second.episodes),
            -latest,
            order[wc.code],
            order[roc.code],
            first.person.lower(),
            second.person.lower(),
        )
        ranked.append((rank, first, second))
    ranked.sort(key=lambda x: x[0])
    return [(first, second) for _, first, second in ranked[:limit]]


def echoes(
    ccrt: CCRT,
    here: list[EchoRow],
    anywhere: list[EchoRow],
    limit: int = 5,
    details: Iterable[EchoDetailRow] = (),
) -> tuple[Echo, ...]:
    """Same wish and response of other with a present and a past person, or in therapy.

    At least one of the two relationships must appear in this period's episodes;
    the other may come from any earlier entry. `details` (for the sides of
    `ranked_pairs`) add the client's response and words.
    """
    by_key = {_key(d): d for d in details}
    return tuple(
        _echo(ccrt, first, second, by_key)
        for first, second in ranked_pairs(ccrt, here, anywhere, limit)
    )


def _label(ccrt: CCRT, name: str, era: str) -> str:
    return f"{name} ({ccrt.review.get(f'echo_era_{era}', era)})"


def _echo(ccrt: CCRT, first: EchoRow, second: EchoRow, by_key: dict[Key, EchoDetailRow]) -> Echo:
    wc, roc = ccrt.cluster(first.wish_cluster), ccrt.cluster(first.other_cluster)
    assert wc is not None and roc is not None  # ranked_pairs keeps only known clusters
    one, two = by_key.get(_key(first)), by_key.get(_key(second))
    response = common_response((one, two))
    rsc = ccrt.cluster(response)
    words = {
        "past": _label(ccrt, first.person, first.era),
        "present": _label(ccrt, second.person, second.era),
        "wish": wc.you_plain or wc.wanting or wc.plain,
        "other": roc.you_plain or roc.plain,
    }
    if rsc is not None:
        template = ccrt.review.get(
            "echo_you_self", "With {past} and with {present}: you wanted {wish}; {other}; {self}."
        )
        words["self"] = rsc.you_plain or rsc.plain
    else:
        template = ccrt.review.get(
            "echo_you", "With {past} and with {present}: you wanted {wish}; {other}."
        )
    return Echo(
        wc.code,
        roc.code,
        EchoSide(first.person, first.era, first.episodes, first.entry_ids, _quote(one)),
        EchoSide(second.person, second.era, second.episodes, second.entry_ids, _quote(two)),
        template.format(**words),
        response=rsc.code if rsc is not None else None,
        note=ccrt.review.get(
            "echo", "With {past} and with {present}: {wish}, met with {other}."
        ).format(
            past=f"{first.person} ({first.era})",
            present=f"{second.person} ({second.era})",
            wish=f"wanting {wc.wanting or wc.plain}",
            other=roc.met_with or roc.plain,
        ),
    )
