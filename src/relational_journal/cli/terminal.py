"""The terminal side of the guided flow: questions on screen, answers from stdin."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from rich.console import Console

SKIP = {"s", "skip", "-"}


PAUSE = ":pause"


class Paused(Exception):  # noqa: N818 - not an error: the client chose to stop for now
    """The client typed :pause; everything so far is kept."""


class Keeper(Protocol):
    """Where each answer goes the moment it is given (cli/drafting.py keeps the draft)."""

    def answered(self, question: str, answer: str) -> None: ...

    def typing(self, question: str, so_far: str) -> None: ...

    def earlier(self, question: str) -> str | None: ...

    def unfinished(self, question: str) -> str | None: ...


class TerminalAsk:
    """Implements guide.Ask with Rich output and plain `input()` (so readline editing works).

    With a `keeper`, every line is handed over as soon as Enter is pressed, and
    a resumed draft's earlier answers are given again without asking. Ctrl-D
    ends the answer being written, not the entry; `:pause` stops for now.
    """

    def __init__(self, console: Console, keeper: Keeper | None = None) -> None:
        self.console = console
        self.keeper = keeper
        self.closed = False  # piped stdin reached its end: every later question is skipped

    def _line(self, prompt: str = "› ") -> str | None:
        """One line, or None at Ctrl-D (end of this answer) or the end of piped input."""
        if self.closed:
            return None
        try:
            line = self.console.input(prompt)
        except EOFError:
            if not sys.stdin.isatty():
                self.closed = True
            self.console.print()
            return None
        if line.strip().lower() == PAUSE:
            raise Paused
        return line

    def _answered(self, question: str, answer: str) -> str:
        if self.keeper is not None:
            self.keeper.answered(question, answer)
        return answer

    def _earlier(self, question: str) -> str | None:
        found = self.keeper.earlier(question) if self.keeper is not None else None
        if found is not None:
            self.console.print(f"\n[bold]{_esc(question)}[/]")
            self.console.print(f"[dim]› {_esc(found) or '(skipped)'}  (kept from before)[/]")
        return found

    def text(self, question: str, *, hint: str = "", multiline: bool = False) -> str:
        found = self._earlier(question)
        if found is not None:
            return found
        self.console.print(f"\n[bold]{_esc(question)}[/]")
        if multiline:
            self.console.print(
                "[dim](write as much as you like; finish with two empty lines or Ctrl-D;"
                f" {PAUSE} to stop for now)[/]"
            )
            lines: list[str] = []
            kept = self.keeper.unfinished(question) if self.keeper is not None else None
            if kept:
                lines = kept.split("\n")
                self.console.print(_esc(kept))
            while True:
                line = self._line("")
                if line is None:
                    break
                if line == "" and lines and lines[-1] == "":
                    lines.pop()
                    break
                if line == "" and not lines:
                    break
                lines.append(line)
                if self.keeper is not None:
                    self.keeper.typing(question, "\n".join(lines))
            return self._answered(question, "\n".join(lines).strip())
        shown = f"{hint}; {PAUSE} to stop for now" if hint else f"{PAUSE} to stop for now"
        self.console.print(f"[dim]({_esc(shown)})[/]")
        return self._answered(question, (self._line() or "").strip())

    def choose(
        self, question: str, options: Sequence[tuple[str, str]], *, default: str | None = None
    ) -> str | None:
        found = self._earlier(question)
        if found is not None and (found == "" or any(found == key for key, _ in options)):
            return found or None
        self.console.print(f"\n[bold]{_esc(question)}[/]")
        for i, (key, label) in enumerate(options, 1):
            mark = "[cyan]›[/]" if key == default else " "
            self.console.print(f" {mark} {i}. {_esc(label)}")
        enter = f"Enter for {default}; s to skip" if default else "Enter or s to skip"
        self.console.print(f"[dim](a number or name; {_esc(enter)}; {PAUSE} to stop for now)[/]")
        while True:
            answer = (self._line() or "").strip()
            if not answer:
                return self._answered(question, default or "") or None
            if answer.lower() in SKIP:
                return self._answered(question, "") or None
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return self._answered(question, options[int(answer) - 1][0])
            for key, label in options:
                if answer.lower() in (key.lower(), label.lower()):
                    return self._answered(question, key)
            self.console.print("[dim]Please pick one of the numbers above, or s to skip.[/]")

    def confirm(self, question: str, *, default: bool = True) -> bool:
        found = self._earlier(question)
        if found in ("yes", "no"):
            return found == "yes"
        suffix = "\\[Y/n]" if default else "\\[y/N]"  # escaped: Rich would read [y/N] as markup
        self.console.print(f"\n[bold]{_esc(question)}[/] {suffix}")
        answer = (self._line() or "").strip().lower()
        result = default if not answer else answer in ("y", "yes")
        self._answered(question, "yes" if result else "no")
        return result

    def say(self, message: str) -> None:
        self.console.print(f"[dim]{_esc(message)}[/]")


def _esc(text: str) -> str:
    from relational_journal.render.safe import markup_safe

    return markup_safe(text)


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
    # The process id in the name: a file left by a killed `journal` is removed next time.
    fd, name = tempfile.mkstemp(prefix=f"entry-{os.getpid()}-", suffix=".md", dir=folder)
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
        path.unlink(missing_ok=True)  # the only plaintext of an encrypted journal: gone at once
        if header and text.startswith(header):
            text = text[len(header) :]
        return text, result.returncode == 0
    finally:
        path.unlink(missing_ok=True)


def is_interactive() -> bool:
    """A person at a terminal can answer questions (never under CI)."""
    return sys.stdin.isatty() and os.environ.get("CI") is None
