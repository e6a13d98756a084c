"""Static checks of the package's shape (issue 14): one way through the house.

- no import cycle between modules of ``analysis``, counting imports inside functions;
- no function longer than 120 lines, no class longer than 400;
- plotting only in ``analysis.viz``: no ``plot_*`` function and no matplotlib import elsewhere;
- importing ``analysis`` pulls in no matplotlib.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"
MAX_FUNCTION_LINES = 120
MAX_CLASS_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom | ast.Import, name: str | None = None) -> list[str]:
    """Modules of ``analysis`` that an import statement in ``module`` reaches."""
    targets = []
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            pkg = module.split(".")
            is_pkg = MODULES.get(module, Path()).name == "__init__.py"
            anchor = pkg if is_pkg else pkg[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
    found = []
    for t in targets:
        # an import of a.b.c also executes a and a.b
        parts = t.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            if candidate in MODULES and candidate != module:
                found.append(candidate)
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports (at any depth of its body). Package
    ``__init__`` re-exports are followed like any import."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges.update(_resolve(module, node))
        # importing a submodule runs its parent packages first; that is not a cycle of this module's making
        graph[module] = {e for e in edges if not module.startswith(e + ".")}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
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
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    graph = import_graph()
    # the package __init__ re-exports everything; an import of "analysis" from a submodule would close a loop
    cycles = find_cycles(graph)
    assert not cycles, f"import cycles in analysis/: {cycles}"


def _definitions():
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                yield module, node


def test_no_long_functions_or_classes():
    too_long = []
    for module, node in _definitions():
        length = node.end_lineno - node.lineno + 1
        limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
        if length > limit:
            too_long.append(f"{module}.{node.name}: {length} lines (limit {limit})")
    assert not too_long, "\n".join(too_long)


def test_plotting_only_in_viz():
    outside = []
    for module, path in MODULES.items():
        if module == "analysis.viz" or module.startswith("analysis.viz."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("plot_"):
                outside.append(f"{module}.{node.name} (plot function outside analysis.viz)")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n.split(".")[0] == "matplotlib" for n in names):
                    outside.append(f"{module}: imports matplotlib (line {node.lineno})")
    assert not outside, "\n".join(outside)


def test_viz_plot_functions_return_fig_and_data():
    # every plot_* returns a 2-tuple literal at each of its return statements
    bad = []
    for module, node in _definitions():
        if not module.startswith("analysis.viz") or not isinstance(node, ast.FunctionDef):
            continue
        if not node.name.startswith("plot_"):
            continue
        for ret in (n for n in ast.walk(node) if isinstance(n, ast.Return)):
            if not (isinstance(ret.value, ast.Tuple) and len(ret.value.elts) == 2):
                bad.append(f"{module}.{node.name} line {ret.lineno}")
    assert not bad, "plot functions must return (fig, data): " + ", ".join(bad)


@pytest.mark.parametrize("statement", ["import analysis", "import analysis.pipeline, analysis.tables"])
def test_importing_the_package_loads_no_matplotlib(statement):
    code = f"import sys; {statement}; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
