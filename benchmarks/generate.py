"""Deterministic synthetic journals for the benchmarks, in our JSON format and as a jrnl journal.

    python benchmarks/generate.py --size 10000 --out benchmarks/.work/data

writes `journal-10000.json` (the relational-journal interchange format, for
`journal import`), `jrnl-10000.txt` (jrnl's plain-text journal: the same
entries, people as @tags, tags as #tags) and `jrnl-10000.yaml` (a jrnl config
pointing at it). The same seed and size always give byte-identical files.

Entries are spread over four years ending on END (a Sunday), in Europe/London
time: people with roles and present/past eras, feelings from the bundled
vocabulary with intensities, relationship episodes with W/RO/RS clusters,
tags, a few private and starred entries. Only the standard library is used, so
the generator runs under any Python 3.11.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "relational_journal" / "content" / "data"
PROMPTS = ROOT / "prompts"

SEED = 20261122
END = date(2026, 11, 22)  # the last day with entries: a Sunday, so its week is whole
DAYS = 4 * 365
START = END - timedelta(days=DAYS - 1)

# Figures the benchmark queries use; they are chosen so every query has answers.
REVIEW_WEEK = (END - timedelta(days=6), END)
REVIEW_YEAR = (END - timedelta(days=364), END)
EVERYTHING = (START, END)
FILTER_PERSON = "Sam"
FILTER_RANGE = (END - timedelta(days=89), END)
SEARCH_WORD = "lighthouse"  # in about 0.5% of entries
SEARCH_SHARE = 0.005

# (name, role, era, weight): single words so jrnl can carry them as @tags.
PEOPLE: list[tuple[str, str, str, float]] = [
    ("Sam", "partner", "present", 9),
    ("Mom", "mother", "past", 7),
    ("Dad", "father", "past", 5),
    ("Ruth", "therapist", "therapy", 5),
    ("Maya", "sister", "present", 4),
    ("Jordan", "friend", "present", 4),
    ("Priya", "manager", "present", 3),
    ("Nana", "grandmother", "past", 2),
    ("Alex", "ex-partner", "past", 2),
    ("Leo", "colleague", "present", 2),
    ("Tomas", "brother", "present", 2),
    ("Ines", "friend", "past", 1),
    ("Kwame", "neighbour", "present", 1),
    ("Beth", "teacher", "past", 1),
    ("Noor", "friend", "present", 1),
    ("Grandpa", "grandfather", "past", 1),
]
TAGS = ["work", "family", "home", "weekend", "sleep", "body", "money", "holiday", "health", "study"]

WISHES = {
    "W1": "to decide this for myself",
    "W2": "to push back and win the argument",
    "W3": "to let someone else take charge",
    "W4": "to keep my distance and avoid a fight",
    "W5": "to be close to them",
    "W6": "to be listened to and understood",
    "W7": "to feel good about myself",
    "W8": "to be helped and looked after",
}
OTHERS = {
    "RO1": "they were strong and clear",
    "RO2": "they took over and told me what to do",
    "RO3": "they got upset and snapped",
    "RO4": "they seemed bad and careless",
    "RO5": "they brushed me off and did not listen",
    "RO6": "they were kind and helped",
    "RO7": "they liked what I said",
    "RO8": "they understood and stayed with me",
}
SELVES = {
    "RS1": "I helped and stayed calm",
    "RS2": "I shut down and went quiet",
    "RS3": "I felt respected and accepted",
    "RS4": "I opposed them and argued",
    "RS5": "I felt small and not good enough",
    "RS6": "I felt anxious and ashamed",
    "RS7": "I felt let down and sad",
    "RS8": "I felt close and at ease",
}

PLACES = [
    "kitchen", "car", "park", "office", "bus", "garden", "station", "cafe", "phone", "bedroom",
    "supermarket", "beach", "hallway", "market", "library", "river", "gym", "balcony",
]  # fmt: skip
MOMENTS = [
    "this morning",
    "at lunch",
    "after work",
    "late at night",
    "over dinner",
    "on the way home",
]
VERBS = [
    "talked about", "argued about", "laughed about", "avoided talking about", "planned",
    "remembered", "cooked", "walked through", "cleaned up after", "waited for",
]  # fmt: skip
THINGS = [
    "the holidays", "money", "the kids", "the move", "my job", "the weekend", "their health",
    "an old photo", "a missed call", "the rent", "a birthday", "the garden", "my plans",
    "the dishes", "a text message", "the school report", "a doctor's appointment",
]  # fmt: skip
REFLECTIONS = [
    "I keep noticing how quickly I go quiet when voices rise.",
    "It reminded me of being small and waiting to be noticed.",
    "Part of me wanted to leave the room and part of me wanted to stay.",
    "I said what I needed, which is new for me.",
    "Afterwards I replayed the conversation again and again.",
    "I would like to bring this to my next session.",
    "My shoulders were tight for the rest of the evening.",
    "It felt different from how it used to go.",
    "I am not sure what I expected from them.",
    "Writing it down makes it feel smaller.",
    "I noticed the old pattern and still did not stop it.",
    "There was a moment of real warmth between us.",
]


@dataclass(frozen=True)
class Feeling:
    word: str
    family: str


def load_feelings(path: Path = DATA / "feelings.yaml") -> list[Feeling]:
    """The bundled vocabulary's words, read without a YAML library (its layout is fixed)."""
    out: list[Feeling] = []
    family = None
    for line in path.read_text(encoding="utf-8").splitlines():
        fam = re.match(r"^  ([a-z]+):\s*$", line)
        if fam:
            family = fam.group(1)
            continue
        word = re.match(r"^      ([a-z][a-z-]*):\s*\{", line)
        if word and family:
            out.append(Feeling(word.group(1), family))
    if not out:
        raise SystemExit(f"no feeling words found in {path}")
    return out


def load_prompt_ids(folder: Path = PROMPTS) -> list[str]:
    ids = []
    for pack in sorted(folder.glob("*.yaml")):
        ids += re.findall(r"^  - id: ([a-z0-9-]+)\s*$", pack.read_text(encoding="utf-8"), re.M)
    return ids or ["checkin-week"]


def zone() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/London")
    except Exception:  # no tz database: a fixed offset keeps the data valid
        return UTC


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def generate(size: int, seed: int = SEED) -> list[dict[str, object]]:
    """`size` entries in date order, as dicts of the JSON interchange format."""
    rng = random.Random(seed * 1_000_003 + size)
    tz = zone()
    feelings = load_feelings()
    # Everyday feelings are felt more often than rare ones: weight the first words of each family.
    feeling_weights = []
    rank: dict[str, int] = {}
    for f in feelings:
        rank[f.family] = rank.get(f.family, 0) + 1
        feeling_weights.append(1.0 / rank[f.family])
    prompt_ids = load_prompt_ids()
    people_weights = [p[3] for p in PEOPLE]
    # Spread the entries over the days, then give each a time of day; sorted, so ids follow dates.
    seconds = sorted(rng.randrange(DAYS * 86400) for _ in range(size))
    start = datetime.combine(START, time(0, 0))
    entries: list[dict[str, object]] = []
    for i, offset in enumerate(seconds, start=1):
        local = (start + timedelta(seconds=offset)).replace(second=0)
        about = local.replace(tzinfo=tz)
        written = about + timedelta(minutes=rng.randrange(0, 180))
        n_people = rng.choices([0, 1, 2, 3], [1, 6, 3, 1])[0]
        chosen = []
        for p in rng.choices(PEOPLE, people_weights, k=n_people):
            if p not in chosen:
                chosen.append(p)
        felt: list[dict[str, object]] = []
        for f in rng.choices(feelings, feeling_weights, k=rng.choice([1, 1, 2, 2, 3])):
            if all(f.word != g["word"] for g in felt):
                felt.append({"word": f.word, "family": f.family, "intensity": rng.randint(1, 10)})
        tags = sorted(rng.sample(TAGS, rng.choice([0, 0, 1, 1, 2, 3])))
        episode = None
        if chosen and rng.random() < 0.3:
            who = chosen[0]
            wish = rng.choice(list(WISHES))
            other = rng.choice(list(OTHERS))
            self_ = rng.choice(list(SELVES))
            episode = {
                "person": who[0],
                "era": who[2],
                "wish": WISHES[wish],
                "wish_cluster": wish,
                "other": OTHERS[other],
                "other_cluster": other,
                "other_expected": rng.random() < 0.2,
                "self": SELVES[self_],
                "self_cluster": self_,
            }
        subject = ", ".join(p[0] for p in chosen[:2]) + " and I" if chosen else "I"
        sentences = [
            f"{rng.choice(MOMENTS).capitalize()}, in the {rng.choice(PLACES)}, "
            f"{subject} {rng.choice(VERBS)} {rng.choice(THINGS)}."
        ]
        for _ in range(rng.randint(2, 6)):
            sentences.append(rng.choice(REFLECTIONS))
        if felt:
            sentences.append(f"Mostly I felt {' and '.join(str(f['word']) for f in felt)}.")
        if episode:
            sentences.append(
                f"I wanted {episode['wish']}; {episode['other']}, and {episode['self']}."
            )
        if rng.random() < SEARCH_SHARE:
            sentences.append(f"On the way back I thought of the {SEARCH_WORD} on the postcard.")
        title = f"{rng.choice(THINGS).capitalize()} in the {rng.choice(PLACES)}"
        entries.append(
            {
                "id": i,
                "written_at": _iso(written),
                "about": _iso(about),
                "prompt": rng.choice(prompt_ids) if rng.random() < 0.7 else None,
                "title": title,
                "body": " ".join(sentences),
                "private": rng.random() < 0.05,
                "starred": rng.random() < 0.08,
                "tags": tags,
                "people": [{"name": p[0], "role": p[1], "era": p[2]} for p in chosen],
                "feelings": felt,
                "episode": episode,
            }
        )
    return entries


def write_json(entries: list[dict[str, object]], path: Path) -> None:
    doc = {"format": "relational-journal", "version": 1, "entries": entries}
    path.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")


def jrnl_text(entries: list[dict[str, object]]) -> str:
    """jrnl's plain-text format: `[YYYY-MM-DD HH:MM] Title` (` *` if starred), body, blank line."""
    parts = []
    for e in entries:
        about = datetime.fromisoformat(str(e["about"]))
        star = " *" if e["starred"] else ""
        people = " ".join(f"@{p['name']}" for p in e["people"])  # type: ignore[attr-defined]
        tags = " ".join(f"#{t}" for t in e["tags"])  # type: ignore[attr-defined]
        marks = " ".join(x for x in (people, tags) if x)
        body = str(e["body"]) + (f"\n{marks}" if marks else "")
        parts.append(f"[{about:%Y-%m-%d %H:%M}] {e['title']}{star}\n{body}\n\n")
    return "".join(parts)


def jrnl_config(journal: Path, version: str = "4.6") -> str:
    """A jrnl config (YAML) reading `journal`, with no colours, editor or encryption."""
    return (
        f"version: '{version}'\n"
        "journals:\n"
        f"  default:\n    journal: {json.dumps(str(journal))}\n"
        "editor: ''\n"
        "encrypt: false\n"
        "template: false\n"
        "default_hour: 9\n"
        "default_minute: 0\n"
        "timeformat: '%Y-%m-%d %H:%M'\n"
        "tagsymbols: '#@'\n"
        "highlight: false\n"
        "linewrap: 79\n"
        "indent_character: '|'\n"
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
    )


def write_all(size: int, out: Path, seed: int = SEED) -> dict[str, Path]:
    """Write the three files for `size` (skipped when already there); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out / f"journal-{size}.json",
        "jrnl": out / f"jrnl-{size}.txt",
        "jrnl_config": out / f"jrnl-{size}.yaml",
    }
    # A stamp of this file and the seed: data made by an older generator is made again.
    stamp_path = out / f".stamp-{size}"
    stamp = f"{seed} {hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}"
    fresh = stamp_path.exists() and stamp_path.read_text() == stamp
    if not (fresh and all(p.exists() for p in paths.values())):
        entries = generate(size, seed)
        write_json(entries, paths["json"])
        paths["jrnl"].write_text(jrnl_text(entries), encoding="utf-8")
        paths["jrnl_config"].write_text(jrnl_config(paths["jrnl"]), encoding="utf-8")
        stamp_path.write_text(stamp)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="entries (repeatable)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / ".work" / "data")
    args = parser.parse_args()
    for size in args.size or [1000, 10000, 100000]:
        paths = write_all(size, args.out, args.seed)
        print(f"{size:>7} entries: {paths['json']} {paths['jrnl']} {paths['jrnl_config']}")


if __name__ == "__main__":
    main()
