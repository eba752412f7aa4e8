"""`journal write`: quick entries, the guided flow, drafts and concurrent writers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import Invoker, kept_drafts
from relational_journal.cli import terminal
from relational_journal.models import Entry
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store


def entries(home: Path) -> list[Entry]:
    with Store.open(home / "journal.db") as store:
        return list(store.iter_entries(EntryFilter()))


def test_quick_entry_keeps_people_feelings_flags_and_date(
    journal: Invoker, journal_home: Path
) -> None:
    result = journal(
        "write",
        "--text",
        "Dinner with @Sam went better than I feared.",
        "--with",
        "Mum",
        "--feel",
        "relieved:6",
        "--feel",
        "Hurting",
        "--date",
        "2026-11-03 19:30",
        "--private",
        "--star",
        "--tag",
        "family",
    )
    assert "Saved entry 1" in result.output
    (entry,) = entries(journal_home)
    assert {p.name for p in entry.people} == {"Sam", "Mum"}
    assert [(f.word, f.family, f.intensity) for f in entry.feelings] == [
        ("relieved", "peaceful", 6),
        ("hurt", "sad", None),
    ]
    assert entry.private and entry.starred and entry.tags == ("family",)
    assert entry.about.strftime("%Y-%m-%d %H:%M") == "2026-11-03 19:30"


def test_text_from_standard_input(journal: Invoker, journal_home: Path) -> None:
    journal("write", "--text", "-", input="Line one.\nLine two.\n")
    assert entries(journal_home)[0].body == "Line one.\nLine two."


def test_empty_entry_is_not_saved_and_says_so(journal: Invoker, journal_home: Path) -> None:
    result = journal("write", "--text", "   ", ok=False)
    assert result.exit_code == 1
    assert "empty, so nothing was saved" in result.output
    assert entries(journal_home) == []


def test_bad_date_and_bad_feeling_are_one_line_errors(journal: Invoker, journal_home: Path) -> None:
    bad_date = journal("write", "--text", "x", "--date", "the day after never", ok=False)
    assert bad_date.exit_code == 1 and "can't read the date" in bad_date.output
    bad_feel = journal("write", "--text", "x", "--feel", "hurt:eleven", ok=False)
    assert bad_feel.exit_code == 1
    assert "Traceback" not in bad_date.output + bad_feel.output
    assert entries(journal_home) == []


def test_guided_reflection_with_follow_ups_people_and_feelings(
    journal: Invoker, journal_home: Path
) -> None:
    script = (
        "\n".join(
            [
                "We laughed about the old flat.",
                "It felt easy.",
                "",
                "",  # answer, two empty lines
                "I wanted more of that.",  # follow-up 1
                "",  # skip follow-up 2
                "Sam, Ruth",  # people
                "partner",
                "",  # Sam: role, era present (default)
                "mother",
                "past",  # Ruth
                "joyfull:8, discombobulated",  # feelings (a typo, then a word outside the list)
                "y",  # did you mean joyful?
                "",  # intensity for discombobulated skipped
            ]
        )
        + "\n"
    )
    result = journal("write", "--prompt", "present-closeness", input=script)
    assert "Saved entry 1" in result.output
    (entry,) = entries(journal_home)
    assert entry.prompt_id == "present-closeness" and entry.pack_id == "present"
    assert entry.body.startswith("We laughed about the old flat.\nIt felt easy.")
    assert "I wanted more of that." in entry.body
    people = {p.name: (p.role, p.era) for p in entry.people}
    assert people == {"Sam": ("partner", "present"), "Ruth": ("mother", "past")}
    assert [(f.word, f.intensity, f.in_vocabulary) for f in entry.feelings] == [
        ("joyful", 8, True),
        ("discombobulated", None, False),
    ]


def test_guided_episode_records_wish_and_responses_with_clusters(
    journal: Invoker, journal_home: Path
) -> None:
    script = (
        "\n".join(
            [
                "He came home late and shrugged when I asked.",
                "",
                "",
                "Sam",
                "partner",
                "present",
                "",  # the moment's own era: Enter keeps Sam's
                "I wanted him to understand me and care about me",
                "1",  # the first suggestion, by number
                "He turned away and shut me out",
                "expected",  # what I expected
                "ro5",  # by code
                "I went quiet and felt let down",
                "RS7",  # by code, though RS2 is offered first
                "I told myself I was asking too much",  # how I treated myself afterwards
                "",  # nobody else
                "hurt:6",
            ]
        )
        + "\n"
    )
    journal("write", "--prompt", "episode-recent-present", input=script)
    (entry,) = entries(journal_home)
    ep = entry.episode
    assert ep is not None
    assert (ep.person, ep.era) == ("Sam", "present")
    assert ep.wish == "I wanted him to understand me and care about me"
    assert ep.wish_cluster == "W6"
    assert (ep.other_cluster, ep.other_expected) == ("RO5", True)
    assert ep.self_response == "I went quiet and felt let down" and ep.self_cluster == "RS7"
    assert ep.self_treatment == "I told myself I was asking too much"


def test_enter_at_every_cluster_question_saves_no_cluster(
    journal: Invoker, journal_home: Path
) -> None:
    script = "\n".join(
        [
            "He came home late and shrugged when I asked.",
            "",
            "",
            "Sam",
            "partner",
            "present",
            "",  # the moment's own era: Enter keeps Sam's
            "I wanted him to understand me and care about me",
            "",  # suggestions shown; Enter skips
            "He turned away and shut me out",
            "",  # actual
            "",
            "I went quiet and felt let down",
            "",
            "",  # how I treated myself afterwards: skipped
            "",
            "",
        ]
    )
    result = journal("write", "--prompt", "episode-recent-present", input=script + "\n")
    assert "From your words, perhaps (only a guess; you choose):" in result.output
    assert "1. W6 · to be loved, and understood for who I am" in result.output
    assert "Enter to skip" in result.output
    (entry,) = entries(journal_home)
    ep = entry.episode
    assert ep is not None and ep.wish == "I wanted him to understand me and care about me"
    assert (ep.wish_cluster, ep.other_cluster, ep.self_cluster) == (None, None, None)


def test_a_cluster_can_be_chosen_from_all_eight_or_retyped(
    journal: Invoker, journal_home: Path
) -> None:
    script = "\n".join(
        [
            "Words.",
            "",
            "",
            "me",
            "I wanted him to understand me",
            "?",  # all eight
            "1",  # W1 from the full list
            "He turned away",
            "",
            "7",  # not one of the numbers offered
            "RS2",  # a self cluster is not a response of the other
            "RO3",  # ...then a code that was not offered
            "",
            "",
            "",
            "",
        ]
    )
    result = journal("write", "--prompt", "episode-recent-present", input=script + "\n")
    assert result.output.count("Please type 1") == 2
    (entry,) = entries(journal_home)
    ep = entry.episode
    assert ep is not None and ep.wish_cluster == "W1"
    assert ep.other_cluster == "RO3"


def test_every_step_can_be_skipped(journal: Invoker, journal_home: Path) -> None:
    journal("write", "--prompt", "episode-recent-present", input="Just this.\n\n\n")
    (entry,) = entries(journal_home)
    assert entry.body == "Just this." and entry.people == () and entry.episode is None


def test_ctrl_c_keeps_a_draft_that_is_offered_back(
    journal: Invoker, journal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["The words I must not lose.", "", ""])
    original = terminal.TerminalAsk._line

    def interrupted(self: terminal.TerminalAsk, prompt: str = "› ") -> str:
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(terminal.TerminalAsk, "_line", interrupted)
    result = journal("write", "--prompt", "present-closeness", ok=False)
    assert result.exit_code == 1 and "kept as a draft" in result.output
    assert entries(journal_home) == []
    (draft,) = kept_drafts(journal_home)
    assert draft["body"] == "The words I must not lose." and not draft["episode"]

    monkeypatch.setattr(terminal.TerminalAsk, "_line", original)
    # Continue the draft: follow-ups, people and feelings are asked; the text is kept.
    journal("write", input="y\n\n\n\n\n\n")
    (entry,) = entries(journal_home)
    assert entry.body.startswith("The words I must not lose.")
    assert entry.prompt_id == "present-closeness"
    assert kept_drafts(journal_home) == []


def test_two_processes_writing_at_once_lose_nothing(journal_home: Path) -> None:
    journal_home.mkdir(parents=True)
    Store.open(journal_home / "journal.db").close()
    code = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from relational_journal.models import Entry\n"
        "from relational_journal.storage.store import Store\n"
        "s = Store.open(__import__('pathlib').Path(sys.argv[1]))\n"
        "for i in range(100):\n"
        "    now = datetime.now(timezone.utc)\n"
        "    s.add_entry(Entry(body=f'{sys.argv[2]} {i}', about=now, written_at=now))\n"
    )
    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(journal_home)}
    db = str(journal_home / "journal.db")
    procs = [
        subprocess.Popen([sys.executable, "-c", code, db, name], env=env) for name in ("a", "b")
    ]
    cli = [
        subprocess.Popen(
            [sys.executable, "-m", "relational_journal", "write", "--text", f"cli {i}"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for i in range(4)
    ]
    assert all(p.wait(timeout=120) == 0 for p in procs + cli)
    bodies = [e.body for e in entries(journal_home)]
    assert len(bodies) == 204
    assert len(set(bodies)) == 204


def fake_editor(tmp_path: Path, text: str, code: int = 0) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        f"open(path, 'a', encoding='utf-8').write({text!r})\n"
        f"sys.exit({code})\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_editor_answer_is_saved_without_the_prompt_comment(
    journal: Invoker, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "Written in my editor.\n"))
    journal("write", "--editor", "--prompt", "therapy-unsaid", input="\n" * 6)
    (entry,) = entries(journal_home)
    assert entry.body == "Written in my editor."


def test_crashed_editor_keeps_the_text_as_a_draft(
    journal: Invoker, journal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "half a thought", code=1))
    result = journal("write", "--editor", "--prompt", "therapy-unsaid", ok=False)
    assert result.exit_code == 1 and "editor did not finish" in result.output
    assert "kept as a draft" in result.output
    assert entries(journal_home) == []
    monkeypatch.delenv("EDITOR")
    journal("write", input="y\n\n\n\n\n")
    (entry,) = entries(journal_home)
    assert entry.body == "half a thought"
