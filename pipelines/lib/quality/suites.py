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

from pipelines.lib.quality.contract_suite import contract_rules
from pipelines.lib.quality.cross_year_suite import cross_year_rules
from pipelines.lib.quality.report_suite import report_rules
from pipelines.lib.quality.rules import Rule


def all_rules() -> list[Rule]:
    """Every rule of the three suites."""
    return [*contract_rules(), *report_rules(), *cross_year_rules()]
