"""Importing: our JSON round trip, jrnl's JSON export, bad files change nothing, no duplicates."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relational_journal.errors import ImportFileError
from relational_journal.export import ExportContext, export
from relational_journal.filters import EntryFilter
from relational_journal.importers import detect, import_file, parse_text, read_entries
from relational_journal.models import Entry, Episode, FeelingFelt, PersonRef
from relational_journal.store import Store

TZ = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ALL = EntryFilter(privacy="include")


def open_store(path: Path) -> Store:
    path.parent.mkdir(parents=True, exist_ok=True)
    return Store.open(path)


def rich_entries() -> list[Entry]:
    base = datetime(2026, 3, 29, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    return [
        Entry(
            body="Sam didn’t call back — again.\n\nÉmile said “later”.",
            about=base,
            written_at=base + timedelta(hours=2),
            title="After the call",
            prompt_id="checkin-week",
            pack_id="checkin",
            starred=True,
            tags=("work", "home"),
            people=(PersonRef("Sam", "partner", "present"), PersonRef("Émile", None, "past")),
            feelings=(
                FeelingFelt("hurt", "sad", 7),
                FeelingFelt("wobbly", None, None, in_vocabulary=False),
            ),
            episode=Episode(
                person="Sam",
                era="present",
                what_happened="I asked",
                wish="to be heard",
                wish_cluster="W6",
                other="ignored me",
                other_cluster="RO5",
                other_expected=True,
                self_response="went quiet",
                self_cluster="RS7",
            ),
        ),
        Entry(
            body="A quiet one.", about=base + timedelta(days=3), written_at=base + timedelta(days=3)
        ),
        Entry(
            body="Only a wish.",
            about=base + timedelta(days=4),
            written_at=base + timedelta(days=5),
            private=True,
            episode=Episode(wish="to rest", wish_cluster="W7"),
        ),
    ]


def export_json(store: Store) -> str:
    out = io.StringIO()
    export("json", store.iter_entries(ALL), out, ExportContext(generated_at=NOW))
    return out.getvalue()


def test_json_round_trip_gives_identical_entries(tmp_path: Path) -> None:
    source = open_store(tmp_path / "a" / "journal.db")
    for e in rich_entries():
        source.add_entry(e)
    source.conn.execute("DELETE FROM entries WHERE id = 2")  # a gap in the ids
    source.add_entry(rich_entries()[1])
    file = tmp_path / "export.json"
    file.write_text(export_json(source), encoding="utf-8")

    target = open_store(tmp_path / "b" / "journal.db")
    result = import_file(target, file, tz=TZ, now=NOW)
    assert (result.format, result.added, result.skipped) == ("json", 3, 0)
    assert list(target.iter_entries(ALL)) == list(source.iter_entries(ALL))
    assert [p.name for p in target.people()] == [p.name for p in source.people()]
    assert [(p.role, p.era) for p in target.people()] == [(p.role, p.era) for p in source.people()]


def test_imported_entries_are_found_by_full_text_search(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.db")
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(jrnl_export()), encoding="utf-8")
    import_file(store, file, tz=TZ, now=NOW)
    hits = store.read("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'lighthouse'")
    assert len(hits) == 1
    triggers = store.read("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    assert [r[0] for r in triggers] == ["entries_ad", "entries_ai", "entries_au"]
    store.add_entry(rich_entries()[1])  # the trigger is back: a new entry is indexed too
    assert store.read("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'quiet'")[0][0] == 1


def jrnl_export() -> dict[str, Any]:
    return {
        "tags": {"@sam": 2, "#work": 1},
        "entries": [
            {
                "title": "Dinner with @Sam.",
                "body": "We talked about the lighthouse trip.",
                "date": "2024-05-01",
                "time": "19:30",
                "tags": ["@sam", "#work"],
                "starred": True,
            },
            {
                "title": "Morning.",
                "body": "",
                "date": "2024-05-02",
                "time": "07:05",
                "tags": [],
                "starred": False,
                "uuid": "abc",
            },
            {
                "title": "@sam again",
                "body": "and @Dr_Lee",
                "date": "2024-05-03",
                "time": "21:00",
                "tags": ["@sam", "@dr_lee"],
                "starred": False,
            },
        ],
    }


def test_jrnl_import_keeps_title_body_date_star_and_makes_people_of_at_tags(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "journal.db")
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(jrnl_export()), encoding="utf-8")
    result = import_file(store, file, tz=TZ, now=NOW)
    assert (result.format, result.added, result.people_added) == ("jrnl", 3, 2)
    first, second, third = store.iter_entries(ALL)
    assert first.title == "Dinner with @Sam." and first.body.startswith("We talked")
    assert first.about == datetime(2024, 5, 1, 19, 30, tzinfo=TZ)
    assert first.starred and not second.starred
    assert [p.name for p in first.people] == ["Sam"]  # as written, not jrnl's lowercase
    assert first.tags == ("work",)
    assert second.body == "" and second.people == ()
    assert sorted(p.name for p in third.people) == ["Dr_Lee", "Sam"]
    assert {p.name for p in store.people()} == {"Sam", "Dr_Lee"}


def test_importing_the_same_file_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.db")
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(jrnl_export()), encoding="utf-8")
    import_file(store, file, tz=TZ, now=NOW)
    again = import_file(store, file, tz=TZ, now=NOW)
    assert (again.added, again.skipped) == (0, 3)
    assert store.count_entries(ALL) == 3


def test_our_export_imported_twice_is_not_duplicated(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.db")
    for e in rich_entries():
        store.add_entry(e)
    file = tmp_path / "export.json"
    file.write_text(export_json(store), encoding="utf-8")
    result = import_file(store, file, tz=TZ, now=NOW)
    assert (result.added, result.skipped) == (0, 3)


def big_jrnl(n: int, bad_at: int | None = None, field: str = "date") -> dict[str, Any]:
    entries = [
        {
            "title": f"Entry {i}.",
            "body": "text",
            "date": "2020-01-01",
            "time": f"{i // 60 % 24:02d}:{i % 60:02d}",
            "tags": ["@sam"],
            "starred": False,
        }
        for i in range(n)
    ]
    if bad_at is not None:
        entries[bad_at - 1][field] = "2020-02-30" if field == "date" else 12
    return {"tags": {}, "entries": entries}


def test_a_bad_date_deep_in_the_file_changes_nothing_and_names_entry_and_field(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "journal.db")
    store.add_entry(rich_entries()[1])
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(big_jrnl(8000, bad_at=7342)), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        import_file(store, file, tz=TZ, now=NOW)
    message = str(caught.value)
    assert "entry 7,342" in message and "'date'" in message
    assert "text" not in message.replace("the entry", "")  # no entry text in the message
    assert store.count_entries(ALL) == 1
    assert [p.name for p in store.people()] == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not json at all", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "neither"),
        (b'{"format": "relational-journal", "version": 9, "entries": []}', "newer"),
        (b'{"format": "relational-journal", "version": 1, "entries": {}}', "'entries'"),
        (b'{"format": "relational-journal", "version": 1, "entries": [7]}', "entry 1"),
        (
            b'{"format": "relational-journal", "version": 1, "entries": [{"about": "x",'
            b' "body": "b"}]}',
            "field 'about'",
        ),
        (
            b'{"format": "relational-journal", "version": 1, "entries": [{"about":'
            b' "2026-01-01T10:00:00+00:00", "body": "b", "feelings": [{"word": "sad",'
            b' "intensity": 11}]}]}',
            "feelings[1].intensity",
        ),
        (
            b'{"format": "relational-journal", "version": 1, "entries": [{"about":'
            b' "2026-01-01T10:00:00+00:00", "body": "b", "episode": {"wish_cluster": "W9"}}]}',
            "episode.wish_cluster",
        ),
        (b'{"tags": {}, "entries": [{"title": "x", "time": "10:00"}]}', "field 'date'"),
        (b'{"tags": {}, "entries": [{"date": "2024-01-01", "time": "25:00"}]}', "'time'"),
        (b'{"tags": {}, "entries": [{"date": "2024-01-01", "tags": "@sam"}]}', "'tags'"),
    ],
)
def test_bad_files_change_nothing_and_say_what_is_wrong(
    tmp_path: Path, content: bytes, words: str
) -> None:
    store = open_store(tmp_path / "journal.db")
    store.add_entry(rich_entries()[0])
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    with pytest.raises(ImportFileError, match=words.replace("[", r"\[").replace("]", r"\]")):
        import_file(store, file, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 1


def test_format_is_detected_from_the_shape() -> None:
    assert detect({"format": "relational-journal", "version": 1, "entries": []}) == "json"
    assert detect(jrnl_export()) == "jrnl"
    with pytest.raises(ImportFileError):
        detect({"entries": "nope"})


def test_forcing_the_wrong_format_is_an_error_not_a_guess() -> None:
    with pytest.raises(ImportFileError):
        read_entries(jrnl_export(), "json", TZ)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_either_parse_or_fail_with_an_import_error(raw: bytes) -> None:
    try:
        data = parse_text(raw)
        read_entries(data, "auto", TZ)
    except ImportFileError:
        pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "entries": st.lists(
                st.dictionaries(
                    st.sampled_from(
                        [
                            "title",
                            "body",
                            "date",
                            "time",
                            "tags",
                            "starred",
                            "about",
                            "people",
                            "feelings",
                            "episode",
                            "id",
                            "written_at",
                        ]
                    ),
                    json_values,
                ),
                max_size=3,
            )
        },
        optional={
            "tags": json_values,
            "format": st.just("relational-journal"),
            "version": st.integers(0, 2),
        },
    )
)
def test_any_json_shape_is_read_or_rejected_cleanly(data: dict[str, Any]) -> None:
    try:
        read_entries(data, "auto", TZ)
    except ImportFileError:
        pass
