"""The client's settings, from config.yaml in the data folder.

Every key is optional. Unknown keys are reported as warnings (naming them) so a
typo never silently changes behaviour; wrong types are errors naming the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relational_journal.errors import ConfigError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

DEFAULT_CRISIS_LINES: tuple[str, ...] = (
    "988 Suicide & Crisis Lifeline (US): call or text 988",
    "Crisis Text Line (US): text HOME to 741741",
    "Anywhere: your local emergency number",
)

DOCUMENTED_KEYS: dict[str, str] = {
    "editor": "command used for long answers and `journal edit` (else $VISUAL, $EDITOR)",
    "week_start": "first day of the review week: monday (default) or sunday",
    "default_pack": "prompt pack `journal write` draws from by default (else any pack)",
    "safety_notes": "true (default) shows a calm note with crisis lines when an entry "
    "contains self-harm language; false turns it off",
    "crisis_lines": "list of lines shown in that note and in the safety plan",
    "safety_phrases": "extra phrases that should show the note (added to the bundled list)",
    "keyring": "true stores the encryption passphrase in the OS keyring, if one exists",
}


@dataclass(frozen=True)
class Config:
    editor: str | None = None
    week_start: str = "monday"
    default_pack: str | None = None
    safety_notes: bool = True
    crisis_lines: tuple[str, ...] = DEFAULT_CRISIS_LINES
    safety_phrases: tuple[str, ...] = ()
    keyring: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def week_start_index(self) -> int:
        """0 for Monday ... 6 for Sunday, as datetime.weekday() counts."""
        return WEEKDAYS.index(self.week_start)


def _str_list(key: str, value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of text lines")
    return tuple(value)


def parse_config(data: Any, where: str) -> Config:
    """Turn the loaded YAML into a Config; pure, for tests."""
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the config must be a mapping of key: value lines")
    unknown = sorted(str(k) for k in data if k not in DOCUMENTED_KEYS)
    warnings = tuple(
        f"{where}: unknown setting '{k}' ignored (known: {', '.join(DOCUMENTED_KEYS)})"
        for k in unknown
    )
    values: dict[str, Any] = {}
    for key in ("editor", "default_pack"):
        if key in data and data[key] is not None:
            if not isinstance(data[key], str):
                raise ConfigError(f"{where}: '{key}' must be text")
            values[key] = data[key]
    if "week_start" in data:
        ws = str(data["week_start"]).lower()
        if ws not in ("monday", "sunday"):
            raise ConfigError(f"{where}: 'week_start' must be monday or sunday, not {ws!r}")
        values["week_start"] = ws
    for key in ("safety_notes", "keyring"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{where}: '{key}' must be true or false")
            values[key] = data[key]
    if "crisis_lines" in data:
        values["crisis_lines"] = _str_list("crisis_lines", data["crisis_lines"], where)
    if "safety_phrases" in data:
        values["safety_phrases"] = _str_list("safety_phrases", data["safety_phrases"], where)
    return Config(**values, warnings=warnings)


def load_config(path: Path) -> Config:
    """Read config.yaml; a missing file means every default."""
    if not path.exists():
        return Config()
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(f"{path}{line}: {problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    return parse_config(data, str(path))


SAMPLE_CONFIG = """\
# relational-journal settings. Every line is optional.
# editor: nano              # for long answers and `journal edit` (else $VISUAL, $EDITOR)
# week_start: monday        # or sunday: where `journal review` weeks begin
# default_pack: checkin     # the pack `journal write` offers prompts from
# safety_notes: true        # false hides the note shown when an entry mentions self-harm
# crisis_lines:             # shown in that note and in `journal safety-plan`
#   - "988 Suicide & Crisis Lifeline (US): call or text 988"
#   - "My therapist's practice: 555 0100"
# safety_phrases:           # extra phrases that should show the note
#   - "disappear for good"
# keyring: false            # true keeps the encryption passphrase in the OS keyring
"""
