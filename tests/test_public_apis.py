"""The code uses dependencies through their public APIs only, so an upgrade of Dagster,
dbt, Great Expectations or Python cannot break it without a deprecation first.

Read from the syntax tree of every Python file of pipelines/, scripts/ and tests/: no
import of a ``_``-prefixed module or name from another package, no ``ctypes`` and no
``importlib`` (or ``__import__``), no ``_``-prefixed attribute of anything but the
code's own ``self``/``cls`` (chained access and ``getattr(x, "_y")`` included), no
method of a Dagster instance that Dagster does not mark public, no assignment to
another library's attributes (``setattr`` and monkeypatching included).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipelines import paths

OWN_PACKAGES = {"pipelines", "tests"}
SCRIPTS = [
    p
    for p in (paths.REPO_ROOT / "scripts").iterdir()
    if p.is_file() and p.read_bytes().startswith(b"#!/usr/bin/env python")
]
SOURCES = sorted(
    [
        *(paths.REPO_ROOT / "pipelines").rglob("*.py"),
        *(paths.REPO_ROOT / "tests").rglob("*.py"),
        *SCRIPTS,
    ]
)
# DagsterInstance's methods marked @public in Dagster 1.13 (its API reference)
INSTANCE_PUBLIC = {
    "add_dynamic_partitions", "delete_dynamic_partition", "delete_run", "ephemeral",
    "fetch_materializations", "fetch_observations", "fetch_run_status_changes", "get",
    "get_asset_keys", "get_asset_records", "get_dynamic_partitions",
    "get_latest_materialization_code_versions", "get_latest_materialization_event",
    "get_run_by_id", "get_run_record_by_id", "get_run_records", "get_status_by_partition",
    "has_asset_key", "has_dynamic_partition", "local_temp", "report_runless_asset_event",
    "wipe_assets", "from_config",
}  # fmt: skip


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
    own: set[str] = {"self", "cls"}  # names bound to this project's code
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                if root in OWN_PACKAGES:
                    own.add(alias.asname or root)
                    continue
                modules.add(alias.asname or root)
                if root == "ctypes" or any(_private(part) for part in alias.name.split(".")):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            root = node.module.split(".")[0]
            if root in OWN_PACKAGES:
                own.update(alias.asname or alias.name for alias in node.names)
                continue
            names = [alias.name for alias in node.names]
            modules.update(alias.asname or alias.name for alias in node.names)
            if root == "ctypes" or any(_private(p) for p in [*node.module.split("."), *names]):
                found.append(f"line {node.lineno}: from {node.module} import {', '.join(names)}")
    for node in ast.walk(tree):
        found += _patched(node, modules) + _dynamic(node) + _instance_call(node)
        if not isinstance(node, ast.Attribute):
            continue
        base = node.value.id if isinstance(node.value, ast.Name) else None
        if _private(node.attr) and base not in own:
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif base in modules and isinstance(node.ctx, ast.Store | ast.Del):
            found.append(f"line {node.lineno}: assigns {base}.{node.attr}")
    return found


def _dynamic(node: ast.AST) -> list[str]:
    """``importlib`` / ``__import__`` and ``getattr(x, "_y")``: private parts by name."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
        if any(n.split(".")[0] == "importlib" for n in names):
            return [f"line {node.lineno}: importlib"]
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        return []
    if node.func.id == "__import__":
        return [f"line {node.lineno}: __import__"]
    name = node.args[1] if node.func.id in {"getattr", "hasattr"} and len(node.args) > 1 else None
    if isinstance(name, ast.Constant) and _private(str(name.value)):
        return [f"line {node.lineno}: {node.func.id}(…, {name.value!r})"]
    return []


def _instance_call(node: ast.AST) -> list[str]:
    """``instance.<method>`` / ``….instance.<method>`` outside Dagster's public methods."""
    if not isinstance(node, ast.Attribute):
        return []
    value = node.value
    named = isinstance(value, ast.Name) and value.id == "instance"
    if not (named or (isinstance(value, ast.Attribute) and value.attr == "instance")):
        return []
    if node.attr in INSTANCE_PUBLIC:
        return []
    return [f"line {node.lineno}: instance.{node.attr} is not public in Dagster"]


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
        "import dagster as dg\ndg.DagsterInstance.get()._run_storage.wipe()",  # chained
        "def f(instance):\n    instance.event_log_storage.free_concurrency_slots_for_run(1)",
        "def f(context):\n    context.instance.get_run_stats('x')",
        "import importlib\nimportlib.import_module('dagster._core')",
        "def f(x):\n    return getattr(x, '_records')",
        "__import__('dagster._core.events')",
    ],
)
def test_the_guard_catches_each_kind(source: str):
    assert violations(source)


def test_the_guard_allows_own_code_and_dunders():
    source = (
        "from pipelines.lib import _helper, readers\nimport polars as pl\n"
        "print(pl.__version__, readers._LINE_BREAK)"
    )
    assert violations(source) == []
