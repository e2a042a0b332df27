"""Every rule with a passing and a failing fixture; each failing row names its defect.

The fixtures are the relations the rules validate (raw tables, or the comparison
models of sql/models/quality), built row by row in a scratch DuckDB. The comparisons
themselves are tested end to end on the seed report and the synthetic regency
(tests/marts/test_quality_findings.py).
"""

import contextlib
import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.quality import validate as validate_module
from pipelines.lib.quality.results import KEPT_SCHEMA, keep_validation, take_validation
from pipelines.lib.quality.suites import all_rules
from pipelines.lib.quality.validate import validate
from pipelines.lib.reference import read_agencies

RULES = {rule.rule_id: rule for rule in all_rules()}


@pytest.fixture
def con(fixture_raw: Path, known_accounts: frozenset[str]):
    """Raw tables of the fixture tree (valid rows only) in a scratch database."""
    agencies = read_agencies(fixture_raw / "reference")
    frames = ingest_raw_tree(fixture_raw, agencies, known_accounts) | {"agencies": agencies}
    connection = duckdb.connect()
    connection.execute("create schema raw; create schema quality")
    for name, frame in frames.items():
        connection.register("incoming", frame.to_arrow())
        connection.execute(f"create table raw.{name} as select * from incoming")
        connection.unregister("incoming")
    yield connection
    connection.close()


def failing(con: duckdb.DuckDBPyConnection, rule_id: str) -> list[str]:
    """Object keys of the rows failing ``rule_id``, found by GX on pandas, which must be
    the rows DuckDB finds with the same expectation compiled to SQL (national size), on
    the relation as a table and as a view (dbt builds row-per-line models as views)."""
    rule = RULES[rule_id]
    columns = ["rule_id", "object_key", "source_row", "expected", "actual"]

    def found() -> list[tuple]:
        return sorted(validate(con, [rule], "test").findings.select(columns).rows(), key=str)

    by_gx = validate(con, [rule], "test").findings
    expected = sorted(by_gx.select(columns).rows(), key=str)
    for as_view in (False, True):
        with _as_view(con, rule.relation, as_view), pytest.MonkeyPatch.context() as patch:
            assert found() == expected
            patch.setattr(validate_module, "GX_ROWS", -1)
            assert found() == expected
    assert set(by_gx["rule_id"]) <= {rule_id}
    return sorted(by_gx["object_key"].to_list())


@contextlib.contextmanager
def _as_view(con: duckdb.DuckDBPyConnection, relation: str, as_view: bool):
    """``relation`` (a table) seen through a view of the same name, when ``as_view``."""
    if not as_view or relation.count(".") != 1 or relation.startswith("("):
        yield  # a query (the types rule) stays as it is
        return
    schema, name = relation.split(".")
    con.execute(f"alter table {relation} rename to {name}__rows")
    con.execute(f"create view {relation} as select * from {schema}.{name}__rows")
    try:
        yield
    finally:
        con.execute(f"drop view {relation}")
        con.execute(f"alter table {schema}.{name}__rows rename to {name}")


def _kind(rule_id: str) -> str:
    """The rule without its table: contract.budget_lines.unique_key -> unique_key."""
    kind = rule_id.split(".")[-1]
    if kind.endswith("_not_null"):
        return "not_null"
    return "code_format" if kind.endswith("_code_format") else kind


def test_every_kind_of_rule_has_a_failing_fixture():
    tested = {_kind(case[0]) for case in CONTRACT_CASES + COMPARISON_CASES}
    assert {_kind(rule_id) for rule_id in RULES} == tested


# ---------- contract (blocking) ----------


def test_contract_rules_pass_on_valid_raw_tables(con):
    contract = [r for r in RULES.values() if r.suite == "contract"]
    findings = validate(con, contract, "test").findings
    assert findings.is_empty(), findings.select("rule_id", "object_key").rows()


CONTRACT_CASES = [
    (
        "contract.budget_lines.types",
        "alter table raw.budget_lines alter budget_idr type double",  # rupiah lost precision
        ["budget_lines.budget_idr"],
    ),
    (
        "contract.budget_lines.columns",
        "alter table raw.budget_lines drop column physical_progress_percent",  # column lost
        ["raw.budget_lines"],
    ),
    (
        "contract.budget_lines.line_key_not_null",
        "update raw.budget_lines set line_key = null where source_row = 3",  # key empty
        ["∅"],
    ),
    (
        "contract.budget_lines.fiscal_year_in_range",
        "update raw.budget_lines set fiscal_year = 1922 where source_row = 3",  # typo'd year
        ["8.01.01.2.01"],
    ),
    (
        "contract.budget_lines.unique_key",
        "insert into raw.budget_lines select * from raw.budget_lines where source_row = 2",
        ["8.01.01", "8.01.01"],
    ),  # the program line counted twice
    (
        "contract.budget_lines.unique_key_per_export",
        "insert into raw.budget_lines select * replace ('finance_export' as source_kind) "
        "from raw.budget_lines where source_row = 2; "
        "insert into raw.budget_lines select * from raw.budget_lines "
        "where source_kind = 'finance_export'",
        ["8.01.01", "8.01.01"],
    ),  # a finance export printing a program twice (its copy beside the report's is fine)
    (
        "contract.budget_lines.agency_known",
        "update raw.budget_lines set agency_id = 'tst-ghost' where source_row = 2",  # unknown
        ["tst-ghost"],
    ),
    (
        "contract.budget_lines.activity_code_format",
        "update raw.budget_lines set code = '8.01.01.02.01' where source_row = 3",  # K=02
        ["activity 8.01.01.02.01"],
    ),
    (
        "contract.budget_lines.budget_idr_not_negative",
        "update raw.budget_lines set budget_idr = -5 where source_row = 2",  # negative
        ["8.01.01"],
    ),
    (
        "contract.spending_lines.realized_idr_not_negative",
        "update raw.spending_lines set realized_idr = -1 where account_code = '5.1.02'",
        ["5.1.02"],
    ),
    (
        "contract.budget_lines.physical_progress_within_0_100",
        "update raw.budget_lines set physical_progress_percent = 150 where source_row = 2",
        ["8.01.01"],
    ),  # physical progress above 100 %
    (
        "contract.indicators.polarity_known",
        "update raw.indicators set polarity = 'naik' where indicator_no = 1",  # unknown word
        ["1.1"],
    ),
    (
        "contract.indicators.unique_key",
        "insert into raw.indicators select * from raw.indicators where indicator_no = 1",
        ["1 1", "1 1"],
    ),  # indicator delivered twice
    (
        "contract.ingest_files.single_delivery",
        "insert into raw.ingest_files select * replace ('2022/tst-alpha/lain.csv' as source_file)"
        " from raw.ingest_files where source_file = '2022/tst-alpha/belanja.csv'",
        ["spending_lines", "spending_lines"],
    ),  # belanja delivered in two files
]


@pytest.mark.parametrize(("rule_id", "defect_sql", "expected_keys"), CONTRACT_CASES)
def test_contract_rule_fails_on_its_defect(
    con, rule_id: str, defect_sql: str, expected_keys: list[str]
):
    assert failing(con, rule_id) == []
    con.execute(defect_sql)
    assert failing(con, rule_id) == expected_keys
    assert RULES[rule_id].severity in ("blocking", "warning")


def test_many_defects_at_once_give_the_same_findings_in_duckdb_as_in_gx(con):
    """Above GX_ROWS every rule runs as SQL in DuckDB: with many defects in the same
    tables at once, the findings must still be GX's."""
    # every row defect but the empty code, which the code-format defect overwrites
    row_cases = [
        case
        for case in CONTRACT_CASES
        if case[0].split(".")[-1] not in ("types", "columns", "code_not_null")
    ]
    for _, defect_sql, _ in row_cases:
        con.execute(defect_sql)
    contract = [r for r in RULES.values() if r.suite == "contract"]
    columns = ["rule_id", "object_key", "source_file", "source_row", "expected", "actual"]

    def found() -> list[tuple]:
        return sorted(validate(con, contract, "test").findings.select(columns).rows(), key=str)

    by_gx = found()
    assert {row[0] for row in by_gx} == {case[0] for case in row_cases}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate_module, "GX_ROWS", -1)
        assert found() == by_gx
        # through views: one pass answers every rule, one more copies the failing rows
        with contextlib.ExitStack() as views:
            for relation in {rule.relation for rule in contract}:
                views.enter_context(_as_view(con, relation, True))
            assert found() == by_gx


def test_a_rule_that_may_fail_but_does_not_passes_in_duckdb(con):
    """In DuckDB a cheap query first says whether a rule may fail (compound uniqueness
    by a hash of the key, which two keys can share); when no row then fails, the rule
    passes without a finding."""
    contract = [r for r in RULES.values() if r.suite == "contract"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate_module, "GX_ROWS", -1)
        patch.setattr(
            validate_module,
            "may_fail_sql",
            lambda expectations, source, _: (
                f"select count(*){', true' * len(expectations)} from {source}"
            ),
        )
        validation = validate(con, contract, "test")
    assert validation.findings.is_empty()
    assert {o.failed for o in validation.outcomes} == {0}


def test_a_kept_validation_is_reused_by_its_own_run_only(con):
    """check_contracts keeps its validation for marts/dq_findings of the same run: the
    same findings and outcomes come back once, and never to another run."""
    contract = [r for r in RULES.values() if r.suite == "contract"]
    con.execute(CONTRACT_CASES[0][1])  # one failing rule, so findings are not empty
    kept = validate(con, contract, "run-1")
    assert kept.findings.height
    keep_validation(con, "contract", kept)
    taken = take_validation(con, "contract", contract, "run-1")
    assert taken.findings.equals(kept.findings)
    assert [(o.rule, o.checked, o.failed) for o in taken.outcomes] == [
        (o.rule, o.checked, o.failed) for o in kept.outcomes
    ]
    assert take_validation(con, "contract", contract, "run-1") is None  # taken: gone
    keep_validation(con, "contract", kept)
    assert take_validation(con, "contract", contract, "run-2") is None  # another run's
    keep_validation(con, "contract", kept)
    assert take_validation(con, "contract", contract[1:], "run-1") is None  # other rules
    schemas = con.execute("select schema_name from duckdb_schemas()").fetchall()
    assert (KEPT_SCHEMA,) not in schemas  # nothing left in the build to publish


# ---------- report and cross-year (on comparison relations) ----------


def _relation(con, name: str, rows: list[dict]) -> None:
    frame = pl.DataFrame(rows).with_columns(
        fiscal_year=pl.lit(2022),
        agency_id=pl.lit("tst-alpha"),
        source_file=pl.lit("2022/tst-alpha/anggaran.csv"),
        source_sheet=pl.lit(None, pl.String),
        source_row=pl.int_range(2, len(rows) + 2),
    )
    con.register("incoming", frame.to_arrow())
    con.execute(f"create or replace table {name} as select * from incoming")
    con.unregister("incoming")


COMPARISON_CASES = [
    (
        "report.children_sum_to_parent",
        "quality.dq_budget_hierarchy_sums",
        [
            {"object_key": "ok", "reported_idr": 100.0, "children_sum_idr": 100.0},
            {"object_key": "kegiatan typo", "reported_idr": 435.0, "children_sum_idr": 440.0},
        ],
        ["kegiatan typo"],
    ),
    (
        "report.budget_sources_agree",
        "quality.dq_budget_sources",
        [
            {
                "object_key": "ok",
                "disagreement_count": 0,
                "export_idr": 5.0,
                "export_file": "2022/keuangan/a.xls",
                "export_row": 3,
                "export_through": dt.date(2022, 12, 31),
                "report_idr": 5.0,
                "report_file": "2022/x/anggaran.csv",
                "report_row": 2,
            },
            {
                "object_key": "sub kegiatan 8.01.01.2.09.0001 anggaran",
                "disagreement_count": 1,
                "export_idr": 21.0,
                "export_file": "2022/keuangan/a.xls",
                "export_row": 40,
                "export_through": dt.date(2022, 6, 30),
                "report_idr": 26.0,
                "report_file": "2022/x/anggaran.csv",
                "report_row": 26,
            },
            {
                "object_key": "only in the export",
                "disagreement_count": 1,
                "export_idr": 7.0,
                "export_file": "2022/keuangan/a.xls",
                "export_row": 41,
                "export_through": None,
                "report_idr": None,
                "report_file": None,
                "report_row": None,
            },
        ],
        ["only in the export", "sub kegiatan 8.01.01.2.09.0001 anggaran"],
    ),
    (
        "report.finance_subtotals_add_up",
        "quality.dq_finance_subtotals",
        [
            {"object_key": "ok", "printed_idr": 10.0, "leaves_idr": 10.0, "leaf_count": 2},
            {"object_key": "5.1.02", "printed_idr": 12.0, "leaves_idr": 10.0, "leaf_count": 2},
        ],
        ["5.1.02"],
    ),
    (
        "report.finance_snapshots_agree",
        "quality.dq_finance_snapshots",
        [
            {
                "object_key": "ok",
                "disagreement_count": 0,
                "used_idr": 5.0,
                "used_file": "b.xls",
                "used_row": 3,
                "other_idr": 5.0,
                "other_file": "a.csv",
                "other_row": 4,
            },
            {
                "object_key": "program 8.01.01 realisasi",
                "disagreement_count": 1,
                "used_idr": 5.0,
                "used_file": "b.xls",
                "used_row": 3,
                "other_idr": 6.0,
                "other_file": "a.csv",
                "other_row": 4,
            },
        ],
        ["program 8.01.01 realisasi"],
    ),
    (
        "report.program_rows_delivered",
        "quality.dq_budget_levels",
        [
            {"object_key": "ok", "budget_basis": "program", "budget_basis_text": "x"},
            {"object_key": "unit", "budget_basis": "activity", "budget_basis_text": "kegiatan"},
        ],
        ["unit"],
    ),
    (
        "report.spending_types_sum_to_total",
        "quality.dq_spending_vs_budget",
        [
            {"object_key": "ok", "spending_total_idr": 10.0, "program_total_idr": 10.0},
            {"object_key": "type missing", "spending_total_idr": 8.0, "program_total_idr": 10.0},
        ],
        ["type missing"],
    ),
    (
        "report.stated_figures_agree",
        "quality.dq_reported_totals",
        [
            {
                "object_key": "ok",
                "excess_difference": 0.0,
                "reported_text": "a",
                "recomputed_text": "a",
            },
            {
                "object_key": "transposed digits",
                "excess_difference": 54000.0,
                "reported_text": "b",
                "recomputed_text": "c",
            },
        ],
        ["transposed digits"],
    ),
    (
        "report.line_percentages_agree",
        "quality.dq_reported_percentages",
        [
            {
                "object_key": "rounding ok",
                "percentage_kind": "line_absorption",
                "excess_difference": -0.001,
                "reported_percent": 90.04,
                "recomputed_percent": 90.04,
            },
            {
                "object_key": "digits swapped",
                "percentage_kind": "line_absorption",
                "excess_difference": 9.0,
                "reported_percent": 89.78,
                "recomputed_percent": 98.78,
            },
            {
                "object_key": "other kind",
                "percentage_kind": "indicator_achievement",
                "excess_difference": 9.0,
                "reported_percent": 1.0,
                "recomputed_percent": 2.0,
            },
        ],
        ["digits swapped"],
    ),
    (
        "report.indicator_achievements_agree",
        "quality.dq_reported_percentages",
        [
            {
                "object_key": "ok",
                "percentage_kind": "indicator_achievement",
                "excess_difference": -0.1,
                "reported_percent": 109.0,
                "recomputed_percent": 109.3,
            },
            {
                "object_key": "wrong capaian",
                "percentage_kind": "indicator_achievement",
                "excess_difference": 20.0,
                "reported_percent": 129.0,
                "recomputed_percent": 109.0,
            },
        ],
        ["wrong capaian"],
    ),
    (
        "report.strategic_plan_achievements_agree",
        "quality.dq_reported_percentages",
        [
            {
                "object_key": "ok",
                "percentage_kind": "strategic_plan_achievement",
                "excess_difference": -0.5,
                "reported_percent": 100.0,
                "recomputed_percent": 100.0,
            },
            {
                "object_key": "target printed as capaian",
                "percentage_kind": "strategic_plan_achievement",
                "excess_difference": 33.8,
                "reported_percent": 75.0,
                "recomputed_percent": 109.33,
            },
        ],
        ["target printed as capaian"],
    ),
    (
        "report.printed_categories_follow_scale",
        "quality.dq_indicator_reported_categories",
        [
            {
                "object_key": "ok",
                "is_declared_category": True,
                "reported_category": "Baik",
                "expected_category_text": "baik",
                "scale_name": "declared scale",
                "categorized_percent": 100.0,
            },
            {
                "object_key": "label contradicts scale",
                "is_declared_category": False,
                "reported_category": "Baik",
                "expected_category_text": "cukup",
                "scale_name": "declared scale",
                "categorized_percent": 60.0,
            },
        ],
        ["label contradicts scale"],
    ),
    (
        "report.period_realisations_add_up",
        "quality.dq_period_realisations",
        [
            {
                "object_key": "ok",
                "excess_difference": -0.1,
                "reported_realized_value": 12.0,
                "period_realized_value": 12.0,
            },
            {
                "object_key": "quarters add to 10",
                "excess_difference": 1.95,
                "reported_realized_value": 12.0,
                "period_realized_value": 10.0,
            },
        ],
        ["quarters add to 10"],
    ),
    (
        "report.indicator_achievements_computed",
        "quality.dq_indicators_not_computed",
        [
            {
                "object_key": "ok",
                "is_computed": True,
                "not_computable_reason": None,
                "target_text": "90",
                "realized_text": "85",
            },
            {
                "object_key": "belum ada data",
                "is_computed": False,
                "not_computable_reason": "realisation is not a single number: belum ada data",
                "target_text": "90",
                "realized_text": "belum ada data",
            },
        ],
        ["belum ada data"],
    ),
    (
        "report.achievement_plausible",
        "quality.dq_achievement_outliers",
        [
            {
                "object_key": "ok",
                "is_achievement_outlier": False,
                "achievement_percent": 100.0,
                "target_text": "10",
                "realized_text": "10",
            },
            {
                "object_key": "target too low",
                "is_achievement_outlier": True,
                "achievement_percent": 300.0,
                "target_text": "10",
                "realized_text": "30",
            },
        ],
        ["target too low"],
    ),
    (
        "report.stated_figures_verifiable",
        "quality.dq_unverified_statements",
        [
            {"object_key": "ok", "is_verified": True, "reason": "compared"},
            {"object_key": "capaian 1.2", "is_verified": False, "reason": "target is text"},
        ],
        ["capaian 1.2"],
    ),
    (
        "report.prior_year_not_copied",
        "quality.dq_prior_year_copies",
        [
            {"object_key": "ok", "is_same_as_this_year": False, "prior_year_percent": 80.0},
            {"object_key": "copied", "is_same_as_this_year": True, "prior_year_percent": 90.0},
        ],
        ["copied"],
    ),
    (
        "report.savings_with_results",
        "quality.dq_savings_without_results",
        [
            {
                "object_key": "ok",
                "missed_indicator_count": 0,
                "reported_value_text": "Rp 5",
                "missed_indicators": "",
            },
            {
                "object_key": "saved by not delivering",
                "missed_indicator_count": 2,
                "reported_value_text": "Rp 5",
                "missed_indicators": "1.1 a; 1.2 b",
            },
        ],
        ["saved by not delivering"],
    ),
    (
        "report.declared_scale_is_continuous",
        "quality.dq_declared_scale_coverage",
        [
            {"object_key": "ok", "coverage": "continuous", "coverage_text": "x"},
            {"object_key": "gap 70-75", "coverage": "gap", "coverage_text": "gap between"},
            {"object_key": "overlap", "coverage": "overlap", "coverage_text": "overlap"},
        ],
        ["gap 70-75", "overlap"],
    ),
    (
        "report.realized_within_budget",
        "quality.dq_overspent_lines",
        [
            {"object_key": "ok", "overspent_idr": -5.0, "budget_idr": 10.0, "realized_idr": 5.0},
            {
                "object_key": "overspent",
                "overspent_idr": 1.0,
                "budget_idr": 10.0,
                "realized_idr": 11.0,
            },
        ],
        ["overspent"],
    ),
    (
        "cross_year.prior_year_achievement_agrees",
        "quality.dq_prior_year_achievement",
        [
            {
                "object_key": "ok",
                "excess_difference": -0.4,
                "reported_percent": 117.0,
                "warehouse_percent": 117.1,
            },
            {
                "object_key": "this year's value repeated",
                "excess_difference": 8.0,
                "reported_percent": 109.0,
                "warehouse_percent": 100.5,
            },
        ],
        ["this year's value repeated"],
    ),
    (
        "cross_year.agency_delivers_every_year",
        "quality.dq_agency_year_coverage",
        [
            {"object_key": "ok", "is_delivered": True},
            {"object_key": "agency-year missing", "is_delivered": False},
        ],
        ["agency-year missing"],
    ),
    (
        "cross_year.budget_jump_within_threshold",
        "quality.dq_budget_year_over_year",
        [
            {
                "object_key": "ok",
                "budget_change_rate": 0.08,
                "budget_idr": 108.0,
                "previous_budget_idr": 100.0,
            },
            {
                "object_key": "tenfold jump",
                "budget_change_rate": 9.0,
                "budget_idr": 1000.0,
                "previous_budget_idr": 100.0,
            },
            {
                "object_key": "budget halved and more",
                "budget_change_rate": -0.6,
                "budget_idr": 40.0,
                "previous_budget_idr": 100.0,
            },
        ],
        ["budget halved and more", "tenfold jump"],
    ),
    (
        "cross_year.indicator_definition_stable",
        "quality.dq_indicator_definitions",
        [
            {"object_key": "ok", "definition_variants": 1, "definitions_by_year": "%"},
            {
                "object_key": "unit changed",
                "definition_variants": 2,
                "definitions_by_year": "2021: %; 2022: orang",
            },
        ],
        ["unit changed"],
    ),
    (
        "cross_year.year_not_repeated",
        "quality.dq_repeated_years",
        [
            {"object_key": "ok", "repeats_previous_year": False},
            {"object_key": "copy of last year", "repeats_previous_year": True},
        ],
        ["copy of last year"],
    ),
    (
        "cross_year.plausible_absorption",
        "quality.dq_implausible_ratios",
        [
            {"object_key": "ok", "absorption_rate": 0.9, "budget_idr": 10.0, "realized_idr": 9.0},
            {
                "object_key": "digits lost",
                "absorption_rate": 0.001,
                "budget_idr": 1000.0,
                "realized_idr": 1.0,
            },
            {
                "object_key": "digits added",
                "absorption_rate": 12.0,
                "budget_idr": 1.0,
                "realized_idr": 12.0,
            },
        ],
        ["digits added", "digits lost"],
    ),
    (
        "cross_year.agency_renamed",
        "quality.dq_agency_renames",
        [
            {"object_key": "ok", "successor_agency_id": None},
            {"object_key": "renamed", "successor_agency_id": "tst-gamma"},
        ],
        ["renamed"],
    ),
]


@pytest.mark.parametrize(("rule_id", "relation", "rows", "expected_keys"), COMPARISON_CASES)
def test_comparison_rule_fails_exactly_on_its_defect(con, rule_id, relation, rows, expected_keys):
    _relation(con, relation, [r for r in rows if r["object_key"] in ("ok", "rounding ok")])
    assert failing(con, rule_id) == []
    _relation(con, relation, rows)
    assert failing(con, rule_id) == expected_keys


def test_docs_list_every_rule():
    docs = (Path(__file__).parents[3] / "docs" / "data-quality.md").read_text()
    missing = [rule_id for rule_id in RULES if f"`{rule_id}`" not in docs]
    assert missing == []
