"""What the therapist reads is what the client wrote: other scripts, stars and Markdown bodies."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from relational_journal.interchange.export import ExportContext, export
from relational_journal.interchange.export.pdf import Glyphs, _cmap_covers, find_unicode_fonts
from relational_journal.models import Entry, FeelingFelt, PersonRef

AT = datetime(2026, 11, 3, 20, 15, tzinfo=timezone(timedelta(hours=8)))
BODY = (
    "**Questions for session:** why do I *always* say sorry?\n\n"
    "> she said it was nothing\n\n"
    "- first\n- second\n\n"
    "<script>alert(1)</script>"
)
FONTS = find_unicode_fonts()


def _entry(**kw: object) -> Entry:
    base: dict[str, object] = {
        "id": 7,
        "body": BODY,
        "about": AT,
        "written_at": AT,
        "title": "Dinner with 张伟",
        "starred": True,
        "people": (PersonRef("张伟", "friend", "present"),),
        "feelings": (FeelingFelt("relieved", "peaceful", 6),),
    }
    base.update(kw)
    return Entry(**base)  # type: ignore[arg-type]


def _pdf_text(tmp_path: Path, entry: Entry, fonts: object) -> str:
    raw = io.BytesIO()
    export("pdf", [entry], raw, ExportContext(generated_at=AT, pdf_fonts=fonts))  # type: ignore[arg-type]
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(raw.getvalue())
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _has_cjk_font() -> bool:
    if not FONTS:
        return False
    spare = [v for k, v in FONTS.items() if k.startswith("fallback-")]
    return any(_cmap_covers(path)("张") for path in spare)


def test_a_character_no_font_has_is_shown_as_its_code_never_as_a_question_mark() -> None:
    nothing = Glyphs(lambda ch: ch.isascii() and (ch.isprintable() or ch == " "))
    assert nothing("张伟 🙂 ok") == "[U+5F20][U+4F1F] [U+1F642] ok"
    assert "?" not in nothing("Zoë ★")
    assert nothing("a\u202eb\x00c") == "abc"  # controls and overrides draw nothing


def test_a_fallback_font_draws_what_the_main_font_lacks() -> None:
    drawn: list[str] = []

    def fallback(ch: str) -> bool:
        drawn.append(ch)
        return ch == "★"

    clean = Glyphs(lambda ch: ch.isascii(), fallback)
    assert clean("A ★ 🙂") == "A ★ [U+1F642]"
    assert drawn == ["★", "🙂"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
@pytest.mark.skipif(not _has_cjk_font(), reason="no font for Chinese on this computer")
def test_a_chinese_name_and_the_star_print_in_the_pdf(tmp_path: Path) -> None:
    text = _pdf_text(tmp_path, _entry(), FONTS)
    assert text.count("张伟") >= 2  # the title and the people line
    assert "★" in text and "??" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
def test_without_unicode_fonts_a_name_is_still_there_as_codes(tmp_path: Path) -> None:
    text = _pdf_text(tmp_path, _entry(), None)
    assert "[U+5F20][U+4F1F]" in "".join(text.split()) and "??" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
def test_the_pdf_body_reads_as_written_without_markdown_marks(tmp_path: Path) -> None:
    text = _pdf_text(tmp_path, _entry(), FONTS)
    assert "Questions for session: why do I always say sorry?" in " ".join(text.split())
    assert "**" not in text and "> she said" not in text
    assert "•  first" in text or "• first" in text


def test_the_html_body_is_rendered_and_raw_html_is_never_passed_through() -> None:
    sink = io.StringIO()
    export("html", [_entry()], sink, ExportContext(generated_at=AT))
    html = sink.getvalue()
    assert "<strong>Questions for session:</strong>" in html and "<em>always</em>" in html
    assert "<blockquote>" in html and "<li>first</li>" in html
    assert "**Questions" not in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
