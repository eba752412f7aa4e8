"""Day One's JSON export, alone and in its .zip: titles, escapes, zones, and what stays behind."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from relational_journal.errors import ImportFileError
from relational_journal.interchange.import_dayone import split_text, unescape
from relational_journal.interchange.importing import detect, import_file
from relational_journal.models import Entry
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

TZ = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ALL = EntryFilter(privacy="include")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "journal.db")


def entries(store: Store) -> list[Entry]:
    return sorted(store.iter_entries(ALL), key=lambda e: e.about)


def dayone(*items: dict[str, Any]) -> dict[str, Any]:
    return {"metadata": {"version": "1.0"}, "entries": list(items)}


FIRST = {
    "uuid": "A1",
    "creationDate": "2026-11-03T20:15:00Z",
    "timeZone": "Europe/London",
    "text": "# After the session\n\nI told her I was angry\\. It felt risky\\!\n\n"
    "1\\. Say it sooner\n\\- notice my shoulders\n![](dayone-moment://ABCDEF)\n",
    "starred": True,
    "tags": ["therapy", "#anger", "therapy"],
    "photos": [{"identifier": "ABCDEF"}, {"identifier": "X2"}],
    "location": {"localityName": "London"},
    "weather": {"conditionsDescription": "Rain"},
}
SECOND = {
    "creationDate": "2026-11-04T06:30:00Z",
    "timeZone": "America/New_York",
    "text": "Morning",
    "location": {"localityName": "New York"},
}
PHOTO_ONLY = {
    "creationDate": "2026-11-05T10:00:00Z",
    "text": "![](dayone-moment://P9)",
    "photos": [{}],
}


def test_day_one_json_becomes_entries_titled_as_day_one_shows_them(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps(dayone(FIRST, SECOND, PHOTO_ONLY)), encoding="utf-8")
    result = import_file(store, path, tz=TZ, now=NOW)
    assert (result.format, result.added) == ("dayone", 2)
    assert dict(result.left_out) == {"photos": 3, "locations": 2, "weather": 1, "empty": 1}
    first, second = entries(store)
    assert first.title == "After the session"
    assert first.body == (
        "I told her I was angry. It felt risky!\n\n1. Say it sooner\n- notice my shoulders"
    )
    assert first.starred and sorted(first.tags) == ["anger", "therapy"]
    # Kept in the zone it was written in: 20:15 UTC was 20:15 in London in November.
    assert first.about == datetime(2026, 11, 3, 20, 15, tzinfo=ZoneInfo("Europe/London"))
    assert first.about.utcoffset() == timedelta(0)
    assert (second.title, second.body, second.starred) == ("Morning", "", False)
    assert second.about.hour == 1 and second.about.utcoffset() == timedelta(hours=-5)


def test_the_zip_export_with_two_journals_is_one_import(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Journal.json", json.dumps(dayone(FIRST)))
        archive.writestr("Travel.json", json.dumps(dayone(SECOND)))
        archive.writestr("photos/ABCDEF.jpeg", b"\xff\xd8\xff not really a picture")
        archive.writestr("__MACOSX/._Journal.json", b"\x00\x05")
    result = import_file(store, path, tz=TZ, now=NOW)
    assert (result.format, result.added) == ("dayone", 2)
    assert [e.title for e in entries(store)] == ["After the session", "Morning"]
    again = import_file(store, path, tz=TZ, now=NOW)
    assert (again.added, again.skipped) == (0, 2)


def test_a_zip_that_is_not_a_day_one_export_imports_nothing(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.jpeg", b"\xff\xd8\xff")
    with pytest.raises(ImportFileError, match="not a Day One export"):
        import_file(store, path, tz=TZ, now=NOW)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("Journal.json", json.dumps(dayone(FIRST)))
        archive.writestr("jrnl.json", json.dumps({"tags": {}, "entries": []}))
    with pytest.raises(ImportFileError, match=r"jrnl\.json is not a Day One journal"):
        import_file(store, other, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0


def test_a_damaged_zip_is_one_line(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "cut.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ImportFileError, match="cannot be read"):
        import_file(store, path, tz=TZ, now=NOW)


def test_a_bad_day_one_entry_names_the_entry_and_field(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps(dayone(FIRST, {"creationDate": "soon", "text": "x"})))
    with pytest.raises(ImportFileError, match="Day One entry 2, field 'creationDate'"):
        import_file(store, path, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0


def test_day_one_is_told_from_the_other_json_exports() -> None:
    assert detect(dayone(FIRST)) == "dayone"
    assert detect({"entries": [SECOND]}) == "dayone"
    assert detect({"tags": {}, "entries": []}) == "jrnl"


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("# Title\nBody", "Title", "Body"),
        ("Title only", "Title only", ""),
        ("\n\n## Later heading\n\nText\n\n", "Later heading", "Text"),
        ("![](dayone-moment://X)\nCaption", "Caption", ""),
        ("", None, ""),
    ],
)
def test_the_first_line_is_the_title(text: str, title: str | None, body: str) -> None:
    assert split_text(text) == (title, body)


def test_markdown_escapes_are_undone_but_other_backslashes_stay() -> None:
    assert unescape(r"3\.5 stars\! \(really\) a\_b C:\Users") == r"3.5 stars! (really) a_b C:\Users"
