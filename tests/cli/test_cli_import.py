"""`journal import` of jrnl journals and Day One exports, as the client sees it afterwards."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from relational_journal.cli.import_cmd import summary
from relational_journal.interchange.importing import ImportSummary

JOURNAL = """\
[2026-11-03 20:15] Called @Mum after the session. It went better than I feared.
She asked about @C++ class and @OS/2, of all things.

[2026-11-04 07:30] Morning pages *
Woke early, wrote to sam@example.org.
"""


@pytest.fixture(autouse=True)
def london(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/London")


def test_a_jrnl_text_journal_shows_in_list_and_show(journal: Any, tmp_path: Path) -> None:
    path = tmp_path / "journal.txt"
    path.write_text(JOURNAL, encoding="utf-8")
    out = journal("import", str(path), "--tags-as", "people").output
    assert out.strip() == "Imported 2 entries from a jrnl journal (3 new people)."
    listed = journal("list").output
    assert (
        "2026-11-03" in listed and "20:15" in listed and "Called @Mum after the session." in listed
    )
    assert "★ Morning pages" in listed
    shown = journal("show", "1").output
    assert "It went better than I feared." in shown
    assert "People C++, Mum, OS/2" in shown
    assert "sam@example.org" in journal("show", "2").output
    assert "example" not in journal("people").output


def test_twelve_hour_and_custom_timeformats_from_the_command_line(
    journal: Any, tmp_path: Path
) -> None:
    twelve = tmp_path / "twelve.txt"
    twelve.write_text("[2026-11-03 08:15 PM] Evening walk.\n")
    journal("import", str(twelve))
    dotted = tmp_path / "dotted.txt"
    dotted.write_text("[04.11.2026 21:40] Day-first date.\n")
    bad = journal("import", str(dotted), ok=False)
    assert bad.exit_code == 1 and "line 1" in bad.output and "--timeformat" in bad.output
    journal("import", str(dotted), "--timeformat", "%d.%m.%Y %H:%M")
    listed = journal("list").output
    assert "2026-11-03 Tue 20:15  Evening walk." in listed
    assert "2026-11-04 Wed 21:40  Day-first date." in listed


def test_a_folder_journal(journal: Any, tmp_path: Path) -> None:
    day = tmp_path / "jrnl" / "2025" / "01" / "09.txt"
    day.parent.mkdir(parents=True)
    day.write_text("[2025-01-09 10:00] First of the year.\nWith @Ana.\n")
    assert (
        "from a jrnl folder journal (1 new person)"
        in journal("import", str(day.parents[2]), "--tags-as", "people").output
    )
    assert "2025-01-09 Thu 10:00  First of the year." in journal("list").output


def test_a_day_one_zip_reports_what_was_not_imported(journal: Any, tmp_path: Path) -> None:
    entry = {
        "creationDate": "2026-11-03T20:15:00Z",
        "timeZone": "Europe/London",
        "text": "# Rupture\\, then repair\nI said what I did not say last week\\.",
        "photos": [{}, {}],
        "location": {"placeName": "Home"},
    }
    path = tmp_path / "dayone.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Journal.json", json.dumps({"metadata": {}, "entries": [entry]}))
    out = journal("import", str(path)).output.strip()
    assert out == ("Imported 1 entry from Day One. 2 photos and 1 location were not imported.")
    assert "Rupture, then repair" in journal("list").output
    assert "I said what I did not say last week." in journal("show", "1").output


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"gAAAAABfb4gQBMqqGn_W8v_s7qCi14bX7inuCOKbsBqIUf7_", "run `jrnl --decrypt` first"),
        (b"", "is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"PK\x05\x06" + bytes(18), "not a Day One export"),
        (b"[2026-11-03 20:15] ok\n\n[2026-11 20:15] not ok\n", "line 3"),
    ],
)
def test_a_file_of_another_kind_is_one_line_exit_1_and_nothing_imported(
    journal: Any, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "journal.txt"
    path.write_bytes(content)
    result = journal("import", str(path), ok=False)
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "No entries" in journal("list").output or journal("list").output.strip() == ""


def test_timeformat_is_refused_for_other_formats(journal: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("[2026-11-03 20:15] ok\n")
    result = journal("import", str(path), "--format", "json", "--timeformat", "%H", ok=False)
    assert result.exit_code == 2 and "--timeformat" in result.output


def test_the_summary_names_each_thing_left_behind() -> None:
    result = ImportSummary(
        "dayone", 5, 4, 1, 0, left_out=(("photos", 12), ("audios", 1), ("locations", 30))
    )
    assert summary(result) == (
        "Imported 4 entries from Day One (1 already in the journal, skipped). "
        "12 photos, 1 audio recording and 30 locations were not imported."
    )
    one = ImportSummary("dayone", 1, 1, 0, 0, left_out=(("weather", 1),))
    assert summary(one).endswith(" 1 weather note was not imported.")
