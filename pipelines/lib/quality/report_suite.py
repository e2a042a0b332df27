"""The report suite: within one report, children add up to parents, spending types to
the total, stated totals and percentages to the detail, categories to the declared scale.

The comparisons are computed by the dbt models of ``sql/models/quality`` (one row per
compared thing, with both sides); the expectations decide which rows fail.
"""

from __future__ import annotations

import great_expectations as gx
from great_expectations.expectations.row_conditions import Column

from pipelines.lib.quality.rules import Rule, percent_sql, rupiah_sql, within_at_most


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


def report_rules() -> list[Rule]:
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
            "report.budget_sources_agree",
            "report",
            "warning",
            "quality.dq_budget_sources",
            ("marts/budget_lines", "marts/spending_by_type"),
            "the finance export and the agency's own report give the same figure",
            within_at_most("disagreement_count"),
            # both periods named: a June export's realisation is not the year's
            expected="coalesce("
            + rupiah_sql("export_idr")
            + " || ' in the finance export ' || export_file || coalesce(' (s.d. ' || "
            "strftime(export_through, '%d-%m-%Y') || ')', '') || ' row ' || export_row, "
            "'nothing in the finance export')",
            actual="coalesce("
            + rupiah_sql("report_idr")
            + " || ' in the report ' || report_file || ' (year ' || fiscal_year || ') row ' "
            "|| report_row, 'nothing in the report')",
        ),
        Rule(
            "report.finance_subtotals_add_up",
            "report",
            "warning",
            "quality.dq_finance_subtotals",
            ("marts/spending_by_type",),
            "a finance export's subtotal equals the sum of the lines under it",
            lambda: gx.expectations.ExpectColumnPairValuesToBeEqual(
                column_A="printed_idr", column_B="leaves_idr"
            ),
            expected=rupiah_sql("leaves_idr")
            + " || ' (sum of the lines under it: ' || leaf_count || ')'",
            actual=rupiah_sql("printed_idr"),
        ),
        Rule(
            "report.finance_snapshots_agree",
            "report",
            "warning",
            "quality.dq_finance_snapshots",
            ("marts/budget_lines",),
            "two finance exports of the same period give the same figure (the marts use "
            "the one last by file name)",
            within_at_most("disagreement_count"),
            expected="coalesce("
            + rupiah_sql("used_idr")
            + " || ' in ' || used_file || ' row ' || used_row, 'nothing in ' || "
            "coalesce(used_file, 'the export used'))",
            actual="coalesce("
            + rupiah_sql("other_idr")
            + " || ' in ' || other_file || ' row ' || other_row, 'nothing in the other export')",
        ),
        Rule(
            "report.program_rows_delivered",
            "report",
            "info",
            "quality.dq_budget_levels",
            ("marts/agency_years",),
            "the agency totals come from program rows (else from the highest level delivered)",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="budget_basis", value_set=["program"]
            ),
            expected="'program lines'",
            actual="'no program lines: totals from ' || budget_basis_text",
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
            within_at_most("excess_difference"),
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
            "report.printed_categories_follow_scale",
            "report",
            "warning",
            "quality.dq_indicator_reported_categories",
            ("marts/indicator_achievements",),
            "the category printed is the one the report's own scale gives (without one, "
            "the region's scale)",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="is_declared_category", value_set=[True]
            ),
            expected="expected_category_text || ' by ' || scale_name || ' for ' || "
            + percent_sql("categorized_percent"),
            actual="reported_category",
        ),
        Rule(
            "report.declared_scale_is_continuous",
            "report",
            "warning",
            "quality.dq_declared_scale_coverage",
            ("marts/indicator_achievements",),
            "the scale a report declares gives every rate exactly one category",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="coverage", value_set=["continuous"]
            ),
            expected="'bands that meet'",
            actual="coverage_text",
        ),
        Rule(
            "report.stated_figures_verifiable",
            "report",
            "info",
            "quality.dq_unverified_statements",
            ("marts/indicator_achievements", "marts/agency_years"),
            "every figure the report prints is compared with a recomputed one",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="is_verified", value_set=[True]
            ),
            expected="'a figure to compare with'",
            actual="'stated, cannot be verified: ' || reason",
        ),
        Rule(
            "report.prior_year_not_copied",
            "report",
            "info",
            "quality.dq_prior_year_copies",
            ("marts/indicator_achievements",),
            "last year's capaian as printed is not this year's copied (below or above 100 %)",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="is_same_as_this_year", value_set=[False]
            ),
            expected="'last year''s own capaian'",
            actual=percent_sql("prior_year_percent") + " || ' = this year''s, likely copied'",
        ),
        Rule(
            "report.savings_with_results",
            "report",
            "warning",
            "quality.dq_savings_without_results",
            ("marts/agency_years", "marts/objective_achievements"),
            "efisiensi is claimed only where every indicator under it met its target",
            within_at_most("missed_indicator_count"),
            expected="'every indicator under it met its target'",
            actual="'efisiensi ' || reported_value_text || ' claimed, but missed: ' "
            "|| missed_indicators",
        ),
        Rule(
            "report.period_realisations_add_up",
            "report",
            "warning",
            "quality.dq_period_realisations",
            ("marts/indicator_achievements",),
            "the year's realisasi equals its realisasi per period added up by cara_agregasi",
            within_at_most("excess_difference"),
            expected="cast(round(period_realized_value, 4) as varchar) || ' (from the periods)'",
            actual="cast(reported_realized_value as varchar)",
        ),
        Rule(
            "report.achievement_plausible",
            "report",
            "info",
            "quality.dq_achievement_outliers",
            ("marts/indicator_achievements",),
            "capaian stays below the region's outlier level (150 %): above it the target "
            "was probably set too low",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="is_achievement_outlier", value_set=[False]
            ),
            expected="'capaian within the outlier level'",
            actual=percent_sql("achievement_percent")
            + " || ' (target ' || target_text || ', realisasi ' || realized_text || ')'",
        ),
        Rule(
            "report.indicator_achievements_computed",
            "report",
            "warning",
            "quality.dq_indicators_not_computed",
            ("marts/indicator_achievements",),
            "every indicator's capaian can be computed: otherwise its sasaran's and the "
            "agency's capaian average fewer indicators than reported",
            lambda: gx.expectations.ExpectColumnValuesToBeInSet(
                column="is_computed", value_set=[True]
            ),
            expected="'a target and a realisation that are numbers'",
            actual="coalesce(not_computable_reason, 'not computed')",
        ),
        Rule(
            "report.realized_within_budget",
            "report",
            "warning",
            "quality.dq_overspent_lines",
            ("marts/budget_lines", "marts/spending_by_type"),
            "realisation does not exceed the budget",
            within_at_most("overspent_idr"),
            expected="'≤ ' || " + rupiah_sql("budget_idr"),
            actual=rupiah_sql("realized_idr"),
        ),
    ]
