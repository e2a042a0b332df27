"""dbt models of sql/ as Dagster assets, built with ``dbt build`` (models, seeds, tests)."""

import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, dbt_assets
from dagster_dbt.asset_utils import get_updated_cli_invocation_params_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from pipelines import paths
from pipelines.defs.transform.project import dbt_project
from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.dbt_runner import (
    DbtInvocation,
    incremental_definitions,
    parsed_manifest,
    prune_target_dirs,
)

KEEP_BUILD_FOLDERS = 10  # sql/target/<asset>-<run>/ of the last builds, for debugging

# the report tables of source('raw', …) are all written by one partitioned asset,
# raw/agency_reports (meta.dagster.asset_key in _raw__sources.yml)
translator = DagsterDbtTranslator(
    settings=DagsterDbtTranslatorSettings(
        enable_asset_checks=True, enable_duplicate_source_asset_keys=True
    )
)


class InProcessDbtResource(dg.ConfigurableResource):
    """dbt run in the step's own process (``pipelines.lib.dbt_runner``).

    In place of dagster-dbt's ``DbtCliResource``, which starts a dbt subprocess per
    build (a new interpreter importing dbt and loading the project: ~5,5 s of a 12,5 s
    build on the bundled data). dbt's node results become Dagster events through
    dagster-dbt's own translation, as with the subprocess.
    """

    project_dir: str = str(paths.SQL_DIR)
    profiles_dir: str = str(paths.SQL_DIR)

    def manifest(self):
        """The parsed project, once per process (the resident process parses it early)."""
        # the profile's default build path is relative to sql/, and this process's working
        # directory is not sql/: give dbt the path every other step uses
        os.environ.setdefault("KINERJA_BUILD_PATH", str(paths.BUILD_PATH))
        return parsed_manifest(Path(self.project_dir), Path(self.profiles_dir))

    def database(self) -> Path:
        """The DuckDB file dbt builds into (the profile's ``KINERJA_BUILD_PATH``)."""
        return Path(os.environ.get("KINERJA_BUILD_PATH", str(paths.BUILD_PATH)))

    def build(
        self, context: dg.AssetExecutionContext, args: list[str]
    ) -> Iterator[dg.Output | dg.AssetCheckResult | dg.AssetObservation]:
        """Run ``dbt build ARGS`` on the context's selection; yield its results as events."""
        project_dir = Path(self.project_dir)
        params = get_updated_cli_invocation_params_for_context(
            context=context, manifest={}, dagster_dbt_translator=translator
        )
        if params.dbt_project and Path(params.dbt_project.project_dir) != project_dir:
            raise dg.Failure(f"dbt selection needs a project copy ({params.dbt_project})")
        if params.indirect_selection:
            args = [*args, "--indirect-selection", params.indirect_selection]
        name = context.op_execution_context.op.name
        prune_target_dirs(project_dir / "target", name, keep=KEEP_BUILD_FOLDERS - 1)
        target_path = project_dir / "target" / f"{name}-{context.run.run_id[:8]}"
        manifest = self.manifest()
        definitions = incremental_definitions(manifest)
        database = self.database()
        recorded = built_definitions(database)
        changed = sorted(
            model for model, digest in definitions.items() if recorded.get(model) != digest
        )
        if changed:
            # their tables were built by other code, or not at all: rebuilt from scratch
            context.log.info(f"incremental models with a new definition: {', '.join(changed)}")
            args = [*args, "--full-refresh"]
        elif definitions and every_delivery_reread(database):
            # every row would be replaced: building anew is cheaper than appending them
            # all and deleting the old ones (60 regencies' budget lines: 7,8 s, not 12,1 s)
            context.log.info("every delivery was read again: incremental models rebuilt")
            args = [*args, "--full-refresh"]
        invocation = DbtInvocation(
            args=["build", *args, *params.selection_args],
            manifest=manifest,
            project_dir=project_dir,
            profiles_dir=Path(self.profiles_dir),
            target_path=target_path,
        )
        context.log.info(f"dbt {' '.join(invocation.args)} (in this process), {target_path}")
        built = {}
        for raw_event in invocation.start().events():
            node = raw_event["data"].get("node_info", {})
            if node.get("unique_id") in definitions and node.get("node_status") == "success":
                built[node["unique_id"]] = definitions[node["unique_id"]]
            event = DbtCoreCliEventMessage(raw_event=raw_event, event_history_metadata={})
            yield from event.to_default_asset_events(
                manifest=params.manifest,
                dagster_dbt_translator=params.dagster_dbt_translator,
                context=context,
                target_path=target_path,
                project=dbt_project,
            )
        record_built_definitions(database, built)
        invocation.raise_on_failure()


def every_delivery_reread(database: Path) -> bool:
    """True when the last ingest read every delivery the build holds (a full or forced
    refresh, a change of code or reference data): no incremental row would be kept."""
    if not database.exists():
        return True
    with warehouse_db.connect(database, read_only=True) as con:
        try:
            kept = con.execute(
                "select count(*) from raw.ingest_files where delivery_key is not null "
                "and ingested_at < (select max(ingested_at) from raw.ingest_files)"
            ).fetchone()[0]
        except duckdb.CatalogException:  # nothing ingested into this build yet
            return True
    return kept == 0


def built_definitions(database: Path) -> dict[str, str]:
    """The definition each incremental model's table in ``database`` was last built from."""
    if not database.exists():
        return {}
    with warehouse_db.connect(database, read_only=True) as con:
        if not con.execute(
            "select 1 from duckdb_tables() "
            "where schema_name = 'meta' and table_name = 'incremental_models'"
        ).fetchone():
            return {}
        return dict(
            con.execute("select model_id, definition from meta.incremental_models").fetchall()
        )


def record_built_definitions(database: Path, built: dict[str, str]) -> None:
    """Record the definitions of the incremental models this build made (by unique id)."""
    if not built:
        return
    with warehouse_db.connect(database) as con:
        con.execute("create schema if not exists meta")
        con.execute(
            "create table if not exists meta.incremental_models ("
            "model_id varchar primary key, definition varchar, built_at timestamptz)"
        )
        con.executemany(
            "insert or replace into meta.incremental_models values (?, ?, now())",
            list(built.items()),
        )


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    pool="duckdb",
)
def kinerja_dbt_models(context: dg.AssetExecutionContext, dbt: InProcessDbtResource):
    """Staging, intermediate and mart models of the warehouse, with their dbt tests."""
    # unit tests check the SQL, not the data: CI runs them (tests/test_dbt_unit_tests.py)
    yield from dbt.build(context, ["--exclude-resource-type", "unit_test"])


defs = dg.Definitions(assets=[kinerja_dbt_models])
