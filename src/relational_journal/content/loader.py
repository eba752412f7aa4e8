"""YAML reading through libyaml's C loader when PyYAML was built with it (about 6x faster)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def bundled_prompts_dir() -> Path:
    """The prompt packs shipped with the tool.

    In a wheel they live inside this package as packs/; in a source checkout
    (editable install, tests) they are the repository's top-level prompts/ folder.
    """
    packaged = Path(__file__).with_name("packs")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "prompts"


def data_file(name: str) -> Path:
    """A bundled data file (vocabulary, pattern labels, safety phrases)."""
    return Path(__file__).with_name("data") / name


def cache_dir() -> Path | None:
    """The one cache folder for bundled and user data (None before the data folder exists)."""
    from relational_journal.paths import user_dir

    return user_dir() / "cache" if user_dir().is_dir() else None


def safe_loader() -> type[Any]:
    import yaml

    loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def safe_load(text: str) -> Any:
    """`yaml.safe_load`, never the unsafe loader, with the C parser where available."""
    import yaml

    return yaml.load(text, Loader=safe_loader())  # noqa: S506 - a safe loader


def load_data_file(path: Path) -> Any:
    """A YAML data file's contents, through a JSON copy kept in the data folder's cache.

    Reading JSON avoids importing PyYAML and parsing on every command (about
    40-80 ms for the vocabulary). The copy is keyed by the file's path, size and
    modification time, so an edited file is read afresh; a cache that cannot be
    read or written is simply skipped.
    """
    import hashlib
    import json

    from relational_journal.paths import user_dir, write_private

    stat = path.stat()
    stamp = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    folder = user_dir() / "cache"
    cached = folder / f"{path.stem}-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = safe_load(path.read_text(encoding="utf-8"))
    try:
        if user_dir().is_dir():
            folder.mkdir(exist_ok=True, mode=0o700)
            for old in folder.glob(f"{path.stem}-*.json"):
                old.unlink(missing_ok=True)
            write_private(cached, json.dumps(data, ensure_ascii=False).encode())
    except (OSError, TypeError, ValueError):
        pass
    return data
