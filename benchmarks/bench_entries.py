"""Time `journal list` and `journal search` on a 100,000-entry journal.

    /work/venv/bin/python benchmarks/bench_entries.py [--size 100000] [--runs 5] [--rebuild]

Builds benchmarks/.work/entries-<size>/journal.db once (deterministic entries
over about five years, written with raw executemany in one transaction for
speed, the full-text index filled by its triggers), then runs each command as a
whole `journal` process with RELATIONAL_JOURNAL_HOME pointing there, `--runs`
times, and prints the median wall time against its target.
Targets: `list -n 20` under 0.3 s, search under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
JOURNAL = Path(sys.executable).with_name("journal")

PEOPLE = [
    ("Mom", "mother", "past"),
    ("Dad", "father", "past"),
    ("Sam", "partner", "present"),
    ("Ana", "sister", "present"),
    ("Dr. Lee", "therapist", "therapy"),
    ("Jo", "friend", "present"),
    ("Grandma", "grandmother", "past"),
    ("Alex", "colleague", "present"),
]
FEELINGS = [
    ("hurt", "sad"),
    ("lonely", "sad"),
    ("angry", "mad"),
    ("anxious", "scared"),
    ("ashamed", "scared"),
    ("calm", "peaceful"),
    ("hopeful", "joyful"),
    ("proud", "powerful"),
]
WORDS = (
    "i felt small when she talked over me again and the room went quiet "
    "we argued about the dishes but it was really about being seen "
    "he never asked how i was doing and i did not say anything "
    "i wanted to be understood and instead i got advice "
    "after the session i walked home slowly thinking about my father "
    "work was fine until the meeting where my idea was ignored "
    "my sister called and we laughed for the first time in months "
    "i noticed the old pattern of going quiet to keep the peace "
    "tired relieved hopeful worried guilty grateful restless tender"
).split()
PROMPTS = ["past.first", "present.today", "therapy.unsaid", "self.kind", None]

CASES = [
    ("baseline: journal --help (start-up only)", ["--help"], 0.3),
    ("list -n 20", ["list", "-n", "20"], 0.3),
    (
        "list --person Ana --from/--to (3 months)",
        ["list", "--person", "Ana", "--from", "2024-01-01", "--to", "2024-03-31"],
        0.3,
    ),
    ("search quiet", ["search", "quiet"], 0.5),
    ("search '\"felt small\"' --person Mom", ["search", '"felt small"', "--person", "Mom"], 0.5),
    ("search hostile '\"keep the (' ", ["search", '"keep the ('], 0.5),
    # The longest searches allowed (16 words): plain, one word repeated, and all OR-ed.
    ("search 16 words", ["search", " ".join(WORDS[:16])], 0.5),
    ("search 16 x 'quiet'", ["search", " ".join(["quiet"] * 16)], 0.5),
    ("search 16 words OR-ed", ["search", " OR ".join(WORDS[:16])], 0.5),
    # Past the limit: a one-line refusal, as quick as start-up.
    ("search 200 words (refused)", ["search", " ".join(WORDS[:200])], 0.5),
]


def build(db: Path, size: int) -> None:
    """A deterministic journal of `size` entries, written straight into SQLite."""
    from relational_journal.storage.store import Store

    rng = random.Random(3)
    db.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    store = Store.open(db)
    conn = store.conn
    start = datetime(2021, 1, 1, 8, 0, tzinfo=UTC)
    step = timedelta(days=5 * 365) / size
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO people (id, name, role, era, created_at) VALUES (?, ?, ?, ?, ?)",
        [(i, n, r, e, start.isoformat()) for i, (n, r, e) in enumerate(PEOPLE, 1)],
    )
    conn.execute("INSERT INTO person_aliases (alias, person_id) VALUES ('Mum', 1)")
    entries, links, feelings, tags = [], [], [], []
    for i in range(1, size + 1):
        about = start + step * i
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 160)))
        prompt = rng.choice(PROMPTS)
        entries.append(
            (
                i,
                about.isoformat(timespec="seconds"),
                about.isoformat(timespec="seconds"),
                int(about.timestamp()),
                about.date().isoformat(),
                prompt,
                prompt.split(".")[0] if prompt else None,
                "A title" if i % 17 == 0 else None,
                body.capitalize() + ".",
                int(i % 23 == 0),
                int(i % 31 == 0),
            )
        )
        for person in rng.sample(range(1, len(PEOPLE) + 1), rng.randint(0, 2)):
            links.append((i, person))
        for word, family in rng.sample(FEELINGS, rng.randint(0, 3)):
            feelings.append((i, word, family, rng.randint(1, 10)))
        if i % 7 == 0:
            tags.append((i, "work"))
    conn.executemany(
        "INSERT INTO entries (id, written_at, about, about_ts, about_day, prompt_id, pack_id,"
        " title, body, private, starred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entries,
    )
    conn.executemany("INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)", links)
    conn.executemany(
        "INSERT INTO entry_feelings (entry_id, word, family, intensity) VALUES (?, ?, ?, ?)",
        feelings,
    )
    conn.executemany("INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)", tags)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def time_case(home: Path, args: list[str], runs: int) -> tuple[float, float, int, str]:
    """Median wall time and median CPU time (user + sys) of the whole process."""
    import resource

    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
    walls, cpus = [], []
    lines = 0
    err = ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(
            [str(JOURNAL), *args], env=env, capture_output=True, text=True, check=False
        )
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        lines = done.stdout.count("\n")
        err = done.stderr.strip().splitlines()[-1] if done.returncode else ""
    return statistics.median(walls), statistics.median(cpus), lines, err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    opts = parser.parse_args()
    home = WORK / f"entries-{opts.size}"
    db = home / "journal.db"
    if opts.rebuild or not db.exists():
        t0 = time.perf_counter()
        build(db, opts.size)
        print(f"built {opts.size:,} entries in {time.perf_counter() - t0:.1f} s ({db})")
    # One warm-up run: schema check, prompt-text cache, the OS file cache.
    warm = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(home)}
    subprocess.run([str(JOURNAL), "list", "-n", "1"], env=warm, capture_output=True, check=False)
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'command':<44} {'wall':>7} {'cpu':>7} {'target':>7}  lines  ok")
    failed = False
    for name, args, target in CASES:
        wall, cpu, lines, err = time_case(home, args, opts.runs)
        refused = name.endswith("(refused)")  # a clear one-line error is the result wanted
        ok = wall < target and bool(err) == refused
        failed |= not ok
        print(
            f"{name:<44} {wall:>6.3f}s {cpu:>6.3f}s {target:>6.1f}s  {lines:>5}"
            f"  {'yes' if ok else 'NO'}"
        )
        if err:
            print(f"    {'said' if refused else 'error'}: {err}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
