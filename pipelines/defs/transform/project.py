"""The dbt project (sql/) as Dagster sees it. Kept alone so it can be prepared offline."""

from dagster_dbt import DbtProject

from pipelines import paths

dbt_project = DbtProject(project_dir=paths.SQL_DIR, profiles_dir=paths.SQL_DIR)
