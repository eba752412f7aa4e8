"""list, show, search, edit, delete, trash, restore and purge, as a client uses them."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import UTC, make_entry
from relational_journal.models import Episode, FeelingFelt, PersonRef
from relational_journal.storage.entries import purge_expired
from relational_journal.storage.store import Store


def local(days_ago: int, hour: int = 20) -> datetime:
    now = datetime.now().astimezone()
    return (now - timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def filled(store: Store) -> dict[str, int]:
    made = {
        "mom": store.add_entry(
            make_entry(
                "Mom asked when I'd visit. I felt twelve again.",
                about=local(3),
                people=(PersonRef("Mom", "mother", "past"),),
                feelings=(FeelingFelt("hurt", "sad", 7), FeelingFelt("guilty", "sad", 4)),
                episode=Episode(
                    person="Mom",
                    wish="to be asked how I am",
                    wish_cluster="W6",
                    other="she talked about my brother",
                    other_cluster="RO5",
                    self_response="went quiet",
                    self_cluster="RS7",
                ),
            )
        ),
        "work": store.add_entry(
            make_entry(
                "Sam took credit for the [draft] again.",
                about=local(2),
                title="Work",
                people=(PersonRef("Sam"),),
                tags=("work",),
            )  # fmt: skip
        ),
        "secret": store.add_entry(
            make_entry(
                "Something about Mom only for me.",
                about=local(1),
                private=True,
                people=(PersonRef("Mom"),),
            )  # fmt: skip
        ),
    }
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO person_aliases (alias, person_id)"
            " SELECT 'Mum', id FROM people WHERE name = 'Mom'"
        )
    return made


def test_list_shows_one_line_per_entry_newest_last_and_hides_private(
    journal: Any, filled: dict[str, int]
) -> None:
    out = journal("list").stdout
    lines = out.strip().splitlines()
    assert "Mom asked when I'd visit" in lines[0] and "hurt 7, guilty 4" in lines[0]
    assert "Work" in lines[1] and "Sam" in lines[1]
    assert "only for me" not in out
    assert lines[-1] == "1 private entry hidden; --include-private shows them"


def test_list_include_private_shows_everything(journal: Any, filled: dict[str, int]) -> None:
    out = journal("list", "--include-private").stdout
    assert "only for me" in out and "hidden" not in out


def test_list_last_n(journal: Any, filled: dict[str, int]) -> None:
    lines = journal("list", "-n", "1", "--include-private").stdout.strip().splitlines()
    assert len(lines) == 1 and "only for me" in lines[0]
    out = journal("list", "-n", "10").stdout
    assert "Mom asked" in out and "Work" in out


def test_jrnl_habit_from_last_monday_with_a_person(journal: Any, store: Store) -> None:
    store.add_entry(make_entry("Long ago with Mom.", about=local(40), people=(PersonRef("Mom"),)))
    store.add_entry(make_entry("Recent with Mom.", about=local(0, 1), people=(PersonRef("Mom"),)))
    out = journal("list", "--from", "last monday", "--person", "mom").stdout
    assert "Recent with Mom" in out and "Long ago" not in out


def test_alias_finds_the_person(journal: Any, filled: dict[str, int]) -> None:
    out = journal("list", "--person", "mum").stdout
    assert "Mom asked" in out and "Work" not in out


def test_unknown_person_gets_a_note(journal: Any, filled: dict[str, int]) -> None:
    result = journal("list", "--person", "Zed")
    assert "No entries match" in result.stdout and "nobody called 'Zed'" in result.stderr


def test_bad_date_is_one_line_error(journal: Any, filled: dict[str, int]) -> None:
    result = journal("list", "--from", "someday soon", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and "'someday soon'" in result.stderr
    result = journal("list", "--from", "today", "--to", "last week", ok=False)
    assert result.exit_code == 1 and "after" in result.stderr


def test_list_json_for_scripts(journal: Any, filled: dict[str, int]) -> None:
    data = [json.loads(line) for line in journal("list", "--json").stdout.splitlines()]
    assert [d["id"] for d in data] == [filled["mom"], filled["work"]]
    assert data[0]["feelings"][0] == {"word": "hurt", "family": "sad", "intensity": 7}
    assert data[0]["episode"]["wish_cluster"] == "W6"


def test_show_has_everything_with_clusters_in_plain_words(
    journal: Any, filled: dict[str, int]
) -> None:
    out = journal("show", str(filled["mom"])).stdout
    wanted = ["Mom asked when I'd visit", "Mom (mother, past)", "hurt 7/10", "to be asked how I am"]
    wanted += ["W6", "RO5", "RS7", "went quiet", "Relationship episode"]
    for text in wanted:
        assert text in out, text
    assert "loved" in out  # W6's plain description


def test_show_keeps_square_brackets_as_written(journal: Any, filled: dict[str, int]) -> None:
    assert "[draft]" in journal("show", str(filled["work"])).stdout


def test_show_missing_entry_is_an_error(journal: Any, filled: dict[str, int]) -> None:
    result = journal("show", "999", ok=False)
    assert result.exit_code == 1 and "no entry 999" in result.stderr


def test_search_finds_ranks_and_filters(journal: Any, filled: dict[str, int]) -> None:
    out = journal("search", "twelve").stdout
    assert "Mom asked" in out and "1 match" in out
    assert "No" in journal("search", "twelve", "--person", "Sam").stdout
    out = journal("search", "mom").stdout
    assert "1 private matching entry hidden" in out


def test_search_with_broken_syntax_still_answers(journal: Any, filled: dict[str, int]) -> None:
    out = journal("search", '"felt twelve').stdout
    assert "Mom asked" in out and "as" in out
    result = journal("search", "*", ok=False)
    assert result.exit_code == 1 and "no words" in result.stderr


def write_editor(tmp_path: Path, script: str) -> str:
    path = tmp_path / "editor.sh"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_edit_in_editor_saves_the_change(
    journal: Any,
    store: Store,
    filled: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "EDITOR", write_editor(tmp_path, "sed -i 's/twelve/twelve years old/' \"$1\"\n")
    )
    journal("edit", str(filled["mom"]))
    assert (
        store.get_entry(filled["mom"]).body
        == "Mom asked when I'd visit. I felt twelve years old again."
    )


def test_aborted_or_unchanged_editor_changes_nothing(
    journal: Any,
    store: Store,
    filled: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = store.get_entry(filled["mom"])
    monkeypatch.setenv("EDITOR", write_editor(tmp_path, 'echo gone > "$1"\nexit 1\n'))
    result = journal("edit", str(filled["mom"]), ok=False)
    assert result.exit_code == 1 and "not changed" in result.stderr
    monkeypatch.setenv("EDITOR", "true")
    assert "No change" in journal("edit", str(filled["mom"])).stdout
    assert store.get_entry(filled["mom"]) == before


def test_emptying_an_entry_in_the_editor_is_refused(
    journal: Any,
    store: Store,
    filled: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EDITOR", write_editor(tmp_path, ': > "$1"\n'))
    result = journal("edit", str(filled["mom"]), ok=False)
    assert "journal delete" in result.stderr
    assert "twelve" in store.get_entry(filled["mom"]).body


def test_edit_flags_change_feelings_people_and_flags_without_editor(
    journal: Any, store: Store, filled: dict[str, int]
) -> None:
    flags = ["--feel", "hurt:3", "--feel", "relieved", "--unfeel", "guilty", "--with", "Sam"]
    flags += ["--without", "mum", "--star", "--private", "--tag", "family"]
    journal("edit", str(filled["mom"]), *flags)
    entry = store.get_entry(filled["mom"])
    assert [(f.word, f.intensity) for f in entry.feelings] == [("hurt", 3), ("relieved", None)]
    assert [p.name for p in entry.people] == ["Sam"]
    assert entry.episode is not None and entry.episode.person is None
    assert entry.starred and entry.private and entry.tags == ("family",)
    journal("edit", str(filled["mom"]), "--unstar", "--public")
    entry = store.get_entry(filled["mom"])
    assert not entry.starred and not entry.private


def test_edit_date_moves_the_entry(journal: Any, store: Store, filled: dict[str, int]) -> None:
    journal("edit", str(filled["work"]), "--date", "2026-01-05 09:30")
    assert store.get_entry(filled["work"]).about.strftime("%Y-%m-%d %H:%M") == "2026-01-05 09:30"


def test_edit_with_a_bad_flag_value_changes_nothing(
    journal: Any, store: Store, filled: dict[str, int]
) -> None:
    before = store.get_entry(filled["mom"])
    result = journal("edit", str(filled["mom"]), "--star", "--unfeel", "joyful", ok=False)
    assert result.exit_code == 1
    assert store.get_entry(filled["mom"]) == before


def test_delete_asks_then_trash_restore_round_trip(
    journal: Any, store: Store, filled: dict[str, int]
) -> None:
    entry_id = str(filled["work"])
    result = journal("delete", entry_id, input="n\n", ok=False)
    assert (
        result.exit_code == 1 and "Work" in result.stdout and "Nothing was deleted" in result.stdout
    )
    journal("delete", entry_id, input="y\n")
    assert "Work" not in journal("list").stdout
    assert "Work" in journal("trash").stdout
    assert "In the trash" in journal("show", entry_id).stdout
    journal("restore", entry_id)
    assert "Work" in journal("list").stdout
    assert "empty" in journal("trash").stdout


def test_delete_without_an_answer_deletes_nothing(
    journal: Any, store: Store, filled: dict[str, int]
) -> None:
    result = journal("delete", str(filled["work"]), input="", ok=False)
    assert result.exit_code == 1
    assert store.get_entry(filled["work"]).deleted_at is None


def test_delete_many_is_all_or_nothing(journal: Any, store: Store, filled: dict[str, int]) -> None:
    result = journal("delete", str(filled["work"]), "999", "--yes", ok=False)
    assert "no entry 999" in result.stderr
    assert store.get_entry(filled["work"]).deleted_at is None


def test_purge_empties_the_trash_for_good(
    journal: Any, store: Store, filled: dict[str, int]
) -> None:
    journal("delete", str(filled["work"]), str(filled["mom"]), "--yes")
    journal("purge", "--yes")
    assert store.read("SELECT count(*) FROM entries")[0][0] == 1
    assert (
        store.read("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'twelve'")[0][0] == 0
    )
    assert "already empty" in journal("purge").stdout


def test_old_trash_is_purged_when_the_journal_is_opened(
    journal: Any, store: Store, filled: dict[str, int]
) -> None:
    with store.transaction() as conn:
        conn.execute(
            "UPDATE entries SET deleted_at = '2020-01-01T00:00:00+00:00' WHERE id = ?",
            [filled["work"]],
        )
        recent = datetime.now(UTC) - timedelta(days=29)
        conn.execute(
            "UPDATE entries SET deleted_at = ? WHERE id = ?",
            [recent.isoformat(timespec="seconds"), filled["mom"]],
        )
    journal("list")
    left = {r[0] for r in store.read("SELECT id FROM entries")}
    assert filled["work"] not in left and filled["mom"] in left


def test_purge_expired_is_a_no_op_without_old_trash(store: Store, filled: dict[str, int]) -> None:
    assert purge_expired(store, datetime.now().astimezone()) == 0


def test_edit_temp_file_is_gone_afterwards(
    journal: Any, filled: dict[str, int], journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "true")
    journal("edit", str(filled["mom"]))
    drafts = journal_home / "drafts"
    assert not drafts.exists() or not [p for p in os.listdir(drafts) if p.startswith("entry-")]


def test_long_lists_stream_in_batches_with_steady_columns(
    journal: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import relational_journal.cli.entries as cli_entries

    monkeypatch.setattr(cli_entries, "CHUNK", 2)
    for i in range(5):
        people = (PersonRef("Grandmother Rose"),) if i == 3 else ()
        store.add_entry(make_entry(f"Entry number {i}.", about=local(10 - i), people=people))
    lines = journal("list").stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2", "3", "4", "5"]
    assert len({line.index("Entry number") for line in lines}) == 1
    data = [json.loads(line) for line in journal("list", "--json").stdout.splitlines()]
    assert [d["body"] for d in data] == [f"Entry number {i}." for i in range(5)]


def test_list_json_of_nothing_is_no_lines(journal: Any) -> None:
    assert journal("list", "--json").stdout == ""
