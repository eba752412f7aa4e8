"""YAML reading through libyaml's C loader when PyYAML was built with it (about 6x faster)."""

from __future__ import annotations

from typing import Any


def safe_loader() -> type[Any]:
    import yaml

    loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def safe_load(text: str) -> Any:
    """`yaml.safe_load`, never the unsafe loader, with the C parser where available."""
    import yaml

    return yaml.load(text, Loader=safe_loader())  # noqa: S506 - a safe loader
