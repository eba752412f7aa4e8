"""Import and export timings, whole `journal` processes, on generated journals.

    python benchmarks/bench_export.py            # 100,000-entry import, 10,000-entry exports
    python benchmarks/bench_export.py --quick    # 20,000 / 2,000, for a quick look

Standalone: it generates its own data (same seed, same bytes), runs the
`journal` of the Python it is started with in a throwaway
RELATIONAL_JOURNAL_HOME, and prints a table. Targets: import of 100,000
entries under 15 s; Markdown, JSON and CSV export of 10,000 under 1 s; HTML
under 2 s; PDF of 1,000 under 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 5
PEOPLE = [
    ("Sam", "partner", "present"),
    ("Mom", "mother", "past"),
    ("Dad", "father", "past"),
    ("Alex", "friend", "present"),
    ("Jordan", "colleague", "present"),
    ("Dr Rivera", "therapist", "therapy"),
]
FEELINGS = [
    ("hurt", "sad"),
    ("lonely", "sad"),
    ("angry", "mad"),
    ("frustrated", "mad"),
    ("anxious", "scared"),
    ("ashamed", "scared"),
    ("hopeful", "joyful"),
    ("proud", "powerful"),
    ("calm", "peaceful"),
    ("relieved", "peaceful"),
]
WORDS = (
    "today evening call message dinner quiet argument felt wanted listen heard "
    "again walked kitchen work late tired said nothing later thought about "
    "childhood remember house door waiting voice careful small laugh"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, mention: str | None) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(text)
    if mention:
        paragraphs[0] = f"{mention} " + paragraphs[0]
    return "\n\n".join(paragraphs)


def jrnl_export(n: int) -> dict[str, object]:
    """What `jrnl --export json` writes for a journal of n entries."""
    rng = random.Random(SEED)
    start = datetime(2015, 1, 1, 8, 0)
    entries = []
    for i in range(n):
        at = start + timedelta(minutes=47 * i)
        name = rng.choice(PEOPLE)[0].split()[0] if rng.random() < 0.7 else None
        title = sentence(rng)
        text = body(rng, f"@{name}" if name else None)
        tags = [f"@{name.lower()}"] if name else []
        if rng.random() < 0.2:
            tags.append("#work")
        entries.append(
            {
                "title": title,
                "body": text,
                "date": at.strftime("%Y-%m-%d"),
                "time": at.strftime("%H:%M"),
                "tags": tags,
                "starred": rng.random() < 0.05,
            }
        )
    return {"tags": {}, "entries": entries}


def our_export(n: int) -> dict[str, object]:
    """A relational-journal export with people, feelings and episodes on most entries."""
    rng = random.Random(SEED + 1)
    start = datetime(2020, 1, 1, 20, 0, tzinfo=UTC)
    entries = []
    for i in range(n):
        at = start + timedelta(hours=5 * i)
        person = rng.choice(PEOPLE)
        feelings = [
            {"word": w, "family": fam, "intensity": rng.randint(1, 10), "in_vocabulary": True}
            for w, fam in rng.sample(FEELINGS, rng.randint(1, 3))
        ]
        episode = None
        if rng.random() < 0.4:
            episode = {
                "person": person[0],
                "era": person[2],
                "what_happened": sentence(rng),
                "wish": sentence(rng),
                "wish_cluster": f"W{rng.randint(1, 8)}",
                "other": sentence(rng),
                "other_cluster": f"RO{rng.randint(1, 8)}",
                "other_expected": rng.random() < 0.3,
                "self": sentence(rng),
                "self_cluster": f"RS{rng.randint(1, 8)}",
            }
        entries.append(
            {
                "id": i + 1,
                "written_at": (at + timedelta(minutes=10)).isoformat(),
                "about": at.isoformat(),
                "prompt": "checkin-week" if rng.random() < 0.5 else None,
                "pack": None,
                "title": sentence(rng) if rng.random() < 0.3 else None,
                "body": body(rng, person[0]),
                "private": rng.random() < 0.05,
                "starred": rng.random() < 0.05,
                "tags": ["work"] if rng.random() < 0.2 else [],
                "people": [{"name": person[0], "role": person[1], "era": person[2]}],
                "feelings": feelings,
                "episode": episode,
            }
        )
    return {"format": "relational-journal", "version": 1, "entries": entries}


def run(args: list[str], home: Path) -> float:
    env = dict(os.environ, RELATIONAL_JOURNAL_HOME=str(home), NO_COLOR="1")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "relational_journal", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"journal {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed


def median_of(times: int, args: list[str], home: Path) -> tuple[float, int]:
    return statistics.median(run(args, home) for _ in range(times)), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller journals, fewer runs")
    opts = parser.parse_args()
    n_import, n_export, n_pdf = (20_000, 2_000, 200) if opts.quick else (100_000, 10_000, 1_000)
    rows: list[tuple[str, float, int, float]] = []
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as tmp:
        work = Path(tmp)
        jrnl_file = work / "jrnl.json"
        jrnl_file.write_text(json.dumps(jrnl_export(n_import), indent=2), encoding="utf-8")
        ours = work / "ours.json"
        ours.write_text(json.dumps(our_export(n_export)), encoding="utf-8")
        size_mb = jrnl_file.stat().st_size / 1e6
        print(f"generated {n_import:,} jrnl entries ({size_mb:.0f} MB), {n_export:,} rich ones")

        import_times = []
        for i in range(1 if opts.quick else 3):
            import_times.append(run(["import", str(jrnl_file)], work / f"import-{i}"))
        rows.append(
            (
                f"import {n_import:,} (jrnl JSON)",
                statistics.median(import_times),
                len(import_times),
                15,
            )
        )
        again = run(["import", str(jrnl_file)], work / "import-0")
        rows.append((f"import the same {n_import:,} again (all skipped)", again, 1, 15))

        home = work / "export"
        run(["import", str(ours)], home)
        out = work / "out"
        out.mkdir()
        for fmt, target in (("markdown", 1), ("json", 1), ("csv", 1), ("html", 2)):
            args = ["export", "-f", fmt, "-o", str(out / f"x.{fmt}"), "--force"]
            t, k = median_of(5, args, home)
            rows.append((f"export {fmt}, all shared of {n_export:,}", t, k, target))
        args = ["export", "-f", "pdf", "-n", str(n_pdf), "-o", str(out / "x.pdf"), "--force"]
        t, k = median_of(3, args, home)
        rows.append((f"export pdf, {n_pdf:,} entries", t, k, 10))
        t, k = median_of(5, ["--version"], home)
        rows.append(("(process start: journal --version)", t, k, 0))

    print()
    print(f"{'operation':<44} {'seconds':>8} {'runs':>5} {'target':>7}")
    for name, seconds, runs, target in rows:
        goal = f"< {target} s" if target else ""
        print(f"{name:<44} {seconds:>8.2f} {runs:>5} {goal:>7}")


if __name__ == "__main__":
    main()
