"""Entry point for `journal` and `python -m relational_journal`."""

from __future__ import annotations

import sys


def main() -> None:
    # `--version` is answered before Typer and Rich load, so it is instant.
    if sys.argv[1:] in (["--version"], ["-V"]):
        from relational_journal import __version__

        print(f"relational-journal {__version__}")
        return
    import os

    from relational_journal.cli import app, command_name, load

    if "_JOURNAL_COMPLETE" in os.environ:
        # The shell asks what to complete: Typer's completion code, loaded only now.
        from typer import completion

        completion.completion_init()  # type: ignore[attr-defined]
    load(command_name(sys.argv[1:]))
    app(prog_name="journal")


if __name__ == "__main__":
    main()
