"""jrnl's text and folder journals: dates, titles, stars, @tags, and files that are no journal."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relational_journal.errors import ImportFileError
from relational_journal.interchange.import_jrnl import tags_in
from relational_journal.interchange.import_jrnl_text import split_title
from relational_journal.interchange.importing import import_file
from relational_journal.models import Entry
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ALL = EntryFilter(privacy="include")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "journal.db")


def write(tmp_path: Path, text: str, name: str = "journal.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def entries(store: Store) -> list[Entry]:
    return sorted(store.iter_entries(ALL), key=lambda e: e.about)


JOURNAL = """\
[2026-11-03 20:15] Called @Mum after the session. It went better than I feared.
She asked about work, and I told her about @Sam-
the first time in months I said it out loud.

[2026-11-04 07:30] Morning pages *
Woke early.
  An indented line stays as written.

[2026-11-05 21:00] No full stop here
"""


def test_a_text_journal_becomes_entries_with_titles_bodies_stars_and_people(
    tmp_path: Path, store: Store
) -> None:
    result = import_file(store, write(tmp_path, JOURNAL), tz=TZ, now=NOW)
    assert (result.format, result.added, result.people_added) == ("jrnl-text", 3, 2)
    first, second, third = entries(store)
    assert first.about == datetime(2026, 11, 3, 20, 15, tzinfo=TZ)
    assert first.title == "Called @Mum after the session."
    assert first.body.startswith("It went better than I feared.\nShe asked about work")
    assert first.body.endswith("said it out loud.")
    assert sorted(p.name for p in first.people) == ["Mum", "Sam"]
    assert (second.title, second.starred) == ("Morning pages", True)
    assert second.body == "Woke early.\n  An indented line stays as written."
    assert (third.title, third.body, third.starred) == ("No full stop here", "", False)


def test_importing_the_same_journal_twice_adds_nothing(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path, JOURNAL)
    import_file(store, path, tz=TZ, now=NOW)
    again = import_file(store, path, tz=TZ, now=NOW)
    assert (again.added, again.skipped) == (0, 3)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I programmed for @OS/2.", ["@OS/2"]),
        ("back to @C++, though. (Still better than @C#).", ["@C++", "@C#"]),
        ("Kyla's @email is kyla@example.org, or write to sam@example.com", ["@email"]),
        ("with (@Ana) and “@Émile”; @Jo: then @Bo!", ["@Ana", "@Émile", "@Jo", "@Bo"]),
        ("@Sam's coat, @Ria-, a #work-day and # a heading", ["@Sam", "@Ria", "#work-day"]),
        ("an @ alone, @@twice and 50% @-", []),
    ],
)
def test_tags_keep_cpp_os2_and_csharp_whole_and_never_take_email(
    text: str, found: list[str]
) -> None:
    assert tags_in(text) == found


def test_tags_become_people_as_in_the_json_import(tmp_path: Path, store: Store) -> None:
    text = (
        "[2013-06-10 15:40] I programmed for @OS/2.\n"
        "Almost makes me want to go back to @C++, though. (Still better than @C#).\n"
        "Mail me at kyla@example.org about @os/2 and #work.\n"
    )
    import_file(store, write(tmp_path, text), tz=TZ, now=NOW)
    (entry,) = entries(store)
    assert [p.name for p in entry.people] == ["C#", "C++", "OS/2"]
    assert list(entry.tags) == ["work"]
    assert sorted(p.name for p in store.people()) == ["C#", "C++", "OS/2"]


@pytest.mark.parametrize(
    ("line", "title", "rest"),
    [
        ("One. Two.", "One.", "Two."),
        ('He said "stop." Then left', 'He said "stop."', "Then left"),
        ("Wait... what", "Wait...", "what"),
        ("No end at all", "No end at all", ""),
        ("Version 2.5 is out", "Version 2.5 is out", ""),
    ],
)
def test_the_title_is_the_first_sentence_of_the_line(line: str, title: str, rest: str) -> None:
    assert split_title(line) == (title, rest)


def test_twelve_hour_times_and_seconds(tmp_path: Path, store: Store) -> None:
    text = (
        "[2026-11-03 08:15 PM] Evening.\n\n[2026-11-04 07:05 am] Morning.\n\n"
        "[2026-11-05 12:00:30] Noon.\n"
    )
    import_file(store, write(tmp_path, text), tz=TZ, now=NOW)
    assert [(e.about.hour, e.about.minute, e.title) for e in entries(store)] == [
        (20, 15, "Evening."),
        (7, 5, "Morning."),
        (12, 0, "Noon."),
    ]


def test_jrnl_1_dates_without_brackets_and_bracketed_lines_in_them_stay_body(
    tmp_path: Path, store: Store
) -> None:
    text = (
        "2010-06-10 15:00 A first line.\n\n"
        '2013-06-10 15:40 He said "[this] is it".\nMore.\n\n'
        "[2019-08-03 12:55] a chat log line\n"
    )
    import_file(store, write(tmp_path, text), tz=TZ, now=NOW)
    first, second = entries(store)
    assert first.title == "A first line."
    assert second.body == "More.\n\n[2019-08-03 12:55] a chat log line"


def test_little_endian_dates_need_the_timeformat_and_read_with_it(
    tmp_path: Path, store: Store
) -> None:
    path = write(tmp_path, "[03.11.2026 20:15] Day first.\n\n[04.12.2026 09:00] Later.\n")
    with pytest.raises(ImportFileError, match=r"line 1: .*\[03\.11\.2026 20:15\].*--timeformat"):
        import_file(store, path, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0
    import_file(store, path, tz=TZ, now=NOW, timeformat="%d.%m.%Y %H:%M")
    assert [e.about.date().isoformat() for e in entries(store)] == ["2026-11-03", "2026-12-04"]


def test_a_custom_timeformat_with_month_names_and_no_padding(tmp_path: Path, store: Store) -> None:
    text = "[Tue 3 Nov 2026, 8:15 PM] Spelled out.\nBody.\n\n[Wed 4 Nov 2026, 9:00 AM] Two.\n"
    import_file(store, write(tmp_path, text), tz=TZ, now=NOW, timeformat="%a %-d %b %Y, %I:%M %p")
    assert [e.about for e in entries(store)] == [
        datetime(2026, 11, 3, 20, 15, tzinfo=TZ),
        datetime(2026, 11, 4, 9, 0, tzinfo=TZ),
    ]


def test_a_bad_timeformat_is_one_clear_error(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path, "[2026-11-03 20:15] x\n")
    with pytest.raises(ImportFileError, match="no strftime codes"):
        import_file(store, path, tz=TZ, now=NOW, timeformat="dd.mm.yyyy")
    with pytest.raises(ImportFileError, match="%Q is not a code"):
        import_file(store, path, tz=TZ, now=NOW, timeformat="%Y %Q")


def test_an_unreadable_date_names_its_line_and_imports_nothing(
    tmp_path: Path, store: Store
) -> None:
    text = "[2019-07-18 14:23] First.\n[1] a footnote stays body\n\n[2019-07 14:23] Third.\n"
    with pytest.raises(ImportFileError, match=r"journal\.txt line 4: the date \[2019-07 14:23\]"):
        import_file(store, write(tmp_path, text), tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0


def test_text_before_the_first_date_is_an_error_naming_the_line(
    tmp_path: Path, store: Store
) -> None:
    with pytest.raises(ImportFileError, match="line 2: a jrnl journal starts with"):
        import_file(store, write(tmp_path, "\nDear diary\n[2026-11-03 20:15] x\n"), tz=TZ, now=NOW)


def test_the_footnote_line_is_kept_in_the_body(tmp_path: Path, store: Store) -> None:
    import_file(
        store, write(tmp_path, "[2019-07-08 05:42] Subject\n[1] line one\n"), tz=TZ, now=NOW
    )
    (entry,) = entries(store)
    assert (entry.title, entry.body) == ("Subject", "[1] line one")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"gAAAAABVIHB7tnwKExG7aC5ZbAbBL9SG2oY2GENeoOJ22i1P", "encrypted jrnl journal"),
        (b'JRNLv3\x000{"salt": "x"}gAAAAABq', "jrnl --decrypt"),
        (b"\xc3s\xd3:\x9d\xa9J\x0b\xcc\x971\n/\x88}&", "binary file"),
        (b"SQLite format 3\x00" + bytes(100), "SQLite database"),
        (b"[2026-11-03 20:15] ok\n\xff\xfe bad\n", "line 2 is not UTF-8"),
    ],
)
def test_files_of_another_kind_are_one_line_and_change_nothing(
    tmp_path: Path, store: Store, content: bytes, words: str
) -> None:
    path = tmp_path / "journal.txt"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=words):
        import_file(store, path, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0


def make_folder(root: Path) -> Path:
    folder = root / "journal"
    for rel, text in {
        "2020/08/29.txt": "[2020-08-29 11:11] Entry the first.\nWith @Ana.\n\n"
        "[2020-08-29 18:00] Evening, same day. *\n",
        "2020/09/24.txt": "[2020-09-24 09:14] Weeks later.\n",
        "2020/09/notes.txt": "not a day file",
        "readme.txt": "ignored too",
    }.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def test_a_folder_journal_reads_its_day_files_only(tmp_path: Path, store: Store) -> None:
    result = import_file(store, make_folder(tmp_path), tz=TZ, now=NOW)
    assert (result.format, result.added) == ("jrnl-folder", 3)
    got = [(e.about.strftime("%Y-%m-%d %H:%M"), e.title, e.starred) for e in entries(store)]
    assert got == [
        ("2020-08-29 11:11", "Entry the first.", False),
        ("2020-08-29 18:00", "Evening, same day.", True),
        ("2020-09-24 09:14", "Weeks later.", False),
    ]


def test_in_a_folder_journal_the_path_gives_the_day(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "times-only"
    (folder / "2021/03").mkdir(parents=True)
    (folder / "2021/03/07.txt").write_text("[09:30] Only a time in the line.\n")
    import_file(store, folder, tz=TZ, now=NOW, timeformat="%H:%M")
    (entry,) = entries(store)
    assert entry.about == datetime(2021, 3, 7, 9, 30, tzinfo=TZ)


def test_a_folder_error_names_the_day_file_and_line(tmp_path: Path, store: Store) -> None:
    folder = make_folder(tmp_path)
    (folder / "2020/09/24.txt").write_text("[2020-09-24 09:14] Fine.\n\n[2020-09 10:00] Not.\n")
    with pytest.raises(ImportFileError, match=r"journal/2020/09/24\.txt line 3"):
        import_file(store, folder, tz=TZ, now=NOW)
    assert store.count_entries(ALL) == 0


def test_a_folder_without_day_files_is_not_a_journal(tmp_path: Path, store: Store) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ImportFileError, match="not a jrnl folder journal"):
        import_file(store, tmp_path / "empty", tz=TZ, now=NOW)
    (tmp_path / "bad/2020/02").mkdir(parents=True)
    (tmp_path / "bad/2020/02/30.txt").write_text("[2020-02-30 10:00] x\n")
    with pytest.raises(ImportFileError, match="names no real day"):
        import_file(store, tmp_path / "bad", tz=TZ, now=NOW)


lines = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "[2026-11-03 20:15] Title. Body",
                "[2026-11-03 08:15 PM] x *",
                "2026-11-03 20:15 legacy",
                "[2026-13-40 99:99] bad",
                "[1] note",
                "@C++ and #tag",
                "",
                "*",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=8,
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(lines, st.sampled_from([None, "%d.%m.%Y %H:%M", "%H:%M"]))
def test_any_text_either_imports_or_fails_with_an_import_error(
    text_lines: list[str], timeformat: str | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.txt"
        path.write_text("\n".join(text_lines), encoding="utf-8", errors="surrogatepass")
        with Store.open(Path(folder) / "journal.db") as store:
            try:
                result = import_file(store, path, tz=TZ, now=NOW, timeformat=timeformat)
            except ImportFileError:
                assert store.count_entries(ALL) == 0
                return
            assert store.count_entries(ALL) == result.added >= 1
