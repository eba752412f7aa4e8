"""The config file: defaults, documented keys, warnings and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from relational_journal.config import Config, load_config, parse_config
from relational_journal.errors import ConfigError


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    cfg = load_config(tmp_path / "config.yaml")
    assert cfg == Config()
    assert any("988" in line for line in cfg.crisis_lines)


def test_unknown_keys_are_named_in_a_warning() -> None:
    cfg = parse_config({"week_start": "sunday", "colour": "blue"}, "config.yaml")
    assert cfg.week_start_index == 6
    assert len(cfg.warnings) == 1 and "'colour'" in cfg.warnings[0]


def test_wrong_types_are_errors_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'safety_notes' must be true or false"):
        parse_config({"safety_notes": "maybe"}, "config.yaml")
    path = tmp_path / "config.yaml"
    path.write_text("editor: vim\nweek_start: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.yaml line \d"):
        load_config(path)
