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
    assert ingest.partitions_def.name == "agency_year"
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


def test_dbt_runs_in_process_on_the_project_the_assets_were_made_from():
    """The dbt resource builds in the step's process from a manifest it parses itself:
    it holds every model and test the Dagster assets and checks were made from."""
    from pipelines.defs.transform.project import dbt_project

    parsed = defs.resources["dbt"].manifest()
    on_disk = json.loads(dbt_project.manifest_path.read_text())
    wanted = {uid for uid in on_disk["nodes"] if uid.startswith(("model.", "test.", "seed."))}
    assert wanted
    assert wanted <= set(parsed.nodes)
    assert defs.resources["dbt"].manifest() is parsed  # once per process
