"""The `journal` command line: parse, call the core, render. Each command group is a module.

Command modules register themselves on import; they keep heavy imports inside
their functions so `journal --help` stays fast.
"""

from importlib import import_module

from .app import app

COMMAND_MODULES = [
    "write",
    "prompts_cmd",
    "config_cmd",
    "entries",
    "people_cmd",
    "session_cmd",
    "review_cmd",
    "admin_cmd",
    "safety_cmd",
    "export_cmd",
]

for _name in COMMAND_MODULES:
    import_module(f"{__name__}.{_name}")

__all__ = ["app"]
