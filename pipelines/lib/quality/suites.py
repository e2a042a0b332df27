"""Every data-quality rule: what it checks, where, how severe, and its GX expectation.

Three suites:

* ``contract`` - each raw table as ingested (columns, keys, years, agencies, code
  formats, amounts, duplicates). Blocking: a warehouse breaking them is not published.
  Declared on the raw tables (``_raw__sources.yml``) in the contract's terms.
* ``report`` - within one report: children add up to parents, spending types to the
  total, stated totals and percentages to the detail, categories to the declared scale.
* ``cross_year`` - across reports and years: last year's capaian, coverage of every
  agency-year, budget jumps, stable indicator definitions, repeated years, lost digits.

The comparisons of ``report`` and ``cross_year`` are computed by the dbt models of
``sql/models/quality``; each model's YAML file declares the rules judging it, with
their thresholds (``declared.py``).
"""

from __future__ import annotations

import re

from pipelines.lib.quality.declared import contract_rules, declared_rules
from pipelines.lib.quality.rules import Rule


def all_rules() -> list[Rule]:
    """Every rule of the three suites."""
    return [*contract_rules(), *declared_rules()]


RULES_BEGIN = "<!-- rules: generated from the declarations by `kinerja docs --markdown` -->"
RULES_END = "<!-- /rules -->"


def _relation_text(relation: str) -> str:
    """A validated relation as the docs name it: a query by the tables it reads."""
    if not relation.startswith("("):
        return f"`{relation}`"
    tables = dict.fromkeys(re.findall(r"\b(?:raw|information_schema)\.\w+", relation))
    return " with ".join(f"`{table}`" for table in tables)


def rules_table(rules: list[Rule]) -> str:
    """The rules table of docs/data-quality.md: id, suite, severity, what, where."""
    rows = [
        "| rule | suite | severity | checks | validated relation |",
        "|---|---|---|---|---|",
        *(
            f"| `{rule.rule_id}` | {rule.suite} | {rule.severity} | "
            f"{(rule.documented or rule.description).replace('|', '/')} | "
            f"{_relation_text(rule.relation)} |"
            for rule in rules
        ),
    ]
    return "\n".join(rows)


def with_rules_table(document: str, rules: list[Rule]) -> str:
    """``document`` (docs/data-quality.md) with its generated rules table replaced."""
    before, begin, rest = document.partition(RULES_BEGIN)
    _, end, after = rest.partition(RULES_END)
    if not begin or not end:
        raise ValueError(f"docs/data-quality.md lacks the markers {RULES_BEGIN} … {RULES_END}")
    return f"{before}{RULES_BEGIN}\n{rules_table(rules)}\n{RULES_END}{after}"
