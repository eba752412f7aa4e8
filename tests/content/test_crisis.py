"""Crisis lines by country: the bundled file, the strict loader, and lookup with fallback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from relational_journal.config import COUNTRY_CODES
from relational_journal.content.crisis import (
    LOCAL_EMERGENCY,
    CrisisLinesError,
    bundled_directory,
    lines_for,
    read_directory,
)

GOOD = """\
version: 1
countries:
  GB:
    name: United Kingdom
    emergency: 999 or 112
    lines:
      - name: Samaritans
        number: 116 123
        hours: 24 hours, every day
        source: https://www.samaritans.org/
        checked: "2026-12-03"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "crisis_lines.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bundled_line_is_sourced_dated_and_reachable() -> None:
    directory = bundled_directory()
    assert {"US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "ES", "NL"} <= set(directory.countries)
    for code, country in directory.countries.items():
        assert code in COUNTRY_CODES and country.emergency
        for line in country.lines:
            assert line.source.startswith(("https://", "http://"))
            assert line.checked == date(2026, 12, 3)
            assert line.number or line.text or line.chat


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", ["988", "741741"]),
        ("CA", ["988"]),
        ("GB", ["116 123"]),
        ("IE", ["116 123"]),
        ("AU", ["13 11 14"]),
        ("NZ", ["1737"]),
        ("DE", ["0800 111 0 111", "0800 111 0 222"]),
        ("FR", ["3114"]),
        ("ES", ["024"]),
        ("NL", ["113", "0800 0113"]),
    ],
)
def test_known_countries_show_their_lines(country: str, expected: list[str]) -> None:
    shown = "\n".join(lines_for(country, ()))
    for number in expected:
        assert number in shown


def test_a_country_comes_first_then_own_lines_then_its_emergency_number() -> None:
    shown = lines_for("gb", ["My therapist: 555 0100"])
    assert "Samaritans" in shown[0] and "116 123" in shown[0]
    assert shown[1] == "My therapist: 555 0100"
    assert "999" in shown[-1]
    assert "988" not in "\n".join(shown)


def test_no_country_gives_own_lines_and_the_general_emergency_wording() -> None:
    assert lines_for(None, ["  ", "My therapist: 555 0100"]) == (
        "My therapist: 555 0100",
        LOCAL_EMERGENCY,
    )
    assert "112 in Europe" in LOCAL_EMERGENCY and "911 in North America" in LOCAL_EMERGENCY


def test_a_country_without_bundled_lines_falls_back_without_inventing_any() -> None:
    assert "JP" in COUNTRY_CODES
    assert lines_for("JP", ["Local line: 01 23"]) == ("Local line: 01 23", LOCAL_EMERGENCY)


def test_a_good_file_is_read_into_typed_lines(tmp_path: Path) -> None:
    directory = read_directory(_write(tmp_path, GOOD))
    line = directory.countries["GB"].lines[0]
    assert line.number == "116 123" and line.checked == date(2026, 12, 3)
    assert line.describe() == "Samaritans: call 116 123 · 24 hours, every day"
    assert lines_for("GB", (), directory)[-1].startswith("In danger right now: call 999 or 112")


@pytest.mark.parametrize(
    ("change", "line", "field"),
    [
        (("        hours:", "        opening:"), 9, "unknown field 'opening'"),
        (("        source: https://www.samaritans.org/\n", ""), 7, "missing 'source'"),
        (("        number: 116 123\n", ""), 7, "needs a 'number', 'text' or 'chat'"),
        (('checked: "2026-12-03"', 'checked: "soon"'), 11, "'checked' must be a date"),
        (("source: https://", "source: www."), 10, "'source' must be"),
        (("  GB:", "  UK:"), 3, "'UK' is not a two-letter ISO"),
        (("    emergency: 999 or 112\n", ""), 3, "missing 'emergency'"),
        (("version: 1", "version: 2"), 1, "'version' must be 1"),
        (("        number: 116 123", "        number: [1, 2]"), 8, "'number' must be text"),
    ],
)
def test_loader_errors_name_the_file_line_and_field(
    tmp_path: Path, change: tuple[str, str], line: int, field: str
) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(CrisisLinesError) as caught:
        read_directory(_write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'crisis_lines.yaml'} line {line}: ")
    assert field in message


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(CrisisLinesError, match=r"crisis_lines.yaml line \d+: YAML syntax"):
        read_directory(_write(tmp_path, GOOD + "  - [unclosed\n"))
