"""The code uses dependencies through their public APIs only, so an upgrade of Dagster,
dbt, Great Expectations or Python cannot break it without a deprecation first.

Read from the syntax tree of every Python file of pipelines/, scripts/ and tests/: no
import of a ``_``-prefixed module or name from another package, no ``ctypes``, no
``_``-prefixed attribute of an imported module, no assignment to another library's
attributes (``setattr`` and monkeypatching included).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipelines import paths

OWN_PACKAGES = {"pipelines", "tests"}
SOURCES = sorted(
    [
        *(paths.REPO_ROOT / "pipelines").rglob("*.py"),
        *(paths.REPO_ROOT / "tests").rglob("*.py"),
        paths.REPO_ROOT / "scripts" / "bench",
    ]
)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _patched(node: ast.AST, modules: set[str]) -> list[str]:
    """``setattr(<another package's module>, …)`` or ``monkeypatch.setattr("pkg.name", …)``
    with a dotted path outside this project."""
    if not (isinstance(node, ast.Call) and node.args):
        return []
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name != "setattr":
        return []
    target = node.args[0]
    if isinstance(target, ast.Name) and target.id in modules:
        return [f"line {node.lineno}: setattr on {target.id}"]
    dotted = isinstance(target, ast.Constant) and "." in str(target.value)
    if dotted and str(target.value).split(".")[0] not in OWN_PACKAGES:
        return [f"line {node.lineno}: setattr on {target.value}"]
    return []


def violations(source: str) -> list[str]:
    """What in ``source`` reaches into another package's private parts, one line each."""
    tree = ast.parse(source)
    modules: set[str] = set()  # names bound to imported modules of other packages
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                if root in OWN_PACKAGES:
                    continue
                modules.add(alias.asname or root)
                if root == "ctypes" or any(_private(part) for part in alias.name.split(".")):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            root = node.module.split(".")[0]
            if root in OWN_PACKAGES:
                continue
            names = [alias.name for alias in node.names]
            modules.update(alias.asname or alias.name for alias in node.names)
            if root == "ctypes" or any(_private(p) for p in [*node.module.split("."), *names]):
                found.append(f"line {node.lineno}: from {node.module} import {', '.join(names)}")
    for node in ast.walk(tree):
        found += _patched(node, modules)
        if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Name):
            continue
        if node.value.id not in modules:
            continue
        if _private(node.attr):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node.ctx, ast.Store | ast.Del):
            found.append(f"line {node.lineno}: assigns {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize(
    "path", SOURCES, ids=[p.relative_to(paths.REPO_ROOT).as_posix() for p in SOURCES]
)
def test_no_private_api_of_a_dependency(path: Path):
    assert violations(path.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "from dagster._core.storage.tags import X",
        "import dagster._check as check",
        "from great_expectations.core import _helper",
        "import ctypes",
        "import atexit\natexit._run_exitfuncs()",
        "from dbt.adapters.duckdb import connections\nconnections.DuckDBConnectionManager = None",
        "import duckdb\nduckdb.default_connection = None",
        'def test(monkeypatch):\n    monkeypatch.setattr("sys.stdin", None)',
        "import polars as pl\nsetattr(pl, 'Config', None)",
    ],
)
def test_the_guard_catches_each_kind(source: str):
    assert violations(source)


def test_the_guard_allows_own_code_and_dunders():
    source = "from pipelines.lib import _helper\nimport polars as pl\nprint(pl.__version__)"
    assert violations(source) == []
