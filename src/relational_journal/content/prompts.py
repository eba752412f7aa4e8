"""Prompt packs: YAML files checked once, strictly, into typed objects.

A pack has id, title, description and prompts; a prompt has id, text,
optional follow_ups, the relationship it is about, its kind, and optionally
its depth (light or deep) and a note shown before it. Any problem
(YAML syntax, unknown key, missing text, wrong type, duplicate id) is one
PackError naming the file, the line and the field.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from relational_journal.content.loader import safe_loader
from relational_journal.errors import PackError, UnknownPromptError
from relational_journal.models import TERMINAL_CONTROLS

if TYPE_CHECKING:
    import yaml

RELATIONSHIPS = ("present", "past", "therapy", "self")
KINDS = ("reflection", "episode", "check-in")
DEPTHS = ("light", "deep")
NOTE_MAX_SENTENCES = 2
PACK_KEYS = {"id": True, "title": True, "description": False, "prompts": True}
PROMPT_KEYS = {
    "id": True,
    "text": True,
    "follow_ups": False,
    "relationship": True,
    "kind": True,
    "depth": False,
    "note": False,
}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Prompt:
    """One prompt; a deep one (childhood, trauma, loss, the body, endings) is only offered."""

    id: str
    text: str
    relationship: str
    kind: str
    pack_id: str
    follow_ups: tuple[str, ...] = ()
    depth: str = "light"
    note: str = ""

    @property
    def deep(self) -> bool:
        return self.depth == "deep"


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    description: str
    prompts: tuple[Prompt, ...]
    source: Path
    bundled: bool = True


@dataclass
class Library:
    """Every usable pack; `problems` lists packs that could not be loaded."""

    packs: dict[str, Pack] = field(default_factory=dict)
    prompts: dict[str, Prompt] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def prompt(self, prompt_id: str) -> Prompt:
        try:
            return self.prompts[prompt_id]
        except KeyError:
            hint = _close(prompt_id, self.prompts)
            raise UnknownPromptError(f"there is no prompt {prompt_id!r}{hint}") from None

    def pack(self, pack_id: str) -> Pack:
        try:
            return self.packs[pack_id]
        except KeyError:
            hint = _close(pack_id, self.packs)
            raise UnknownPromptError(f"there is no prompt pack {pack_id!r}{hint}") from None


def _close(word: str, options: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _where(path: Path, node: yaml.Node) -> str:
    return f"{path} line {node.start_mark.line + 1}"


def _scalar(path: Path, node: yaml.Node, fieldname: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        if isinstance(node, yaml.ScalarNode) and node.tag in (
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        ):
            pass  # numbers are fine as text ("id: 2024")
        else:
            raise PackError(f"{_where(path, node)}: '{fieldname}' must be text")
    value = str(node.value).strip()
    if not value:
        raise PackError(f"{_where(path, node)}: '{fieldname}' is empty")
    bad = TERMINAL_CONTROLS.search(value)
    if bad is not None:
        # A pack travels from person to person: it must not drive the reader's terminal.
        raise PackError(
            f"{_where(path, node)}: '{fieldname}' holds the control character"
            f" U+{ord(bad.group()):04X}; packs are plain text"
        )
    return value


def _mapping(
    path: Path, node: yaml.Node, allowed: dict[str, bool], what: str
) -> dict[str, yaml.Node]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise PackError(f"{_where(path, node)}: {what} must be a mapping of key: value lines")
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in allowed:
            raise PackError(
                f"{_where(path, key_node)}: {what} has unknown field '{key}'"
                f" (allowed: {', '.join(allowed)})"
            )
        if key in out:
            raise PackError(f"{_where(path, key_node)}: {what} has '{key}' twice")
        out[key] = value_node
    for key, required in allowed.items():
        if required and key not in out:
            raise PackError(f"{_where(path, node)}: {what} is missing '{key}'")
    return out


def _identifier(path: Path, node: yaml.Node, fieldname: str) -> str:
    value = _scalar(path, node, fieldname)
    if not ID_PATTERN.match(value):
        raise PackError(
            f"{_where(path, node)}: '{fieldname}' {value!r} must use lowercase letters,"
            " digits and hyphens"
        )
    return value


def _sentences(text: str) -> int:
    # A sentence ends in . ! or ? followed by a space or the end ("e.g." is rare in notes).
    return len(re.findall(r"[.!?]+(?=\s|$)", text)) or 1


def parse_pack(text: str, path: Path, *, bundled: bool = False) -> Pack:
    """Check a pack's YAML text strictly and return it; raises PackError."""
    import yaml

    try:
        root = yaml.compose(text, Loader=safe_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise PackError(
            f"{path}{line}: YAML syntax error, {exc.problem or 'cannot parse'}"
        ) from None
    except yaml.YAMLError:
        raise PackError(f"{path}: YAML syntax error") from None
    if root is None:
        raise PackError(f"{path} line 1: the pack is empty")
    pack_fields = _mapping(path, root, PACK_KEYS, "the pack")
    pack_id = _identifier(path, pack_fields["id"], "id")
    title = _scalar(path, pack_fields["title"], "title")
    description = (
        _scalar(path, pack_fields["description"], "description")
        if "description" in pack_fields
        else ""
    )
    prompts_node = pack_fields["prompts"]
    if not isinstance(prompts_node, yaml.SequenceNode) or not prompts_node.value:
        raise PackError(f"{_where(path, prompts_node)}: 'prompts' must be a list of prompts")
    prompts: list[Prompt] = []
    seen: dict[str, int] = {}
    for item in prompts_node.value:
        fields = _mapping(path, item, PROMPT_KEYS, "a prompt")
        prompt_id = _identifier(path, fields["id"], "id")
        what = f"prompt '{prompt_id}'"
        if prompt_id in seen:
            raise PackError(
                f"{_where(path, fields['id'])}: {what} has a duplicate id"
                f" (first at line {seen[prompt_id]})"
            )
        seen[prompt_id] = fields["id"].start_mark.line + 1
        relationship = _scalar(path, fields["relationship"], "relationship")
        if relationship not in RELATIONSHIPS:
            raise PackError(
                f"{_where(path, fields['relationship'])}: {what} 'relationship' must be one of"
                f" {', '.join(RELATIONSHIPS)}, not {relationship!r}"
            )
        kind = _scalar(path, fields["kind"], "kind")
        if kind not in KINDS:
            raise PackError(
                f"{_where(path, fields['kind'])}: {what} 'kind' must be one of"
                f" {', '.join(KINDS)}, not {kind!r}"
            )
        follow_ups: list[str] = []
        if "follow_ups" in fields:
            node = fields["follow_ups"]
            if not isinstance(node, yaml.SequenceNode):
                raise PackError(f"{_where(path, node)}: {what} 'follow_ups' must be a list")
            follow_ups = [_scalar(path, q, "follow_ups") for q in node.value]
        depth = "light"
        if "depth" in fields:
            depth = _scalar(path, fields["depth"], "depth")
            if depth not in DEPTHS:
                raise PackError(
                    f"{_where(path, fields['depth'])}: {what} 'depth' must be one of"
                    f" {', '.join(DEPTHS)}, not {depth!r}"
                )
        note = ""
        if "note" in fields:
            note = " ".join(_scalar(path, fields["note"], "note").split())
            if _sentences(note) > NOTE_MAX_SENTENCES:
                raise PackError(
                    f"{_where(path, fields['note'])}: {what} 'note' must be one or two sentences"
                )
        prompts.append(
            Prompt(
                id=prompt_id,
                text=" ".join(_scalar(path, fields["text"], "text").split()),
                relationship=relationship,
                kind=kind,
                pack_id=pack_id,
                follow_ups=tuple(follow_ups),
                depth=depth,
                note=note,
            )
        )
    return Pack(pack_id, title, description, tuple(prompts), path, bundled)


def load_pack(path: Path, *, bundled: bool = False) -> Pack:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise PackError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_pack(text, path, bundled=bundled)


def pack_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_library(bundled_dir: Path, user_dir: Path | None) -> Library:
    """Bundled packs, then the client's own; a broken user pack never hides the bundled ones."""
    library = Library()
    for path in pack_files(bundled_dir):
        _add(library, load_pack(path, bundled=True))
    if user_dir is not None:
        for path in pack_files(user_dir):
            try:
                _add(library, load_pack(path, bundled=False))
            except PackError as exc:
                library.problems.append(str(exc))
    return library


def _add(library: Library, pack: Pack) -> None:
    existing = library.packs.get(pack.id)
    if existing is not None and existing.bundled == pack.bundled:
        raise PackError(f"{pack.source}: pack id '{pack.id}' is already used by {existing.source}")
    if existing is not None:
        library.notices.append(
            f"your pack {pack.source.name} replaces the bundled pack '{pack.id}'"
        )
    library.packs[pack.id] = pack
    for prompt in pack.prompts:
        before = library.prompts.get(prompt.id)
        if before is not None and not pack.bundled and before.pack_id != pack.id:
            library.notices.append(
                f"prompt '{prompt.id}' from your pack {pack.source.name} replaces the bundled one"
            )
        elif before is not None and pack.bundled and before.pack_id != pack.id:
            raise PackError(
                f"{pack.source}: prompt id '{prompt.id}' is also in pack '{before.pack_id}'"
            )
        library.prompts[prompt.id] = prompt


def choose_prompt(
    library: Library,
    recent: Sequence[str],
    rng: random.Random,
    *,
    pack: str | None = None,
    relationship: str | None = None,
    deep: bool = False,
    picked: bool | None = None,
) -> Prompt:
    """A prompt not answered recently (the least recent if all were), from the pack asked for.

    Deep prompts (childhood, trauma, loss, the body, endings) are paced: they are
    never drawn at random unless the client asked for them, either with
    `deep=True` (e.g. `journal write --deep` or the `offer_deep_prompts`
    setting) or by picking the pack they are in. A `pack` passed in counts as
    the client's own pick; pass `picked=False` when it is only a standing
    default the client did not choose for this entry, so its deep prompts stay
    held back. Raises UnknownPromptError when nothing fits.
    """
    candidates = list(library.prompts.values())
    if pack is not None:
        library.pack(pack)
        candidates = [p for p in candidates if p.pack_id == pack]
    if relationship is not None:
        candidates = [p for p in candidates if p.relationship == relationship]
    if not candidates:
        raise UnknownPromptError("no prompt matches that pack and relationship")
    pack_picked = pack is not None if picked is None else picked and pack is not None
    if not (deep or pack_picked):
        candidates = [p for p in candidates if not p.deep]
        if not candidates:
            raise UnknownPromptError(
                "every prompt that matches is a deep one; they are offered only when"
                " you ask for them (pick the pack or ask for deep prompts)"
            )
    recent_rank = {pid: i for i, pid in enumerate(recent)}
    fresh = [p for p in candidates if p.id not in recent_rank]
    if fresh:
        return rng.choice(fresh)
    return max(candidates, key=lambda p: recent_rank[p.id])


PROMPT_CACHE = "prompt-texts.json"


def prompt_texts(bundled_dir: Path, user_dir: Path | None, cache: Path | None) -> dict[str, str]:
    """Every prompt's text by id, kept in the data cache until a pack file changes.

    Composing every pack (for its line numbers) costs about half a second on a
    slow machine, far too much for `journal list`, which only needs the texts.
    A cache that cannot be read or written only costs time.
    """
    import json

    from relational_journal.paths import write_private

    signature = []
    for folder in (bundled_dir, user_dir):
        if folder is None:
            continue
        try:
            for path in pack_files(folder):
                st = path.stat()
                signature.append([str(path), st.st_mtime_ns, st.st_size])
        except OSError:
            continue
    target = cache / PROMPT_CACHE if cache is not None else None
    if target is not None:
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
            if data.get("signature") == signature and isinstance(data.get("texts"), dict):
                return {str(k): str(v) for k, v in data["texts"].items()}
        except (OSError, ValueError, AttributeError):
            pass
    library = load_library(bundled_dir, user_dir)
    texts = {pid: prompt.text for pid, prompt in library.prompts.items()}
    if target is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            payload = json.dumps({"signature": signature, "texts": texts}, ensure_ascii=False)
            write_private(target, payload.encode("utf-8"))
        except OSError:
            pass
    return texts
