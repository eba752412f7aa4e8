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
from relational_journal.interchange import import_jrnl, import_ours, json_stream
from relational_journal.interchange.export import ExportContext, export
from relational_journal.interchange.importing import ImportFormat, detect, import_file
from relational_journal.interchange.json_stream import JsonStream
from relational_journal.models import Entry, Episode, FeelingFelt, PersonRef
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

TZ = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ALL = EntryFilter(privacy="include")


def open_store(path: Path) -> Store:
    path.parent.mkdir(parents=True, exist_ok=True)
    return Store.open(path)


def import_bytes(raw: bytes, fmt: ImportFormat = "auto") -> None:
    """Import `raw` as a file into a scratch journal, as `journal import` would."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_bytes(raw)
        with open_store(Path(folder) / "journal.db") as store:
            import_file(store, path, fmt=fmt, tz=TZ, now=NOW)


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
    triggers = store.read(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'entries%'"
        " ORDER BY name"
    )
    assert [r[0] for r in triggers] == [
        "entries_ad",
        "entries_ai",
        "entries_au",
        "entries_version_bump",
    ]
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
        import_bytes(json.dumps(jrnl_export()).encode(), "json")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_either_parse_or_fail_with_an_import_error(raw: bytes) -> None:
    try:
        import_bytes(raw)
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
        import_bytes(json.dumps(data).encode())
    except ImportFileError:
        pass


# -- reading the file as a stream ------------------------------------------------------


def stream_of(text: str, chunk: int) -> JsonStream:
    return JsonStream(io.BytesIO(text.encode()), "the file", chunk=chunk)


@settings(max_examples=150, deadline=None)
@given(json_values, st.sampled_from([None, 0, 2]), st.integers(1, 9))
def test_a_value_read_in_small_chunks_is_the_value_json_reads(
    value: Any, indent: int | None, chunk: int
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    stream = stream_of(" \n" + text + "\n", chunk)
    assert stream.value() == value
    stream.end()


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.text(max_size=6), json_values, max_size=4),
    st.lists(json_values, max_size=5),
    st.integers(1, 9),
)
def test_an_object_walked_key_by_key_and_item_by_item_is_what_json_reads(
    head: dict[str, Any], items: list[Any], chunk: int
) -> None:
    doc = {**head, "entries": items}
    stream = stream_of(json.dumps(doc, indent=1, ensure_ascii=False), chunk)
    seen: dict[str, Any] = {}
    for key in stream.keys():
        seen[key] = list(stream.items()) if key == "entries" else stream.value()
    stream.end()
    assert seen == doc


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.text(max_size=6), json_values, min_size=1, max_size=4),
    st.integers(1, 9),
    st.data(),
)
def test_a_cut_or_spoilt_file_is_invalid_json_at_the_place_json_says(
    doc: dict[str, Any], chunk: int, data: st.DataObject
) -> None:
    text = json.dumps(doc, indent=1)
    cut = data.draw(st.integers(0, len(text) - 1))
    bad = text[:cut] + data.draw(st.sampled_from(["", "}", ",", "]", "x", '"'])) + text[cut + 1 :]
    try:
        json.loads(bad)
    except json.JSONDecodeError as exc:
        expected = f"line {exc.lineno}, column {exc.colno}"
    else:
        return
    stream = stream_of(bad, chunk)
    with pytest.raises(ImportFileError, match="not valid JSON") as caught:
        if stream.peek() == "{":
            for _ in stream.keys():
                stream.skip()
        else:
            stream.skip()
        stream.end()
    assert expected in str(caught.value)


def test_not_utf8_deep_in_the_file_names_the_byte(tmp_path: Path) -> None:
    file = tmp_path / "bad.json"
    good = json.dumps(big_jrnl(3)).encode()
    file.write_bytes(good[:-20] + b"\xff" + good[-19:])
    store = open_store(tmp_path / "journal.db")
    with pytest.raises(ImportFileError, match=f"not UTF-8 text \\(byte {len(good) - 20}\\)"):
        import_file(store, file, tz=TZ, now=NOW)


def test_round_trip_holds_when_the_file_is_read_a_few_characters_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", 5)
    source = open_store(tmp_path / "a" / "journal.db")
    for e in rich_entries():
        source.add_entry(e)
    file = tmp_path / "export.json"
    file.write_bytes(b"\xef\xbb\xbf" + export_json(source).encode())  # with a byte order mark
    target = open_store(tmp_path / "b" / "journal.db")
    result = import_file(target, file, tz=TZ, now=NOW)
    assert (result.added, result.skipped) == (3, 0)
    assert list(target.iter_entries(ALL)) == list(source.iter_entries(ALL))


def test_jrnl_export_with_entries_before_tags_is_recognised(tmp_path: Path) -> None:
    data = jrnl_export()
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps({"entries": data["entries"], "tags": data["tags"]}))
    result = import_file(open_store(tmp_path / "journal.db"), file, tz=TZ, now=NOW)
    assert (result.format, result.added, result.people_added) == ("jrnl", 3, 2)


def test_our_export_with_entries_before_format_and_version_is_recognised(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "a" / "journal.db")
    for e in rich_entries():
        store.add_entry(e)
    data = json.loads(export_json(store))
    file = tmp_path / "export.json"
    file.write_text(
        json.dumps({"entries": data["entries"], "version": 1, "format": data["format"]})
    )
    result = import_file(open_store(tmp_path / "b" / "journal.db"), file, tz=TZ, now=NOW)
    assert (result.format, result.added) == ("json", 3)


def test_a_newer_version_after_the_entries_changes_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.db")
    entry = {"about": "2026-01-01T10:00:00+00:00", "body": "b"}
    file = tmp_path / "export.json"
    file.write_text(
        json.dumps({"format": "relational-journal", "entries": [entry] * 3000, "version": 9})
    )
    with pytest.raises(ImportFileError, match="newer"):
        import_file(store, file, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0


def test_a_forced_format_contradicted_after_the_entries_changes_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.db")
    data = jrnl_export()
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps({"tags": {}, "entries": data["entries"], "format": "other"}))
    with pytest.raises(ImportFileError, match="neither"):
        import_file(store, file, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0


def test_a_bad_field_after_several_written_batches_rolls_all_back(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.db")
    entries: list[dict[str, Any]] = [
        {"about": f"2026-01-01T10:{i % 60:02d}:00+00:00", "body": f"b{i}", "people": ["Sam"]}
        for i in range(7400)
    ]
    entries[7341]["feelings"] = [{"word": "sad", "intensity": "very"}]
    file = tmp_path / "export.json"
    file.write_text(json.dumps({"format": "relational-journal", "version": 1, "entries": entries}))
    schema_before = schema(store)
    with pytest.raises(ImportFileError, match=r"entry 7,342, field 'feelings\[1\]\.intensity'"):
        import_file(store, file, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0
    assert store.people() == []
    assert schema(store) == schema_before
    triggers = store.read(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'entries%'"
        " ORDER BY name"
    )
    assert [r[0] for r in triggers] == [
        "entries_ad",
        "entries_ai",
        "entries_au",
        "entries_version_bump",
    ]


def test_progress_follows_the_bytes_read_up_to_the_size_of_the_file(tmp_path: Path) -> None:
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(big_jrnl(5000)))
    calls: list[tuple[int, int]] = []
    import_file(
        open_store(tmp_path / "journal.db"),
        file,
        tz=TZ,
        now=NOW,
        progress=lambda done, total: calls.append((done, total)),
    )
    size = file.stat().st_size
    assert calls[0] == (0, size) and calls[-1] == (size, size)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) >= 3


def test_alike_entries_in_one_file_are_both_kept_but_not_added_again(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.db")
    store.add_entry(rich_entries()[1])  # takes id 1
    entry = {"id": 1, "about": "2026-01-01T10:00:00+00:00", "body": "Twice."}
    file = tmp_path / "export.json"
    file.write_text(
        json.dumps({"format": "relational-journal", "version": 1, "entries": [entry, entry]})
    )
    result = import_file(store, file, tz=TZ, now=NOW)
    assert (result.added, result.skipped) == (2, 0)
    assert [r[0] for r in store.read("SELECT id FROM entries ORDER BY id")] == [1, 2, 3]
    again = import_file(store, file, tz=TZ, now=NOW)
    assert (again.added, again.skipped) == (0, 2)


def schema(store: Store) -> list[tuple[str, str, str]]:
    rows = store.read("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
    return [(r[0], r[1], r[2]) for r in rows]


def test_an_import_into_an_empty_journal_leaves_every_index_as_it_was(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.db")
    before = schema(store)
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(big_jrnl(2500)))
    import_file(store, file, tz=TZ, now=NOW)
    assert schema(store) == before
    assert store.read("PRAGMA integrity_check")[0][0] == "ok"
    plan = store.read("EXPLAIN QUERY PLAN SELECT entry_id FROM entry_tags WHERE tag = 'x'")
    assert "idx_entry_tags_tag" in plan[0][3]


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"\A20\d\d-(0[1-9]|1[0-2])-[0-2]\d[T ]\d\d:\d\d:\d\d([+-]\d\d:\d\d)?\Z"),
    st.sampled_from(["about", "written_at"]),
)
def test_a_moment_is_kept_as_it_would_be_written_whatever_its_form(moment: str, key: str) -> None:
    item = {"about": "2026-01-01T10:00:00+01:00", "body": "b", key: moment}
    try:
        expected = datetime.fromisoformat(moment)
    except ValueError:
        return
    expected = expected if expected.tzinfo else expected.replace(tzinfo=TZ)
    entry = import_ours.our_entry(1, item, TZ)
    assert getattr(entry, key) == expected.isoformat(timespec="seconds")


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="@_ -.aAbBsSmM1\n", max_size=30),
    st.sampled_from(["@sam", "@s", "@sam_1", "@a-b"]),
)
def test_a_jrnl_name_is_found_as_written_the_same_way_in_plain_text(text: str, tag: str) -> None:
    slow = import_jrnl._as_written(tag, text)
    assert import_jrnl._as_written(tag, text, text.lower()) == slow
