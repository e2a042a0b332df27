"""dbt models of sql/ as Dagster assets, built with ``dbt build`` (models, seeds, tests)."""

import os
from pathlib import Path

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from pipelines import paths
from pipelines.defs.transform.project import dbt_project
from pipelines.lib.dbt_artifacts import keep_parse_state, prune_target_dirs
from pipelines.lib.refresh_plan import every_delivery_reread
from pipelines.lib.stages import timed

KEEP_BUILD_FOLDERS = 10  # sql/target/build-<run>/ of the last builds, for debugging


class KinerjaTranslator(DagsterDbtTranslator):
    """dbt nodes grouped by meaning, as the project's folders are: the seeds are the
    office's reference tables; staging, intermediate, marts and quality models are
    their folder's group."""

    def get_group_name(self, dbt_resource_props):
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        folder = dbt_resource_props["fqn"][1]
        return folder if folder in DBT_GROUPS else super().get_group_name(dbt_resource_props)


DBT_GROUPS = ("staging", "intermediate", "marts", "quality")
# the report tables of source('raw', …) are all written by one asset,
# raw/agency_reports (meta.dagster.asset_key in _raw__sources.yml)
translator = KinerjaTranslator(
    settings=DagsterDbtTranslatorSettings(
        enable_asset_checks=True, enable_duplicate_source_asset_keys=True
    )
)


def build_path() -> Path:
    """The DuckDB file dbt builds into: sql/profiles.yml reads ``KINERJA_BUILD_PATH``."""
    return Path(os.environ.get("KINERJA_BUILD_PATH", str(paths.BUILD_PATH)))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
)
@timed("kinerja_dbt_models")
def kinerja_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Staging, intermediate and mart models of the warehouse, with their dbt tests."""
    # unit tests check the SQL, not the data: CI runs them (tests/test_dbt_unit_tests.py)
    args = ["build", "--exclude-resource-type", "unit_test"]
    if every_delivery_reread(build_path()):
        args.append("--full-refresh")  # every incremental row would be replaced
    target = dbt_project.project_dir / "target"
    prune_target_dirs(target, "build", KEEP_BUILD_FOLDERS - 1)
    build_target = target / f"build-{context.run.run_id[:8]}"
    yield from dbt.cli(args, context=context, target_path=build_target).stream()
    keep_parse_state(build_target, target)


defs = dg.Definitions(assets=[kinerja_dbt_models])
