"""The cost of encryption: `journal review` and `journal list` on a 100,000-entry
journal, encrypted (SQLCipher) against the same journal plain.

    /work/venv/bin/python benchmarks/bench_encryption.py [--size 100000] [--runs 5] [--rebuild]

Builds benchmarks/.work/encryption-<size>/plain/journal.db once with raw
executemany (the same deterministic journal as bench_entries.py), copies it to
encrypted/ and encrypts the copy with `crypto.encrypt`. Each command runs as a
whole `journal` process, `--runs` times; the median wall times and their ratio
are printed. Target: encrypted at most 1.5 times the plain time.

Most of the fixed cost of an encrypted journal is the key derivation when it
is opened (PBKDF2-HMAC-SHA512, 256,000 rounds, SQLCipher 4's default), paid
once per command, whatever the journal's size; the `open` case shows it alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_entries import build  # noqa: E402

JOURNAL = Path(sys.executable).with_name("journal")
PASSPHRASE = "correct horse battery staple"
TARGET = 1.5
CASES: list[tuple[str, list[str]]] = [
    ("open (status)", ["status"]),
    ("list -n 20", ["list", "-n", "20"]),
    ("list a month", ["list", "--from", "2025-03-01", "--to", "2025-03-31"]),
    ("list a year", ["list", "--from", "2024-01-01", "--to", "2024-12-31"]),
    ("review (this week)", ["review"]),
    ("review a year", ["review", "--from", "2024-01-01", "--to", "2024-12-31"]),
    ("search", ["search", "mother"]),
]


def prepare(size: int, rebuild: bool) -> tuple[Path, Path]:
    from relational_journal.storage.crypto import encrypt

    work = HERE / ".work" / f"encryption-{size}"
    plain, secret = work / "plain", work / "encrypted"
    if rebuild or not (plain / "journal.db").exists():
        shutil.rmtree(work, ignore_errors=True)
        plain.mkdir(parents=True)
        t0 = time.perf_counter()
        build(plain / "journal.db", size)
        print(f"built {size:,} entries in {time.perf_counter() - t0:.1f} s")
    if rebuild or not (secret / "journal.db").exists():
        shutil.rmtree(secret, ignore_errors=True)
        secret.mkdir(parents=True)
        shutil.copy2(plain / "journal.db", secret / "journal.db")
        t0 = time.perf_counter()
        encrypt(secret / "journal.db", PASSPHRASE)
        print(f"encrypted it in {time.perf_counter() - t0:.1f} s")
    return plain, secret


def run(home: Path, args: list[str], runs: int, passphrase: str | None) -> tuple[float, str]:
    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("RELATIONAL_JOURNAL_PASSPHRASE", None)
    if passphrase:
        env["RELATIONAL_JOURNAL_PASSPHRASE"] = passphrase
    times, err = [], ""
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([str(JOURNAL), *args], env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if done.returncode:
            err = (done.stderr.strip().splitlines() or ["failed"])[-1]
    return statistics.median(times), err


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    opts = parser.parse_args()
    plain, secret = prepare(opts.size, opts.rebuild)
    sizes = [(p / "journal.db").stat().st_size / 1e6 for p in (plain, secret)]
    print(f"journal files: plain {sizes[0]:.0f} MB, encrypted {sizes[1]:.0f} MB")
    print(f"{'case':<22}{'plain':>9}{'encrypted':>11}{'ratio':>8}  target <= {TARGET}x")
    worst = 0.0
    for name, args in CASES:
        a, err_a = run(plain, args, opts.runs, None)
        b, err_b = run(secret, args, opts.runs, PASSPHRASE)
        ratio = b / a
        worst = max(worst, ratio) if name != "open (status)" else worst
        mark = "ok" if ratio <= TARGET else "SLOWER"
        print(f"{name:<22}{a:>8.3f}s{b:>10.3f}s{ratio:>7.2f}x  {mark} {err_a or err_b}")
    print(f"worst ratio over review and list: {worst:.2f}x")


if __name__ == "__main__":
    main()
