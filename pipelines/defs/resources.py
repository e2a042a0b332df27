"""Resources: where the run reads raw files and which DuckDB files it writes."""

import os
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

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
    # a delivery with a file younger than this is left for the next run (still copying)
    settle_seconds: float = float(os.environ.get("KINERJA_SETTLE_SECONDS", "5"))

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


defs = dg.Definitions(
    resources={
        "warehouse": WarehouseResource(),
        # the dbt of this environment, whether or not its bin/ is on PATH
        "dbt": DbtCliResource(
            project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt")
        ),
    }
)
