"""An entry's relationship episode as editable text, and read back. Pure.

In `journal edit` the episode follows the entry's text under a marker line,
one field a line ("wish: to be held"). A field left empty clears it; a line
that cannot be read is an error naming the line, never a silent loss.
"""

from __future__ import annotations

from relational_journal.core.episodes import EpisodeChanges
from relational_journal.errors import JournalError
from relational_journal.models import Episode

MARKER = "=== relationship episode (one field a line; an empty value clears it) ==="
# Label in the editor, EpisodeChanges field.
FIELDS: tuple[tuple[str, str], ...] = (
    ("with", "person"),
    ("era", "era"),
    ("what happened", "what_happened"),
    ("wish", "wish"),
    ("wish code", "wish_cluster"),
    ("other", "other"),
    ("other code", "other_cluster"),
    ("expected", "other_expected"),
    ("self", "self_response"),
    ("self code", "self_cluster"),
    ("afterwards", "self_treatment"),
)
_BY_LABEL = dict(FIELDS)
_YES, _NO = ("yes", "y", "true"), ("no", "n", "false", "")


def episode_text(episode: Episode) -> str:
    """The episode's fields under the marker, ready to append to the entry's text."""
    lines = ["", "", MARKER]
    for label, name in FIELDS:
        value = getattr(episode, name)
        if name == "other_expected":
            value = "yes" if value else "no"
        lines.append(f"{label}: {' '.join(str(value or '').split())}")
    return "\n".join(lines) + "\n"


def split_episode(text: str) -> tuple[str, EpisodeChanges | None]:
    """The entry's text and the episode's fields as changes (None: no episode section)."""
    head, marker, tail = text.partition(MARKER)
    if not marker:
        return text, None
    values: dict[str, object] = {}
    for number, raw in enumerate(tail.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        label, colon, value = line.partition(":")
        name = _BY_LABEL.get(label.strip().lower())
        if not colon or name is None:
            raise JournalError(
                f"episode line {number} does not start with one of: "
                + ", ".join(f"'{label}:'" for label, _ in FIELDS)
            )
        value = value.strip()
        if name == "other_expected":
            if value.lower() not in _YES + _NO:
                raise JournalError(f"episode line {number}: expected is yes or no")
            values[name] = value.lower() in _YES
        else:
            values[name] = value
    return head.rstrip(), EpisodeChanges(**values)  # type: ignore[arg-type]


# How a checked field is named in an error about the editor text.
EDITOR_NAMES = {name: f"'{label}:'" for label, name in FIELDS}
