"""CSV for a spreadsheet: one row per entry, or with `--long` one row per feeling felt.

The moment is given three ways: `about` as ISO 8601 with its UTC offset, and
`date` and `time` as the local date and clock time the entry is about, in
columns of their own so a spreadsheet can chart by day without parsing.
Cells that could run as formulas are defused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING

from relational_journal.interchange.export.common import feeling_label, iso, person_label

if TYPE_CHECKING:
    from relational_journal.interchange.export import ExportContext
    from relational_journal.models import Entry

COLUMNS = (
    "id",
    "about",
    "date",
    "time",
    "written_at",
    "title",
    "body",
    "prompt",
    "prompt_text",
    "people",
    "feelings",
    "tags",
    "starred",
    "episode_person",
    "what_happened",
    "wish",
    "wish_cluster",
    "wish_label",
    "other",
    "other_cluster",
    "other_label",
    "other_expected",
    "self",
    "self_cluster",
    "self_label",
)
LONG_COLUMNS = ("entry", "date", "time", "feeling", "family", "intensity", "in_vocabulary")
# A spreadsheet treats a cell starting with one of these as a formula (or DDE
# command); a leading apostrophe makes it plain text (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Could any cell of a row (joined with NUL) need defusing? Almost no row does,
# so one search per row replaces a check per cell; a hit falls back to safe_cell.
_MAYBE_FORMULA = re.compile(r"\x00(?:[\t\r]| *[=+\-@])")
_NO_EPISODE = [""] * 12  # the episode columns of an entry without one


def safe_cell(value: str) -> str:
    if value.startswith(FORMULA_STARTS) or value.lstrip(" ").startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def write(entries: Iterable[Entry], sink: IO[str], ctx: ExportContext) -> int:
    if ctx.csv_bom:
        sink.write("\ufeff")  # lets spreadsheets read the file as UTF-8
    if ctx.csv_long:
        return _write_long(entries, sink)
    sink.write(",".join(map(quoted, COLUMNS)) + "\r\n")
    clusters = ctx.clusters
    prompts = ctx.prompts
    maybe_formula = _MAYBE_FORMULA.search
    count = 0
    for entry in entries:
        ep = entry.episode
        prompt_id = entry.prompt_id
        row = [
            str(entry.id or ""),
            iso(entry.about),
            entry.about.strftime("%Y-%m-%d"),
            entry.about.strftime("%H:%M"),
            iso(entry.written_at),
            entry.title or "",
            entry.body,
            prompt_id or "",
            (prompts.get(prompt_id) or "") if prompt_id else "",
            "; ".join([person_label(p) for p in entry.people]),
            "; ".join([feeling_label(f) for f in entry.feelings]),
            "; ".join(entry.tags),
            "yes" if entry.starred else "",
        ]
        if ep is None:
            row += _NO_EPISODE
        else:
            w_code, w_label = _cluster(ep.wish_cluster, clusters)
            ro_code, ro_label = _cluster(ep.other_cluster, clusters)
            rs_code, rs_label = _cluster(ep.self_cluster, clusters)
            row += [
                ep.person or "",
                ep.what_happened or "",
                ep.wish or "",
                w_code,
                w_label,
                ep.other or "",
                ro_code,
                ro_label,
                "yes" if ep.other_expected else "",
                ep.self_response or "",
                rs_code,
                rs_label,
            ]
        if maybe_formula("\x00" + "\x00".join(row)):
            row = [safe_cell(cell) for cell in row]
        sink.write(",".join(map(quoted, row)) + "\r\n")
        count += 1
    return count


def _write_long(entries: Iterable[Entry], sink: IO[str]) -> int:
    """One row per feeling felt: entry, local date and time, word, family, intensity.

    Returns the number of entries written (an entry without feelings has no row).
    """
    sink.write(",".join(LONG_COLUMNS) + "\r\n")
    count = 0
    for entry in entries:
        count += 1
        day, clock = entry.about.strftime("%Y-%m-%d"), entry.about.strftime("%H:%M")
        for f in entry.feelings:
            row = [
                str(entry.id or ""),
                day,
                clock,
                f.word,
                f.family or "",
                "" if f.intensity is None else str(f.intensity),
                "yes" if f.in_vocabulary else "",
            ]
            sink.write(",".join(quoted(safe_cell(cell)) for cell in row) + "\r\n")
    return count


def quoted(cell: str) -> str:
    """The cell as Python's csv.writer writes it (excel dialect, minimal quoting, CRLF rows).

    Written out because the csv module's per-character loop was the slowest part of
    the export: at 10,000 entries the export takes 0.32 s with this and 0.56 s
    with csv.writer (benchmarks/bench_export_tricks.py); a test holds the two to
    the same bytes.
    """
    if "," in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _cluster(code: str | None, clusters: Mapping[str, tuple[str, str]]) -> tuple[str, str]:
    """A cluster's code as shown ('W6') and its standard label, or blanks."""
    if not code:
        return "", ""
    code = code.upper()
    found = clusters.get(code)
    return code, (found[0] if found else "") or ""
