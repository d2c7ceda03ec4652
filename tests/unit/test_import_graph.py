"""No import circles in ``src/bastion``: the parts form a dependency order (docs/architecture.md).

The graph is read from the source with `ast`: imports at module level and inside functions
(lazy), since a lazy import that closes a circle still ties the two parts together at run
time. Imports under ``if TYPE_CHECKING:`` are left out: they never run.
``from bastion.x import name`` is an edge to ``bastion.x.name`` when that is a module, else
to ``bastion.x``. Importing a submodule
runs its package's ``__init__`` first, but that implicit step is not an edge: a package
may re-export its submodules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import bastion

ROOT = Path(bastion.__file__).parent

# Cycles known to exist; each entry is the cycle's modules, sorted. Empty since part A of
# issue #14 broke detect/baseline -> replay -> engine -> detect (learning moved to
# detect/learn, reading replay files to replay) and sensors <-> sensors.claude_code.
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` names or lies in."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and _is_type_checking(block.test)
            for stmt in block.body
            for inner in ast.walk(stmt)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" for a in node.names]
            for target in targets:
                if not target.startswith("bastion"):
                    continue
                found = _resolve(target, modules)
                if found is not None and found != name:
                    graph[name].add(found)
    return graph


def cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Every strongly connected component of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[tuple[str, ...]] = set()
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.add(tuple(sorted(component)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert "bastion.wire.protocol" in graph["bastion.hook"]
    assert "bastion.daemon.control" in graph["bastion.daemon.server"]
    assert sum(len(e) for e in graph.values()) > 300


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(graph) == {("a", "b", "c")}


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert found - KNOWN_CYCLES == set(), "new import cycles"
    # A known cycle that is gone must leave the list, so it cannot come back unseen.
    assert KNOWN_CYCLES - found == set(), "remove fixed cycles from KNOWN_CYCLES"


def test_the_hook_depends_on_nothing_heavier_than_the_wire() -> None:
    graph = import_graph()
    assert graph["bastion.hook"] <= {"bastion.wire.protocol", "bastion.hook.recover"}
    assert graph["bastion.wire.protocol"] == set()
