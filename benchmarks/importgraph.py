"""Check the start-up import graph: no heavy module may load for `journal --help`.

    python benchmarks/importgraph.py [--python PATH] [--journal PATH]

Runs `python -X importtime -c "import relational_journal.cli"`, `journal --version`
and `journal --help` (with PYTHONPROFILEIMPORTTIME=1), reports which heavy modules
each one loads and through which of our modules (the import chain, from the first
`relational_journal` module that imports it at top level), and the median wall
time of each command. Exits 1 when a forbidden module loads for `--help` or
`--version`. Not a test: nothing here runs in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# Modules start-up must not pay for: storage helpers, date parsing, YAML, tables, PDF,
# encryption and Typer 0.29's pydantic.
FORBIDDEN = ("sqlite_utils", "dateutil", "yaml", "rich.table", "fpdf", "sqlcipher3", "pydantic")
# Reported, not forbidden: worth knowing about when start-up grows.
NOTABLE = ("rich", "rich.console", "sqlite3", "click", "typer", "json", "zoneinfo", "difflib")

LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)\s*$")


@dataclass
class Node:
    name: str
    self_us: int
    cumulative_us: int
    level: int
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def chain(self) -> list[str]:
        out: list[str] = []
        node: Node | None = self
        while node is not None:
            out.append(node.name)
            node = node.parent
        return list(reversed(out))


def parse_importtime(stderr: str) -> dict[str, Node]:
    """The import tree from `-X importtime` output (children are printed before their parent)."""
    pending: dict[int, list[Node]] = {}
    nodes: dict[str, Node] = {}
    for raw in stderr.splitlines():
        m = LINE.match(raw)
        if not m:
            continue
        level = len(m.group(3)) // 2
        node = Node(m.group(4), int(m.group(1)), int(m.group(2)), level)
        for child in pending.pop(level + 1, []):
            child.parent = node
            node.children.append(child)
        pending.setdefault(level, []).append(node)
        nodes.setdefault(node.name, node)
    return nodes


def loaded(nodes: dict[str, Node], module: str) -> Node | None:
    """The node for `module`, or for its first submodule loaded (e.g. `yaml` for `yaml.reader`)."""
    if module in nodes:
        return nodes[module]
    for name, node in nodes.items():
        if name.startswith(module + "."):
            return node
    return None


def culprit(node: Node) -> str:
    """Who is to blame: the import chain from the deepest of our modules down to the heavy one."""
    chain = node.chain()
    ours = [i for i, name in enumerate(chain) if name.startswith("relational_journal")]
    if ours:
        chain = chain[ours[-1] :]
    return " -> ".join(chain)


# `-X importtime` does not see modules loaded through importlib.import_module (as
# cli/__init__.py loads each command module), so this finds, for every module
# loaded by `import relational_journal.cli`, the command module being imported
# when it first appeared.
BLAME = """
import importlib, sys
real = importlib.import_module
blame = {}
def tracking(name, package=None):
    before = set(sys.modules)
    module = real(name, package)
    for new in set(sys.modules) - before:
        blame.setdefault(new, name)
    return module
importlib.import_module = tracking
before = set(sys.modules)
import relational_journal.cli
for new in set(sys.modules) - before:
    blame.setdefault(new, "relational_journal.cli (its own imports)")
import json  # only now, so that it is blamed on whoever loaded it first
print(json.dumps(blame))
"""


def command_module_blame(python: Path, env: dict[str, str]) -> dict[str, str]:
    proc = subprocess.run(
        [str(python), "-c", BLAME], env=env, capture_output=True, text=True, check=False
    )
    try:
        return dict(json.loads(proc.stdout))
    except ValueError:
        return {}


def run_importtime(cmd: list[str], env: dict[str, str]) -> tuple[dict[str, Node], str]:
    env = {**env, "PYTHONPROFILEIMPORTTIME": "1"}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return parse_importtime(proc.stderr), proc.stdout


def median_ms(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs + 1):  # the first run warms the file cache and is dropped
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[1:])


def check(python: Path, journal: Path, runs: int = 7, quiet: bool = False) -> dict[str, object]:
    """Import reports for the three start-ups; `ok` is False when a forbidden module loads."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    env.setdefault("RELATIONAL_JOURNAL_HOME", str(Path(__file__).parent / ".work" / "home-graph"))
    cases = {
        "import relational_journal.cli": [str(python), "-c", "import relational_journal.cli"],
        "journal --version": [str(journal), "--version"],
        "journal --help": [str(journal), "--help"],
    }
    report: dict[str, object] = {"ok": True, "cases": {}}
    blame = command_module_blame(python, env)
    for label, cmd in cases.items():
        nodes, _ = run_importtime(cmd, env)
        total = sum(n.self_us for n in nodes.values()) / 1000
        heavy = {}
        for module in FORBIDDEN:
            node = loaded(nodes, module)
            if node is not None:
                via = culprit(node)
                first = blame.get(node.name)
                if first and via.startswith("relational_journal.cli ->"):
                    via = f"{first} (top level) -> {via.split(' -> ', 1)[1]}"
                heavy[module] = {"ms": node.cumulative_us / 1000, "via": via}
        notable = {}
        for m in NOTABLE:
            if m in nodes:
                via = culprit(nodes[m])
                first = blame.get(m)
                if first and via.startswith("relational_journal.cli ->"):
                    via = f"{first} (top level) -> {via.split(' -> ', 1)[1]}"
                notable[m] = {"ms": nodes[m].cumulative_us / 1000, "via": via}
        ours = sorted(
            (n for n in nodes.values() if n.name.startswith("relational_journal")),
            key=lambda n: -n.cumulative_us,
        )
        case: dict[str, object] = {
            "modules": len(nodes),
            "import_ms": round(total, 1),
            "heavy": heavy,
            "notable_ms": notable,
            "ours_ms": {n.name: round(n.cumulative_us / 1000, 1) for n in ours[:8]},
        }
        if label.startswith("journal"):
            case["wall_ms"] = round(median_ms(cmd, env, runs), 1)
        report["cases"][label] = case  # type: ignore[index]
        forbidden_here = label != "import relational_journal.cli" and heavy
        if forbidden_here:
            report["ok"] = False
        if not quiet:
            wall = f", median wall {case['wall_ms']} ms" if "wall_ms" in case else ""
            print(f"{label}: {len(nodes)} modules, {total:.0f} ms importing{wall}")
            for module, info in heavy.items():
                mark = "FORBIDDEN" if forbidden_here else "heavy"
                print(f"  {mark}: {module} ({info['ms']:.0f} ms) via {info['via']}")
            for m, info in notable.items():
                print(f"  also: {m} ({info['ms']:.0f} ms) via {info['via']}")
            if ours:
                shown = ", ".join(f"{n.name} {n.cumulative_us / 1000:.0f}" for n in ours[:5])
                print(f"  ours (cumulative ms): {shown}")
    if not quiet:
        print("import graph: OK" if report["ok"] else "import graph: FAILED")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", type=Path, default=Path(sys.executable))
    parser.add_argument(
        "--journal", type=Path, help="the `journal` script (default: beside python)"
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    journal = args.journal or args.python.parent / "journal"
    if not journal.exists():
        print(f"no `journal` script at {journal}; pass --journal", file=sys.stderr)
        return 2
    return 0 if check(args.python, journal, args.runs)["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
