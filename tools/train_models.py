"""Train the sentence readers on the development halves of the labelled sets.

    python tools/train_models.py            # write src/.../content/data/text_models.json
    python tools/train_models.py --check    # exit 1 if the shipped weights are stale

Only `split: dev` rows are read: the held-back halves stay unseen, so
benchmarks/eval_risk.py and benchmarks/eval_suggest.py report wording the
readers were not trained on. The same rows always give the same weights
(a fixed shuffle), so a retrain changes the file only when the data changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from relational_journal.content.loader import data_file  # noqa: E402
from relational_journal.content.textmodels import MODELS_FILE, model_file  # noqa: E402
from relational_journal.core.textmodel import Training, train  # noqa: E402

RISK = ROOT / "tests" / "data" / "risk_statements.yaml"
CCRT = ROOT / "tests" / "data" / "ccrt_sentences.yaml"
RISK_CLASSES = ("none", "risk", "past")
PREFIX = {"wish": "W", "other": "RO", "self": "RS"}
# chosen by cross-validation on the dev halves: few passes, and for the risk reader
# small steps, which keep its probabilities from running to 0 and 1 on a few words
HOW = {
    "risk": Training(epochs=10, rate=0.05),
    "wish": Training(epochs=5),
    "other": Training(epochs=5),
    "self": Training(epochs=5),
}


def training_rows() -> dict[str, list[tuple[str, str, list[str]]]]:
    """Each reader's (text, class, the phrase lists' reading) rows, from the dev halves only."""
    import yaml

    from relational_journal.content.ccrt import load_ccrt
    from relational_journal.content.cues import bundled_cues
    from relational_journal.core import risk_model, suggest_model
    from relational_journal.core.risk import rule_reading
    from relational_journal.core.suggest import rule_clusters

    risk = yaml.safe_load(RISK.read_text(encoding="utf-8"))["statements"]
    ccrt = yaml.safe_load(CCRT.read_text(encoding="utf-8"))["items"]
    rows: dict[str, list[tuple[str, str, list[str]]]] = {"risk": []}
    for s in risk:
        if s["split"] == "dev":
            reading = rule_reading(s["text"])
            level = reading.notice.level if reading.notice else None
            rows["risk"].append(
                (s["text"], s["label"], risk_model.rule_features(level, reading.set_aside))
            )
    clusters, cues = load_ccrt(), bundled_cues()
    for part in PREFIX:
        rows[part] = []
        for s in ccrt:
            if s["split"] == "dev" and s["part"] == part:
                codes = [c.code for c in rule_clusters(part, s["text"], clusters, cues)]  # type: ignore[arg-type]
                rows[part].append(
                    (s["text"], s["code"] or "none", suggest_model.rule_features(codes))
                )
    return rows


def classes_of(name: str) -> tuple[str, ...]:
    """The classes a reader chooses among: 'none' first."""
    if name == "risk":
        return RISK_CLASSES
    return ("none", *(f"{PREFIX[name]}{i}" for i in range(1, 9)))


def digest(rows: dict[str, list[tuple[str, str, list[str]]]]) -> str:
    """A fingerprint of the training rows and settings: it changes when either does."""
    blob = json.dumps([rows, repr(sorted(HOW.items()))], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only say whether the weights are stale"
    )
    args = parser.parse_args()
    rows = training_rows()
    target = data_file(MODELS_FILE)
    fingerprint = digest(rows)
    if args.check:
        shipped = json.loads(target.read_text(encoding="utf-8")).get("digest")
        if shipped != fingerprint:
            print(f"stale: trained on {shipped}, the labelled sets are now {fingerprint}")
            return 1
        print("the shipped weights match the labelled sets")
        return 0
    models = {name: train(r, classes_of(name), HOW[name]).to_json() for name, r in rows.items()}
    for name, model in models.items():
        target.with_name(model_file(name)).write_text(
            json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
        )
    out = {"digest": fingerprint, "models": {name: model_file(name) for name in models}}
    target.write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    sizes = ", ".join(f"{n} {m['features'].count(chr(10)) + 1} features" for n, m in models.items())
    total = sum(target.with_name(model_file(n)).stat().st_size for n in models) // 1024
    print(f"wrote {target.relative_to(ROOT)} and the readers ({total} KiB): {sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
