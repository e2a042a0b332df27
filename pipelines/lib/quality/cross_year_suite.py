"""The cross-year suite: across reports and years, last year's capaian, coverage of
every agency-year, budget jumps, stable indicator definitions, repeated years, lost
digits. Thresholds live here, next to their rule."""

from __future__ import annotations

import great_expectations as gx

from pipelines.lib.quality.rules import Rule, percent_sql, rupiah_sql, within_at_most

BUDGET_JUMP_RATE = 0.5  # |budget change| from the previous year above 50 % is flagged
MIN_PLAUSIBLE_ABSORPTION = 0.01  # realised under 1 % of budget: digits lost?
MAX_PLAUSIBLE_ABSORPTION = 10.0  # realised 10 × budget: digits added?


def _series_rules() -> list[Rule]:
    """Each agency's series: last year's figures, a report every year, budget jumps."""
    return [
        Rule(
            "cross_year.prior_year_achievement_agrees",
            "cross_year",
            "warning",
            "quality.dq_prior_year_achievement",
            ("marts/indicator_achievements",),
            "last year's capaian as printed equals what the warehouse holds for last year",
            within_at_most("excess_difference"),
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
    ]


def _consistency_rules() -> list[Rule]:
    """Definitions that stay, years not repeated, plausible ratios, renamed agencies."""
    return [
        Rule(
            "cross_year.indicator_definition_stable",
            "cross_year",
            "warning",
            "quality.dq_indicator_definitions",
            ("marts/indicator_achievements",),
            "an indicator keeps its unit and polarity within a planning period",
            within_at_most("definition_variants", 1),
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


def cross_year_rules() -> list[Rule]:
    """Every rule of the cross-year suite."""
    return [*_series_rules(), *_consistency_rules()]
