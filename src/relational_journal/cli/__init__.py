"""The `journal` command line: parse, call the core, render. Each command group is a module.

Typer builds every registered command's parameters when it starts, so loading
all command modules costs every invocation. `load(name)` registers only the
module that owns the command being run (all of them for `--help`, an unknown
name or no name), which keeps each command's start-up to what it uses.
"""

from importlib import import_module

from relational_journal.cli.app import app

# Top-level command name -> the module that registers it. The order of
# COMMAND_MODULES is the order of `journal --help`.
COMMANDS: dict[str, str] = {
    "write": "write",
    "drafts": "drafts_cmd",
    "list": "entries",
    "show": "entries",
    "search": "entries",
    "edit": "edit_cmd",
    "delete": "trash_cmd",
    "trash": "trash_cmd",
    "restore": "trash_cmd",
    "purge": "trash_cmd",
    "review": "review_cmd",
    "people": "people_cmd",
    "tags": "tags_cmd",
    "session": "session_cmd",
    "episode": "episode_cmd",
    "export": "export_cmd",
    "import": "import_cmd",
    "prompts": "prompts_cmd",
    "safety-plan": "safety_cmd",
    "status": "admin_cmd",
    "backup": "admin_cmd",
    "doctor": "admin_cmd",
    "encrypt": "admin_cmd",
    "decrypt": "admin_cmd",
    "passphrase": "admin_cmd",
    "wipe": "admin_cmd",
    "config": "config_cmd",
}
COMMAND_MODULES: list[str] = list(dict.fromkeys(COMMANDS.values()))


def load(command: str | None = None) -> None:
    """Register the module owning `command`, or every command module."""
    modules = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        import_module(f"{__name__}.{name}")


def command_name(argv: list[str]) -> str | None:
    """The command a command line asks for: its first word that is not an option."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg
        if arg == "--":
            break
    return None


__all__ = ["COMMANDS", "app", "command_name", "load"]
