"""The house stays one a maintainer can keep: short modules and functions, no import
cycles. The limits are the issue's; a catalogue (data declared as code) is named here
with the reason it may be longer."""

from __future__ import annotations

import ast
from pathlib import Path

from pipelines import paths

MODULE_LINES = 400
FUNCTION_LINES = 60
# data declared as code, read as a list rather than as logic
CATALOGUES = {
    "pipelines/lib/contract.py": "every column of every delivered table",
    "pipelines/synthetic/catalog.py": "the synthetic regency's agencies, programs, indicators",
}


def _sources() -> dict[str, str]:
    """Every Python file of the house: the package and the scripts (no .py suffix)."""
    root = paths.REPO_ROOT
    files = sorted((root / "pipelines").rglob("*.py"))
    files += [p for p in sorted((root / "scripts").iterdir()) if _is_python(p)]
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in files}


def _is_python(path: Path) -> bool:
    if path.suffix == ".py":
        return True
    return path.is_file() and path.read_text(errors="ignore").startswith("#!/usr/bin/env python")


def test_scripts_are_found():
    assert "scripts/bench" in _sources()


def test_no_module_over_the_limit():
    long = {
        name: len(text.splitlines())
        for name, text in _sources().items()
        if len(text.splitlines()) > MODULE_LINES and name not in CATALOGUES
    }
    assert long == {}


def test_no_function_over_the_limit():
    long = []
    for name, text in _sources().items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > FUNCTION_LINES:
                    long.append(f"{name}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def _module_imports(text: str, package: str) -> set[str]:
    """The pipelines modules a module imports when it is loaded (not those imported
    inside a function, nor under ``if TYPE_CHECKING``)."""
    found = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipelines")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("pipelines"):
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{package}: relative import; write the module's full name")
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = {}
    for name, text in _sources().items():
        if name.startswith("pipelines/"):
            module = name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            modules[module] = text
    return {m: _module_imports(text, m) & set(modules) - {m} for m, text in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycles_are_found():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert _cycles(_import_graph()) == []
