"""The PDF as a reader sees it: every script printed, Markdown drawn, pages broken with care."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relational_journal.interchange.export import ExportContext, Overview, export
from relational_journal.interchange.export.pdf_fonts import (
    find_fallback_fonts,
    find_unicode_fonts,
)
from relational_journal.interchange.export.pdf_glyphs import Glyphs, cmap_covers, cp1252
from relational_journal.models import Entry, FeelingFelt, PersonRef

TZ = UTC
FONTS = find_unicode_fonts()
FALLBACKS = find_fallback_fonts()
SCRIPTS = {role for role, _, _ in FALLBACKS}
PDFTOTEXT = shutil.which("pdftotext")
needs_reader = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler) not installed")
needs_dejavu = pytest.mark.skipif(FONTS is None, reason="no DejaVu fonts on this computer")


def entry(n: int, body: str, **kw: object) -> Entry:
    about = datetime(2026, 11, 2, 20, 15, tzinfo=TZ) + timedelta(days=n)
    base: dict[str, object] = {
        "id": n,
        "body": body,
        "about": about,
        "written_at": about,
        "title": f"Evening {n}",
        "people": (PersonRef("Sam", "partner", "present"),),
        "feelings": (FeelingFelt("hurt", "sad", 6), FeelingFelt("hopeful", "joyful", 3)),
    }
    base.update(kw)
    return Entry(**base)  # type: ignore[arg-type]


def pdf_of(entries: list[Entry], tmp_path: Path, **kw: object) -> Path:
    base: dict[str, object] = {
        "generated_at": datetime(2026, 11, 18, 9, 0, tzinfo=TZ),
        "title": "Shared entries",
        "overview": Overview(len(entries), "2026-11-03", "2026-11-16", (("Sam", 1),)),
        "pdf_fonts": FONTS,
        "pdf_fallbacks": FALLBACKS,
    }
    base.update(kw)
    out = io.BytesIO()
    export("pdf", entries, out, ExportContext(**base))  # type: ignore[arg-type]
    path = tmp_path / "share.pdf"
    path.write_bytes(out.getvalue())
    return path


def pages(path: Path) -> list[list[str]]:
    """Each page's lines as pdftotext -layout reads them, blank lines left out."""
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [line.strip() for line in page.split("\n") if line.strip()]
        for page in text.split("\f")
        if page.strip()
    ]


@needs_reader
@needs_dejavu
@pytest.mark.skipif("cjk" not in SCRIPTS, reason="no CJK font on this computer")
def test_a_chinese_name_and_a_star_print_as_written(tmp_path: Path) -> None:
    wang = PersonRef("王小明", "friend", "present")
    one = entry(1, "Lunch with 王小明 went well.", people=(wang,), starred=True)
    path = pdf_of(
        [one], tmp_path, overview=Overview(1, "2026-11-03", "2026-11-03", (("王小明", 1),))
    )
    text = "\n".join("\n".join(p) for p in pages(path))
    assert "王小明 (1)" in text  # the people line at the top
    assert "People: 王小明 (friend, present)" in text
    assert "Lunch with 王小明 went well." in text
    assert "Evening 1 ★" in text
    assert "?" not in text


@needs_dejavu
@pytest.mark.skipif("emoji" not in SCRIPTS, reason="no emoji font on this computer")
def test_an_emoji_is_drawn_from_the_emoji_font_not_replaced() -> None:
    paths = [(FONTS[k], 0) for k in ("serif", "sans")] if FONTS else []
    clean = Glyphs(cmap_covers(paths + [(p, i) for _, p, i in FALLBACKS]))
    assert clean("a good day 🙂") == "a good day 🙂"


def test_a_character_no_font_has_prints_as_a_visible_marker(tmp_path: Path) -> None:
    assert Glyphs(cp1252)("ok 🙂 日") == "ok [U+1F642] [U+65E5]"
    nowhere = "\U000f0001"  # a private-use character no font on any system draws
    paths = [(FONTS[k], 0) for k in ("serif", "sans")] if FONTS else []
    clean = Glyphs(cmap_covers(paths + [(p, i) for _, p, i in FALLBACKS]))
    assert clean(f"before {nowhere} after") == "before [U+F0001] after"
    assert clean("in\u202everted\u200b") == "inverted"  # invisible controls are left out
    if PDFTOTEXT is not None:
        path = pdf_of([entry(1, f"A sign {nowhere} here.")], tmp_path)
        text = "\n".join("\n".join(p) for p in pages(path))
        assert "A sign [U+F0001] here." in text and "?" not in text


@needs_reader
def test_entry_markdown_is_drawn_without_its_marks(tmp_path: Path) -> None:
    body = (
        "I said *sorry* again.\n\n**Questions for session:**\n\n- why so fast?\n\n"
        "> You always make it about you.\n\nSee [the note](https://example.org/n) and "
        "<script>alert(1)</script>."
    )
    path = pdf_of([entry(1, body)], tmp_path)
    text = "\n".join("\n".join(p) for p in pages(path))
    assert "I said sorry again." in text
    assert "Questions for session:" in text and "**" not in text
    assert "• why so fast?" in text
    assert "You always make it about you." in text and "> You" not in text
    assert "the note (https://example.org/n)" in text
    assert "<script>alert(1)</script>." in text  # shown as the text it is


LONG = (
    "I went quiet again when the key turned in the door, and I noticed the brace came "
    "before anything had happened at all. "
) * 7

HEADING = re.compile(r"^ENTRY \d+ · [A-Z]+DAY \d+ [A-Z]+ \d{4}, \d\d:\d\d$")


@needs_reader
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_pages_keep_headings_and_details_with_what_follows(tmp_path: Path, paper: str) -> None:
    entries = []
    for n in range(1, 19):
        text = "\n\n".join([LONG[: 120 + 37 * n], "## What I noticed", LONG[: 80 * (n % 5 + 1)]])
        entries.append(entry(n, text, tags=("week",)))
    path = pdf_of(entries, tmp_path, pdf_paper=paper)
    read = pages(path)
    assert len(read) > 4
    for number, lines in enumerate(read, start=1):
        assert lines[-1] == f"Shared entries · page {number} of {len(read)}"
        body = lines[:-1]
        if number > 1:
            assert body[0] == "Shared entries · 3 November 2026 to 16 November 2026"
            body = body[1:]
        # Nothing that introduces text ends a page, and no detail line starts one.
        last = body[-1]
        assert not HEADING.match(last), (number, last)
        assert not last.startswith(("Evening ", "People:", "Feelings:", "Tags:", "What I noticed"))
        assert not body[0].startswith(("People:", "Feelings:", "Tags:")), (number, body[0])
        for i, line in enumerate(body):
            if HEADING.match(line):  # the date, title, details and two lines of the body
                assert body[i + 1].startswith("Evening ")
                assert body[i + 2].startswith("People:") and body[i + 4].startswith("Tags:")
                assert len(body) > i + 6, (number, line)


@needs_reader
def test_the_safety_plan_prints_on_pages_of_its_own(tmp_path: Path) -> None:
    plan = (("Signs that a hard time is coming", "Not sleeping."),)
    path = pdf_of([entry(1, "A short day.")], tmp_path, safety_plan=plan)
    read = pages(path)
    plan_pages = [p for p in read if "MY SAFETY PLAN" in p]
    assert len(plan_pages) == 1
    page = "\n".join(plan_pages[0])
    assert "Not sleeping." in page
    assert "A short day." not in page and "PEOPLE" not in page


def test_a_fallback_font_is_asked_only_for_what_the_main_font_lacks() -> None:
    asked: list[str] = []

    def fallback(ch: str) -> bool:
        asked.append(ch)
        return ch == "★"

    clean = Glyphs(lambda ch: ch.isascii(), fallback)
    assert clean("A ★ 🙂 Zoë") == "A ★ [U+1F642] Zoe"
    assert asked == ["★", "🙂", "ë"]
    assert "?" not in Glyphs(cp1252)("Zoë ★ 王")


def _embedded_fonts(path: Path) -> set[str]:
    return {
        m.split("+")[-1]
        for m in re.findall(r"/BaseFont /([\w+-]+)", path.read_bytes().decode("latin-1"))
    }


@needs_dejavu
@pytest.mark.skipif("cjk" not in SCRIPTS, reason="no CJK font on this computer")
def test_the_cjk_font_goes_into_the_pdf_only_when_a_character_needs_it(tmp_path: Path) -> None:
    latin = _embedded_fonts(pdf_of([entry(1, "Lunch with Sam went well.")], tmp_path))
    assert latin and not any("CJK" in f or "Fallback" in f for f in latin)
    wang = PersonRef("王小明", "friend", "present")
    chinese = _embedded_fonts(pdf_of([entry(1, "Lunch went well.", people=(wang,))], tmp_path))
    assert any("CJK" in f or "Fallback" in f for f in chinese - latin)


@needs_reader
def test_without_unicode_fonts_a_name_is_still_there_as_codes(tmp_path: Path) -> None:
    wang = PersonRef("王小明", "friend", "present")
    path = pdf_of([entry(1, "“Quoted” café.", people=(wang,))], tmp_path, pdf_fonts=None)
    text = "\n".join("\n".join(p) for p in pages(path))
    assert "[U+738B][U+5C0F][U+660E]" in "".join(text.split())
    assert "café" in text and "?" not in text


@needs_reader
def test_a_heading_over_another_heading_goes_with_it_to_the_next_page(tmp_path: Path) -> None:
    from relational_journal.core.document import Heading, Lines
    from relational_journal.interchange.export.pdf import _Doc, _front

    ctx = ExportContext(generated_at=datetime(2026, 11, 18, 9, 0, tzinfo=TZ), pdf_fonts=FONTS)
    doc = _Doc(ctx)
    doc.pdf.add_page()
    doc.pdf.set_y(doc.pdf.page_break_trigger - 21)  # room for one heading and its keep, not two
    blocks = [Heading(2, "Review of the shared entries"), Heading(3, "Feelings tagged")]
    _front(doc, [*blocks, Lines("calm 2, hurt 3")])  # page 2 opens with the running title
    path = tmp_path / "front.pdf"
    path.write_bytes(bytes(doc.pdf.output()))
    read = pages(path)
    assert not any("REVIEW OF THE SHARED ENTRIES" in line for line in read[0])
    assert read[1][1:4] == ["REVIEW OF THE SHARED ENTRIES", "FEELINGS TAGGED", "calm 2, hurt 3"]
