"""What the therapist sees first: the session brief, the chart, the preview, sessions kept true."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import make_entry
from relational_journal.core.sessions import add_session
from relational_journal.models import Episode, FeelingFelt, PersonRef
from relational_journal.storage.store import Store

TODAY = datetime.now().astimezone().replace(hour=20, minute=0, second=0, microsecond=0)
SAM = PersonRef("Sam", "partner", "present")


def ago(days: int, hour: int = 20) -> datetime:
    return (TODAY - timedelta(days=days)).replace(hour=hour)


def _episode(other: str, self_code: str) -> Episode:
    return Episode(
        person="Sam",
        wish="to be heard",
        wish_cluster="W6",
        other="he looked away",
        other_cluster=other,
        self_response="I went quiet",
        self_cluster=self_code,
    )


@pytest.fixture
def fortnight(store: Store) -> dict[str, int]:
    """Ten days of entries around a session 5 days ago; returns entry ids by name."""
    ids: dict[str, int] = {}

    def add(name: str, days: int, body: str, feelings: tuple[FeelingFelt, ...], **kw: Any) -> None:
        ids[name] = store.add_entry(make_entry(body, about=ago(days), feelings=feelings, **kw))

    hurt = (FeelingFelt("hurt", "sad", 7), FeelingFelt("lonely", "sad", 5))
    add("dinner", 9, "Dinner with Sam.", hurt, people=(SAM,), episode=_episode("RO5", "RS2"))
    add("walk", 8, "A calm walk.", (FeelingFelt("calm", "peaceful", 3),))
    add("work", 7, "Deadline.", (FeelingFelt("anxious", "scared", 9),), starred=True)
    add(
        "plans",
        4,
        "Sam forgot our plans.",
        (FeelingFelt("hurt", "sad", 8), FeelingFelt("angry", "mad", 6)),
        people=(SAM,),
        episode=_episode("RO5", "RS2"),
    )
    add(
        "talk",
        2,
        "We talked; he listened.",
        (FeelingFelt("relieved", "peaceful", 6), FeelingFelt("lonely", "sad", 2)),
        people=(SAM,),
        episode=_episode("RO8", "RS3"),
        title="Talking it through",
        starred=True,
    )
    add("secret", 1, "PRIVATE-WORDS", (FeelingFelt("terrified", "scared", 10),), private=True)
    add_session(store, ago(5, 17))
    return ids


def _front(text: str) -> str:
    """Everything before the first entry."""
    return text[: text.index("Entry ", text.index("Change over time"))]


def test_brief_opens_the_document_in_the_third_person(
    journal: Any, fortnight: dict[str, int]
) -> None:
    out = journal("export", "--format", "markdown").stdout
    assert out.index("## Session brief") < out.index("Dinner with Sam.")
    front = _front(out)
    day = ago(5).date()
    assert f"Entries since the last session ({day.day} {day:%b}): 2" in front
    assert not re.search(r"\b(you|your|yours|yourself)\b", front, re.IGNORECASE)
    assert "PRIVATE-WORDS" not in out and "terrified" not in out


def test_every_entry_shows_the_number_the_brief_cites(
    journal: Any, fortnight: dict[str, int]
) -> None:
    out = journal("export", "--format", "markdown").stdout
    for name, entry_id in fortnight.items():
        if name != "secret":
            assert f"## Entry {entry_id} · " in out
    work, talk = fortnight["work"], fortnight["talk"]
    assert f"Starred by the client for the session: Entry {work} (" in out
    assert f"Entry {talk} (" in out and "Talking it through" in out


def test_intense_moments_strongest_first(journal: Any, fortnight: dict[str, int]) -> None:
    out = journal("export", "--format", "markdown").stdout
    table = out[out.index("### Most intense moments") : out.index("### People written about")]
    rows = re.findall(r"^\| (\w+) \| (\d+)/10 \| Entry (\d+) \|", table, re.MULTILINE)
    assert [(w, int(i)) for w, i, _ in rows][:3] == [("anxious", 9), ("hurt", 8), ("hurt", 7)]
    assert int(rows[0][2]) == fortnight["work"]
    assert [int(i) for _, i, _ in rows] == sorted((int(i) for _, i, _ in rows), reverse=True)


def test_people_ties_go_to_the_more_recent_feeling(journal: Any, fortnight: dict[str, int]) -> None:
    # With Sam: hurt and lonely in 2 entries each, lonely the later (2 days ago), so first;
    # angry (4 days ago) and relieved (2 days ago) once each: relieved first.
    out = journal("export", "--format", "markdown").stdout
    assert "| Sam (present) | 3 | lonely ×2, hurt ×2, relieved ×1, angry ×1 |" in out


def test_nothing_is_said_twice_and_the_review_does_not_speak_to_the_client(
    journal: Any, fortnight: dict[str, int]
) -> None:
    out = journal("export", "--format", "markdown", "--with-review").stdout
    front = _front(out)
    assert "## Review of the shared entries" in front
    for once in ("People written about", "Most intense moments", "Recurring pattern"):
        assert front.count(once) == 1, once
    for client_voice in ("Your review", "Does this fit", "Bring to session", "Felt most"):
        assert client_voice not in out, client_voice
    assert "**People:** Sam (3)" not in out  # the header's list: the brief's table says it
    assert not re.search(r"\b(you|your|yours|yourself)\b", front, re.IGNORECASE)


def test_html_chart_has_axes_sessions_and_a_text_summary(
    journal: Any, fortnight: dict[str, int]
) -> None:
    out = journal("export", "--format", "html").stdout
    svg = out[out.index('<svg class="change"') : out.index("</svg>", out.index('class="change"'))]
    assert "<title>Tone and intensity per day." in svg and 'aria-label="Tone on' in svg
    assert ">intensity (0–10)</text>" in svg and ">day</text>" in svg and "tone: unpleasant" in svg
    day = ago(5).date()
    assert f"session {day.day} {day:%b}" in svg
    assert 'class="tone"' in svg and 'class="intensity"' in svg
    assert 'stroke-dasharray="6 4"' in svg  # intensity dashed: not told by colour alone
    assert "#0072B2" in svg and "#D55E00" in svg
    assert "<figcaption>Tone on " in out and "PRIVATE-WORDS" not in out


def test_pdf_chart_is_drawn_as_vector_lines_and_shapes() -> None:
    from datetime import date

    from fpdf import FPDF

    from relational_journal.core.chart import ChartDay, describe
    from relational_journal.core.document import Chart
    from relational_journal.interchange.export.chart_pdf import draw_chart

    days = tuple(
        ChartDay(date(2026, 11, 10 + i), 1, t, v)
        for i, (t, v) in enumerate([(-0.8, 8.0), (None, None), (0.5, 4.0), (0.2, 6.0)])
    )
    pdf = FPDF()
    pdf.compress = False
    pdf.add_page()
    draw_chart(pdf, Chart(days, (date(2026, 11, 11),), describe(days)), "Helvetica", str)
    raw = bytes(pdf.output()).decode("latin-1")
    # A square per intensity point and one in the legend, each drawn and filled.
    assert raw.count(" re B") == 4
    dashes = set(re.findall(r"\[([\d.]+) ([\d.]+)\] [\d.]+ d", raw))
    assert len(dashes) == 2  # intensity dashed, sessions dotted: not told by colour alone
    assert "(session 11 Nov)" in raw and "(intensity \\(0-10\\))" in raw


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext reads the PDF back")
def test_pdf_opens_with_the_brief_and_ends_with_the_safety_plan(
    journal: Any, fortnight: dict[str, int], store: Store, tmp_path: Path
) -> None:
    from relational_journal.storage.safety_plan import SECTIONS, save_sections

    save_sections(store, {SECTIONS[3].key: "Call Ruth on 555 0101"})
    target = tmp_path / "brief.pdf"
    journal("export", "--format", "pdf", "-o", str(target), "--with-safety-plan")
    pages = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert "SESSION BRIEF" in pages[0] and "CHANGE OVER TIME" in pages[0]
    assert "intensity (0-10)" in pages[0]
    last = [p for p in pages if p.strip()][-1]
    assert "Call Ruth on 555 0101" in last and "Dinner with Sam" not in last
    assert all("Call Ruth" not in p for p in pages[:-2])


def test_preview_lists_what_goes_in(
    journal: Any, fortnight: dict[str, int], tmp_path: Path
) -> None:
    from relational_journal.paths import db_path
    from relational_journal.storage.safety_plan import SECTIONS, save_sections

    with Store.open(db_path()) as store:
        save_sections(store, {SECTIONS[3].key: "Call Ruth on 555 0101"})
    target = tmp_path / "x.html"
    args = ("export", "--format", "html", "-o", str(target), "--preview")
    plain = journal(*args, input="n\n", ok=False).output
    assert "5 entries" in plain and "1 private entry left out" in plain
    assert "session brief" in plain and "chart of tone and" in plain
    assert "Your review: not included" in plain and "Your safety plan: not included" in plain
    full = journal(*args, "--with-review", "--with-safety-plan", input="n\n", ok=False).output
    assert "Your review of these entries: included" in full
    assert "Your safety plan: INCLUDED" in full and "phone number" in full
    assert not target.exists()


def test_since_session_follows_a_skipped_session(journal: Any, fortnight: dict[str, int]) -> None:
    day = ago(5).date()
    assert "Entries since the last session" in journal("export", "--since-session").stdout
    only_after = journal("export", "--since-session").stdout
    assert "Dinner with Sam." not in only_after
    journal("session", "skip", day.isoformat())
    out = journal("export", "--from", ago(10).date().isoformat()).stdout
    assert "No therapy session is recorded or scheduled before these entries." in out
