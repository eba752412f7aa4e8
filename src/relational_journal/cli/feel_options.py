"""`--feel` as written on the command line: 'hurt:7', or several at once, 'sad:5,calm:3'.

At a terminal a feeling whose intensity cannot be read is asked again, alone,
and a near-miss word is offered as a "did you mean" the client must accept
with y. Without a terminal nothing is asked: a bad intensity is a one-line
error naming the word, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from relational_journal.errors import FeelingError

if TYPE_CHECKING:
    from relational_journal.content.feelings import Vocabulary


def feel_pairs(
    options: Sequence[str] | None, vocab: Vocabulary | None = None
) -> list[tuple[str, int | None]]:
    """(word, intensity) for every feeling in the options, checked before anything is saved."""
    from relational_journal.cli.terminal import is_interactive
    from relational_journal.content.feelings import (
        intensity_problem,
        parse_feel_item,
        split_feelings,
    )

    items = [parse_feel_item(part) for option in options or () for part in split_feelings(option)]
    if options and not items:
        raise FeelingError("--feel needs a feeling word, e.g. --feel hurt:7")
    bad = [item for item in items if item.bad_intensity is not None]
    interactive = is_interactive()
    if bad and not interactive:
        raise FeelingError(f"{intensity_problem(bad[0])}; nothing was saved")
    if not interactive:
        return [(item.word, item.intensity) for item in items]
    from relational_journal.cli.app import console
    from relational_journal.cli.terminal import TerminalAsk
    from relational_journal.core.feelings_step import ask_intensity, did_you_mean

    ask = TerminalAsk(console())
    pairs: list[tuple[str, int | None]] = []
    for item in items:
        word: str | None = item.word
        if vocab is not None:
            word = did_you_mean(ask, vocab, item.word)
        if word is None:
            continue
        intensity = item.intensity
        if item.bad_intensity is not None:
            ask.say(intensity_problem(item))
            intensity = ask_intensity(ask, word)
        pairs.append((word, intensity))
    return pairs
