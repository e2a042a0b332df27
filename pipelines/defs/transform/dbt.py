"""dbt models of sql/ as Dagster assets, built with ``dbt build`` (models, seeds, tests)."""

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from pipelines.defs.transform.project import dbt_project

# the report tables of source('raw', …) are all written by one partitioned asset,
# raw/agency_reports (meta.dagster.asset_key in _raw__sources.yml)
translator = DagsterDbtTranslator(
    settings=DagsterDbtTranslatorSettings(
        enable_asset_checks=True, enable_duplicate_source_asset_keys=True
    )
)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    pool="duckdb",
)
def kinerja_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Staging, intermediate and mart models of the warehouse, with their dbt tests."""
    # unit tests check the SQL, not the data: CI runs them (tests/test_dbt_unit_tests.py)
    yield from dbt.cli(["build", "--exclude-resource-type", "unit_test"], context=context).stream()


defs = dg.Definitions(assets=[kinerja_dbt_models])
