"""The calm safety note after the client's words are saved: write, edit and import.

The note comes only after saving, never blocks, contacts no one, and is turned
off with `safety_notes: false`. It never shows the words that were noticed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from relational_journal.cli.app import console, err_console
from relational_journal.errors import JournalError

if TYPE_CHECKING:
    from relational_journal.config import Config
    from relational_journal.core.risk import RiskNotice
    from relational_journal.storage.store import Store

IMPORT_LINE = (
    "{count} {verb} words about not wanting to be here or self-harm; "
    "`journal safety-plan` has support."
)


def _notice(cfg: Config, text: str) -> RiskNotice | None:
    from relational_journal.core.risk import notice

    try:
        return notice(text, cfg.safety_phrases)
    except JournalError as exc:  # the words are saved; say why no note could be checked
        err_console().print(f"[yellow]warning:[/] no safety note: {exc}", highlight=False)
        return None


def show_safety_note(store: Store, cfg: Config, texts: Iterable[str | None]) -> None:
    """After a save: the calm note when the saved words speak of suicide or self-harm."""
    if not cfg.safety_notes:
        return
    found = _notice(cfg, "\n".join(t for t in texts if t))
    if found is None:
        return
    from relational_journal.cli.safety_cmd import note_contacts, note_lines
    from relational_journal.core.risk import note_text
    from relational_journal.render.prompts import safety_panel

    console().print(safety_panel(note_text(found), note_lines(cfg), contacts=note_contacts(store)))


def imported_note(cfg: Config, entries: Iterable[Iterable[str | None]]) -> str | None:
    """One line counting the imported entries that use such words (none shown); else None."""
    if not cfg.safety_notes:
        return None
    count = sum(1 for texts in entries if _notice(cfg, "\n".join(t for t in texts if t)))
    if not count:
        return None
    if count == 1:
        return IMPORT_LINE.format(count="1 imported entry", verb="uses")
    return IMPORT_LINE.format(count=f"{count:,} imported entries", verb="use")
