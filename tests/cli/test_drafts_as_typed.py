"""Nothing typed is lost: `journal write` in a real pseudo-terminal, stopped half way."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from helpers import kept_drafts
from relational_journal.storage import crypto
from relational_journal.storage.query import EntryFilter
from relational_journal.storage.store import Store

JOURNAL = str(Path(sys.executable).with_name("journal"))


class Terminal:
    """`journal ARGS` on a pseudo-terminal: type lines, read the screen, send signals."""

    def __init__(self, home: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become `journal`
            os.environ.update({"RELATIONAL_JOURNAL_HOME": str(home), "COLUMNS": "100"})
            os.environ.pop("CI", None)
            os.environ.update(env or {})
            os.execv(JOURNAL, [JOURNAL, *args])
        self.screen = ""

    def read_until(self, text: str, timeout: float = 10.0) -> str:
        end = time.monotonic() + timeout
        while text not in self.screen:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    self.screen += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        return self.screen

    def type(self, *lines: str) -> None:
        for line in lines:
            os.write(self.fd, line.encode() + b"\r")
            time.sleep(0.15)

    def enter_until_done(self, timeout: float = 20.0) -> int:
        """Press Enter at every question that is left, as a client skipping the rest."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.3)
            if ready:
                try:
                    self.screen += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:
                    pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            if not ready:  # the screen is waiting for an answer
                os.write(self.fd, b"\r")
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError(f"journal did not finish; the screen was:\n{self.screen}")

    def wait(self, timeout: float = 10.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                self.screen += os.read(self.fd, 65536).decode("utf-8", "replace")
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("journal did not finish")


def _entries(home: Path, passphrase: str | None = None) -> list[Any]:
    with Store.open(home / "journal.db", passphrase=passphrase) as store:
        return list(store.iter_entries(EntryFilter()))


def _start_guided(home: Path, **kw: Any) -> Terminal:
    term = Terminal(home, "write", "--prompt", "present-closeness", **kw)
    term.read_until("Your answer:")
    return term


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGHUP, signal.SIGTERM])
def test_every_line_is_kept_when_the_writing_is_stopped_half_way(
    journal_home: Path, sig: signal.Signals
) -> None:
    term = _start_guided(journal_home)
    term.type("The first thing I want to keep.", "And the second line.")
    time.sleep(0.3)
    os.kill(term.pid, sig)
    term.wait()
    (draft,) = kept_drafts(journal_home)
    assert draft["pending"] == [
        "Your answer:",
        "The first thing I want to keep.\nAnd the second line.",
    ]
    assert draft["prompt_id"] == "present-closeness"
    assert _entries(journal_home) == []


def test_a_line_is_on_disk_before_anything_else_happens(journal_home: Path) -> None:
    term = _start_guided(journal_home)
    term.type("Kept the moment I pressed Enter.")
    time.sleep(0.5)
    try:
        (draft,) = kept_drafts(journal_home)  # the process is still waiting for more
        assert draft["pending"][1] == "Kept the moment I pressed Enter."
    finally:
        os.kill(term.pid, signal.SIGKILL)  # whatever kills it: the line is already there
        term.wait()
    (draft,) = kept_drafts(journal_home)
    assert draft["pending"][1] == "Kept the moment I pressed Enter."


def test_ctrl_d_ends_the_answer_and_the_questions_go_on(journal_home: Path) -> None:
    term = _start_guided(journal_home)
    term.type("Only this answer ends.")
    os.write(term.fd, b"\x04")  # Ctrl-D on an empty line
    term.read_until("(Enter to skip; :pause")  # the next question: a follow-up
    os.kill(term.pid, signal.SIGTERM)
    term.wait()
    (draft,) = kept_drafts(journal_home)
    assert draft["body"] == "Only this answer ends." and "body" in draft["done"]


def test_pause_keeps_everything_and_offers_grounding_and_the_plan(journal_home: Path) -> None:
    term = _start_guided(journal_home)
    term.type("Some of it.", ":pause")
    assert term.wait() == 0
    screen = " ".join(term.screen.split())
    assert "Everything you wrote is kept" in screen and "journal safety-plan" in screen
    assert "feet on the floor" in screen
    (draft,) = kept_drafts(journal_home)
    assert draft["pending"][1] == "Some of it."
    assert f"journal write --draft {draft['id']}" in screen

    again = Terminal(journal_home, "write", "--draft", draft["id"])
    again.read_until("to stop for now)")  # the answer, picked up where it was left
    assert "Some of it." in again.screen
    again.type("And the rest.", "", "")
    assert again.enter_until_done() == 0
    (entry,) = _entries(journal_home)
    assert entry.body.startswith("Some of it.\nAnd the rest.")
    assert kept_drafts(journal_home) == []


def test_two_interrupted_entries_are_two_drafts(journal_home: Path) -> None:
    for words in ("The first unfinished one.", "The second unfinished one."):
        term = Terminal(journal_home, "write", "--prompt", "present-closeness")
        if kept_drafts(journal_home):
            term.read_until("Go on with it?")
            term.type("n")
        term.read_until("Your answer:")
        term.type(words)
        time.sleep(0.3)
        os.kill(term.pid, signal.SIGHUP)
        term.wait()
    kept = sorted(d["pending"][1] for d in kept_drafts(journal_home))
    assert kept == ["The first unfinished one.", "The second unfinished one."]


@pytest.mark.skipif(not crypto.available(), reason="SQLCipher not installed")
def test_an_encrypted_journal_keeps_its_drafts_encrypted(journal: Any, journal_home: Path) -> None:
    env = {"RELATIONAL_JOURNAL_PASSPHRASE": "river stone"}
    os.environ.update(env)
    try:
        journal("write", "--text", "first")
        journal("encrypt")
    finally:
        os.environ.pop("RELATIONAL_JOURNAL_PASSPHRASE")
    term = Terminal(journal_home, "write", "--prompt", "present-closeness", env=env)
    term.read_until("Your answer:")
    term.type("a secret about marigolds")
    time.sleep(0.3)
    os.kill(term.pid, signal.SIGTERM)
    term.wait()
    for path in journal_home.rglob("*"):
        if path.is_file():
            assert b"marigolds" not in path.read_bytes(), path
    with Store.open(journal_home / "journal.db", passphrase="river stone") as store:
        from relational_journal.storage.drafts import kept_drafts as rows

        (row,) = rows(store)
        assert "marigolds" in row.data
