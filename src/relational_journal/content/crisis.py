"""Crisis lines by country, from data/crisis_lines.yaml, checked strictly once.

Each line names its service, how to reach it (call, text, chat), the page it
was checked on and when. `lines_for` puts a country's lines before the
client's own configured ones and ends with the emergency number; with no
country it gives the configured lines and a general emergency wording.
Nothing here invents a number: a country without bundled lines gets only the
general wording and whatever the client configured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from relational_journal.config import COUNTRY_CODES
from relational_journal.errors import JournalError

FILE_NAME = "crisis_lines.yaml"
LOCAL_EMERGENCY = (
    "In danger right now: your local emergency number, e.g. 112 in Europe, 911 in North America"
)
TOP_KEYS = {"version": True, "countries": True}
COUNTRY_KEYS = {"name": True, "emergency": True, "lines": True}
LINE_KEYS = {
    "name": True,
    "number": False,
    "text": False,
    "chat": False,
    "hours": False,
    "note": False,
    "source": True,
    "checked": True,
}
WAYS = ("number", "text", "chat")


class CrisisLinesError(JournalError):
    """The crisis-lines file is malformed: the message names file, line and field."""


@dataclass(frozen=True)
class CrisisLine:
    name: str
    source: str
    checked: date
    number: str | None = None
    text: str | None = None
    chat: str | None = None
    hours: str | None = None
    note: str | None = None

    def describe(self) -> str:
        """One line for the screen: 'Samaritans: call 116 123 · 24 hours, every day'."""
        ways = []
        if self.number:
            ways.append(f"call {self.number}")
        if self.text:
            ways.append(f"text {self.text}")
        if self.chat:
            ways.append(f"chat at {self.chat}")
        extra = [part for part in (self.hours, self.note) if part]
        return f"{self.name}: {', or '.join(ways)}" + "".join(f" · {part}" for part in extra)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    lines: tuple[CrisisLine, ...]

    def emergency_line(self) -> str:
        return f"In danger right now: call {self.emergency} (emergency services, {self.name})"


@dataclass(frozen=True)
class CrisisDirectory:
    countries: dict[str, Country]

    def country(self, code: str | None) -> Country | None:
        if not code:
            return None
        return self.countries.get(code.strip().upper())


def lines_for(
    country: str | None,
    configured: Sequence[str],
    directory: CrisisDirectory | None = None,
) -> tuple[str, ...]:
    """The lines to show: the country's, then the configured ones, then the emergency number.

    With no country, or one without bundled lines, the configured lines come
    first and the general emergency wording last.
    """
    own = tuple(line.strip() for line in configured if line.strip())
    found = (directory or bundled_directory()).country(country)
    if found is None:
        return (*own, LOCAL_EMERGENCY)
    return (*(line.describe() for line in found.lines), *own, found.emergency_line())


@cache
def bundled_directory() -> CrisisDirectory:
    """The bundled crisis lines, validated once per process."""
    from relational_journal.content.loader import data_file

    return read_directory(data_file(FILE_NAME))


def read_directory(path: Path) -> CrisisDirectory:
    """Read and check a crisis-lines file; a problem is a CrisisLinesError naming its line."""
    import yaml

    from relational_journal.content.loader import load_data_file

    try:
        data = load_data_file(path)
    except OSError as exc:
        raise CrisisLinesError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise CrisisLinesError(f"{path}{line}: YAML syntax error, {problem}") from None
    try:
        return parse_directory(data)
    except _Problem as problem:
        at = _line_of(path, problem.where)
        raise CrisisLinesError(f"{path} line {at}: {problem.message}") from None


class _Problem(Exception):
    """A problem found in the plain data, at a path of keys the file's lines are looked up by."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def parse_directory(data: Any) -> CrisisDirectory:
    """Check the loaded data strictly (unknown or missing keys, types, codes)."""
    _keys(data, TOP_KEYS, (), "the file")
    if data["version"] != 1:
        raise _Problem(("version",), f"'version' must be 1, not {data['version']!r}")
    body = data["countries"]
    if not isinstance(body, dict) or not body:
        raise _Problem(("countries",), "'countries' must map country codes to their lines")
    countries: dict[str, Country] = {}
    for code, entry in body.items():
        where: tuple[str | int, ...] = ("countries", str(code))
        if str(code) not in COUNTRY_CODES:
            raise _Problem(where, f"{code!r} is not a two-letter ISO 3166-1 country code")
        _keys(entry, COUNTRY_KEYS, where, f"country {code}")
        lines_data = entry["lines"]
        if not isinstance(lines_data, list) or not lines_data:
            raise _Problem((*where, "lines"), f"country {code}: 'lines' must be a list of lines")
        lines = tuple(
            _line(item, (*where, "lines", index), str(code))
            for index, item in enumerate(lines_data)
        )
        countries[str(code)] = Country(
            code=str(code),
            name=_text(entry, "name", where, f"country {code}"),
            emergency=_text(entry, "emergency", where, f"country {code}"),
            lines=lines,
        )
    return CrisisDirectory(countries)


def _line(item: Any, where: tuple[str | int, ...], code: str) -> CrisisLine:
    what = f"a line of {code}"
    _keys(item, LINE_KEYS, where, what)
    values = {key: _text(item, key, where, what) for key in LINE_KEYS if key in item}
    if not any(way in values for way in WAYS):
        raise _Problem(where, f"{what} needs a 'number', 'text' or 'chat'")
    if not values["source"].startswith(("https://", "http://")):
        raise _Problem((*where, "source"), f"{what}: 'source' must be the service's web address")
    try:
        checked = date.fromisoformat(values.pop("checked"))
    except ValueError:
        raise _Problem(
            (*where, "checked"), f"{what}: 'checked' must be a date such as 2026-12-03"
        ) from None
    return CrisisLine(checked=checked, **values)


def _keys(node: Any, allowed: dict[str, bool], where: tuple[str | int, ...], what: str) -> None:
    if not isinstance(node, dict):
        raise _Problem(where, f"{what} must be a mapping of key: value lines")
    for key in node:
        if key not in allowed:
            raise _Problem(
                (*where, str(key)),
                f"{what} has unknown field '{key}' (allowed: {', '.join(allowed)})",
            )
    for key, required in allowed.items():
        if required and key not in node:
            raise _Problem(where, f"{what} is missing '{key}'")


def _text(node: dict[str, Any], key: str, where: tuple[str | int, ...], what: str) -> str:
    value = node[key]
    if isinstance(value, date):  # an unquoted date in YAML
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Problem((*where, key), f"{what}: '{key}' must be text")
    text = " ".join(str(value).split())
    if not text:
        raise _Problem((*where, key), f"{what}: '{key}' is empty")
    return text


def _line_of(path: Path, where: tuple[str | int, ...]) -> int:
    """The 1-based line of the deepest node along `where` (line 1 if none can be found)."""
    import yaml

    from relational_journal.content.loader import safe_loader

    try:
        node: Any = yaml.compose(path.read_text(encoding="utf-8"), Loader=safe_loader())
    except (OSError, yaml.YAMLError):
        return 1
    line = 1
    for step in where:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if str(k.value) == str(step)]
            if not found:
                break
            key_node, node = found[0]
            line = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                break
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line
