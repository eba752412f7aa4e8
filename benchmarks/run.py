"""Time `journal` against jrnl on the same synthetic journals, whole process, side by side.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 5] [--quick]

Everything it makes lives in benchmarks/.work/ (ignored by git): two virtualenvs
(jrnl from PyPI; this checkout), the generated journals, a private HOME and
XDG folders so neither tool touches the real ones. It prints a table and
writes the same figures to benchmarks/results/latest.json and
benchmarks/RESULTS.md. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import importgraph  # noqa: E402

MIB = 1024 * 1024
TZ = "Europe/London"  # the zone the journals were generated in; both tools read it


# -- measuring one process --------------------------------------------------------


@dataclass
class Run:
    seconds: float
    rss_kib: int
    code: int
    out_bytes: int
    err_tail: str
    timed_out: bool = False
    cpu: float = 0.0  # user + system seconds: steadier than wall time on a busy machine


TIME = shutil.which("time", path="/usr/bin:/bin")


def run_once(argv: list[str], env: dict[str, str], timeout: float) -> Run:
    """Whole-process wall time (perf_counter from spawn to reap) and the process's peak RSS.

    Peak RSS comes from GNU time's %M when it is installed, else from wait4's rusage. GNU
    time is small: a child spawned straight from this (larger) Python process would report
    this process's high-water mark, since Linux carries it across exec.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        rss_file = tempfile.NamedTemporaryFile(delete=False)
        rss_file.close()
        full = [TIME, "-f", "%M", "-o", rss_file.name, *argv] if TIME else argv
        start = time.perf_counter()
        proc = subprocess.Popen(
            full, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=WORK
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            if TIME:  # GNU time does not pass SIGKILL on: end the timed command first
                subprocess.run(["pkill", "-KILL", "-P", str(proc.pid)], check=False)
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out_bytes = out.tell()
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()
        rss = int(usage.ru_maxrss)
        try:
            lines = Path(rss_file.name).read_text().split()
            if TIME and lines and lines[-1].isdigit():
                rss = int(lines[-1])
        finally:
            os.unlink(rss_file.name)
        if TIME and proc.returncode != 0 and tail and tail[-1].startswith("Command "):
            tail = tail[:-1]  # GNU time's own "Command exited with non-zero status N"
    return Run(
        seconds,
        rss,
        proc.returncode,
        out_bytes,
        tail[-1][:160] if tail else "",
        killed.is_set(),
        usage.ru_utime + usage.ru_stime,  # wait4 includes the reaped grandchild's time
    )


@dataclass
class Cell:
    """One tool's figures for one operation at one size."""

    runs: list[Run] = field(default_factory=list)
    note: str = ""  # "not available", "skipped: ...", "failed: ..."

    @property
    def ok(self) -> bool:
        return bool(self.runs) and not self.note

    @property
    def median(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(r.cpu for r in self.runs) if self.ok else None

    @property
    def rss_mib(self) -> float | None:
        return max(r.rss_kib for r in self.runs) / 1024 if self.ok else None

    def as_json(self) -> dict[str, object]:
        return {
            "median_s": self.median,
            "runs_s": [round(r.seconds, 4) for r in self.runs],
            "median_cpu_s": round(self.cpu, 4) if self.cpu is not None else None,
            "peak_rss_mib": round(self.rss_mib, 1) if self.rss_mib is not None else None,
            "out_bytes": self.runs[-1].out_bytes if self.runs else None,
            "note": self.note or None,
        }


# -- the two tools ------------------------------------------------------------------


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / "python"


def pip(venv: Path, *args: str) -> None:
    subprocess.run(
        [str(venv_python(venv)), "-m", "pip", "install", "--quiet", *args],
        check=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )


def make_venv(venv: Path) -> None:
    if not venv_python(venv).exists():
        print(f"creating {venv.relative_to(ROOT)}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)


def source_hash() -> str:
    """A hash of what goes into our package, so an unchanged checkout is not reinstalled."""
    digest = hashlib.sha256()
    for base in (ROOT / "src", ROOT / "prompts"):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def install_tools(with_jrnl: bool) -> tuple[Path, Path | None]:
    """`journal` from this checkout and `jrnl` from PyPI, each in its own virtualenv."""
    ours = WORK / "venv-journal"
    make_venv(ours)
    stamp = ours / "installed-from"
    wanted = source_hash()
    if not stamp.exists() or stamp.read_text() != wanted:
        print("installing relational-journal from this checkout", flush=True)
        if not stamp.exists():
            pip(ours, str(ROOT))
        # Not editable: a client's install, from the checkout as it is now.
        pip(ours, "--force-reinstall", "--no-deps", str(ROOT))
        stamp.write_text(wanted)
    jrnl = None
    if with_jrnl:
        venv = WORK / "venv-jrnl"
        make_venv(venv)
        jrnl = venv / "bin" / "jrnl"
        if not jrnl.exists():
            print("installing jrnl from PyPI", flush=True)
            pip(venv, "jrnl")
    return ours / "bin" / "journal", jrnl


def tool_env(home: Path) -> dict[str, str]:
    """A private, non-interactive environment: nothing reads or writes the real home."""
    base = WORK / "home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(base),
        "XDG_CONFIG_HOME": str(base / "config"),
        "XDG_DATA_HOME": str(base / "data"),
        "XDG_CACHE_HOME": str(base / "cache"),
        "RELATIONAL_JOURNAL_HOME": str(home),
        "TZ": TZ,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "TERM": "dumb",
        "CI": "1",
        "EDITOR": "true",
        "VISUAL": "true",
        "PYTHONDONTWRITEBYTECODE": "",
    }
    for folder in ("config", "data", "cache"):
        (base / folder).mkdir(parents=True, exist_ok=True)
    return {k: v for k, v in env.items() if v != ""}


def jrnl_version(jrnl: Path) -> str:
    out = subprocess.run([str(jrnl), "--version"], capture_output=True, text=True).stdout
    first = out.split()[1] if len(out.split()) > 1 else "v4.6"
    return first.lstrip("v")


# -- operations ------------------------------------------------------------------------


@dataclass
class Op:
    key: str
    label: str
    ours: Callable[[int], list[str]] | None
    jrnl: Callable[[int], list[str]] | None = None
    command: str | None = None  # our sub-command, checked with `journal CMD --help`
    writes: bool = False
    max_size: int | None = None  # ours is skipped above this size (noted in the cell)


def day(d: object) -> str:
    return str(d)


W0, W1 = generate.REVIEW_WEEK
Y0, Y1 = generate.REVIEW_YEAR
A0, A1 = generate.EVERYTHING
F0, F1 = generate.FILTER_RANGE
WHO, WORD = generate.FILTER_PERSON, generate.SEARCH_WORD


def export_to(fmt: str) -> Callable[[int], list[str]]:
    def argv(run: int) -> list[str]:
        if fmt == "pdf":  # PDF needs a file; a new one each run, nothing to overwrite
            return ["export", "--format", "pdf", "-o", str(WORK / "out" / f"export-{run}.pdf")]
        return ["export", "--format", fmt]

    return argv


def const(*args: str) -> Callable[[int], list[str]]:
    return lambda run: list(args)


OPS = [
    Op("version", "start-up (`--version`)", const("--version"), const("--version")),
    Op("help", "`--help`", const("--help"), const("--help")),
    Op("list", "list last 10", const("list", "-n", "10"), const("-n", "10"), "list"),
    Op(
        "filter",
        f"list: a person, 90 days ({WHO})",
        const("list", "--person", WHO, "--from", day(F0), "--to", day(F1)),
        const(f"@{WHO}", "-from", day(F0), "-to", day(F1)),
        "list",
    ),
    Op(
        "search",
        f"full-text search ({WORD!r})",
        const("search", WORD),
        const("-contains", WORD),
        "search",
    ),
    Op("counts", "people/tag counts", const("people"), const("--tags"), "people"),
    Op(
        "export-json",
        "export JSON",
        export_to("json"),
        const("--export", "json"),
        "export",
    ),
    Op(
        "review-week",
        "review: a week",
        const("review", "--from", day(W0), "--to", day(W1)),
        command="review",
    ),
    Op(
        "review-year",
        "review: a year",
        const("review", "--from", day(Y0), "--to", day(Y1)),
        command="review",
    ),
    Op(
        "review-all",
        "review: everything",
        const("review", "--all"),
        command="review",
    ),
    Op("export-markdown", "export Markdown", export_to("markdown"), command="export"),
    Op("export-csv", "export CSV", export_to("csv"), command="export"),
    Op("export-html", "export HTML", export_to("html"), command="export"),
    Op("export-pdf", "export PDF", export_to("pdf"), command="export", max_size=1_000),
    Op(
        "write",
        "write --text",
        lambda run: ["write", "--text", f"A quick note for the benchmark, number {run}."],
        command="write",
        writes=True,
    ),
]
IMPORT = Op("import", "import (our JSON)", None, command="import")


# -- building the journals ---------------------------------------------------------------


def available(journal: Path, command: str | None, env: dict[str, str]) -> bool:
    if command is None:
        return True
    probe = subprocess.run(
        [str(journal), command, "--help"], env=env, capture_output=True, stdin=subprocess.DEVNULL
    )
    return probe.returncode == 0


def build_journal(
    journal: Path, size: int, data: Path, runs: int, timeout: float, has_import: bool
) -> tuple[Path, Cell]:
    """Import `size` entries into a fresh journal folder `runs` times; keep the last one."""
    cell = Cell()
    home = WORK / "homes" / f"journal-{size}"
    python = journal.parent / "python"
    for _ in range(runs):
        if home.exists():
            shutil.rmtree(home)
        home.mkdir(parents=True)
        env = tool_env(home)
        if has_import:
            argv = [str(journal), "import", str(data)]
        else:
            argv = [str(python), str(HERE / "store_import.py"), str(data)]
        result = run_once(argv, env, timeout)
        cell.runs.append(result)
        if result.code != 0:
            cell.note = _failure(result)
            break
    if cell.note and has_import:
        # The other operations still need a journal: build it the fallback way.
        print(f"  import {cell.note}; building with Store instead", flush=True)
        return build_journal(journal, size, data, 1, timeout, has_import=False)[0], cell
    return home, cell


# -- the suite ---------------------------------------------------------------------------------


def measure(
    ours: Callable[[int], list[str]] | None,
    jrnl: list[str] | None,
    env: dict[str, str],
    runs: int,
    jrnl_runs: int,
    timeout: float,
    slow: float,
    cells: tuple[Cell, Cell],
) -> None:
    """Alternate ours and jrnl, one warm-up each (dropped), then the timed runs.

    A single jrnl run (the 100,000-entry tag count) gets no warm-up. A warm-up slower than
    `slow` seconds is kept as the only run, so a slow command costs one run, not six.
    """
    ours_cell, jrnl_cell = cells
    want = {"ours": runs if ours and not ours_cell.note else 0}
    want["jrnl"] = jrnl_runs if jrnl and not jrnl_cell.note else 0
    argv = {"ours": (lambda i: ours(i)) if ours else None, "jrnl": (lambda i: jrnl)}
    cell = {"ours": ours_cell, "jrnl": jrnl_cell}
    for who in ("ours", "jrnl"):
        if want[who] > 1:
            warm = run_once(argv[who](-1), env, timeout)  # type: ignore[misc]
            if warm.code != 0 or warm.seconds > slow:
                cell[who].runs.append(warm)
                want[who] = 0
                if warm.code != 0:
                    cell[who].note = _failure(warm)
    for i in range(max(want.values())):
        for who in ("ours", "jrnl"):
            if i < want[who] and not cell[who].note:
                result = run_once(argv[who](i), env, timeout)  # type: ignore[misc]
                cell[who].runs.append(result)
                if result.code != 0:
                    cell[who].note = _failure(result)


def ours_argv_for(
    prefix: list[str] | None, args: Callable[[int], list[str]], run: int
) -> list[str]:
    return [*(prefix or []), *args(run)]


def _failure(result: Run) -> str:
    if result.timed_out:
        return f"timed out after {result.seconds:.0f} s"
    return f"failed: exit {result.code}: {result.err_tail}"


def run_suite(args: argparse.Namespace) -> dict[str, object]:
    WORK.mkdir(exist_ok=True)
    (WORK / "out").mkdir(exist_ok=True)
    journal, jrnl = install_tools(with_jrnl=not args.no_jrnl)
    version = jrnl_version(jrnl) if jrnl else None
    ops = [op for op in OPS if not args.ops or op.key in args.ops]
    results: dict[str, dict[str, dict[str, object]]] = {}
    table: dict[tuple[str, int], tuple[Cell, Cell]] = {}
    load_before = os.getloadavg()
    probe_env = tool_env(WORK / "homes" / "probe")
    has = {op.command: available(journal, op.command, probe_env) for op in [*OPS, IMPORT]}
    if not has["import"]:
        print("`journal import` is not available: journals are built with Store (one transaction)")

    for size in args.sizes:
        print(f"\n== {size:,} entries ==", flush=True)
        # In a child process: this one stays small while it spawns the timed commands.
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--size",
                str(size),
                "--out",
                str(WORK / "data"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        paths = generate.write_all(size, WORK / "data")  # already there: only the paths
        if jrnl:
            paths["jrnl_config"].write_text(generate.jrnl_config(paths["jrnl"], version or "4.6"))
        import_runs = args.runs if size <= 10_000 else 1
        home, import_cell = build_journal(
            journal, size, paths["json"], import_runs, args.import_timeout, has["import"]
        )
        if not has["import"]:
            import_cell.note = "not available (built with Store.add_entry instead)"
            print(f"  built with Store in {import_cell.runs[-1].seconds:.1f} s", flush=True)
        table[("import", size)] = (import_cell, Cell(note="-"))
        _print_cell("import", size, import_cell, None)
        env = tool_env(home)
        jrnl_prefix = [str(jrnl), "--config-file", str(paths["jrnl_config"])] if jrnl else None
        for op in ops:
            ours_cell, jrnl_cell = Cell(), Cell()
            if not has[op.command]:
                ours_cell.note = "not available"
            elif op.max_size is not None and size > op.max_size:
                ours_cell.note = f"skipped above {op.max_size:,}"
            jrnl_runs = args.runs
            if op.jrnl is None or jrnl_prefix is None:
                jrnl_cell.note = "-"
            elif size > args.jrnl_max and op.key == "counts":
                jrnl_runs = 1  # the key figure at 100,000: one run, with a long time-out
            elif size > args.jrnl_max and op.key not in ("version", "help"):
                jrnl_cell.note = "skipped (minutes per run)"
            shutil.rmtree(WORK / "out", ignore_errors=True)
            (WORK / "out").mkdir()
            ours_args = op.ours
            measure(
                (lambda i, a=ours_args: [str(journal), *a(i)]) if ours_args else None,  # type: ignore[misc]
                [*jrnl_prefix, *op.jrnl(0)] if jrnl_prefix and op.jrnl else None,
                env,
                args.runs,
                jrnl_runs,
                args.jrnl_timeout if jrnl_runs == 1 else args.timeout,
                args.slow,
                (ours_cell, jrnl_cell),
            )
            table[(op.key, size)] = (ours_cell, jrnl_cell)
            _print_cell(op.key, size, ours_cell, jrnl_cell)
    load_after = os.getloadavg()

    for (key, size), (ours_cell, jrnl_cell) in table.items():
        ratio = None
        if ours_cell.median and jrnl_cell.median:
            ratio = ours_cell.median / jrnl_cell.median
        entry: dict[str, object] = {
            "ours": ours_cell.as_json(),
            "jrnl": jrnl_cell.as_json(),
            "ratio_ours_over_jrnl": round(ratio, 4) if ratio else None,
        }
        if ours_cell.median and jrnl_cell.runs and jrnl_cell.runs[-1].timed_out:
            entry["ratio_ours_over_jrnl_below"] = round(
                ours_cell.median / jrnl_cell.runs[-1].seconds, 5
            )
        results.setdefault(key, {})[str(size)] = entry
    graph = importgraph.check(venv_python(journal.parent.parent), journal, quiet=True)
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "load_average": {"before": load_before, "after": load_after},
        "jrnl_version": version,
        "sizes": args.sizes,
        "runs": args.runs,
        "labels": {op.key: op.label for op in [IMPORT, *OPS]},
        "operations": results,
        "targets": targets(table, args.sizes),
        "import_graph": graph,
    }


def _print_cell(key: str, size: int, ours: Cell, jrnl: Cell | None) -> None:
    theirs = ""
    if jrnl is not None and (jrnl.ok or jrnl.note not in ("", "-")):
        theirs = f"   jrnl {fmt_time(jrnl)}"
    print(f"  {key:<16} ours {fmt_time(ours):>14}  rss {fmt_rss(ours):>8}{theirs}", flush=True)


# -- reporting ------------------------------------------------------------------------


def machine() -> dict[str, object]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    sqlite = subprocess.run(
        [sys.executable, "-c", "import sqlite3; print(sqlite3.sqlite_version)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite,
        "system": f"{platform.system()} {platform.release()}",
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def fmt_seconds(s: float | None) -> str:
    if s is None:
        return "-"
    if s < 1:
        return f"{s * 1000:.0f} ms"
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def fmt_time(cell: Cell) -> str:
    if cell.note:
        return cell.note if len(cell.note) < 40 else cell.note[:37] + "..."
    return fmt_seconds(cell.median)


def fmt_rss(cell: Cell) -> str:
    return f"{cell.rss_mib:.0f} MiB" if cell.rss_mib is not None else "-"


def fmt_ratio(ours: Cell, jrnl: Cell) -> str:
    if not (ours.median and jrnl.median):
        return "-"
    ratio = ours.median / jrnl.median
    return f"{ratio:.3f} ({jrnl.median / ours.median:.0f}x)" if ratio < 0.5 else f"{ratio:.2f}"


@dataclass
class Target:
    text: str
    key: str
    size: int
    limit: float
    kind: str = "time"  # time (seconds, below) | speedup (jrnl/ours, at least) | memory (MiB)


TARGETS = [
    Target("`journal --version` < 100 ms", "version", 0, 0.100),
    Target("`journal --help` < 180 ms", "help", 0, 0.180),
    Target("list -n 10 < 0.3 s at 100,000", "list", 100_000, 0.3),
    Target("write --text < 0.3 s at 100,000", "write", 100_000, 0.3),
    Target("review of a week < 0.5 s at 100,000", "review-week", 100_000, 0.5),
    Target("review of everything < 1 s at 100,000", "review-all", 100_000, 1.0),
    Target("search < 0.5 s at 100,000", "search", 100_000, 0.5),
    Target("listing >= 3x faster than jrnl at 10,000", "list", 10_000, 3, "speedup"),
    Target("filtering >= 3x faster than jrnl at 10,000", "filter", 10_000, 3, "speedup"),
    Target("JSON export >= 5x faster than jrnl at 10,000", "export-json", 10_000, 5, "speedup"),
    Target("people/tag counts >= 100x faster at 100,000", "counts", 100_000, 100, "speedup"),
    Target("peak memory < 150 MiB, every command at 100,000", "*", 100_000, 150, "memory"),
]


def targets(
    table: dict[tuple[str, int], tuple[Cell, Cell]], sizes: list[int]
) -> list[dict[str, object]]:
    out = []
    for t in TARGETS:
        size = t.size or min(sizes)
        note = ""
        if size not in sizes:
            size = max(s for s in sizes if s <= size) if any(s <= size for s in sizes) else None
            note = f"measured at {size:,} only" if size else "size not run"
        figure: str
        met: bool | None
        if size is None:
            figure, met = "-", None
        elif t.kind == "memory":
            cells = [(k, c[0]) for (k, s), c in table.items() if s == size and c[0].ok]
            if not cells:
                figure, met = "-", None
            else:
                worst_key, worst = max(cells, key=lambda kc: kc[1].rss_mib or 0)
                figure = f"{worst.rss_mib:.0f} MiB ({worst_key})"
                met = (worst.rss_mib or 0) < t.limit
        elif t.size == 0:
            # Start-up does not depend on the journal: all sizes' runs together.
            pooled = Cell([r for (k, _), c in table.items() if k == t.key for r in c[0].runs])
            figure = f"{fmt_time(pooled)} (all sizes, {len(pooled.runs)} runs)"
            met = pooled.median < t.limit if pooled.median is not None else None
        else:
            ours, jrnl = table.get((t.key, size), (Cell(note="-"), Cell(note="-")))
            if t.kind == "time" and ours.runs and ours.runs[-1].timed_out:
                figure, met = f"> {ours.runs[-1].seconds:.0f} s (timed out)", False
            elif t.kind == "time":
                figure = fmt_time(ours)
                met = ours.median < t.limit if ours.median is not None else None
            elif ours.median and jrnl.runs and jrnl.runs[-1].timed_out:
                bound = jrnl.runs[-1].seconds / ours.median
                figure = (
                    f"> {bound:.0f}x ({fmt_seconds(ours.median)} vs jrnl timed out"
                    f" at {jrnl.runs[-1].seconds:.0f} s)"
                )
                met = bound >= t.limit
            elif ours.median and jrnl.median:
                speedup = jrnl.median / ours.median
                figure = (
                    f"{speedup:.1f}x ({fmt_seconds(ours.median)} vs {fmt_seconds(jrnl.median)})"
                )
                met = speedup >= t.limit
            else:
                figure, met = f"ours {fmt_time(ours)}, jrnl {fmt_time(jrnl)}", None
        out.append({"target": t.text, "figure": figure, "met": met, "note": note})
    return out


def markdown(report: dict[str, object]) -> str:
    sizes: list[int] = report["sizes"]  # type: ignore[assignment]
    ops: dict[str, dict[str, dict[str, dict[str, object]]]] = report["operations"]  # type: ignore[assignment]
    labels: dict[str, str] = report["labels"]  # type: ignore[assignment]
    m: dict[str, object] = report["machine"]  # type: ignore[assignment]
    head = ["operation"]
    for size in sizes:
        head += [f"ours {size:,}", f"jrnl {size:,}", "ours/jrnl"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, by_size in ops.items():
        row = [labels.get(key, key)]
        for size in sizes:
            cell = by_size.get(str(size))
            if cell is None:
                row += ["", "", ""]
                continue
            row += [_md_cell(cell["ours"]), _md_cell(cell["jrnl"]), _md_ratio(cell)]
        lines.append("| " + " | ".join(row) + " |")
    mem = [
        "| operation | " + " | ".join(f"{s:,}" for s in sizes) + " |",
        "|" + "---|" * (len(sizes) + 1),
    ]
    for key, by_size in ops.items():
        cells = []
        for size in sizes:
            ours = by_size.get(str(size), {}).get("ours", {})
            rss = ours.get("peak_rss_mib") if isinstance(ours, dict) else None
            cells.append(f"{rss:.0f}" if rss else "-")
        mem.append(f"| {labels.get(key, key)} | " + " | ".join(cells) + " |")
    cpu = ["| operation | " + " | ".join(f"{s:,}" for s in sizes) + " |"]
    cpu.append("|" + "---|" * (len(sizes) + 1))
    for key, by_size in ops.items():
        cells = []
        for size in sizes:
            ours = by_size.get(str(size), {}).get("ours", {})
            sec = ours.get("median_cpu_s") if isinstance(ours, dict) else None
            cells.append(fmt_seconds(sec) if sec else "-")  # type: ignore[arg-type]
        cpu.append(f"| {labels.get(key, key)} | " + " | ".join(cells) + " |")
    tgt = ["| target | measured | met |", "|---|---|---|"]
    for t in report["targets"]:  # type: ignore[attr-defined]
        met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        note = f" ({t['note']})" if t["note"] else ""
        tgt.append(f"| {t['target']} | {t['figure']}{note} | {met} |")
    load: dict[str, list[float]] = report["load_average"]  # type: ignore[assignment]
    return "\n".join(
        [
            f"Median wall time of the whole process over {report['runs']} runs, the two tools"
            " alternating after one warm-up run each; ours/jrnl below 0.5 shows the speed-up in"
            " brackets. jrnl at 100,000 entries: only start-up and the tag count (one run) are"
            " timed; its other commands take minutes each.",
            "",
            f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gib']} GiB; {m['system']};"
            f" Python {m['python']}, SQLite {m['sqlite']}; jrnl {report['jrnl_version']}."
            f" Load average before/after: {load['before'][0]:.2f}/{load['after'][0]:.2f}."
            f" Run {report['generated_at']} with `{report['command'].strip()}`.",
            "",
            *lines,
            "",
            "Peak resident memory of our commands (MiB):",
            "",
            *mem,
            "",
            "CPU time of our commands (user + system, median), steadier than wall time when"
            " the machine is busy:",
            "",
            *cpu,
            "",
            "Targets:",
            "",
            *tgt,
        ]
    )


def _md_cell(cell: dict[str, object]) -> str:
    note = cell.get("note")
    if note:
        return str(note)
    runs = cell.get("runs_s") or []
    once = " (1 run)" if len(runs) == 1 else ""  # type: ignore[arg-type]
    return fmt_seconds(cell.get("median_s")) + once  # type: ignore[arg-type]


def _md_ratio(cell: dict[str, object]) -> str:
    below = cell.get("ratio_ours_over_jrnl_below")
    if isinstance(below, float):
        return f"< {below:.4f} (> {1 / below:.0f}x)"
    ratio = cell.get("ratio_ours_over_jrnl")
    if not isinstance(ratio, float):
        return "-"
    return f"{ratio:.3f} ({1 / ratio:.0f}x)" if ratio < 0.5 else f"{ratio:.2f}"


def cells_from_json(report: dict[str, object]) -> dict[tuple[str, int], tuple[Cell, Cell]]:
    """The table again from latest.json, to recompute targets without running anything."""
    table = {}
    ops: dict[str, dict[str, dict[str, dict[str, object]]]] = report["operations"]  # type: ignore[assignment]
    for key, by_size in ops.items():
        pair = []
        for size, cell_pair in by_size.items():
            pair = []
            for who in ("ours", "jrnl"):
                data = cell_pair[who]
                note = str(data.get("note") or "")
                rss = float(data.get("peak_rss_mib") or 0) * 1024  # type: ignore[arg-type]
                cpu = float(data.get("median_cpu_s") or 0)  # type: ignore[arg-type]
                runs = [Run(s, int(rss), 0, 0, "", cpu=cpu) for s in data.get("runs_s") or []]  # type: ignore[attr-defined]
                if note.startswith("timed out after"):
                    runs = [Run(float(note.split()[3]), 0, -9, 0, "", timed_out=True)]
                pair.append(Cell(runs, note))
            table[(key, int(size))] = (pair[0], pair[1])
    return table


def write_results_md(text: str) -> None:
    (HERE / "RESULTS.md").write_text(
        "# Benchmark results\n\nWritten by `python benchmarks/run.py`; see README.md here.\n\n"
        + text
        + "\n",
        encoding="utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per cell (median)")
    parser.add_argument("--quick", action="store_true", help="sizes 1000,10000 and 3 runs")
    parser.add_argument("--ops", default="", help="only these operations (comma-separated keys)")
    parser.add_argument("--no-jrnl", action="store_true", help="time our commands only")
    parser.add_argument(
        "--jrnl-max", type=int, default=10_000, help="largest size jrnl is timed at fully"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds per run")
    parser.add_argument(
        "--slow", type=float, default=20, help="a warm-up slower than this is the only run"
    )
    parser.add_argument("--jrnl-timeout", type=float, default=300, help="the single 100k tag count")
    parser.add_argument("--import-timeout", type=float, default=600)
    parser.add_argument("--no-write", action="store_true", help="leave RESULTS.md as it is")
    parser.add_argument(
        "--render", action="store_true", help="rewrite RESULTS.md from results/latest.json"
    )
    args = parser.parse_args()
    if args.render:
        report = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
        report["targets"] = targets(cells_from_json(report), report["sizes"])
        (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        write_results_md(markdown(report))
        print(markdown(report))
        return 0
    if args.quick:
        args.sizes, args.runs = "1000,10000", min(args.runs, 3)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.ops = [o for o in args.ops.split(",") if o]
    report = run_suite(args)
    text = markdown(report)
    print("\n" + text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if not args.no_write:
        write_results_md(text)
    print(
        f"\nwrote {RESULTS / 'latest.json'}"
        + ("" if args.no_write else f" and {HERE / 'RESULTS.md'}")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
