"""Dagster code location of kinerja: ingestion, dbt models, publishing."""

import dagster as dg

from pipelines.defs import publish, resources
from pipelines.defs.ingest import assets as ingest_assets
from pipelines.defs.transform import dbt as dbt_assets

defs = dg.Definitions.merge(resources.defs, ingest_assets.defs, dbt_assets.defs, publish.defs)
