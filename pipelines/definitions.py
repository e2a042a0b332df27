"""Dagster code location of kinerja: ingestion, dbt models, data quality, publishing."""

import dagster as dg

from pipelines.defs import automation, publish, resources
from pipelines.defs.ingest import assets as ingest_assets
from pipelines.defs.quality import assets as quality_assets
from pipelines.defs.quality import checks as quality_checks
from pipelines.defs.transform import dbt as dbt_assets

defs = dg.Definitions.merge(
    resources.defs,
    ingest_assets.defs,
    dbt_assets.defs,
    quality_assets.defs,
    quality_checks.defs,
    publish.defs,
    automation.defs,
)
