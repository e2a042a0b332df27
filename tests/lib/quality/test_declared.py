"""Rules are read from the YAML beside their comparison model; a bad declaration is an
error naming its file and rule, at load, not at validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.lib.quality.declared import (
    QUALITY_MODELS,
    DeclarationError,
    declared_rules,
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
        "print('great_expectations' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
