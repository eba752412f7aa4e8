"""Fallback for run.py: load our JSON interchange file through Store, in one transaction.

    python benchmarks/store_import.py FILE   (with RELATIONAL_JOURNAL_HOME set)

Used only when `journal import` is missing or fails, so the other operations
still have a journal to work on; its time is not reported as `journal import`.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from relational_journal.models import Entry, Episode, FeelingFelt, PersonRef
from relational_journal.paths import db_path, ensure_user_dir
from relational_journal.storage.store import Store


def entry(e: dict[str, object]) -> Entry:
    ep = e["episode"]
    episode = None
    if isinstance(ep, dict):
        episode = Episode(
            person=ep["person"],
            era=ep["era"],
            wish=ep["wish"],
            wish_cluster=ep["wish_cluster"],
            other=ep["other"],
            other_cluster=ep["other_cluster"],
            other_expected=ep["other_expected"],
            self_response=ep["self"],
            self_cluster=ep["self_cluster"],
        )
    return Entry(
        body=str(e["body"]),
        about=datetime.fromisoformat(str(e["about"])),
        written_at=datetime.fromisoformat(str(e["written_at"])),
        title=e["title"],  # type: ignore[arg-type]
        prompt_id=e["prompt"],  # type: ignore[arg-type]
        private=bool(e["private"]),
        starred=bool(e["starred"]),
        tags=tuple(e["tags"]),  # type: ignore[arg-type]
        people=tuple(PersonRef(**p) for p in e["people"]),  # type: ignore[attr-defined]
        feelings=tuple(
            FeelingFelt(f["word"], f["family"], f["intensity"])
            for f in e["feelings"]  # type: ignore[attr-defined]
        ),
        episode=episode,
    )


def main() -> None:
    doc = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    ensure_user_dir()
    store = Store.open(db_path())
    try:
        with store.transaction() as conn:
            for e in doc["entries"]:
                store._insert_entry(conn, entry(e))
    finally:
        store.close()


if __name__ == "__main__":
    main()
