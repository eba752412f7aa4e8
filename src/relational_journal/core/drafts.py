"""Unsaved entries as data: a draft holds every field, and reads back exactly as it was kept.

Where a draft is kept is the shell's business (inside the journal, or set aside
beside it when the journal cannot be written); this module only turns drafts
into text and back, names them, and rebuilds one from an entry that could not
be saved.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from relational_journal.core.guide import Draft

if TYPE_CHECKING:
    from relational_journal.models import Entry


def new_draft_id(moment: datetime, token: str) -> str:
    """'20261203-0812-4f3a': when it was started, and a token so two never share a name."""
    return f"{moment:%Y%m%d-%H%M}-{token}"


def encode(draft: Draft) -> str:
    return json.dumps(draft.to_dict(), ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Draft | None:
    """The draft kept as `text`, or None if it cannot be read as one."""
    try:
        data = json.loads(text)
        return Draft.from_dict(data) if isinstance(data, dict) else None
    except (ValueError, TypeError):
        return None


def from_entry(entry: Entry) -> Draft:
    """An entry that could not be saved, as a draft with every one of its fields."""
    ep = entry.episode
    return Draft(
        prompt_id=entry.prompt_id,
        pack_id=entry.pack_id,
        body=entry.body,
        people=[{"name": p.name, "role": p.role, "era": p.era} for p in entry.people],
        feelings=[asdict(f) for f in entry.feelings],
        episode=asdict(ep) if ep is not None else {},
        done=["body", "people", "feelings"] + (["episode"] if ep is not None else []),
        title=entry.title,
        about=entry.about.isoformat(),
        private=entry.private,
        starred=entry.starred,
        tags=list(entry.tags),
    )


def words_of(draft: Draft) -> str:
    """Everything the client wrote in the draft, to show back when it cannot be kept."""
    parts = [draft.title or "", draft.full_text()]
    if draft.pending and draft.pending[1].strip():
        parts.append(draft.pending[1].strip())
    return "\n\n".join(p for p in parts if p.strip())


def listing(draft_id: str, updated_at: str, draft: Draft) -> dict[str, Any]:
    """One draft for `journal drafts --json`: its id, when, and every field."""
    return {"id": draft_id, "updated_at": updated_at, **draft.to_dict()}
