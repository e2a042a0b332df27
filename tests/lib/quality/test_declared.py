"""Rules are read from the YAML beside their comparison model; a bad declaration is an
error naming its file and rule, at load, not at validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.lib.contract import KEYS
from pipelines.lib.quality.declared import (
    QUALITY_MODELS,
    DeclarationError,
    contract_rules,
    declared_rules,
    read_contract_declarations,
    read_declarations,
)

RULE = """
version: 2
models:
  - name: dq_example
    description: One row per example.
    config:
      meta:
        rules:
          - rule: report.example_holds
            severity: warning
            guards: [marts/budget_lines]
            checks: an example holds
            expectation:
              type: ExpectColumnValuesToBeBetween
              column: excess
              max_value: 0
              row_condition: {column: kind, equals: line}
            expected: rupiah_text(wanted)
            actual: rupiah_text(found)
            office:
              what: "{object} salah ({found})"
              fix: Perbaiki.
"""


def test_a_declared_rule_is_read_whole(tmp_path: Path):
    path = tmp_path / "dq_example.yml"
    path.write_text(RULE)
    (rule,) = read_declarations(path)
    assert (rule.rule_id, rule.suite, rule.severity) == (
        "report.example_holds",
        "report",
        "warning",
    )
    assert rule.relation == "quality.dq_example"
    assert rule.guards == ("marts/budget_lines",)
    kwargs = rule.expectation().configuration.kwargs
    assert (kwargs["column"], kwargs["max_value"]) == ("excess", 0)
    assert kwargs["row_condition"]["parameter"] == "line"
    assert rule.office.what == "{object} salah ({found})"
    assert rule.expectation() is not rule.expectation()  # GX mutates: one per use


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("type: ExpectColumnValuesToBeBetween", "type: ExpectNothing"), "unknown GX expectation"),
        (("max_value: 0", "maximum: 0"), "maximum"),
        (("severity: warning", "severity: fatal"), "severity one of"),
        (("rule: report.example_holds", "rule: nightly.example_holds"), "suite must be"),
        (("            checks: an example holds\n", ""), "missing ['checks']"),
        (("              fix: Perbaiki.", "              fixes: Perbaiki."), "office takes"),
    ],
)
def test_a_bad_declaration_names_its_file_and_rule(tmp_path: Path, change, message):
    path = tmp_path / "dq_example.yml"
    path.write_text(RULE.replace(*change))
    with pytest.raises(DeclarationError) as error:
        read_declarations(path)
    assert message in str(error.value)
    assert "dq_example.yml" in str(error.value)


def test_every_comparison_model_is_judged_by_a_declared_rule():
    judged = {rule.relation.removeprefix("quality.") for rule in declared_rules()}
    models = {path.stem for path in QUALITY_MODELS.glob("dq_*.sql")}
    assert models == judged
    assert {path.stem for path in QUALITY_MODELS.glob("dq_*.yml")} == models


def test_a_rule_s_sentence_is_read_without_importing_great_expectations():
    """`kinerja check` and the receipts say each finding in Indonesian; GX, seconds to
    import, is loaded only by what validates."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from pipelines.lib.quality.indonesian import sentence_for\n"
        "assert sentence_for('report.realized_within_budget')[1]\n"
        "assert sentence_for('contract.budget_lines.unique_key')[1]\n"
        "print('great_expectations' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


CONTRACT = """
version: 2
sources:
  - name: raw
    meta:
      contract_rules:
        - rule: contract.{table}.{column}_not_null
          for_each: {table: contract_tables, column: key_columns}
          severity: blocking
          checks: "{column} is filled"
          expectation: {type: ExpectColumnValuesToNotBeNull, column: "{column}"}
          object_key: "{key_sql}"
          office: {what: "Kolom {column} tabel {table} kosong", fix: Isi.}
    tables:
      - name: indicators
        meta:
          contract_rules:
            - rule: contract.indicators.{level}_shaped
              for_each: {level: [sasaran, indikator]}
              severity: warning
              checks: "{level} rows are shaped"
              expectation:
                type: ExpectColumnValuesToBeBetween
                column: fiscal_year
                min_value: "{first_year}"
                row_condition: "{report_rows_only}"
              office: {what: "{object} salah", fix: Perbaiki.}
"""


def test_a_contract_family_is_one_rule_per_table_and_key_column(tmp_path: Path):
    path = tmp_path / "_raw__sources.yml"
    path.write_text(CONTRACT)
    rules = read_contract_declarations(path)
    not_null = [r for r in rules if r.rule_id.endswith("_not_null")]
    keys = [
        (t, c) for t, key in KEYS.items() for c in key if c not in ("scope_key", "report_section")
    ]
    assert [r.rule_id for r in not_null] == [f"contract.{t}.{c}_not_null" for t, c in keys]
    first = not_null[0]
    assert (first.relation, first.guards, first.suite) == (
        "raw.budget_lines",
        ("raw/budget_lines",),
        "contract",
    )
    assert first.object_key == "coalesce(cast(line_key as varchar), '∅')"
    assert (first.office.table, first.office.column) == ("budget_lines", "agency_id")
    assert "{table}" in first.office.what  # the office's words are the sentence's, later
    shaped = [r for r in rules if r.rule_id.endswith("_shaped")]
    assert [r.rule_id for r in shaped] == [
        "contract.indicators.sasaran_shaped",
        "contract.indicators.indikator_shaped",
    ]
    kwargs = shaped[0].expectation().configuration.kwargs
    assert kwargs["min_value"] == 2015  # a term alone is the term itself, a number here
    assert kwargs.get("row_condition") is None  # indicators: every row, not the reports' only


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('checks: "{column} is filled"', 'checks: "{colum} is filled"'), "no term ['colum']"),
        (("severity: warning", "severity: fatal"), "severity"),
        (("column: key_columns}", "column: key_colums}"), "key_colums"),
    ],
)
def test_a_bad_contract_declaration_names_its_file_and_rule(tmp_path: Path, change, message):
    path = tmp_path / "_raw__sources.yml"
    path.write_text(CONTRACT.replace(*change))
    with pytest.raises(DeclarationError) as error:
        read_contract_declarations(path)
    assert message in str(error.value)
    assert "_raw__sources.yml, rule contract." in str(error.value)


def test_the_contract_suite_guards_every_raw_table_of_the_contract():
    guarded = {rule.rule_id.split(".")[1] for rule in contract_rules()}
    assert guarded == {*KEYS, "ingest_files"}
    ids = [rule.rule_id for rule in contract_rules()]
    assert len(ids) == len(set(ids))
