"""dbt run in this process (pipelines.lib.dbt_runner), on a small project of its own."""

import os
import threading
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.dbt_runner import (
    DbtCommandError,
    DbtInvocation,
    incremental_definitions,
    parsed_manifest,
    prune_target_dirs,
)

PROFILE = """
scratch:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{path}"
      threads: 2
"""


def _project(tmp_path: Path, models: dict[str, str]) -> Path:
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text(
        "name: scratch\nversion: '1.0'\nconfig-version: 2\nprofile: scratch\n"
    )
    (project / "profiles.yml").write_text(PROFILE.format(path=tmp_path / "scratch.duckdb"))
    for name, sql in models.items():
        (project / "models" / name).write_text(sql)
    return project


def _build(project: Path, *args: str) -> DbtInvocation:
    return DbtInvocation(
        args=["build", *args],
        manifest=parsed_manifest(project, project),
        project_dir=project,
        profiles_dir=project,
        target_path=project / "target" / "run",
    ).start()


def test_build_streams_node_results_and_reports_failures_with_dbt_messages(tmp_path):
    project = _project(
        tmp_path,
        {
            "fine.sql": "select 1 as x",
            "schema.yml": "models:\n  - name: fine\n    columns:\n      - name: x\n"
            "        data_tests: [not_null]\n",
            "broken.sql": "select * from table_that_is_not_there",
        },
    )
    invocation = _build(project)
    events = list(invocation.events())
    finished = {e["data"]["node_info"]["unique_id"]: e["info"]["name"] for e in events}
    assert finished["model.scratch.fine"] == "LogModelResult"
    assert finished["model.scratch.broken"] == "LogModelResult"
    assert any(uid.startswith("test.scratch.not_null_fine_x") for uid in finished)
    with pytest.raises(DbtCommandError, match="table_that_is_not_there"):
        invocation.raise_on_failure()
    # the database is closed again: another connection with other settings is allowed
    with duckdb.connect(str(tmp_path / "scratch.duckdb"), config={"threads": 1}) as con:
        assert con.execute("select x from main.fine").fetchone() == (1,)


def test_the_project_is_parsed_once_and_again_after_a_change(tmp_path):
    project = _project(tmp_path, {"one.sql": "select 1 as x"})
    first = parsed_manifest(project, project)
    assert parsed_manifest(project, project) is first
    (project / "models" / "two.sql").write_text("select 2 as y")
    again = parsed_manifest(project, project)
    assert again is not first
    assert "model.scratch.two" in again.nodes


def test_cancel_interrupts_the_running_query_and_stops_dbt(tmp_path):
    # ~10^10 rows to aggregate: minutes, unless interrupted
    slow = (
        "{{ config(materialized='table') }} "
        "select sum(a.range * b.range) as s from range(100000) a, range(100000) b"
    )
    project = _project(tmp_path, {"slow.sql": slow, "after.sql": "select * from {{ ref('slow') }}"})
    invocation = _build(project)
    time.sleep(3)  # parsed, connected, inside the query
    started = time.monotonic()
    invocation.cancel()
    assert time.monotonic() - started < 30
    assert not any(t.name == "dbt" and t.is_alive() for t in threading.enumerate())
    events = list(invocation.events())
    assert "model.scratch.after" not in {e["data"]["node_info"]["unique_id"] for e in events}
    with pytest.raises(DbtCommandError):
        invocation.raise_on_failure()


def test_only_the_newest_build_folders_are_kept(tmp_path):
    for minute, name in enumerate(["models-run1", "models-run2", "models-run3", "models-run4"]):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (60 * minute, 60 * minute))  # run1 oldest, run4 newest
    (tmp_path / "in-process").mkdir()  # not a build folder
    (tmp_path / "models-a-file").write_text("")
    deleted = prune_target_dirs(tmp_path, "models", keep=2)
    assert sorted(p.name for p in deleted) == ["models-run1", "models-run2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "in-process",
        "models-a-file",
        "models-run3",
        "models-run4",
    ]


def test_an_incremental_models_definition_covers_its_sql_upstream_models_and_macros(tmp_path):
    incremental = (
        "{{ config(materialized='incremental') }}\nselect {{ doubled('x') }} as y "
        "from {{ ref('upstream') }}"
    )
    project = _project(
        tmp_path,
        {
            "upstream.sql": "select 1 as x",
            "lines.sql": incremental,
            "unrelated.sql": "select 3 as z",
        },
    )
    macro = project / "macros" / "doubled.sql"
    macro.parent.mkdir()
    macro.write_text("{% macro doubled(column) %}2 * {{ column }}{% endmacro %}")

    def definition() -> str:
        definitions = incremental_definitions(parsed_manifest(project, project))
        assert set(definitions) == {"model.scratch.lines"}  # views and tables need none
        return definitions["model.scratch.lines"]

    first = definition()
    models = project / "models"
    (models / "unrelated.sql").write_text("select 33 as z")
    assert definition() == first
    (models / "upstream.sql").write_text("select 11 as x")
    second = definition()
    assert second != first
    macro.write_text("{% macro doubled(column) %}{{ column }} + {{ column }}{% endmacro %}")
    third = definition()
    assert third not in (first, second)
    (models / "lines.sql").write_text(incremental.replace("as y", "as y2"))
    assert definition() not in (first, second, third)
    (models / "lines.sql").write_text(incremental)
    assert definition() == third  # the same files give the same definition
