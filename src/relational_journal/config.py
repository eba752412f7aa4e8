"""The client's settings, from config.yaml in the data folder.

Every key is optional. Nothing in the file stops the journal from opening: an
unknown key, a value of the wrong kind or a file that is not valid YAML is a
warning naming the file and the key, and that setting keeps its default. The
safety plan in particular must open however the file was mistyped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Shown when neither `country` nor `crisis_lines` is set (the settings of
# earlier versions); with a country, its bundled lines take their place.
DEFAULT_CRISIS_LINES: tuple[str, ...] = (
    "988 Suicide & Crisis Lifeline (US): call or text 988",
    "Crisis Text Line (US): text HOME to 741741",
)

# ISO 3166-1 alpha-2 codes in use (as the tz database's iso3166.tab lists them).
COUNTRY_CODES = frozenset(
    (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN "
        "BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
        "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL "
        "GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM "
        "JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
        "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP "
        "NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD "
        "SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO "
        "TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
    ).split()
)
# Common non-ISO spellings, named in the warning so the fix is obvious.
COUNTRY_HINTS = {"UK": "GB", "EL": "GR"}

DOCUMENTED_KEYS: dict[str, str] = {
    "editor": "command used for long answers and `journal edit` (else $VISUAL, $EDITOR)",
    "week_start": "first day of the review week: monday (default) or sunday",
    "default_time": "the time of day a quick entry gets when its date has none (09:00)",
    "default_pack": "prompt pack `journal write` draws from by default (else any pack)",
    "offer_deep_prompts": "true lets `journal write` offer prompts that go deeper (childhood, "
    "loss, trauma) at random; false (default) offers them only when asked",
    "safety_notes": "true (default) shows a calm note with crisis lines when an entry "
    "contains self-harm language; false turns it off",
    "country": "two-letter country code (ISO 3166-1, e.g. GB) whose crisis lines are shown",
    "crisis_lines": "your own lines (a therapist, a local service), shown after the country's",
    "safety_phrases": "extra phrases that should show the note (added to the bundled list)",
    "keyring": "true stores the encryption passphrase in the OS keyring, if one exists",
}


@dataclass(frozen=True)
class Config:
    editor: str | None = None
    week_start: str = "monday"
    default_time: str = "09:00"
    default_pack: str | None = None
    offer_deep_prompts: bool = False
    safety_notes: bool = True
    country: str | None = None
    crisis_lines: tuple[str, ...] = DEFAULT_CRISIS_LINES
    safety_phrases: tuple[str, ...] = ()
    keyring: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def week_start_index(self) -> int:
        """0 for Monday ... 6 for Sunday, as datetime.weekday() counts."""
        return WEEKDAYS.index(self.week_start)


def country_code(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for `value` ("gb", " GB "), or None if it is not one."""
    code = value.strip().upper()
    return code if code in COUNTRY_CODES else None


def country_from_locale(environ: Mapping[str, str]) -> str | None:
    """The country in the locale (LC_ALL, LC_MESSAGES, then LANG: en_GB.UTF-8 -> GB)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        # The first variable set decides, as for every other locale setting.
        base = value.split(".", 1)[0].split("@", 1)[0]
        if "_" not in base:
            return None
        return country_code(base.split("_", 1)[1])
    return None


def parse_config(data: Any, where: str) -> Config:
    """Turn the loaded YAML into a Config; pure, for tests.

    A bad value is a warning naming the key, and that key keeps its default.
    """
    if data is None:
        return Config()
    if not isinstance(data, dict):
        return Config(
            warnings=(
                f"{where}: the config must be a mapping of key: value lines; "
                "every setting keeps its default",
            )
        )
    warnings: list[str] = [
        f"{where}: unknown setting '{k}' ignored (known: {', '.join(DOCUMENTED_KEYS)})"
        for k in sorted(str(k) for k in data if k not in DOCUMENTED_KEYS)
    ]

    def bad(key: str, wanted: str) -> None:
        warnings.append(f"{where}: '{key}' must be {wanted}; the default is used")

    values: dict[str, Any] = {}
    for key in ("editor", "default_pack"):
        if key in data and data[key] is not None:
            if isinstance(data[key], str):
                values[key] = data[key]
            else:
                bad(key, "text")
    if "week_start" in data:
        ws = str(data["week_start"]).strip().lower()
        if ws in ("monday", "sunday"):
            values["week_start"] = ws
        else:
            bad("week_start", f"monday or sunday, not {ws!r}")
    if "default_time" in data:
        clock = _clock(data["default_time"])
        if clock is not None:
            values["default_time"] = clock
        else:
            bad(
                "default_time",
                f"a time of day such as 09:00 or 21:30, not {data['default_time']!r}",
            )
    for key in ("safety_notes", "keyring", "offer_deep_prompts"):
        if key in data:
            if isinstance(data[key], bool):
                values[key] = data[key]
            else:
                bad(key, "true or false")
    if "country" in data and data["country"] is not None:
        raw = str(data["country"])
        code = country_code(raw)
        if code is not None:
            values["country"] = code
        else:
            hint = COUNTRY_HINTS.get(raw.strip().upper())
            also = f" (did you mean {hint}?)" if hint else ""
            bad("country", f"a two-letter ISO 3166-1 code such as GB or DE, not {raw!r}{also}")
    for key in ("crisis_lines", "safety_phrases"):
        if key in data:
            value = data[key]
            if value is None:
                values[key] = ()
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                values[key] = tuple(v.strip() for v in value if v.strip())
            else:
                bad(key, "a list of text lines")
    if "crisis_lines" not in values and "country" in values:
        # The bundled default lines are for the US; a country brings its own.
        values["crisis_lines"] = ()
    return Config(**values, warnings=tuple(warnings))


def _clock(value: Any) -> str | None:
    """'9:00', '09:00' or '21:30' as HH:MM; None for anything else.

    YAML reads an unquoted 9:00 as the number 540 (minutes, base 60): taken back too.
    """
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    found = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(value))
    if found and int(found.group(1)) < 24 and int(found.group(2)) < 60:
        return f"{int(found.group(1)):02d}:{found.group(2)}"
    return None


def load_config(path: Path) -> Config:
    """Read config.yaml; a missing file means every default, a broken one too (with a warning)."""
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
        return Config(warnings=(f"{path}{line}: {problem}; every setting keeps its default",))
    except (OSError, UnicodeDecodeError) as exc:
        return Config(
            warnings=(
                f"{path}: cannot be read ({exc.__class__.__name__}); "
                "every setting keeps its default",
            )
        )
    return parse_config(data, str(path))


SAMPLE_CONFIG = """\
# relational-journal settings. Every line is optional.
# editor: nano              # for long answers and `journal edit` (else $VISUAL, $EDITOR)
# week_start: monday        # or sunday: where `journal review` weeks begin
# default_time: "09:00"     # the time a quick entry's date without a time gets
# default_pack: checkin     # the pack `journal write` offers prompts from
# offer_deep_prompts: false # true: prompts that go deeper may be offered at random
# safety_notes: true        # false hides the note shown when an entry mentions self-harm
{country}
# crisis_lines:             # your own lines, shown after your country's
#   - "My therapist's practice: 555 0100"
# safety_phrases:           # extra phrases that should show the note
#   - "disappear for good"
# keyring: false            # true keeps the encryption passphrase in the OS keyring
"""


def sample_config(country: str | None) -> str:
    """The commented config file, with `country` filled in when one is known."""
    if country:
        line = f"country: {country}               # crisis lines for this country (ISO code)"
    else:
        line = "# country: GB              # two-letter code: crisis lines for your country"
    return SAMPLE_CONFIG.replace("{country}", line)
