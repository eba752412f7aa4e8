"""Shell completion of people, tags, prompt ids and pack ids.

Each callback reads what it needs read-only and never fails loudly: whatever
goes wrong, the shell is offered nothing rather than an error.
"""

from __future__ import annotations


def complete_people(incomplete: str) -> list[str]:
    """Names and other names of the people in the journal."""
    return _stored("people", incomplete)


def complete_tags(incomplete: str) -> list[str]:
    """The journal's tags."""
    return _stored("tags", incomplete)


def complete_prompts(incomplete: str) -> list[str]:
    """Prompt ids of the bundled packs and the client's own."""
    try:
        from relational_journal.content.loader import bundled_prompts_dir, cache_dir
        from relational_journal.content.prompts import prompt_texts
        from relational_journal.paths import user_prompts_dir

        texts = prompt_texts(bundled_prompts_dir(), user_prompts_dir(), cache_dir())
        return sorted(p for p in texts if p.startswith(incomplete))
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []


def complete_packs(incomplete: str) -> list[str]:
    """Pack ids of the bundled packs and the client's own."""
    try:
        from relational_journal.content.loader import bundled_prompts_dir
        from relational_journal.content.prompts import load_library
        from relational_journal.paths import user_prompts_dir

        packs = load_library(bundled_prompts_dir(), user_prompts_dir()).packs
        return sorted(p for p in packs if p.startswith(incomplete))
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []


def _stored(kind: str, incomplete: str) -> list[str]:
    try:
        from relational_journal.paths import db_path
        from relational_journal.storage.completion import stored_names

        return stored_names(db_path(), kind, incomplete.lstrip("@#"))  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []
