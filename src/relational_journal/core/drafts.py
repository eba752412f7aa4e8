"""Unsaved answers, kept so an interruption or a failed save never loses them."""

from __future__ import annotations

import json
from pathlib import Path

from relational_journal.core.guide import Draft
from relational_journal.paths import write_private

DRAFT_NAME = "write.json"


def save_draft(folder: Path, draft: Draft) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / DRAFT_NAME
    write_private(path, json.dumps(draft.to_dict(), ensure_ascii=False, indent=1).encode())
    return path


def load_draft(folder: Path) -> Draft | None:
    path = folder / DRAFT_NAME
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Draft.from_dict(data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def clear_draft(folder: Path) -> None:
    (folder / DRAFT_NAME).unlink(missing_ok=True)
