"""Every data-quality rule, as code: what it checks, where, how severe, and its GX expectation.

Three suites:

* ``contract`` - each raw table as ingested (columns, keys, years, agencies, code
  formats, amounts, duplicates). Blocking: a warehouse breaking them is not published.
* ``report`` - within one report: children add up to parents, spending types to the
  total, stated totals and percentages to the detail, categories to the declared scale.
* ``cross_year`` - across reports and years: last year's capaian, coverage of every
  agency-year, budget jumps, stable indicator definitions, repeated years, lost digits.

The comparisons of ``report`` and ``cross_year`` are computed by the dbt models of
``sql/models/quality`` (one row per compared thing, with both sides); the
expectations below decide which rows fail. Thresholds live here, next to their rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import great_expectations as gx
import polars as pl
from great_expectations.expectations.row_conditions import Column

from pipelines.lib import codes
from pipelines.lib.contract import ENTITIES_BY_SHEET
from pipelines.lib.ingest import empty_table

Suite = Literal["contract", "report", "cross_year"]
Severity = Literal["blocking", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"blocking": 0, "warning": 1, "info": 2}

ROW_ID = "_dq_row_id"  # numbers the rows of a validated relation (see validate.py)
FIRST_PLAUSIBLE_YEAR = 2015
BUDGET_JUMP_RATE = 0.5  # |budget change| from the previous year above 50 % is flagged
MIN_PLAUSIBLE_ABSORPTION = 0.01  # realised under 1 % of budget: digits lost?
MAX_PLAUSIBLE_ABSORPTION = 10.0  # realised 10 × budget: digits added?


def rupiah_sql(column: str) -> str:
    """SQL rendering an amount the way the office writes it: ``Rp 12.588.628.067``."""
    return f"'Rp ' || replace(format('{{:,.0f}}', {column}), ',', '.')"


def percent_sql(column: str) -> str:
    """SQL rendering a 0-100 number as ``90,04 %``."""
    return f"replace(format('{{:.2f}}', {column}), '.', ',') || ' %'"


@dataclass(frozen=True)
class Rule:
    """One data-quality rule: a GX expectation on one relation of the build database."""

    rule_id: str
    suite: Suite
    severity: Severity
    relation: str
    guards: tuple[str, ...]
    description: str
    expectation: Callable[[], gx.expectations.Expectation]
    object_key: str = "object_key"
    expected: str = "null"
    actual: str = "null"


_DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Int8: "TINYINT",
    pl.Int16: "SMALLINT",
    pl.Int32: "INTEGER",
    pl.Int64: "BIGINT",
    pl.Boolean: "BOOLEAN",
    pl.Float64: "DOUBLE",
}


def duckdb_type(dtype: pl.DataType) -> str:
    """The DuckDB type a polars column becomes when written to the warehouse."""
    if isinstance(dtype, pl.Decimal):
        return f"DECIMAL({dtype.precision},{dtype.scale})"
    if isinstance(dtype, pl.List):
        return f"{duckdb_type(dtype.inner)}[]"
    return _DUCKDB_TYPES[dtype.base_type()]


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


def _contract_rules() -> list[Rule]:
    rules: list[Rule] = []
    keys = {
        "budget_lines": ["agency_id", "fiscal_year", "code"],
        "spending_lines": ["agency_id", "fiscal_year", "account_code"],
        "indicators": ["agency_id", "fiscal_year", "objective_no", "indicator_no"],
        "reported_totals": [
            "agency_id",
            "fiscal_year",
            "scope",
            "scope_key",
            "measure",
            "report_section",
        ],
        "declared_scales": ["agency_id", "fiscal_year", "band_no"],
    }
    this_year = dt.date.today().year
    for table, key in keys.items():
        relation, guard = f"raw.{table}", (f"raw/{table}",)
        schema = empty_table(ENTITIES_BY_SHEET[_SHEETS[table]]).schema
        # list columns (program_codes) do not reach GX: see validate._pandas
        columns = [name for name, dtype in schema.items() if not isinstance(dtype, pl.List)]
        key_sql = " || ' ' || ".join(f"coalesce(cast({k} as varchar), '∅')" for k in key[2:])
        rules += [
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
                f"one row per {', '.join(key)} (no duplicate in a file, no file counted twice)",
                lambda k=key: gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=k),
                object_key=key_sql,
                expected="'one row'",
                actual="'duplicate in ' || source_file",
            ),
        ]
    rules += [
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
                f"{column} is not negative",
                lambda c=column: gx.expectations.ExpectColumnValuesToBeBetween(
                    column=c, min_value=0
                ),
                object_key=("code" if table == "budget_lines" else "account_code"),
                expected="'≥ 0'",
                actual=rupiah_sql(column),
            )
            for table in ("budget_lines", "spending_lines")
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
            object_key="code",
            expected="'0-100 %'",
            actual=percent_sql("physical_progress_percent"),
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
    return rules


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
        for table in (
            "budget_lines",
            "spending_lines",
            "indicators",
            "reported_totals",
            "declared_scales",
        )
    ]


_SHEETS = {
    "budget_lines": "anggaran",
    "spending_lines": "belanja",
    "indicators": "kinerja",
    "reported_totals": "ringkasan",
    "declared_scales": "skala",
}


def _within_at_most(column: str, maximum: float = 0.0) -> Callable[[], gx.expectations.Expectation]:
    return lambda: gx.expectations.ExpectColumnValuesToBeBetween(column=column, max_value=maximum)


def _percentage_rule(rule_id: str, kind: str, guard: str, description: str) -> Rule:
    return Rule(
        rule_id,
        "report",
        "warning",
        "quality.dq_reported_percentages",
        (guard,),
        description,
        lambda: gx.expectations.ExpectColumnValuesToBeBetween(
            column="excess_difference",
            max_value=0,
            row_condition=Column("percentage_kind") == kind,
        ),
        expected=percent_sql("recomputed_percent"),
        actual=percent_sql("reported_percent"),
    )


def _report_rules() -> list[Rule]:
    return [
        Rule(
            "report.children_sum_to_parent",
            "report",
            "warning",
            "quality.dq_budget_hierarchy_sums",
            ("marts/budget_lines",),
            "a program or kegiatan equals the sum of its children",
            lambda: gx.expectations.ExpectColumnPairValuesToBeEqual(
                column_A="reported_idr", column_B="children_sum_idr"
            ),
            expected=rupiah_sql("children_sum_idr") + " || ' (sum of children)'",
            actual=rupiah_sql("reported_idr"),
        ),
        Rule(
            "report.spending_types_sum_to_total",
            "report",
            "warning",
            "quality.dq_spending_vs_budget",
            ("marts/spending_by_type",),
            "spending types add up to the agency total",
            lambda: gx.expectations.ExpectColumnPairValuesToBeEqual(
                column_A="spending_total_idr", column_B="program_total_idr"
            ),
            expected=rupiah_sql("program_total_idr") + " || ' (sum of programs)'",
            actual=rupiah_sql("spending_total_idr"),
        ),
        Rule(
            "report.stated_figures_agree",
            "report",
            "warning",
            "quality.dq_reported_totals",
            ("marts/agency_years", "marts/objective_achievements"),
            "figures the report states (summary, tables, narrative) agree with the detail",
            _within_at_most("excess_difference"),
            expected="recomputed_text",
            actual="reported_text",
        ),
        _percentage_rule(
            "report.line_percentages_agree",
            "line_absorption",
            "marts/budget_lines",
            "printed absorption % equals the recomputed one within its precision",
        ),
        _percentage_rule(
            "report.indicator_achievements_agree",
            "indicator_achievement",
            "marts/indicator_achievements",
            "printed capaian % equals the recomputed one within its precision",
        ),
        _percentage_rule(
            "report.strategic_plan_achievements_agree",
            "strategic_plan_achievement",
            "marts/indicator_achievements",
            "printed capaian against the Renstra end target equals realisasi ÷ "
            "target akhir Renstra",
        ),
        Rule(
            "report.categories_follow_declared_scale",
            "report",
            "warning",
            "quality.dq_indicator_reported_categories",
            ("marts/indicator_achievements",),
            "the category printed is the one the report's own scale gives",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="is_declared_category", value_set=[True]
            ),
            expected="declared_category_text || ' for ' || " + percent_sql("categorized_percent"),
            actual="reported_category",
        ),
        Rule(
            "report.realized_within_budget",
            "report",
            "warning",
            "quality.dq_overspent_lines",
            ("marts/budget_lines", "marts/spending_by_type"),
            "realisation does not exceed the budget",
            _within_at_most("overspent_idr"),
            expected="'≤ ' || " + rupiah_sql("budget_idr"),
            actual=rupiah_sql("realized_idr"),
        ),
    ]


def _cross_year_rules() -> list[Rule]:
    return [
        Rule(
            "cross_year.prior_year_achievement_agrees",
            "cross_year",
            "warning",
            "quality.dq_prior_year_achievement",
            ("marts/indicator_achievements",),
            "last year's capaian as printed equals what the warehouse holds for last year",
            _within_at_most("excess_difference"),
            expected=percent_sql("warehouse_percent"),
            actual=percent_sql("reported_percent"),
        ),
        Rule(
            "cross_year.agency_delivers_every_year",
            "cross_year",
            "warning",
            "quality.dq_agency_year_coverage",
            ("marts/agency_years",),
            "every agency of the reference list delivers every year it exists",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="is_delivered", value_set=[True]
            ),
            expected="'a report'",
            actual="'nothing delivered'",
        ),
        Rule(
            "cross_year.budget_jump_within_threshold",
            "cross_year",
            "warning",
            "quality.dq_budget_year_over_year",
            ("marts/agency_years",),
            f"the total budget moves less than {BUDGET_JUMP_RATE:.0%} from the previous year",
            lambda: gx.expectations.ExpectColumnValuesToBeBetween(
                column="budget_change_rate", min_value=-BUDGET_JUMP_RATE, max_value=BUDGET_JUMP_RATE
            ),
            expected=rupiah_sql("previous_budget_idr") + f" || ' ± {BUDGET_JUMP_RATE:.0%}'",
            actual=rupiah_sql("budget_idr"),
        ),
        Rule(
            "cross_year.indicator_definition_stable",
            "cross_year",
            "warning",
            "quality.dq_indicator_definitions",
            ("marts/indicator_achievements",),
            "an indicator keeps its unit and polarity within a planning period",
            _within_at_most("definition_variants", 1),
            expected="'one unit and polarity'",
            actual="definitions_by_year",
        ),
        Rule(
            "cross_year.year_not_repeated",
            "cross_year",
            "warning",
            "quality.dq_repeated_years",
            ("marts/agency_years",),
            "a year's budget lines are not a copy of the previous year's",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="repeats_previous_year", value_set=[False]
            ),
            expected="'new figures'",
            actual="'identical to the previous year'",
        ),
        Rule(
            "cross_year.plausible_absorption",
            "cross_year",
            "warning",
            "quality.dq_implausible_ratios",
            ("marts/budget_lines",),
            "realisation is between 1 % and 10 × the budget (else digits were lost or added)",
            lambda: gx.expectations.ExpectColumnValuesToBeBetween(
                column="absorption_rate",
                min_value=MIN_PLAUSIBLE_ABSORPTION,
                max_value=MAX_PLAUSIBLE_ABSORPTION,
            ),
            expected="'1 %-1000 % of ' || " + rupiah_sql("budget_idr"),
            actual=rupiah_sql("realized_idr"),
        ),
        Rule(
            "cross_year.agency_renamed",
            "cross_year",
            "info",
            "quality.dq_agency_renames",
            ("marts/agency_years",),
            "the agency was renamed or merged; its series continues under the successor",
            lambda: gx.expectations.ExpectColumnValuesToBeNull(column="successor_agency_id"),
            expected="'no successor'",
            actual="'continues as ' || successor_agency_id",
        ),
    ]


def all_rules() -> list[Rule]:
    """Every rule of the three suites."""
    return [*_contract_rules(), *_agency_rules(), *_report_rules(), *_cross_year_rules()]
