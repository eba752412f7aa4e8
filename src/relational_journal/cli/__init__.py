"""The `journal` command line: parse, call the core, render. Each command group is a module."""

from . import config_cmd, prompts_cmd, write  # noqa: F401  (registers commands)
from .app import app

__all__ = ["app"]
