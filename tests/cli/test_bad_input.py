"""Bad input of every kind ends in a clear error or a correct result: never a traceback,
never a changed journal."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relational_journal.config import parse_config
from relational_journal.content.feelings import parse_feel
from relational_journal.content.prompts import parse_pack
from relational_journal.core.dates import parse_moment, parse_range, parse_span
from relational_journal.errors import (
    ConfigError,
    DateError,
    FeelingError,
    ImportFileError,
    JournalError,
    PackError,
)
from relational_journal.interchange.importing import import_file
from relational_journal.storage.store import Store

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 18, 20, 0, tzinfo=TZ)
CLI = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
junk = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)
option_junk = junk.filter(lambda s: not s.startswith("-"))


# -- the parsers ---------------------------------------------------------------------


yaml_like = st.one_of(
    junk,
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(
                st.sampled_from(["id", "title", "prompts", "text", "relationship", "x"]),
                inner,
                max_size=4,
            ),
        ),
        max_leaves=12,
    ).map(lambda v: json.dumps(v)),
)


@given(yaml_like)
@settings(max_examples=120, deadline=None)
def test_any_pack_text_is_a_pack_or_a_pack_error(text: str) -> None:
    try:
        parse_pack(text, Path("mine.yaml"))
    except PackError as exc:
        assert "\n" not in str(exc).strip() or "mine.yaml" in str(exc)


@given(junk)
@settings(max_examples=150, deadline=None)
def test_any_date_text_is_a_date_or_a_date_error(text: str) -> None:
    for parse in (parse_span, parse_moment):
        try:
            parse(text, NOW, TZ)
        except DateError:
            pass
    try:
        parse_range(text, None, None, NOW, TZ)
    except DateError:
        pass


@given(junk)
@settings(max_examples=120, deadline=None)
def test_any_feeling_option_is_read_or_a_feeling_error(text: str) -> None:
    try:
        word, intensity = parse_feel(text)
    except FeelingError:
        return
    assert word.strip()
    assert intensity is None or 0 <= intensity <= 10


@given(st.one_of(st.binary(max_size=300), yaml_like.map(str.encode)))
@settings(max_examples=120, deadline=None)
def test_any_import_file_is_read_or_an_import_error(raw: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_bytes(raw)
        with Store.open(Path(folder) / "journal.db") as store:
            try:
                import_file(store, path, tz=TZ, now=datetime.now(UTC))
            except ImportFileError:
                pass


@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from(
                    ["editor", "week_start", "safety_notes", "crisis_lines", "keyring", "zzz"]
                ),
                inner,
                max_size=4,
            ),
        ),
        max_leaves=8,
    )
)
@settings(max_examples=120, deadline=None)
def test_any_config_is_settings_or_a_config_error(data: Any) -> None:
    try:
        parse_config(data, "config.yaml")
    except ConfigError:
        pass


# -- the command line: clear errors, never a changed journal -------------------------


def _fingerprint(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


@pytest.fixture
def seeded(journal: Any, journal_home: Path) -> Path:
    journal("write", "--text", "a talk with @Sam", "--feel", "hurt:6", "--with", "Sam")
    journal("write", "--text", "a walk by the sea", "--date", "yesterday")
    return journal_home / "journal.db"


def _clean(result: Any) -> None:
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    assert result.exit_code in (0, 1, 2), output
    if result.exit_code == 1:
        assert output.strip(), "a failure must say why"


@given(option_junk)
@CLI
def test_list_from_anything(journal: Any, seeded: Path, text: str) -> None:
    before = _fingerprint(seeded)
    _clean(journal("list", "--from", text, ok=False))
    assert _fingerprint(seeded) == before


@given(option_junk)
@CLI
def test_search_anything(journal: Any, seeded: Path, text: str) -> None:
    before = _fingerprint(seeded)
    _clean(journal("search", "--", text, ok=False))
    assert _fingerprint(seeded) == before


@given(option_junk)
@CLI
def test_write_with_a_junk_feeling_saves_correctly_or_not_at_all(
    journal: Any, seeded: Path, text: str
) -> None:
    before = _fingerprint(seeded)
    result = journal("write", "--text", "testing feelings", "--feel", text, ok=False)
    _clean(result)
    if result.exit_code != 0:
        assert _fingerprint(seeded) == before


@given(option_junk)
@CLI
def test_write_with_a_junk_date_saves_correctly_or_not_at_all(
    journal: Any, seeded: Path, text: str
) -> None:
    before = _fingerprint(seeded)
    result = journal("write", "--text", "testing dates", "--date", text, ok=False)
    _clean(result)
    if result.exit_code != 0:
        assert _fingerprint(seeded) == before


@pytest.mark.parametrize(
    "args",
    [
        ["show", "999"],
        ["show", "abc"],
        ["list", "-n", "-3"],
        ["list", "--to", "the day after never"],
        ["write", "--text", "   "],
        ["write", "--text", "x", "--feel", "hurt:11"],
        ["write", "--text", "x", "--feel", ":"],
        ["write", "--text", "x", "--prompt", "no-such-prompt"],
        ["write", "--text", "x", "--date", "31 February"],
        ["export", "--format", "docx"],
        ["safety-plan", "edit", "--section", ""],
        ["backup", "/proc/definitely/not/here.db"],
    ],
)
def test_bad_options_are_one_clear_error_and_change_nothing(
    journal: Any, seeded: Path, args: list[str]
) -> None:
    before = _fingerprint(seeded)
    result = journal(*args, ok=False)
    _clean(result)
    assert result.exit_code != 0, args
    assert _fingerprint(seeded) == before


def test_import_of_a_bad_file_changes_nothing(journal: Any, seeded: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"entries": [{"date": "2026-01-01", "body": "ok"}, {"date": 5}]}))
    before = _fingerprint(seeded)
    result = journal("import", str(bad), ok=False)
    _clean(result)
    assert result.exit_code == 1
    assert _fingerprint(seeded) == before


def test_errors_are_journal_errors_with_one_line() -> None:
    for exc in (DateError("x"), PackError("y"), ImportFileError("z")):
        assert isinstance(exc, JournalError)
