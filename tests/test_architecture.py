"""The package's layers, checked on the source: who may import whom, where SQL runs, sizes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "relational_journal"
NAME = "relational_journal"
BASE = {"errors", "models", "paths", "config", "__init__"}
# Rank of each layer; a module may import its own layer or a lower one. Layers of
# one rank (content and storage; render and interchange) stay apart.
RANK = {"base": 0, "content": 1, "storage": 1, "core": 2, "render": 3, "interchange": 3, "cli": 4}
MAX_LINES = 600


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "base"
    top = parts[1]
    if top in BASE:
        return "base"
    if top == "__main__":
        return "main"
    return top


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith(NAME)]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.startswith(NAME):
                out.append((node.lineno, target))
    return out


MODULES = _modules()


def test_every_module_sits_in_a_known_layer() -> None:
    unknown = [m for m in MODULES if _layer(m) not in RANK and _layer(m) != "main"]
    assert unknown == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_import_only_their_own_or_lower_layers(module: str) -> None:
    own = _layer(module)
    if own == "main":
        return
    wrong = []
    for line, target in _imports(module, MODULES[module]):
        other = _layer(target)
        if other == own or other == "base":
            continue
        if other == "main" or RANK[other] >= RANK[own]:
            wrong.append(f"line {line}: {target}")
    assert wrong == [], f"{module} ({own}) reaches up or sideways"


def test_sql_runs_only_in_storage() -> None:
    offenders = []
    for module, path in MODULES.items():
        if _layer(module) == "storage":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in (
                "execute",
                "executemany",
                "executescript",
            ):
                offenders.append(f"{module} line {node.lineno}")
    assert offenders == []


def test_no_import_cycles() -> None:
    graph = {m: {t for _, t in _imports(m, p) if t in MODULES} for m, p in MODULES.items()}
    # a package's own __init__ importing its children is not a cycle of layers
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_no_module_is_longer_than_the_limit() -> None:
    long = {
        m: n
        for m, p in MODULES.items()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
