"""The raw tables are declared once (pipelines/lib/raw_tables.py): typing, ingest, the
warehouse, the dbt sources and the contract suite all hold exactly those columns."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml

from pipelines import paths
from pipelines.lib.contract import ENTITIES, Entity
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.quality.rules import duckdb_type
from pipelines.lib.raw_tables import LINEAGE, PROVENANCE, raw_schema
from pipelines.lib.readers import NUMERIC_CELLS, SOURCE_ROW
from pipelines.lib.reference import read_agencies
from pipelines.lib.typed_batch import type_delivered

_ENTITIES = pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)


@_ENTITIES
def test_typing_gives_the_declared_columns(entity: Entity):
    """The typing rules, run on an empty delivery, give exactly the declared types."""
    text = {h: pl.String for h in entity.headers} | {NUMERIC_CELLS: pl.List(pl.String)}
    lineage = {c: pl.String for c in LINEAGE} | {SOURCE_ROW: pl.Int32}
    lineage |= {"delivery_year": pl.Int16, "reported_through": pl.Date}
    typed = type_delivered(pl.DataFrame(schema=text | lineage), entity).loaded
    declared = raw_schema(entity)
    extra = ("delivery_year", "delivery_agency_id")
    assert dict(typed.drop(extra).select(list(declared)).schema) == declared
    assert set(typed.columns) - set(declared) == set(extra)


def test_ingest_writes_the_declared_tables(seed_raw: Path, known_accounts: frozenset[str]):
    frames = ingest_raw_tree(seed_raw, read_agencies(seed_raw / "reference"), known_accounts)
    for entity in ENTITIES:
        assert dict(frames[entity.name].schema) == raw_schema(entity), entity.name
    assert frames["budget_lines"].height > 0
    assert frames["indicators"].height > 0


def test_the_warehouse_holds_the_declared_types(bundled_warehouse: Path):
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        for entity in ENTITIES:
            found = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'raw' and table_name = ? order by ordinal_position",
                [entity.name],
            ).fetchall()
            declared = [(n, duckdb_type(t)) for n, t in raw_schema(entity).items()]
            assert found == declared, entity.name


def test_every_raw_table_is_a_dbt_source(bundled_warehouse: Path):
    sources = yaml.safe_load((paths.SQL_DIR / "models/staging/raw/_raw__sources.yml").read_text())
    declared = {t["name"] for s in sources["sources"] for t in s["tables"]}
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        written = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        }
    # raw.ingest_state is the build's memory of what it has read (refresh_plan), not data
    assert written - {"ingest_state"} == declared


def test_every_row_says_where_it_came_from(seed_raw: Path, known_accounts: frozenset[str]):
    """The provenance columns are filled on every loaded row (a finance export's period
    end only on its own rows)."""
    frames = ingest_raw_tree(seed_raw, read_agencies(seed_raw / "reference"), known_accounts)
    assert all(set(PROVENANCE) <= set(raw_schema(e)) for e in ENTITIES)
    for entity in ENTITIES:
        loaded = frames[entity.name]
        filled = [c for c in PROVENANCE if c not in ("source_sheet", "reported_through")]
        assert loaded.select(pl.col(filled).null_count()).sum_horizontal().item() == 0
        assert set(loaded["source_kind"]) <= {"agency_report"}


def test_quality_never_imports_ingest():
    """The contract suite learns the raw tables from their declaration, not from ingest."""
    for module in (paths.REPO_ROOT / "pipelines/lib/quality").glob("*.py"):
        imported = {
            node.module
            for node in ast.walk(ast.parse(module.read_text()))
            if isinstance(node, ast.ImportFrom)
        }
        assert "pipelines.lib.ingest" not in imported, module.name
