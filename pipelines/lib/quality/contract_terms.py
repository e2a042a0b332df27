"""What a contract rule's declaration may name: the contract applied to one raw table.

The contract suite is declared in ``sql/models/staging/raw/_raw__sources.yml`` (a rule
under a table's ``meta`` guards that table; one under the source's ``meta`` is a family
over several). A declaration repeats itself ``for_each`` value of a list given in it or
named here, and writes ``{name}`` for a term below; the terms come from the contract
(:mod:`pipelines.lib.contract`, :mod:`pipelines.lib.raw_tables`), never typed twice.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.lib import codes
from pipelines.lib.contract import ENTITIES, ENTITIES_BY_SHEET, KEYS
from pipelines.lib.quality.rules import duckdb_type
from pipelines.lib.raw_tables import raw_schema

FIRST_PLAUSIBLE_YEAR = 2015
_SHEETS = {entity.name: entity.sheet for entity in ENTITIES}
# a finance export gives its own budget lines beside an agency's report (the marts use
# one), one row per leaf account, and negative corrections: only a report's rows are
# unique by the contract's key
_REPORT_ROWS_ONLY = ("budget_lines", "spending_lines")
# key columns a file may leave empty (a total of the whole report, its own section)
_OPTIONAL_KEYS = ("scope_key", "report_section")


def values(name: str, given: list | str, terms: dict) -> list[dict]:
    """The terms one ``for_each`` entry gives each repetition: a list's values, or a
    list the contract names (``contract_tables``, ``key_columns`` of the table,
    ``code_patterns`` with each level's pattern)."""
    if isinstance(given, list):
        return [{name: value} for value in given]
    if given == "contract_tables":
        return [{name: table} for table in KEYS]
    if given == "key_columns":
        return [{name: c} for c in KEYS[terms["table"]] if c not in _OPTIONAL_KEYS]
    if given == "code_patterns":
        return [{"level": level, "pattern": p} for level, p in codes.CODE_PATTERNS.items()]
    raise KeyError(given)


def terms(chosen: dict) -> dict:
    """Every term of one repetition: the values chosen and, for a table of the contract,
    its key, columns, types and which of its rows the key is unique over."""
    this_year = dt.date.today().year
    out = {"first_year": FIRST_PLAUSIBLE_YEAR, "last_year": this_year + 1, **chosen}
    table = chosen.get("table")
    if table not in KEYS:
        return out
    key = KEYS[table]
    schema = raw_schema(ENTITIES_BY_SHEET[_SHEETS[table]])
    # list columns (program_codes) do not reach GX: see validate._pandas
    columns = [name for name, dtype in schema.items() if not isinstance(dtype, pl.List)]
    reports_only = table in _REPORT_ROWS_ONLY
    return out | {
        "key": key,
        "key_words": ", ".join(key),
        "key_sql": " || ' ' || ".join(f"coalesce(cast({k} as varchar), '∅')" for k in key[2:]),
        "columns": columns,
        "columns_text": ", ".join(columns),
        "types_relation": _types_relation(table, schema),
        "report_rows_only": (
            {"column": "source_kind", "equals": "agency_report"} if reports_only else None
        ),
        "report_rows_words": " of the agencies' own reports" if reports_only else "",
    }


def _types_relation(table: str, schema: dict[str, pl.DataType]) -> str:
    expected = ", ".join(f"('{name}', '{duckdb_type(dtype)}')" for name, dtype in schema.items())
    return (
        f"(select '{table}.' || columns.column_name as object_key, columns.data_type "
        f"as actual_type, coalesce(expected.expected_type, 'not in the contract') "
        f"as expected_type from information_schema.columns as columns "
        f"left join (values {expected}) as expected (column_name, expected_type) "
        f"on columns.column_name = expected.column_name "
        f"where columns.table_schema = 'raw' and columns.table_name = '{table}')"
    )
