"""`journal write TEXT`: a quick entry the jrnl way, with `default_time` from the config."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any


def only_entry(journal: Any) -> dict[str, Any]:
    (line,) = journal("list", "--json").stdout.splitlines()
    return dict(json.loads(line))


def test_date_title_text_star_and_people_from_one_line(journal: Any) -> None:
    out = journal("write", "yesterday 9pm: Dinner with @Sam. It went better than I feared. *")
    assert "about Sam" in out.stdout and "starred" in out.stdout
    entry = only_entry(journal)
    about = datetime.fromisoformat(entry["about"])
    yesterday = datetime.now().astimezone().date() - timedelta(days=1)
    assert (about.date(), about.hour, about.minute) == (yesterday, 21, 0)
    assert entry["title"] == "Dinner with @Sam."
    assert entry["body"] == "It went better than I feared."
    assert entry["starred"] is True
    assert [p["name"] for p in entry["people"]] == ["Sam"]


def test_a_day_without_a_time_uses_default_time(journal: Any, journal_home: Path) -> None:
    journal("write", "yesterday: Slept badly.")
    assert datetime.fromisoformat(only_entry(journal)["about"]).strftime("%H:%M") == "09:00"
    journal_home.joinpath("config.yaml").write_text('default_time: "20:30"\n')
    journal("write", "2 days ago: Long walk.")
    entries = [json.loads(line) for line in journal("list", "--json").stdout.splitlines()]
    assert datetime.fromisoformat(entries[0]["about"]).strftime("%H:%M") == "20:30"
    assert "20:30" in journal("config").stdout


def test_a_colon_after_a_name_is_just_text(journal: Any) -> None:
    journal("write", "Sam: he called back.")
    entry = only_entry(journal)
    assert entry["body"] == "Sam: he called back." and entry["title"] is None
    written = datetime.fromisoformat(entry["written_at"])
    assert abs(datetime.fromisoformat(entry["about"]) - written) < timedelta(minutes=1)


def test_text_given_twice_or_empty_is_one_line_and_saves_nothing(journal: Any) -> None:
    result = journal("write", "words", "--text", "more", ok=False)
    assert result.exit_code == 2 and "give the text once" in result.output
    result = journal("write", "today: *", ok=False)
    assert result.exit_code == 1 and "empty" in result.stderr
    assert journal("list", "--json").stdout == ""


def test_a_bad_default_time_is_a_warning_and_keeps_nine(journal: Any, journal_home: Path) -> None:
    journal_home.mkdir(parents=True, exist_ok=True)
    journal_home.joinpath("config.yaml").write_text("default_time: teatime\n")
    result = journal("write", "yesterday: Tea.")
    assert "default_time" in result.stderr
    assert datetime.fromisoformat(only_entry(journal)["about"]).strftime("%H:%M") == "09:00"
