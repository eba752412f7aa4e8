"""The terminal side of the guided flow: questions on screen, answers from stdin."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from rich.console import Console

SKIP = {"s", "skip", "-"}


class TerminalAsk:
    """Implements guide.Ask with Rich output and plain `input()` (so readline editing works)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.closed = False  # stdin reached its end: every later question is skipped

    def _line(self, prompt: str = "› ") -> str:
        if self.closed:
            return ""
        try:
            return self.console.input(prompt)
        except EOFError:
            self.closed = True
            self.console.print()
            return ""

    def text(self, question: str, *, hint: str = "", multiline: bool = False) -> str:
        self.console.print(f"\n[bold]{_esc(question)}[/]")
        if multiline:
            self.console.print(
                "[dim](write as much as you like; finish with two empty lines or Ctrl-D)[/]"
            )
            lines: list[str] = []
            while True:
                if self.closed:
                    break
                line = self._line("")
                if self.closed:
                    break
                if line == "" and lines and lines[-1] == "":
                    lines.pop()
                    break
                if line == "" and not lines:
                    break
                lines.append(line)
            return "\n".join(lines).strip()
        if hint:
            self.console.print(f"[dim]({_esc(hint)})[/]")
        return self._line().strip()

    def choose(
        self, question: str, options: Sequence[tuple[str, str]], *, default: str | None = None
    ) -> str | None:
        self.console.print(f"\n[bold]{_esc(question)}[/]")
        for i, (key, label) in enumerate(options, 1):
            mark = "[cyan]›[/]" if key == default else " "
            self.console.print(f" {mark} {i}. {_esc(label)}")
        enter = f"Enter for {default}; s to skip" if default else "Enter or s to skip"
        self.console.print(f"[dim](a number or name; {enter})[/]")
        while True:
            answer = self._line().strip()
            if not answer:
                return default
            if answer.lower() in SKIP:
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1][0]
            for key, label in options:
                if answer.lower() in (key.lower(), label.lower()):
                    return key
            self.console.print("[dim]Please pick one of the numbers above, or s to skip.[/]")

    def confirm(self, question: str, *, default: bool = True) -> bool:
        suffix = "[Y/n]" if default else "[y/N]"
        self.console.print(f"\n[bold]{_esc(question)}[/] {suffix}")
        answer = self._line().strip().lower()
        if not answer:
            return default
        return answer in ("y", "yes")

    def say(self, message: str) -> None:
        self.console.print(f"[dim]{_esc(message)}[/]")


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def editor_command(configured: str | None) -> list[str]:
    command = configured or os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        for fallback in ("nano", "vi"):
            if any((Path(p) / fallback).exists() for p in os.environ.get("PATH", "").split(":")):
                command = fallback
                break
    if not command:
        raise JournalError("no editor found: set $EDITOR or 'editor' in the config")
    return shlex.split(command)


def edit_text(
    initial: str, folder: Path, configured: str | None, *, comment: str = ""
) -> str | None:
    """Open `initial` in the client's editor; None if the editor failed or was aborted."""
    text, finished = run_editor(initial, folder, configured, comment=comment)
    return text if finished else None


def run_editor(
    initial: str, folder: Path, configured: str | None, *, comment: str = ""
) -> tuple[str, bool]:
    """Open `initial` in the client's editor; returns (text, finished normally).

    Whatever the editor left in the file is returned even when it failed, so a
    crashed editor never loses what was typed.

    The temporary file lives in the journal's own folder, readable by the owner only.
    Lines starting with '#' that came from `comment` are removed afterwards.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(prefix="entry-", suffix=".md", dir=folder)
    path = Path(name)
    try:
        header = "".join(f"# {line}\n" for line in comment.splitlines()) if comment else ""
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(header + initial)
        try:
            result = subprocess.run([*editor_command(configured), str(path)], check=False)
        except OSError:
            raise JournalError("the editor could not be started: check $EDITOR") from None
        text = path.read_text(encoding="utf-8")
        if header and text.startswith(header):
            text = text[len(header) :]
        return text, result.returncode == 0
    finally:
        path.unlink(missing_ok=True)


def is_interactive() -> bool:
    """A person at a terminal can answer questions (never under CI)."""
    return sys.stdin.isatty() and os.environ.get("CI") is None
