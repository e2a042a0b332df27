"""The contract suite: each raw table as ingested (columns, keys, years, agencies, code
formats, amounts, duplicates). Blocking: a warehouse breaking it is not published."""

from __future__ import annotations

import datetime as dt

import great_expectations as gx
import polars as pl
from great_expectations.expectations.row_conditions import Column

from pipelines.lib import codes
from pipelines.lib.contract import ENTITIES, ENTITIES_BY_SHEET, KEYS
from pipelines.lib.quality.rules import Rule, duckdb_type
from pipelines.lib.raw_tables import raw_schema

FIRST_PLAUSIBLE_YEAR = 2015

_SHEETS = {entity.name: entity.sheet for entity in ENTITIES}
_KEY_NOTES = {
    "line_key": "the code, else level and normalised name",
    "scale_measure": "capaian when the file leaves ukuran empty",
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


def _table_rules(table: str, key: list[str]) -> list[Rule]:
    """Types, columns, filled key, plausible year and unique key of one raw table."""
    this_year = dt.date.today().year
    relation, guard = f"raw.{table}", (f"raw/{table}",)
    schema = raw_schema(ENTITIES_BY_SHEET[_SHEETS[table]])
    # list columns (program_codes) do not reach GX: see validate._pandas
    columns = [name for name, dtype in schema.items() if not isinstance(dtype, pl.List)]
    key_sql = " || ' ' || ".join(f"coalesce(cast({k} as varchar), '∅')" for k in key[2:])
    return [
        Rule(
            f"contract.{table}.types",
            "contract",
            "blocking",
            _types_relation(table, schema),
            guard,
            "every column has the contract's type",
            lambda: gx.expectations.ExpectColumnPairValuesToBeEqual(
                column_A="actual_type", column_B="expected_type"
            ),
            expected="expected_type",
            actual="actual_type",
        ),
        Rule(
            f"contract.{table}.columns",
            "contract",
            "blocking",
            relation,
            guard,
            "the table has exactly the contract's columns",
            lambda c=columns: gx.expectations.ExpectTableColumnsToMatchSet(
                column_set=c, exact_match=True
            ),
            object_key=f"'{table}'",
            expected=f"'{', '.join(columns)}'",
        ),
        *[
            Rule(
                f"contract.{table}.{column}_not_null",
                "contract",
                "blocking",
                relation,
                guard,
                f"{column} is filled",
                lambda c=column: gx.expectations.ExpectColumnValuesToNotBeNull(column=c),
                object_key=key_sql or f"'{table}'",
                expected="'a value'",
                actual="'empty'",
                documented=f"{column} is filled ({_KEY_NOTES[column]})"
                if column in _KEY_NOTES
                else None,
            )
            for column in key
            if column not in ("scope_key", "report_section")
        ],
        Rule(
            f"contract.{table}.fiscal_year_in_range",
            "contract",
            "blocking",
            relation,
            guard,
            f"the fiscal year lies in {FIRST_PLAUSIBLE_YEAR}-{this_year + 1}",
            lambda: gx.expectations.ExpectColumnValuesToBeBetween(
                column="fiscal_year", min_value=FIRST_PLAUSIBLE_YEAR, max_value=this_year + 1
            ),
            object_key=key_sql,
            expected=f"'{FIRST_PLAUSIBLE_YEAR}-{this_year + 1}'",
            actual="cast(fiscal_year as varchar)",
        ),
        Rule(
            f"contract.{table}.unique_key",
            "contract",
            "blocking",
            relation,
            guard,
            f"one row per {', '.join(key)}"
            + (" of the agencies' own reports" if table in _REPORTS_ONLY else "")
            + " (no duplicate in a file, no file counted twice)",
            lambda k=key, t=table: gx.expectations.ExpectCompoundColumnsToBeUnique(
                column_list=k, **_REPORTS_ONLY.get(t, {})
            ),
            object_key=key_sql,
            expected="'one row'",
            actual="'duplicate in ' || source_file",
        ),
    ]


# A finance export gives its own budget lines beside an agency's report (the marts use
# one), one row per leaf account (many per spending type), and negative corrections:
# its rows are keyed by export, and only a report's amounts must not be negative.
_BUDGET_TABLES = ("budget_lines", "spending_lines")
_REPORTS_ONLY = {
    table: {"row_condition": Column("source_kind") == "agency_report"} for table in _BUDGET_TABLES
}


def _finance_export_rules() -> list[Rule]:
    return [
        Rule(
            "contract.budget_lines.unique_key_per_export",
            "contract",
            "blocking",
            "raw.budget_lines",
            ("raw/budget_lines",),
            "a finance export gives each budget line once per agency-year",
            lambda: gx.expectations.ExpectCompoundColumnsToBeUnique(
                column_list=["delivery_key", "agency_id", "fiscal_year", "line_key"],
                row_condition=Column("source_kind") == "finance_export",
            ),
            object_key="line_key",
            expected="'one row'",
            actual="'duplicate in ' || source_file",
            documented="a finance export gives each budget line once per agency-year (its "
            "lines beside the agency's own report are expected: the marts use one, see "
            "`report.budget_sources_agree`)",
        )
    ]


def _column_rules() -> list[Rule]:
    """Code formats, signs, ranges and choices of single columns; one delivery per table."""
    return [
        *[
            Rule(
                f"contract.budget_lines.{level}_code_format",
                "contract",
                "blocking",
                "raw.budget_lines",
                ("raw/budget_lines",),
                f"{level} codes are in the Kepmendagri 050-5889 format",
                lambda lv=level, p=pattern: gx.expectations.ExpectColumnValuesToMatchRegex(
                    column="code",
                    regex=p,
                    row_condition=Column("level") == lv,
                ),
                object_key="level || ' ' || code",
                expected=f"'{pattern}'",
                actual="code",
            )
            for level, pattern in codes.CODE_PATTERNS.items()
        ],
        *[
            Rule(
                f"contract.{table}.{column}_not_negative",
                "contract",
                "blocking",
                f"raw.{table}",
                (f"raw/{table}",),
                f"{column} is not negative in an agency's report",
                lambda c=column, t=table: gx.expectations.ExpectColumnValuesToBeBetween(
                    column=c, min_value=0, **_REPORTS_ONLY[t]
                ),
                object_key=("coalesce(code, name)" if table == "budget_lines" else "account_code"),
                expected="'≥ 0'",
                actual=f"rupiah_text({column})",
                documented=f"{column} is not negative in an agency's report (a finance export "
                "may print corrections as negatives)",
            )
            for table in _BUDGET_TABLES
            for column in ("budget_idr", "realized_idr")
        ],
        Rule(
            "contract.budget_lines.physical_progress_within_0_100",
            "contract",
            "warning",
            "raw.budget_lines",
            ("raw/budget_lines",),
            "physical progress lies in 0-100 %",
            lambda: gx.expectations.ExpectColumnValuesToBeBetween(
                column="physical_progress_percent", min_value=0, max_value=100
            ),
            object_key="coalesce(code, name)",
            expected="'0-100 %'",
            actual="percent_text(physical_progress_percent)",
        ),
        Rule(
            "contract.indicators.polarity_known",
            "contract",
            "blocking",
            "raw.indicators",
            ("raw/indicators",),
            "polarity is higher_is_better or lower_is_better",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="polarity", value_set=["higher_is_better", "lower_is_better"]
            ),
            object_key="objective_no || '.' || indicator_no",
            actual="polarity",
        ),
        Rule(
            "contract.ingest_files.single_delivery",
            "contract",
            "blocking",
            "(select * from raw.ingest_files where status in ('loaded', 'partially_loaded')"
            " and agency_id is not null)",  # a bulk extract's duplicates: unique_key
            ("raw/ingest_files",),
            "each agency-year delivers each table once",
            lambda: gx.expectations.ExpectCompoundColumnsToBeUnique(
                column_list=["agency_id", "fiscal_year", "entity"]
            ),
            object_key="entity",
            expected="'one file'",
            actual="source_file",
        ),
    ]


def _agency_rules() -> list[Rule]:
    # the reference list is joined in DuckDB, not handed to GX as a value set: GX copies
    # an expectation's arguments each time it reads them, and with the 27 000 agencies of
    # a national warehouse that took longer than the rest of the contract suite
    return [
        Rule(
            f"contract.{table}.agency_known",
            "contract",
            "blocking",
            f"(select *, coalesce(agency_id in (select agency_id from raw.agencies), true) "
            f"as agency_is_listed from raw.{table})",
            (f"raw/{table}",),
            "the agency is in the reference list",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="agency_is_listed", value_set=[True]
            ),
            object_key="agency_id",
            expected="'an agency of raw/reference'",
            actual="agency_id",
        )
        for table in _SHEETS
    ]


def contract_rules() -> list[Rule]:
    """Every rule of the contract suite."""
    tables = [rule for table, key in KEYS.items() for rule in _table_rules(table, key)]
    return [*tables, *_column_rules(), *_finance_export_rules(), *_agency_rules()]
