"""The trained sentence readers' weights (data/text_models.json and one file per reader).

The files are written by tools/train_models.py from the development halves
of the labelled sets; core/textmodel.py reads sentences with them. Each
reader's file names its classes, one bias per class, its features (one
string, a line each) and their weights (little-endian float32, a row of one
weight per class for each feature, base64), a form that loads in a few
milliseconds where a list of lists would take a tenth of a second on every
save; each is read only when its reader is first asked. The index file names
them and records a digest of the rows they were trained on, so a test can say
when the labelled sets changed and the weights were not trained again.
"""

from __future__ import annotations

import base64
import binascii
import json
import sys
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from relational_journal.errors import JournalError

MODELS_FILE = "text_models.json"
_KEYS = {"classes", "bias", "features", "weights"}


@dataclass(frozen=True)
class TextModel:
    """One linear reader: its classes, a bias per class, and per feature a weight per class.

    Features are kept sorted and found by bisection: no table to build when a
    reader is first read, so a save pays a few milliseconds, not a tenth of a second.
    """

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    names: Sequence[str]  # the features, sorted
    values: Sequence[float]  # rows of len(classes) weights, in the order of `names`

    @classmethod
    def from_rows(
        cls, classes: Sequence[str], bias: Sequence[float], rows: Mapping[str, Sequence[float]]
    ) -> TextModel:
        """A model from a weight row per feature (as training produces them)."""
        names = sorted(rows)
        values = array("f", (w for name in names for w in rows[name]))
        return cls(tuple(classes), tuple(bias), names, values)

    def row(self, feature: str) -> Sequence[float] | None:
        """The feature's weight for each class, or None for a feature the reader never saw."""
        i = bisect_left(self.names, feature)
        if i == len(self.names) or self.names[i] != feature:
            return None
        width = len(self.classes)
        return self.values[i * width : (i + 1) * width]

    def to_json(self) -> dict[str, Any]:
        """The model as the file stores it."""
        packed = array("f", self.values)
        if sys.byteorder != "little":
            packed.byteswap()
        return {
            "classes": list(self.classes),
            "bias": [round(b, 4) for b in self.bias],
            "features": "\n".join(self.names),
            "weights": base64.b64encode(packed.tobytes()).decode("ascii"),
        }


@dataclass(frozen=True)
class TextModels:
    """Every bundled reader by name ('risk', 'wish', 'other', 'self') and the training digest.

    A reader's file is read and decoded the first time it is asked for: saving
    an entry needs only the risk reader, and a guided episode only its part's.
    """

    digest: str
    files: dict[str, Path]
    _decoded: dict[str, TextModel] = field(default_factory=dict, compare=False, repr=False)

    def model(self, name: str) -> TextModel | None:
        """One reader, read once; None if the index names no reader of that name."""
        if name not in self._decoded:
            path = self.files.get(name)
            if path is None:
                return None
            self._decoded[name] = _model(name, _read_json(path), str(path))
        return self._decoded[name]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise JournalError(f"{path}: cannot read the sentence readers ({exc})") from None


def _model(name: str, raw: Any, where: str) -> TextModel:
    if not isinstance(raw, dict) or set(raw) != _KEYS:
        raise JournalError(f"{where}: model '{name}' needs exactly {', '.join(sorted(_KEYS))}")
    classes, bias = raw["classes"], raw["bias"]
    width = len(classes)
    if not width or len(bias) != width:
        raise JournalError(f"{where}: model '{name}' has {len(bias)} biases for {width} classes")
    names = raw["features"].split("\n") if raw["features"] else []
    values = array("f")
    try:
        values.frombytes(base64.b64decode(raw["weights"], validate=True))
    except (binascii.Error, ValueError):
        raise JournalError(f"{where}: model '{name}' weights are not base64 float32") from None
    if sys.byteorder != "little":
        values.byteswap()
    if len(values) != len(names) * width:
        raise JournalError(
            f"{where}: model '{name}' has {len(values)} weights for {len(names)} features"
            f" of {width} classes"
        )
    if any(a >= b for a, b in zip(names, names[1:], strict=False)):
        raise JournalError(f"{where}: model '{name}' features are not in sorted order")
    return TextModel(tuple(str(c) for c in classes), tuple(float(b) for b in bias), names, values)


def load_text_models(path: Path) -> TextModels:
    """The readers an index file names; a JournalError naming the file if it is malformed."""
    raw = _read_json(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("models"), dict):
        raise JournalError(f"{path}: 'models' is missing")
    files = {str(name): path.with_name(str(file)) for name, file in raw["models"].items()}
    return TextModels(str(raw.get("digest", "")), files)


def model_file(name: str) -> str:
    """The file name of one reader's weights, beside the index."""
    return f"text_model_{name}.json"


@cache
def bundled_text_models() -> TextModels:
    """The bundled readers, read once."""
    from relational_journal.content.loader import data_file

    return load_text_models(data_file(MODELS_FILE))
