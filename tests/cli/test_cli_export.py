"""`journal export` and `journal import` as a client uses them."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import Invoker, make_entry
from relational_journal.models import Episode, FeelingFelt, PersonRef
from relational_journal.storage.store import Store

REAL_NAMES = ("Samira", "Sami", "Grandma Rose", "Rose", "Theo")


def day(n: int) -> datetime:
    return datetime(2026, 11, 1, 19, 0, tzinfo=UTC) + timedelta(days=n)


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_entry(
        make_entry(
            "Samira didn't answer. I wanted Sami to listen.",
            about=day(1),
            title="Waiting for Samira",
            people=(PersonRef("Samira", "partner", "present"),),
            feelings=(FeelingFelt("hurt", "sad", 7),),
            episode=Episode(
                person="Samira",
                wish="for Samira to listen",
                wish_cluster="W6",
                other="Samira looked away",
                other_cluster="RO5",
                self_response="I went quiet",
                self_cluster="RS7",
            ),
            tags=("samira",),
        )
    )
    store.add_entry(
        make_entry(
            "Grandma Rose's kitchen smelled of bread. Theo was there too.",
            about=day(2),
            people=(PersonRef("Grandma Rose", "grandmother", "past"), PersonRef("Theo")),
            feelings=(FeelingFelt("calm", "peaceful", 3),),
            starred=True,
        )
    )
    store.add_entry(
        make_entry(
            "SECRET-WORDS about Samira that stay private.",
            about=day(3),
            private=True,
            people=(PersonRef("Samira"),),
            feelings=(FeelingFelt("terrified", "scared", 9),),
        )
    )
    store.conn.execute("INSERT INTO person_aliases (alias, person_id) VALUES ('Sami', 1)")
    store.conn.execute("UPDATE people SET share_as = 'my grandmother' WHERE name = 'Grandma Rose'")
    return store


def test_markdown_goes_to_stdout_without_private_entries(journal: Any, filled: Store) -> None:
    out = journal("export", "--format", "markdown").stdout
    assert "Waiting for Samira" in out and "Grandma Rose's kitchen" in out
    assert "SECRET-WORDS" not in out and "terrified" not in out
    assert "2 entries" in out


def test_there_is_no_way_to_export_private_entries(journal: Any, filled: Store) -> None:
    for option in ("--include-private", "--private"):
        result = journal("export", "--format", "json", option, ok=False)
        assert result.exit_code == 2
    data = json.loads(journal("export", "--format", "json").stdout)
    assert all(not e["private"] for e in data["entries"])
    assert len(data["entries"]) == 2


def test_csv_long_gives_a_row_per_feeling_and_only_for_csv(journal: Any, filled: Store) -> None:
    out = journal("export", "--format", "csv", "--long").stdout
    assert out.splitlines()[0] == "entry,date,time,feeling,family,intensity,in_vocabulary"
    assert out.splitlines()[1:] == [
        "1,2026-11-02,19:00,hurt,sad,7,yes",
        "2,2026-11-03,19:00,calm,peaceful,3,yes",
    ]
    result = journal("export", "--format", "json", "--long", ok=False)
    assert result.exit_code == 2 and "--long" in result.output


def test_with_review_counts_only_the_exported_entries(journal: Any, filled: Store) -> None:
    for fmt in ("markdown", "html"):
        out = journal("export", "--format", fmt, "--with-review").stdout
        assert "terrified" not in out and "SECRET-WORDS" not in out
        assert "scared" not in out.lower()


def test_filters_narrow_the_export(journal: Any, filled: Store) -> None:
    out = journal("export", "--format", "json", "--person", "Theo").stdout
    assert [e["body"][:7] for e in json.loads(out)["entries"]] == ["Grandma"]
    out = journal("export", "--format", "json", "--starred").stdout
    assert len(json.loads(out)["entries"]) == 1
    result = journal("export", "--format", "json", "--person", "Nobody", ok=False)
    assert result.exit_code == 1 and "nothing was written" in " ".join(result.output.split())


def test_file_is_written_owner_only_and_never_overwritten_without_force(
    journal: Any, filled: Store, tmp_path: Path
) -> None:
    target = tmp_path / "share.html"
    journal("export", "--format", "html", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = target.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>")
    target.write_text("mine", encoding="utf-8")
    result = journal("export", "--format", "html", "-o", str(target), ok=False)
    assert result.exit_code == 1 and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "mine"
    journal("export", "--format", "html", "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_pdf_needs_an_output_file(journal: Any, filled: Store, tmp_path: Path) -> None:
    result = journal("export", "--format", "pdf", ok=False)
    assert result.exit_code == 1 and "-o" in result.output
    journal("export", "--format", "pdf", "-o", str(tmp_path / "s.pdf"), "--paper", "letter")
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF-")


def test_preview_shows_what_is_shared_and_asks_first(
    journal: Any, filled: Store, tmp_path: Path
) -> None:
    target = tmp_path / "share.md"
    result = journal("export", "-o", str(target), "--preview", input="n\n", ok=False)
    assert result.exit_code == 1 and not target.exists()
    assert "2 entries" in result.output and "Samira" in result.output
    assert "Write it?" in result.output
    journal("export", "-o", str(target), "--preview", input="y\n")
    assert target.exists()


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "csv", "pdf"])
def test_pseudonymize_leaves_no_real_name_anywhere(
    journal: Any, filled: Store, tmp_path: Path, fmt: str
) -> None:
    if fmt == "pdf" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed to read the PDF back")
    target = tmp_path / f"share.{fmt}"
    journal("export", "--format", fmt, "-o", str(target), "--pseudonymize", "--with-review")
    text = _pdf_text(target) if fmt == "pdf" else target.read_text(encoding="utf-8")
    for name in REAL_NAMES:
        assert not re.search(rf"\b{name}\b", text, re.IGNORECASE), name
    assert "Person A" in text and "my grandmother" in text and "Person B" in text


def test_preview_shows_the_pseudonyms(journal: Any, filled: Store, tmp_path: Path) -> None:
    result = journal(
        "export", "-o", str(tmp_path / "x.md"), "--preview", "--pseudonymize", input="n\n", ok=False
    )
    assert "Samira → Person A" in result.output


# -- import --------------------------------------------------------------------------------


def _jrnl_file(tmp_path: Path) -> Path:
    file = tmp_path / "jrnl.json"
    file.write_text(
        json.dumps(
            {
                "tags": {"@sam": 1},
                "entries": [
                    {
                        "title": "Walk with @Sam.",
                        "body": "Good.",
                        "date": "2024-05-01",
                        "time": "09:00",
                        "tags": ["@sam"],
                        "starred": True,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return file


def test_import_jrnl_then_again_adds_nothing(journal: Any, tmp_path: Path) -> None:
    file = _jrnl_file(tmp_path)
    assert (
        "Imported 1 entry from jrnl" in journal("import", str(file), "--tags-as", "people").output
    )
    again = journal("import", str(file), "--format", "jrnl").output
    assert "Imported 0 entries" in again and "1 already in the journal" in again
    data = json.loads(journal("export", "--format", "json").stdout)
    assert data["entries"][0]["people"][0]["name"] == "Sam"


def test_import_of_a_bad_file_is_one_line_and_changes_nothing(journal: Any, tmp_path: Path) -> None:
    file = tmp_path / "bad.json"
    file.write_text('{"tags": {}, "entries": [{"date": "2024-02-30"}]}', encoding="utf-8")
    result = journal("import", str(file), ok=False)
    assert result.exit_code == 1
    assert "jrnl entry 1, field 'date'" in result.output
    assert "Traceback" not in result.output
    out = journal("export", "--format", "json", ok=False)
    assert out.exit_code == 1  # still nothing to share


def test_export_then_import_into_an_empty_journal_round_trips(
    journal: Any, filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "all.json"
    journal("export", "--format", "json", "-o", str(file))
    before = json.loads(file.read_text(encoding="utf-8"))["entries"]
    monkeypatch.setenv("RELATIONAL_JOURNAL_HOME", str(tmp_path / "elsewhere"))
    journal("import", str(file))
    after = json.loads(journal("export", "--format", "json").stdout)["entries"]
    assert after == before


# -- the HTML in a real browser ------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_html_renders_and_prints_in_headless_chromium_with_no_outside_resource(
    journal: Any, filled: Store, tmp_path: Path
) -> None:
    page = tmp_path / "share.html"
    journal("export", "--format", "html", "-o", str(page), "--with-review")
    html = page.read_text(encoding="utf-8")
    for attribute in re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", html, re.I):
        assert not re.match(r"(https?:)?//", attribute), attribute
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", html, re.I)
    assert "<script" not in html.lower()
    pdf = tmp_path / "printed.pdf"
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        assert "Waiting for Samira" in _pdf_text(pdf)


def test_safety_plan_is_exported_only_on_request(journal: Invoker) -> None:
    from relational_journal.paths import db_path
    from relational_journal.storage.safety_plan import SECTIONS, save_sections
    from relational_journal.storage.store import Store

    journal("write", "--text", "A day with ups and downs.")
    with Store.open(db_path()) as store:
        save_sections(store, {SECTIONS[3].key: "Call Ruth on 555 0101"})
    plain = journal("export", "--format", "markdown").output
    assert "Call Ruth" not in plain and "My safety plan" not in plain
    assert "has written one; it is not included" in plain  # the brief says it exists
    asked = journal("export", "--format", "markdown", "--with-safety-plan").output
    assert "My safety plan" in asked and "Call Ruth on 555 0101" in asked
    # After the entries, never inside the review or the brief.
    assert asked.index("A day with ups and downs") < asked.index("My safety plan")
    assert "it is on the last page" in asked
    refused = journal("export", "--format", "csv", "--with-safety-plan", ok=False)
    assert refused.exit_code == 2
