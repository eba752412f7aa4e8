"""How well the journal notices risk language, on the labelled statements.

    python benchmarks/eval_risk.py                  # dev and held figures
    python benchmarks/eval_risk.py --show-misses dev

The matcher is tuned on the dev half only; the held statements are the figures
to report: rounds 1-2 (no `round` field), round 3 (written later, in other
voices, before any phrase was changed for it), round 8 (written before the
concept-family stage existed, never tuned on) and round 9 (held half; written
by a writer who had seen neither the phrases nor the code) apart. dev-r9 is
round 9's dev half, dev-r10 round 10 (dev only, from the
same kind of writer), both part of dev. dev-r12 (three more such writers)
and dev-r15 (two more) train the sentence reader; held-r13 was committed before
it was trained and held-r14 before its final settings: the clean figure.
Round 16 is ordinary entries with no risk language (dev-r16 trains, held-r16
only reports): there only false alarms count.
The reader is trained on all of dev, so its dev figures show only that it
learnt its own rows: the held rows are the figures.

Recall counts risk and past statements noticed at any level; current
recall counts risk statements noticed at level current; false alarms are none
statements noticed; agreement is, over the risk and past statements noticed,
how often the level matches the label (risk -> current, past -> past).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT / "tests" / "data" / "risk_statements.yaml"
sys.path.insert(0, str(ROOT / "src"))

from relational_journal.core.risk import RiskNotice, notice  # noqa: E402


@dataclass(frozen=True)
class Figures:
    items: int
    recall: float
    current_recall: float
    false_alarms: float
    agreement: float


def load_statements(path: Path = STATEMENTS) -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["statements"])


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def evaluate(
    rows: list[dict[str, Any]],
) -> tuple[Figures, list[tuple[dict[str, Any], RiskNotice | None]]]:
    """The figures for these statements, and the ones the matcher got wrong."""
    flagged = [(row, notice(row["text"])) for row in rows]
    wanted = [(r, n) for r, n in flagged if r["label"] in ("risk", "past")]
    risk = [(r, n) for r, n in flagged if r["label"] == "risk"]
    none = [(r, n) for r, n in flagged if r["label"] == "none"]
    noticed = [(r, n) for r, n in wanted if n is not None]
    agree = [
        (r, n)
        for r, n in noticed
        if n is not None and n.level == ("current" if r["label"] == "risk" else "past")
    ]
    misses = [
        (r, n)
        for r, n in flagged
        if (r["label"] == "none") != (n is None)
        or (n is not None and r["label"] != "none" and (r, n) not in agree)
    ]
    figures = Figures(
        items=len(rows),
        recall=_ratio(len(noticed), len(wanted)),
        current_recall=_ratio(
            sum(1 for _, n in risk if n is not None and n.level == "current"), len(risk)
        ),
        false_alarms=_ratio(sum(1 for _, n in none if n is not None), len(none)),
        agreement=_ratio(len(agree), len(noticed)),
    )
    return figures, misses


def _speed() -> float:
    """Milliseconds for one 2,000-word entry, after loading (best of a few runs)."""
    sentence = "Today I walked to the shop with Ana and we talked about the week and her job. "
    text = (sentence * (2000 // len(sentence.split()) + 1))[: 2000 * 6]
    notice(text)
    best = float("inf")
    for _ in range(20):
        start = time.perf_counter()
        notice(text)
        best = min(best, time.perf_counter() - start)
    return best * 1000


GROUPS = (
    "dev",
    "dev-r9",
    "dev-r10",
    "dev-r12",
    "held",
    "held-r3",
    "held-r8",
    "held-r9",
    "held-r11",
    "held-r13",
    "held-r14",
    "dev-r15",
    "held-r16",
    "dev-r16",
    "dev-r17",
)


# each held row counts in the group of the latest of these rounds it is not before
_HELD_FROM = (16, 14, 13, 11, 9, 8, 3)


def group_of(row: dict[str, Any]) -> str:
    """dev, held (rounds 1-2), held-r3 (later, other voices), -r8 ... -r16."""
    if row["split"] == "held":
        for first in _HELD_FROM:
            if row.get("round", 1) >= first:
                return f"held-r{first}"
    return str(row["split"])


def in_group(row: dict[str, Any], group: str) -> bool:
    """Whether a statement counts in a printed row; dev-r9 is the part of dev from round 9."""
    if group in ("dev-r9", "dev-r10", "dev-r12", "dev-r15", "dev-r16", "dev-r17"):
        return row["split"] == "dev" and row.get("round", 1) == int(group[5:])
    return group_of(row) == group


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", choices=GROUPS, help="list the statements got wrong")
    args = parser.parse_args(argv)
    rows = load_statements()
    header = ("items", "recall", "current", "false alarms", "agreement")
    widths = (5, 7, 8, 13, 10)
    print(f"{'split':<8} " + " ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
    for split in GROUPS:
        figures, misses = evaluate([r for r in rows if in_group(r, split)])
        print(
            f"{split:<8} {figures.items:>5} {figures.recall:>7.1%} {figures.current_recall:>8.1%}"
            f" {figures.false_alarms:>13.1%} {figures.agreement:>10.1%}"
        )
        if args.show_misses == split:
            for row, found in misses:
                got = "nothing" if found is None else f"{found.level} {','.join(found.categories)}"
                print(f"  [{row['label']}/{row['category']}] got {got}: {row['text']}")
    for name, texts in _ordinary_entries():
        noted = sum(1 for t in texts if notice(t) is not None)
        share = _ratio(noted, len(texts))
        print(f"ordinary: {name}: {noted} of {len(texts)} get a note ({share:.1%})")
    print(f"speed: {_speed():.2f} ms for a 2,000-word entry")
    return 0


def _ordinary_entries() -> list[tuple[str, list[str]]]:
    """Texts with no risk language that the labelled sets do not hold: the bundled
    prompts and follow-ups (written for the packs, never trained on), and the
    benchmark journal's generated entries. Most entries a client writes are like
    these, so a note on them is a note a client would learn to ignore."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    from relational_journal.content.prompts import load_library

    library = load_library(ROOT / "prompts", None)
    prompts = [t for p in library.prompts.values() for t in (p.text, *p.follow_ups)]
    bodies = [str(e["body"]) for e in generate(2000)]
    return [("bundled prompts", prompts), ("generated entries", bodies)]


if __name__ == "__main__":
    raise SystemExit(main())
