"""Does each exporter speed trick still pay? Each one timed against the plain way, in process.

    python benchmarks/bench_export_tricks.py [--size 10000] [--pdf-size 2000] [--runs 5]

Builds a journal of generated entries (bench_export's data, same seed), reads
its entries into memory once, then writes each format to memory with the
trick and without it, alternating runs so a busy machine hurts both alike. It
prints the medians and the ratio plain / trick: a trick is worth keeping only
where the ratio is well above 1.10. (Writing 500 entries per write to the sink
was measured this way too, at 0.96-1.04 for Markdown, JSON and CSV, and dropped.)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_export  # noqa: E402

from relational_journal.content.ccrt import load_ccrt  # noqa: E402
from relational_journal.interchange.export import ExportContext, cluster_labels, export  # noqa: E402
from relational_journal.interchange.export import csv as csv_export  # noqa: E402
from relational_journal.interchange.export import pdf as pdf_export  # noqa: E402
from relational_journal.models import Entry  # noqa: E402
from relational_journal.storage.opening import open_journal  # noqa: E402
from relational_journal.storage.query import EntryFilter  # noqa: E402


def entries_of(n: int) -> list[Entry]:
    home = Path(tempfile.mkdtemp(prefix="rj-tricks-"))
    data = home / "in.json"
    data.write_text(json.dumps(bench_export.our_export(n)), encoding="utf-8")
    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(home / "home")}
    journal = str(Path(sys.executable).with_name("journal"))
    subprocess.run([journal, "import", str(data)], env=env, check=True, capture_output=True)
    store = open_journal(home / "home" / "journal.db", create=False)
    try:
        return list(store.iter_entries(EntryFilter()))
    finally:
        store.close()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def ab(trick: Callable[[], object], plain: Callable[[], object], runs: int) -> tuple[float, float]:
    a, b = [], []
    for _ in range(runs):
        a.append(timed(trick))
        b.append(timed(plain))
    return statistics.median(a), statistics.median(b)


def write(fmt: str, entries: list[Entry], ctx: ExportContext) -> Callable[[], object]:
    def go() -> object:
        sink: io.StringIO | io.BytesIO = io.BytesIO() if fmt == "pdf" else io.StringIO()
        return export(fmt, entries, sink, ctx)

    return go


class Patched:
    """Set module attributes for the length of a call, then put them back."""

    def __init__(self, fn: Callable[[], object], **attrs: tuple[object, str, object]) -> None:
        self.fn, self.attrs = fn, attrs

    def __call__(self) -> object:
        saved = [(obj, name, getattr(obj, name)) for obj, name, _ in self.attrs.values()]
        for obj, name, value in self.attrs.values():
            setattr(obj, name, value)
        try:
            return self.fn()
        finally:
            for obj, name, value in saved:
                setattr(obj, name, value)


def plain_text(
    self: pdf_export._Doc,
    text: str,
    size: float = 11,
    style: str = "",
    sans: bool = False,
    colour: tuple[int, int, int] = pdf_export.INK,
    height: float | None = None,
    indent: float = 0,
    keep_with: float = 0,
) -> None:
    pdf = self.pdf
    pdf.set_font(self.sans if sans else self.serif, style, size)
    pdf.set_text_color(*colour)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(self.width - indent, height or size * 0.52, self.clean(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--pdf-size", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    entries = entries_of(args.size)
    ctx = ExportContext(
        generated_at=datetime(2026, 11, 22, tzinfo=UTC), clusters=cluster_labels(load_ccrt())
    )
    rows: list[tuple[str, float, float]] = []

    cs = write("csv", entries, ctx)

    out = io.StringIO()
    csv_export.write(entries, out, ctx)
    table = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))

    def ours() -> object:
        return "\r\n".join(",".join(map(csv_export.quoted, r)) for r in table)

    def stdlib() -> object:
        sink = io.StringIO()
        csv.writer(sink).writerows(table)
        return sink.getvalue()

    assert ours() + "\r\n" == stdlib(), "the hand-written quoting must give the csv module's bytes"
    whole = statistics.median(timed(cs) for _ in range(args.runs))
    mine, theirs = ab(ours, stdlib, args.runs)
    rows.append(("csv: hand-written quoting (whole export)", whole, whole - mine + theirs))

    few = entries[: args.pdf_size]
    pd = write("pdf", few, ctx)
    rows.append(
        (
            f"pdf: cached word wrap ({len(few):,} entries)",
            *ab(pd, Patched(pd, t=(pdf_export._Doc, "text", plain_text)), max(1, args.runs // 2)),
        )
    )

    print(f"{'trick':<44} {'with':>9} {'without':>9} {'ratio':>6}")
    for name, with_, without in rows:
        print(f"{name:<44} {with_:>8.3f}s {without:>8.3f}s {without / with_:>6.2f}")


if __name__ == "__main__":
    main()
