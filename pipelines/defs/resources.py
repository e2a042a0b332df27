"""Resources: where the run reads raw files and which DuckDB files it writes."""

import importlib.metadata
import os
import sys
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version

from pipelines import paths
from pipelines.defs.transform.project import dbt_project


class WarehouseResource(dg.ConfigurableResource):
    """The raw tree, the DuckDB file a run builds and the published warehouse."""

    raw_dir: str = str(paths.RAW_DIR)
    build_path: str = str(paths.BUILD_PATH)
    published_path: str = str(paths.WAREHOUSE_PATH)
    # regions that get workbooks and an HTML report each refresh: * (all), none, or
    # codes such as 16.06,16 (see pipelines.lib.office.outputs.selects_region)
    office_regions: str = os.environ.get("KINERJA_OFFICE_REGIONS", "*")

    @property
    def raw(self) -> Path:
        """Folder of delivered files."""
        return Path(self.raw_dir)

    @property
    def build(self) -> Path:
        """DuckDB file this run writes into."""
        return Path(self.build_path)

    @property
    def published(self) -> Path:
        """DuckDB file analysts read."""
        return Path(self.published_path)

    @property
    def reports_dir(self) -> Path:
        """Folder of the human-readable reports, beside the published file."""
        return self.published.parent / "reports"

    @property
    def exports_dir(self) -> Path:
        """Folder of the Parquet exports, one subfolder per publication."""
        return self.published.parent / "exports"


class VenvDbtCliResource(DbtCliResource):
    """The dbt of this virtual environment, without dagster-dbt's two start-up probes.

    Before every ``dbt build``, dagster-dbt runs ``dbt --version`` in a subprocess (3,3 s
    on the bundled data: a whole dbt start) and loads the dbt project and its macros in
    this process (2,3 s) for an adapter that only ``fetch_row_counts`` and
    ``fetch_column_metadata`` use, which kinerja does not call. The executable is this
    environment's, so its version is the installed dbt-core's.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


defs = dg.Definitions(
    resources={
        "warehouse": WarehouseResource(),
        # the dbt of this virtual environment, whatever PATH says
        "dbt": VenvDbtCliResource(
            project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt")
        ),
    }
)
