"""Keeping a draft on disk as the client types, and finding the drafts kept before.

A draft lives inside the journal (encrypted with it when the journal is
encrypted). When the journal cannot be written, it is set aside in a small
file of its own in the 0700 drafts folder, encrypted the same way; when even
that fails (a full disk), the client is told in one line and the words are
shown back before the command ends, so they can be copied.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from relational_journal.core.guide import Draft
    from relational_journal.storage.store import Store

OLD_DRAFT_NAME = "write.json"  # the single draft file of earlier versions


class DraftKeeper:
    """Writes `draft` wherever it can after every answer and every line (cli.terminal.Keeper)."""

    def __init__(self, store: Store, draft: Draft) -> None:
        from relational_journal.core.drafts import new_draft_id

        self.store = store
        self.draft = draft
        moment = datetime.now().astimezone()
        if draft.id is None:
            draft.id = new_draft_id(moment, secrets.token_hex(2))
        if draft.started_at is None:
            draft.started_at = moment.isoformat(timespec="seconds")
        self.failed: str | None = None  # why nothing could be written, once it happened
        self.aside = False  # the journal refused a write: keep beside it from now on
        self.cursor = 0  # how far into the earlier answers a resumed draft has got
        self.replay = list(draft.answers)

    # -- cli.terminal.Keeper ---------------------------------------------------------

    def answered(self, question: str, answer: str) -> None:
        self.draft.answers.append([question, answer])
        self.draft.pending = None
        self.keep()

    def typing(self, question: str, so_far: str) -> None:
        self.draft.pending = [question, so_far]
        self.keep()

    def earlier(self, question: str) -> str | None:
        """What a resumed draft answered to `question`, the next time it is asked."""
        for i in range(self.cursor, len(self.replay)):
            if self.replay[i][0] == question:
                self.cursor = i + 1
                return self.replay[i][1]
        return None

    def unfinished(self, question: str) -> str | None:
        pending = self.draft.pending
        return pending[1] if pending and pending[0] == question else None

    # -- keeping ------------------------------------------------------------------------

    def keep(self) -> bool:
        """Write the draft now; False (and a one-line warning, once) if nowhere would take it."""
        from relational_journal.core.drafts import encode
        from relational_journal.errors import StoreError
        from relational_journal.storage.drafts import DraftRow, keep_aside, keep_draft

        draft = self.draft
        assert draft.id is not None and draft.started_at is not None
        updated = datetime.now().astimezone().isoformat(timespec="microseconds")
        data = encode(draft)
        if not self.aside:
            try:
                keep_draft(self.store, draft.id, draft.started_at, updated, data)
                return True
            except StoreError:
                # Locked or read-only: waiting on it at every line would stall the typing.
                self.aside = True
        from relational_journal.paths import drafts_dir

        try:
            keep_aside(
                drafts_dir(),
                self.store.passphrase,
                DraftRow(draft.id, draft.started_at, updated, data),
            )
            return True
        except (OSError, sqlite3.Error, JournalError) as exc:
            if self.failed is None:
                self.failed = getattr(exc, "strerror", None) or type(exc).__name__
                _warn(
                    f"your words could not be kept on disk ({self.failed}); they will be "
                    "shown back if the entry cannot be saved"
                )
            return False

    def discard(self) -> None:
        """The entry is saved: its draft goes, wherever it was kept."""
        from relational_journal.paths import drafts_dir
        from relational_journal.storage.drafts import ASIDE_SUFFIX, discard_draft

        if self.draft.id is None:
            return
        try:
            discard_draft(self.store, self.draft.id)
        except JournalError:
            pass
        (drafts_dir() / f"{self.draft.id}{ASIDE_SUFFIX}").unlink(missing_ok=True)


def _warn(message: str) -> None:
    from relational_journal.cli.app import err_console
    from relational_journal.cli.terminal import _esc

    err_console().print(f"[yellow]note:[/] {_esc(message)}", highlight=False)


def show_words_back(draft: Draft) -> None:
    """The words, printed plainly so they can be copied, when no draft could be kept."""
    import typer

    from relational_journal.core.drafts import words_of

    words = words_of(draft)
    if words:
        from relational_journal.render.safe import visible

        typer.echo("\n--- your words, to copy ---\n" + visible(words) + "\n--- end ---")


def stored_drafts(store: Store) -> list[tuple[str, str, Draft]]:
    """Every kept draft (id, last changed, draft), the latest first.

    Drafts set aside while the journal could not be written come back in, and
    so does the single draft file of earlier versions.
    """
    from relational_journal.core.drafts import decode
    from relational_journal.paths import drafts_dir
    from relational_journal.storage.drafts import kept_drafts, take_in_aside

    folder = drafts_dir()
    try:
        take_in_aside(store, folder)
        _take_in_old_draft(store)
    except JournalError:
        pass  # a read-only journal still lists what it has
    out = []
    for row in kept_drafts(store):
        draft = decode(row.data)
        if draft is not None:
            draft.id = row.id
            out.append((row.id, row.updated_at, draft))
    return out


def _take_in_old_draft(store: Store) -> None:
    from relational_journal.core.drafts import decode
    from relational_journal.paths import drafts_dir

    path = drafts_dir() / OLD_DRAFT_NAME
    if not path.exists():
        return
    try:
        draft = decode(path.read_text(encoding="utf-8"))
    except OSError:
        return
    if draft is not None and draft.has_content():
        draft.id = None
        DraftKeeper(store, draft).keep()
    path.unlink(missing_ok=True)


def find_draft(store: Store, draft_id: str) -> Draft:
    for found_id, _, draft in stored_drafts(store):
        if found_id == draft_id:
            return draft
    raise JournalError(f"no draft {draft_id!r}; `journal drafts` lists them")
