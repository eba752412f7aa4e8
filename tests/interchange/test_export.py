"""The exporters, without the CLI: every format, escaping, formula protection, pseudonyms."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import export_text, review_summary
from relational_journal.content.ccrt import load_ccrt
from relational_journal.interchange.export import (
    FORMATS,
    ExportContext,
    Overview,
    Pseudonyms,
    cluster_labels,
    export,
)
from relational_journal.interchange.export.csv import quoted, safe_cell
from relational_journal.interchange.export.pdf_fonts import find_unicode_fonts
from relational_journal.interchange.export.pdf_glyphs import Glyphs, cp1252
from relational_journal.models import Entry, Episode, FeelingFelt, PersonRef
from relational_journal.storage.review_rows import PersonRow

TZ = timezone(timedelta(hours=1))
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def entry(n: int = 1, **kw: object) -> Entry:
    about = datetime(2026, 11, 2, 20, 15, tzinfo=TZ) + timedelta(days=n)
    base: dict[str, object] = {
        "id": n,
        "body": (
            "Sam didn’t call back — again. I felt “invisible”.\n\nLater Mum rang; Łódź, brûlée."
        ),
        "about": about,
        "written_at": about + timedelta(minutes=30),
        "title": "After the call",
        "prompt_id": "checkin-week",
        "pack_id": "checkin",
        "tags": ("work",),
        "people": (PersonRef("Sam", "partner", "present"), PersonRef("Mum", "mother", "past")),
        "feelings": (FeelingFelt("hurt", "sad", 7), FeelingFelt("relieved", "peaceful", None)),
        "episode": Episode(
            person="Sam",
            era="present",
            what_happened="I asked Sam to call me back.",
            wish="to be heard",
            wish_cluster="W6",
            other="ignored me",
            other_cluster="RO5",
            other_expected=True,
            self_response="went quiet",
            self_cluster="RS7",
        ),
    }
    base.update(kw)
    return Entry(**base)  # type: ignore[arg-type]


def context(**kw: object) -> ExportContext:
    base: dict[str, object] = {
        "generated_at": datetime(2026, 11, 18, 9, 0, tzinfo=TZ),
        "title": "Shared entries",
        "clusters": cluster_labels(load_ccrt()),
        "prompts": {"checkin-week": "How has the week felt overall?"},
        "overview": Overview(
            2,
            "2026-11-03",
            "2026-11-04",
            (("Sam", 2), ("Mum", 2)),
            (("sad", 2), ("peaceful", 2)),
            (("hurt", 2), ("relieved", 2)),
        ),
    }
    base.update(kw)
    return ExportContext(**base)  # type: ignore[arg-type]


def render(fmt: str, entries: list[Entry], ctx: ExportContext | None = None) -> str:
    return export_text(fmt, entries, ctx or context())


def test_registry_names_every_format() -> None:
    assert set(FORMATS) == {"markdown", "html", "pdf", "json", "csv"}


def test_markdown_has_entries_in_order_with_prompt_people_feelings_and_episode() -> None:
    text = render("markdown", [entry(1), entry(2, title="Second")])
    assert text.index("After the call") < text.index("Second")
    assert "How has the week felt overall?" in text
    assert "Sam (partner, present)" in text
    assert "hurt 7/10 (sad)" in text
    assert "W6 To be loved and understood" in text
    assert "RO · How they responded (expected):** ignored me" in text
    assert "RS7 Disappointed and depressed" in text
    assert "Sam didn’t call back — again" in text  # curly quotes and dashes kept


def test_markdown_defuses_html_in_entry_text() -> None:
    text = render("markdown", [entry(body=HOSTILE)])
    assert "<script" not in text and "<img" not in text
    assert "&lt;script>" in text


def test_html_escapes_hostile_text_everywhere() -> None:
    hostile = entry(
        body=HOSTILE,
        title=HOSTILE,
        tags=(HOSTILE,),
        people=(PersonRef(HOSTILE, HOSTILE, None),),
        feelings=(FeelingFelt(HOSTILE, "sad", 3),),
        episode=Episode(person=HOSTILE, wish=HOSTILE, what_happened=HOSTILE, wish_cluster="W1"),
    )
    review = review_summary(
        people=[PersonRow(1, HOSTILE, "present", HOSTILE, 3)],
        person_feelings=[(1, HOSTILE, 2)],
    )
    ctx = context(review=review, safety_plan=(("People I can ask for help", HOSTILE),))
    page = render("html", [hostile], ctx)
    assert "<script" not in page
    assert "<img" not in page
    assert "onerror=alert(2)&gt;" in page or "onerror=alert(2)>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img" in page


def test_html_is_self_contained_with_print_css_and_an_svg_chart() -> None:
    page = render("html", [entry()])
    assert "<style>" in page and "@page" in page and "@media print" in page
    assert "<svg" in page and "Feelings by family" in page
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page, re.I)
    assert "@import" not in page


def test_json_format_matches_the_documented_shape() -> None:
    data = json.loads(render("json", [entry(1), entry(2, episode=None)]))
    assert data["format"] == "relational-journal" and data["version"] == 1
    first = data["entries"][0]
    assert first["about"] == "2026-11-03T20:15:00+01:00"
    assert first["written_at"] == "2026-11-03T20:45:00+01:00"
    assert first["prompt"] == "checkin-week"
    assert first["people"][0] == {"name": "Mum", "role": "mother", "era": "past"} or first[
        "people"
    ][0] == {"name": "Sam", "role": "partner", "era": "present"}
    assert first["feelings"][0]["word"] == "hurt" and first["feelings"][0]["intensity"] == 7
    ep = first["episode"]
    assert (ep["wish_cluster"], ep["other_cluster"], ep["self_cluster"]) == ("W6", "RO5", "RS7")
    assert ep["self"] == "went quiet" and ep["other_expected"] is True
    assert data["entries"][1]["episode"] is None


def test_json_of_no_entries_is_still_valid() -> None:
    assert json.loads(render("json", []))["entries"] == []


def test_csv_has_one_row_per_entry_with_joined_cells() -> None:
    text = render("csv", [entry(1), entry(2, body="line one\nline two")])
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[0]["people"] == "Sam (partner, present); Mum (mother, past)"
    assert rows[0]["feelings"] == "hurt 7/10 (sad); relieved (peaceful)"
    assert rows[0]["wish_cluster"] == "W6"
    assert rows[0]["wish_label"] == "To be loved and understood"
    assert rows[1]["body"] == "line one\nline two"
    # the local date and clock time in columns of their own, for charting by day
    assert (rows[0]["date"], rows[0]["time"]) == ("2026-11-03", "20:15")
    assert rows[0]["about"] == "2026-11-03T20:15:00+01:00"


def test_csv_long_has_one_row_per_feeling_for_a_spreadsheet() -> None:
    late = entry(2, feelings=(FeelingFelt("=angry", "mad", 9),))
    text = render("csv", [entry(1), late, entry(3, feelings=())], context(csv_long=True))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["entry"], r["date"], r["feeling"], r["family"], r["intensity"]) for r in rows] == [
        ("1", "2026-11-03", "hurt", "sad", "7"),
        ("1", "2026-11-03", "relieved", "peaceful", ""),
        ("2", "2026-11-04", "'=angry", "mad", "9"),
    ]
    assert rows[0]["time"] == "20:15"


@pytest.mark.parametrize("danger", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_could_run_as_formulas_are_defused(danger: str) -> None:
    text = render(
        "csv", [entry(body=danger, title=danger, tags=(danger,), people=(PersonRef(danger),))]
    )
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    for column in ("body", "title", "tags", "people"):
        assert row[column].startswith("'"), column
    assert safe_cell("plain words") == "plain words"


CSV_TEXT = st.text(alphabet=st.sampled_from(list("ab ,\"\r\n\t\x00=+-@'é;")), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(CSV_TEXT, min_size=2, max_size=6))
def test_csv_cells_are_quoted_exactly_as_the_csv_module_quotes_them(cells: list[str]) -> None:
    expected = io.StringIO(newline="")
    csv.writer(expected, lineterminator="\r\n").writerow(cells)
    assert ",".join(map(quoted, cells)) + "\r\n" == expected.getvalue()


@settings(max_examples=200, deadline=None)
@given(CSV_TEXT, CSV_TEXT, CSV_TEXT)
def test_csv_reads_back_every_cell_as_written_with_formulas_defused(
    title: str, body: str, wish: str
) -> None:
    one = entry(title=title or None, body=body, episode=Episode(wish=wish or None))
    text = render("csv", [one, entry(2)], context(csv_bom=False))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    assert (rows[0]["title"], rows[0]["body"], rows[0]["wish"]) == (
        safe_cell(title),
        safe_cell(body),
        safe_cell(wish),
    )


def test_pdf_is_a_pdf_with_core_fonts_and_never_crashes_on_any_glyph() -> None:
    weird = "Łódź “quotes” — dash, 日本語, emoji 😀, Zalgo z̷͉a̸, \x00 nul, \u202e bidi"
    data = render("pdf", [entry(body=weird, title=weird)], context(pdf_fonts=None))
    assert data.startswith("%PDF-")
    assert "%%EOF" in data[-64:]


@pytest.mark.skipif(find_unicode_fonts() is None, reason="no DejaVu fonts on this computer")
def test_pdf_with_a_unicode_font() -> None:
    data = render("pdf", [entry(body="Łódź 日本語 😀")], context(pdf_fonts=find_unicode_fonts()))
    assert data.startswith("%PDF-")


def test_core_font_text_maps_quotes_and_accents_and_shows_what_it_cannot_print() -> None:
    clean = Glyphs(cp1252)
    assert clean("“Zoë’s” café — Łódź") == "“Zoë’s” café — Lódz"
    # a name no font can show is printed as its codes, never lost as "?"
    assert clean("日本 😀") == "[U+65E5][U+672C] [U+1F600]"


def test_every_format_exports_nothing_gracefully() -> None:
    for fmt in FORMATS:
        assert render(fmt, [], context(overview=Overview(0)))


def test_entries_are_streamed_not_collected() -> None:
    seen = []

    def stream() -> Iterator[Entry]:
        for n in range(1, 4):
            seen.append(n)
            yield entry(n)

    out = io.StringIO()
    gen = stream()
    export("json", gen, out, context())
    assert seen == [1, 2, 3]


# -- pseudonyms ------------------------------------------------------------------------

REAL = ("Sam", "Sammy", "Mum", "Alexandra")


def pseudonyms() -> Pseudonyms:
    return Pseudonyms(
        [("Sam", ("Sammy",), None), ("Mum", (), "my mother"), ("Alexandra", (), None)]
    )


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "csv"])
def test_pseudonyms_leave_no_real_name_in_any_format(fmt: str) -> None:
    e = entry(
        title="Sam and Mum",
        body="SAM said Sammy's plan was fine; mum and Alexandra's sister disagreed.",
        tags=("sam",),
    )
    ctx = context(pseudonyms=pseudonyms(), review=review_summary())
    out = render(fmt, [e], ctx)
    for name in REAL:
        assert not re.search(rf"\b{name}\b", out, re.IGNORECASE), (fmt, name)
    assert "Person A" in out and "my mother" in out
    if fmt in ("markdown", "html"):  # the review's own names are replaced too
        assert "Echoes across relationships" in out and "Person A: 5, 3" in out


def test_a_person_named_like_a_review_word_leaves_the_review_whole() -> None:
    names = Pseudonyms([("Day", (), None), ("Week", (), None)])
    review = review_summary(people=[PersonRow(1, "Day", "present", "friend", 3)])
    hidden = names.within(review)
    assert hidden.unit == review.unit and hidden.period.kind == "week"
    assert [p.name for p in hidden.people] == ["Person A"]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_safety_plan_keeps_the_clients_markdown_and_line_breaks(fmt: str) -> None:
    plan = (("Signs that a hard time is coming", "Not sleeping.\nSkipping meals *again*."),)
    out = render(fmt, [entry()], context(safety_plan=plan))
    assert "My safety plan" in out and "Signs that a hard time is coming" in out
    if fmt == "html":
        assert "Not sleeping.<br />" in out and "<em>again</em>" in out
    else:
        assert "Not sleeping.\nSkipping meals *again*." in out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
def test_pseudonyms_leave_no_real_name_in_the_pdf(tmp_path: Path) -> None:
    e = entry(title="Sam and Mum", body="SAM said Sammy's plan was fine; Alexandra agreed.")
    ctx = context(
        pseudonyms=pseudonyms(),
        review=review_summary(),
        safety_plan=(("People I can ask for help", "Sam: 07700 900123"),),
    )
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(render("pdf", [e], ctx).encode("latin-1"))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Person A" in text and "my mother" in text
    for name in REAL:
        assert not re.search(rf"\b{name}\b", text, re.IGNORECASE), name


def test_pseudonyms_are_stable_and_whole_word() -> None:
    p = pseudonyms()
    assert p.text("Sam, Sammy and Samantha") == "Person A, Person A and Samantha"
    assert p.text("Alexandra met Mum") == "Person B met my mother"
    assert p.name("@sam") == "Person A"
