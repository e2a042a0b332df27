"""The Dagster code location: one lineage graph from raw files to the published warehouse."""

import json

import dagster as dg

from pipelines.definitions import defs

RAW_ASSETS = {"agencies", "deliveries", "agency_reports"}


def _keys() -> set[str]:
    return {key.to_user_string() for key in defs.resolve_all_asset_keys()}


def test_definitions_expose_ingest_dbt_and_publish_assets():
    keys = _keys()
    assert {f"raw/{name}" for name in RAW_ASSETS} <= keys
    # dbt models are keyed <schema>/<model>: the asset key is the DuckDB table name
    assert {
        "staging/stg_raw__budget_lines",
        "staging/stg_raw__indicators",
        "reference/account_types",
        "published_warehouse",
    } <= keys


def test_dbt_sources_are_the_ingest_assets():
    """dbt's source('raw', x) resolves to the asset the ingestion materialises: one graph."""
    graph = defs.resolve_asset_graph()
    staging = graph.get(dg.AssetKey(["staging", "stg_raw__budget_lines"]))
    assert dg.AssetKey(["raw", "agency_reports"]) in staging.parent_keys
    ingest = graph.get(dg.AssetKey(["raw", "agency_reports"]))
    assert ingest.is_materializable
    assert ingest.partitions_def is None  # the planner picks the deliveries to read
    coverage = graph.get(dg.AssetKey(["staging", "stg_raw__deliveries"]))
    assert dg.AssetKey(["raw", "deliveries"]) in coverage.parent_keys


def test_published_warehouse_depends_on_every_dbt_model():
    graph = defs.resolve_asset_graph()
    parents = graph.get(dg.AssetKey("published_warehouse")).parent_keys
    assert dg.AssetKey(["staging", "stg_raw__budget_lines"]) in parents
    assert dg.AssetKey(["staging", "stg_raw__quarantine"]) in parents


def test_refresh_job_selects_every_asset_in_process():
    job = defs.resolve_job_def("refresh_all_job")
    assert job.executor_def is dg.in_process_executor
    assert {k.to_user_string() for k in job.asset_layer.executable_asset_keys} == _keys()


def test_dbt_builds_the_project_the_assets_were_made_from():
    """dbt's own CLI resource, on the project whose manifest made the assets and checks."""
    from dagster_dbt import DbtCliResource

    from pipelines.defs.transform.project import dbt_project

    dbt = defs.resources["dbt"]
    assert isinstance(dbt, DbtCliResource)
    assert dbt.project_dir == str(dbt_project.project_dir)
    on_disk = json.loads(dbt_project.manifest_path.read_text())
    models = {uid.split(".")[-1] for uid in on_disk["nodes"] if uid.startswith("model.")}
    assert {"budget_lines", "agency_years"} <= models


def test_assets_are_grouped_by_meaning_and_each_says_what_it_is():
    graph = defs.resolve_asset_graph()
    groups: dict[str, set[str]] = {}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, f"{key.to_user_string()} has no description"
        groups.setdefault(node.group_name, set()).add(key.to_user_string())
    assert set(groups) == {
        "sources", "reference", "staging", "intermediate", "marts", "quality", "office_outputs"
    }  # fmt: skip
    assert "raw/agency_reports" in groups["sources"]
    assert "marts/agency_years" in groups["marts"]
    assert {"quality/dq_budget_hierarchy_sums", "marts/dq_findings"} <= groups["quality"]
    assert {"published_warehouse", "office_outputs"} == groups["office_outputs"]
