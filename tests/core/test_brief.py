"""The session brief and its chart, from a hand-built period: what the therapist reads first."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from helpers import CCRT, review_summary
from relational_journal.core.brief import brief_blocks, make_brief
from relational_journal.core.chart import ChartDay, daily_series, describe, person_trends
from relational_journal.core.document import Chart, to_markdown
from relational_journal.storage.review_rows import StarredRow

DAYS = (
    ChartDay(date(2026, 11, 16), 2, -0.8, 8.0),
    ChartDay(date(2026, 11, 17), 0, None, None),
    ChartDay(date(2026, 11, 18), 1, 0.6, 4.0),
)


def _brief(**changes: object) -> str:
    summary = review_summary(
        starred=[StarredRow(13, "2026-11-18", "After the call", "Mom called.")],
        starred_total=1,
    )
    args: dict[str, object] = {
        "last_session": date(2026, 11, 12),
        "since_session": 9,
        "sessions": (date(2026, 11, 17),),
        # storage hands them strongest first
        "moments": [(7, "2026-11-16", "ashamed", 9), (3, "2026-11-18", "lonely", 6)],
        "people": [("Sam", "present", 3, ("lonely ×2", "angry ×1"))],
        "days": DAYS,
        "trends": (),
        "safety_plan_written": True,
        "safety_plan_included": False,
    }
    args.update(changes)
    brief = make_brief(summary, CCRT, **args)  # type: ignore[arg-type]
    return to_markdown(brief_blocks(brief))


def test_brief_speaks_of_the_client_in_the_third_person() -> None:
    text = _brief()
    assert "Entries since the last session (12 Nov): 9" in text
    assert not re.search(r"\b(you|your|yours|yourself)\b", text, re.IGNORECASE)


def test_brief_cites_entries_by_number() -> None:
    text = _brief()
    assert "Starred by the client for the session: Entry 13 (18 Nov, After the call)" in text
    assert "| ashamed | 9/10 | Entry 7 | 16 Nov |" in text
    assert text.index("Entry 7") < text.index("Entry 3")  # strongest first
    # Echoes name the entries on both sides (hand-built rows: 5 and 3 with Sam, 2 with Dad).
    assert "(Entries 2, 3, 5)" in text


def test_pattern_is_a_question_for_the_session_never_a_label() -> None:
    text = _brief()
    pattern = next(line for line in text.splitlines() if line.startswith("> "))
    assert pattern.rstrip().endswith("?")
    assert "W6" in pattern and "RO5" in pattern and "RS2" in pattern
    assert "Does this fit how things went for you" not in text  # the client's own question


def test_too_few_episodes_says_so_instead_of_a_pattern() -> None:
    summary = review_summary(episodes=2)
    brief = make_brief(
        summary,
        CCRT,
        last_session=None,
        since_session=None,
        sessions=(),
        moments=[],
        people=[],
        days=DAYS,
        trends=(),
        safety_plan_written=False,
        safety_plan_included=False,
    )
    text = to_markdown(brief_blocks(brief))
    assert "too few to see a recurring pattern" in text
    assert "No therapy session is recorded or scheduled before these entries." in text
    assert "Safety plan: none written in the journal." in text


def test_safety_plan_line_says_where_the_plan_is() -> None:
    assert "it is not included in this document" in _brief()
    assert "it is on the last page" in _brief(safety_plan_included=True)


def test_chart_in_words_and_as_text_marks_the_sessions() -> None:
    chart = Chart(DAYS, (date(2026, 11, 17),), describe(DAYS, (date(2026, 11, 17),)))
    lines = chart.spark_lines()
    assert lines[0] == "tone       ▁·▇"
    assert lines[1] == "intensity  8·4"
    assert lines[2] == "session     S"
    assert "mostly unpleasant (-0.8) in the earlier days" in chart.summary
    assert "mostly pleasant (+0.6) in the later ones" in chart.summary
    assert "highest on 16 Nov (8.0)" in chart.summary and "Sessions: 17 Nov." in chart.summary


def test_daily_series_uses_the_review_pleasantness_and_keeps_empty_days() -> None:
    days = daily_series(
        date(2026, 11, 16),
        date(2026, 11, 18),
        [("2026-11-16", 2), ("2026-11-18", 1)],
        [("2026-11-16", "hurt", 1, 8, 1), ("2026-11-16", "calm", 1, 2, 1)],
        {"hurt": -0.8, "calm": 0.6},
    )
    assert [d.entries for d in days] == [2, 0, 1]
    assert days[0].tone is not None and round(days[0].tone, 2) == -0.1
    assert days[0].intensity == 5.0 and days[1].tone is None and days[2].tone is None


def test_person_trend_compares_earlier_and_later_episodes() -> None:
    valence = {c.code: c.valence or "" for info in CCRT.components.values() for c in info.clusters}
    rows = [
        ("Sam", "RO5", "RS2"),
        ("Sam", "RO5", "RS7"),
        ("Sam", "RO8", "RS3"),
        ("Sam", "RO7", "RS3"),
        ("Mom", "RO5", "RS2"),
        ("Mom", "RO5", "RS2"),
    ]
    (sam,) = person_trends(rows, valence)  # Mom has two episodes: too few
    assert sam.sentence() == (
        "Sam, 4 episodes: in the earlier half 0 of 4 coded responses were warmer; "
        "in the later half 4 of 4."
    )


def test_echo_entry_numbers_survive_pseudonyms() -> None:
    from relational_journal.interchange.export import Pseudonyms

    summary = review_summary()
    brief = make_brief(
        summary,
        CCRT,
        last_session=None,
        since_session=None,
        sessions=(),
        moments=[],
        people=[("Sam", "present", 3, ("lonely ×2",))],
        days=DAYS,
        trends=(),
        safety_plan_written=False,
        safety_plan_included=False,
    )
    hidden = Pseudonyms([("Sam", (), None), ("Dad", (), "my father")]).within(brief)
    text = to_markdown(brief_blocks(replace(hidden)))
    assert "Sam" not in text and "Person A" in text and "my father" in text
    assert "(Entries 2, 3, 5)" in text
