"""Each command starts with only its own module loaded, and every command is reachable."""

from __future__ import annotations

import os
import subprocess
import sys

from relational_journal.cli import COMMANDS, app, command_name


def registered() -> dict[str, str]:
    """Command name -> module of its code, for every command the full app has."""
    found = {}
    for c in app.registered_commands:
        assert c.callback is not None
        found[c.name or c.callback.__name__] = c.callback.__module__
    for group in app.registered_groups:
        typer_app = group.typer_instance
        assert typer_app is not None
        callbacks = [c.callback for c in typer_app.registered_commands]
        if typer_app.registered_callback is not None:
            callbacks.append(typer_app.registered_callback.callback)
        found[group.name or ""] = callbacks[0].__module__
    return found


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    expected = {name: f"relational_journal.cli.{module}" for name, module in COMMANDS.items()}
    assert registered() == expected


def test_command_name_skips_options() -> None:
    assert command_name(["--help"]) is None
    assert command_name(["list", "-n", "3"]) == "list"
    assert command_name(["-h", "review"]) == "review"


def test_a_command_runs_with_only_its_own_module_loaded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "sys.argv = ['journal', 'config']\n"
        "from relational_journal.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('relational_journal.cli.'))\n"
        "print('LOADED', loaded)\n"
    )
    env = {**os.environ, "RELATIONAL_JOURNAL_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    loaded = out.stdout.split("LOADED", 1)[1]
    assert "config_cmd" in loaded
    assert "export_cmd" not in loaded and "review_cmd" not in loaded
