"""Entry point for `journal` and `python -m relational_journal`."""

from __future__ import annotations

import sys


def main() -> None:
    # `--version` is answered before Typer and Rich load, so it is instant.
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        print(f"relational-journal {__version__}")
        return
    from .cli import app

    app(prog_name="journal")


if __name__ == "__main__":
    main()
