"""Time `journal review` on a 100,000-entry journal: a week, the last year, everything.

    /work/venv/bin/python benchmarks/bench_review.py [--size 100000] [--runs 5]

Builds benchmarks/.work/review-<size>.db once (the deterministic entries of
generate.py, written with raw executemany for speed: four years of people,
feelings, tags and relationship episodes), then runs the whole `journal review`
process for each period, `--runs` times, and reports the median wall time and
the peak resident memory of the child (resource.getrusage).
Targets: week under 0.5 s; year and everything under 1 s and 150 MiB.

A review keeps the counts of each whole month it reads (storage/review_months.py), so
every run but the first adds stored months up. The `first` case shows the
other side: everything reviewed with no month stored yet, as happens once
after a large import (the stored months are emptied before each of its runs).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

WORK = HERE / ".work"
JOURNAL = Path(sys.executable).with_name("journal")
TARGETS = {"week": (0.5, 150.0), "year": (1.0, 150.0), "all": (1.0, 150.0)}
# No target of its own: paid once per month of entries, then stored.
FIRST = "first"


def build(db: Path, size: int) -> None:
    from relational_journal.storage.store import Store

    entries = generate.generate(size)
    tmp = db.with_suffix(".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    store = Store.open(tmp)
    conn = store.conn
    people: dict[str, int] = {}
    for i, (name, *_rest) in enumerate(generate.PEOPLE, 1):
        people[name] = i
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO people (id, name, role, era, created_at) VALUES (?, ?, ?, ?, ?)",
        [(people[n], n, r, e, "2022-01-01T00:00:00+00:00") for n, r, e, _ in generate.PEOPLE],
    )

    def rows() -> object:
        for e in entries:
            about = datetime.fromisoformat(str(e["about"]))
            yield (
                e["id"],
                e["written_at"],
                e["about"],
                int(about.timestamp()),
                about.date().isoformat(),
                e["prompt"],
                str(e["prompt"]).split("-")[0] if e["prompt"] else None,
                e["title"],
                e["body"],
                int(bool(e["private"])),
                int(bool(e["starred"])),
            )

    conn.executemany(
        "INSERT INTO entries (id, written_at, about, about_ts, about_day, prompt_id, pack_id,"
        " title, body, private, starred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),  # type: ignore[arg-type]
    )
    conn.executemany(
        "INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)",
        [(e["id"], t) for e in entries for t in e["tags"]],  # type: ignore[attr-defined]
    )
    conn.executemany(
        "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)",
        [(e["id"], people[p["name"]]) for e in entries for p in e["people"]],  # type: ignore[attr-defined,index]
    )
    conn.executemany(
        "INSERT INTO entry_feelings (entry_id, word, family, intensity) VALUES (?, ?, ?, ?)",
        [
            (e["id"], f["word"], f["family"], f["intensity"])
            for e in entries
            for f in e["feelings"]  # type: ignore[attr-defined]
        ],
    )
    conn.executemany(
        "INSERT INTO episodes (entry_id, person_id, era, wish, wish_cluster, other,"
        " other_cluster, other_expected, self, self_cluster)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                e["id"],
                people[ep["person"]],
                ep["era"],
                ep["wish"],
                ep["wish_cluster"],
                ep["other"],
                ep["other_cluster"],
                int(ep["other_expected"]),
                ep["self"],
                ep["self_cluster"],
            )
            for e in entries
            if (ep := e["episode"])
        ],
    )
    conn.execute("COMMIT")
    # No ANALYZE: a client's journal has no planner statistics either.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    tmp.rename(db)


def run(args: list[str], home: Path) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MiB) of one whole `journal` process."""
    env = dict(os.environ, RELATIONAL_JOURNAL_HOME=str(home), NO_COLOR="1", COLUMNS="80")
    t0 = time.perf_counter()
    proc = subprocess.run([str(JOURNAL), *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"journal {' '.join(args)} failed: {proc.stderr.strip()}")
    # ru_maxrss of children is the largest child so far; each case runs in a process of
    # its own (see main), so this is the case's own peak.
    return wall, peak / 1024, proc.stdout


def measure_one(case: str, args: list[str], home: Path) -> None:
    """Run in a child of its own so RUSAGE_CHILDREN holds only this case's processes."""
    walls, peaks = [], []
    for _ in range(RUNS):
        if case == FIRST:
            forget_months(home / "journal.db")
        wall, peak, _out = run(args, home)
        walls.append(wall)
        peaks.append(peak)
    print(json.dumps({"case": case, "median": statistics.median(walls), "peak_mib": max(peaks)}))


def forget_months(db: Path) -> None:
    """Empty the stored monthly counts, as a large import leaves them."""
    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM review_months")
    finally:
        conn.close()


RUNS = 5


def main() -> int:
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    RUNS = args.runs
    db = WORK / f"review-{args.size}.db"
    home = WORK / f"review-home-{args.size}"
    end = generate.END
    cases = {
        "week": ["review", "--week", f"{end.isocalendar().year}-W{end.isocalendar().week:02d}"],
        "year": [
            "review",
            "--from",
            generate.REVIEW_YEAR[0].isoformat(),
            "--to",
            generate.REVIEW_YEAR[1].isoformat(),
        ],
        "all": ["review", "--all"],
        FIRST: ["review", "--all"],
    }
    if args.case:
        measure_one(args.case, cases[args.case], home)
        return 0
    WORK.mkdir(exist_ok=True)
    if not db.exists():
        print(f"building {db} ({args.size} entries) ...", flush=True)
        t0 = time.perf_counter()
        build(db, args.size)
        print(f"  built in {time.perf_counter() - t0:.1f} s", flush=True)
    home.mkdir(exist_ok=True)
    target = home / "journal.db"
    if not target.exists() or target.stat().st_mtime < db.stat().st_mtime:
        shutil.copyfile(db, target)
        # Apply any newer schema steps now, outside the timings.
        run(["review", "--week", "last", "--format", "json"], home)
    run(["review", "--all", "--format", "json"], home)  # warm the page cache
    failed = False
    print(f"{'case':<6} {'median':>8} {'peak':>10}   target")
    for case in cases:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--size",
                str(args.size),
                "--runs",
                str(RUNS),
                "--case",
                case,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        if case == FIRST:
            print(
                f"{case:<6} {result['median']:>7.3f}s {result['peak_mib']:>7.1f} MiB"
                "   everything, no month stored yet (once after an import)"
            )
            continue
        limit_s, limit_mib = TARGETS[case]
        ok = result["median"] < limit_s and result["peak_mib"] < limit_mib
        failed |= not ok
        print(
            f"{case:<6} {result['median']:>7.3f}s {result['peak_mib']:>7.1f} MiB"
            f"   < {limit_s} s, < {limit_mib:.0f} MiB {'ok' if ok else 'MISSED'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
