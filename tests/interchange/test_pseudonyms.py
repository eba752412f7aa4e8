"""A pseudonymised export names no one: every field, every format, every way a name is written."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from helpers import export_text, review_summary
from relational_journal.content.ccrt import load_ccrt
from relational_journal.interchange.export import (
    ExportContext,
    Overview,
    Pseudonyms,
    cluster_labels,
)
from relational_journal.interchange.export.pseudonyms import fold
from relational_journal.models import Entry, Episode, FeelingFelt, PersonRef
from relational_journal.storage.review_rows import PersonRow

PEOPLE = [
    ("Zoë", (), None),
    ("Dr. Ruth Okafor", ("Dr O",), None),
    ("Işık", (), None),
    ("Linda", (), None),
    ("Mother", (), "my mother"),
]
# Every way the client might have written them, none of which may reach the therapist.
WRITTEN = ("Zoë", "Zoe", "ZOË", "Ruth", "Okafor", "Dr O", "Işık", "IŞIK", "isik", "Linda")


def names() -> Pseudonyms:
    return Pseudonyms(PEOPLE)


def leaks(text: str) -> list[str]:
    folded = fold(text)
    return [w for w in WRITTEN if re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded)]


def test_every_way_of_writing_a_name_is_replaced() -> None:
    p = names()
    decomposed = unicodedata.normalize("NFD", "Zoë")
    assert p.text(f"{decomposed} and zoe and ZOË") == "Person A and Person A and Person A"
    assert p.text("Okafor's room; Ruth smiled; OKAFOR again") == (
        "Person B's room; Person B smiled; Person B again"
    )
    assert p.text("I told Dr O, then Dr. Ruth Okafor") == "I told Person B, then Person B"
    assert p.text("Drops of rain") == "Drops of rain"  # a title alone is no one


def test_turkish_names_fold_both_ways_without_failing() -> None:
    p = names()
    assert p.text("IŞIK and ışık and Isik") == "Person C and Person C and Person C"
    assert Pseudonyms([("İpek", (), None)]).text("ipek and İPEK") == "Person A and Person A"


def test_a_pseudonym_never_doubles_the_word_before_it() -> None:
    p = names()
    assert p.text("my Mother said no") == "my mother said no"
    assert p.text("Mother said no") == "my mother said no"
    assert p.text("My mother's house") == "My mother's house"  # not her name: left alone


def test_roles_are_shared_as_their_plain_word() -> None:
    p = names()
    assert p.role("friend of Zoë") == "friend"
    assert p.role("Linda's boss") == "boss"
    assert p.role("sister") == "sister"
    assert p.person(PersonRef("Linda", "friend of Zoë", "present")) == PersonRef(
        "Person D", "friend", "present"
    )


TZ = timezone(timedelta(hours=1))
AT = datetime(2026, 11, 3, 20, 15, tzinfo=TZ)


def full_entry() -> Entry:
    return Entry(
        id=1,
        about=AT,
        written_at=AT,
        title="Talking to Zoe about Ruth",
        body="OKAFOR said Işık was right. Linda-ish mood. Later my Mother called.",
        prompt_id="what-did-linda-say",
        pack_id="linda-pack",
        tags=("zoë", "work"),
        people=(PersonRef("Zoë", "friend of Linda", "present"), PersonRef("Işık", None, None)),
        feelings=(FeelingFelt("linda-ish", None, 4, in_vocabulary=False),),
        episode=Episode(
            person="Dr. Ruth Okafor",
            era="therapy",
            what_happened="Ruth was late",
            wish="for Okafor to notice",
            other="Dr O looked away",
            self_response="I told Zoë",
        ),
    )


def full_context() -> ExportContext:
    return ExportContext(
        generated_at=AT,
        title="Shared entries",
        clusters=cluster_labels(load_ccrt()),
        pseudonyms=names(),
        prompts={"what-did-linda-say": "What did Linda say when you told her?"},
        overview=Overview(1, "2026-11-03", "2026-11-03", (("Zoë", 1),), (), (("linda-ish", 1),)),
        review=review_summary(people=[PersonRow(1, "Işık", "present", "friend of Zoë", 3)]),
        safety_plan=(("People I can ask for help", "Ruth Okafor: 07700 900123"),),
    )


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "csv"])
def test_no_field_of_any_format_names_anyone(fmt: str) -> None:
    out = export_text(fmt, [full_entry()], full_context())
    assert leaks(out) == [], fmt
    assert "Person A" in out and "my my" not in out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
def test_the_pdf_names_no_one(tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(export_text("pdf", [full_entry()], full_context()).encode("latin-1"))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert leaks(text) == [] and "Person A" in text
