"""The config file: defaults, documented keys, and warnings that never stop the journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from relational_journal.config import (
    DEFAULT_CRISIS_LINES,
    Config,
    country_from_locale,
    load_config,
    parse_config,
    sample_config,
)


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    cfg = load_config(tmp_path / "config.yaml")
    assert cfg == Config()
    assert cfg.country is None
    assert any("988" in line for line in cfg.crisis_lines)


def test_unknown_keys_are_named_in_a_warning() -> None:
    cfg = parse_config({"week_start": "sunday", "colour": "blue"}, "config.yaml")
    assert cfg.week_start_index == 6
    assert len(cfg.warnings) == 1 and "'colour'" in cfg.warnings[0]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"safety_notes": "maybe"}, "safety_notes"),
        ({"week_start": 7}, "week_start"),
        ({"editor": 12}, "editor"),
        ({"keyring": "yes please"}, "keyring"),
        ({"crisis_lines": "988"}, "crisis_lines"),
        ({"country": "Narnia"}, "country"),
    ],
)
def test_a_bad_value_is_a_warning_naming_the_key_and_the_default_is_used(
    data: dict[str, object], key: str
) -> None:
    cfg = parse_config({**data, "default_pack": "checkin"}, "config.yaml")
    assert len(cfg.warnings) == 1
    assert f"'{key}'" in cfg.warnings[0] and "default" in cfg.warnings[0]
    assert getattr(cfg, key) == getattr(Config(), key)
    assert cfg.default_pack == "checkin"  # the good settings beside it still count


def test_broken_yaml_is_a_warning_with_its_line_and_every_default(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("editor: vim\nweek_start: [\n", encoding="utf-8")
    cfg = load_config(path)
    assert cfg == Config()
    assert len(cfg.warnings) == 1
    assert "config.yaml line" in cfg.warnings[0]


def test_a_file_that_is_not_a_mapping_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    cfg = load_config(path)
    assert cfg == Config() and "mapping" in cfg.warnings[0]


def test_country_is_read_as_an_iso_code() -> None:
    assert parse_config({"country": "gb"}, "c").country == "GB"
    assert parse_config({"country": " de "}, "c").country == "DE"
    cfg = parse_config({"country": "UK"}, "c")
    assert cfg.country is None
    assert "'country'" in cfg.warnings[0] and "GB" in cfg.warnings[0]


def test_a_country_replaces_the_us_default_lines_but_keeps_the_clients_own() -> None:
    assert parse_config({}, "c").crisis_lines == DEFAULT_CRISIS_LINES
    assert parse_config({"country": "FR"}, "c").crisis_lines == ()
    own = parse_config({"country": "FR", "crisis_lines": ["Dr Roy: 01 23"]}, "c")
    assert own.crisis_lines == ("Dr Roy: 01 23",)
    # an unknown country keeps the earlier defaults rather than showing nothing
    assert parse_config({"country": "XX"}, "c").crisis_lines == DEFAULT_CRISIS_LINES


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "GB"),
        ({"LANG": "de_AT"}, "AT"),
        ({"LANG": "fr_CA.UTF-8@euro"}, "CA"),
        ({"LC_ALL": "nl_BE.UTF-8", "LANG": "en_US.UTF-8"}, "BE"),
        ({"LC_MESSAGES": "sv_SE.UTF-8", "LANG": "en_US.UTF-8"}, "SE"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "en_ZZ.UTF-8"}, None),
        ({}, None),
    ],
)
def test_country_from_locale(environ: dict[str, str], expected: str | None) -> None:
    assert country_from_locale(environ) == expected


def test_sample_config_fills_in_a_known_country(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(sample_config("IE"), encoding="utf-8")
    cfg = load_config(path)
    assert cfg.country == "IE" and cfg.warnings == ()
    path.write_text(sample_config(None), encoding="utf-8")
    assert load_config(path) == Config()
