"""CSV: one row per entry, for a spreadsheet; cells that could run as formulas are defused."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from .common import episode_parts, feeling_label, iso, person_label, prompt_text

if TYPE_CHECKING:
    from ..models import Entry
    from . import ExportContext

COLUMNS = (
    "id",
    "about",
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
# A spreadsheet treats a cell starting with one of these as a formula (or DDE
# command); a leading apostrophe makes it plain text (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    if value.startswith(FORMULA_STARTS) or value.lstrip(" ").startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def write(entries: Iterable[Entry], sink: IO[str], ctx: ExportContext) -> int:
    if ctx.csv_bom:
        sink.write("\ufeff")  # lets spreadsheets read the file as UTF-8
    writer = csv.writer(sink, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for entry in entries:
        ep = entry.episode
        parts = {p.key: p for p in episode_parts(entry, ctx)}

        codes = {k: (p.code or "", p.label or "") for k, p in parts.items()}
        w, ro, rs = (codes.get(k, ("", "")) for k in ("W", "RO", "RS"))
        row = [
            str(entry.id or ""),
            iso(entry.about),
            iso(entry.written_at),
            entry.title or "",
            entry.body,
            entry.prompt_id or "",
            prompt_text(entry, ctx) or "",
            "; ".join(person_label(p) for p in entry.people),
            "; ".join(feeling_label(f) for f in entry.feelings),
            "; ".join(entry.tags),
            "yes" if entry.starred else "",
            (ep.person or "") if ep else "",
            (ep.what_happened or "") if ep else "",
            (ep.wish or "") if ep else "",
            *w,
            (ep.other or "") if ep else "",
            *ro,
            "yes" if ep and ep.other_expected else "",
            (ep.self_response or "") if ep else "",
            *rs,
        ]
        writer.writerow([safe_cell(cell) for cell in row])
        count += 1
    return count
