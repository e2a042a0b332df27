"""The within-report and cross-year rules, read from their declarations.

Each comparison model ``sql/models/quality/dq_<name>.sql`` has a YAML file beside it,
``dq_<name>.yml``, whose ``config.meta.rules`` declare the rules judging it: id (its
first part is the suite), severity, guarded assets, what it checks, the GX
expectation (type and arguments), the SQL rendering expected and found, and the
office's sentence and fix in Indonesian. Adding a rule is one SQL model, one YAML block
and one test; no Python names a rule.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from pipelines import paths
from pipelines.lib.quality.rules import SEVERITY_ORDER, OfficeSentence, Rule

QUALITY_MODELS = paths.SQL_DIR / "models" / "quality"
SUITES = ("report", "cross_year")
_REQUIRED = {"rule", "severity", "guards", "checks", "expectation", "expected", "actual", "office"}
_OPTIONAL = {"documented", "object_key"}


class DeclarationError(ValueError):
    """A rule declaration that cannot be read, naming its file and rule."""


def _expectation(declared: dict, where: str):
    """A factory of the declared GX expectation (GX expectations are mutable: one each)."""
    # GX takes seconds to import: only what validates loads it, not every reader of a
    # rule's Indonesian sentence (kinerja check, receipts)
    import great_expectations as gx
    from great_expectations.expectations.row_conditions import Column

    arguments = dict(declared)
    kind = arguments.pop("type", None)
    expectation_class = getattr(gx.expectations, str(kind), None)
    if expectation_class is None:
        raise DeclarationError(f"{where}: unknown GX expectation type {kind!r}")
    condition = arguments.pop("row_condition", None)
    if condition is not None:
        if set(condition) != {"column", "equals"}:
            raise DeclarationError(f"{where}: row_condition takes column and equals")
        arguments["row_condition"] = Column(condition["column"]) == condition["equals"]
    try:  # an argument GX does not take fails here, at load, not at validation
        expectation_class(**arguments)
    except (TypeError, ValueError) as exc:
        raise DeclarationError(f"{where}: {kind} does not take {arguments}: {exc}") from exc
    return lambda: expectation_class(**arguments)


def _office(declared: dict, where: str) -> OfficeSentence:
    office = declared.get("office") or {}
    if set(office) - {"what", "fix", "found"} or not {"what", "fix"} <= set(office):
        raise DeclarationError(f"{where}: office takes what, fix and optionally found")
    return OfficeSentence(office["what"], office["fix"], office.get("found") == "whole")


def _rule(model: str, declared: dict, where: str) -> Rule:
    missing, unknown = _REQUIRED - set(declared), set(declared) - _REQUIRED - _OPTIONAL
    if missing or unknown:
        raise DeclarationError(
            f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)} in a rule"
        )
    rule_id = declared["rule"]
    where = f"{where}, rule {rule_id}"
    suite = rule_id.split(".")[0]
    if suite not in SUITES or declared["severity"] not in SEVERITY_ORDER:
        raise DeclarationError(
            f"{where}: suite must be one of {SUITES}, severity one of {sorted(SEVERITY_ORDER)}"
        )
    return Rule(
        rule_id=rule_id,
        suite=suite,
        severity=declared["severity"],
        relation=f"quality.{model}",
        guards=tuple(declared["guards"]),
        description=declared["checks"],
        expectation=_expectation(declared["expectation"], where),
        object_key=declared.get("object_key", "object_key"),
        expected=declared["expected"],
        actual=declared["actual"],
        documented=declared.get("documented"),
        office=_office(declared, where),
    )


def _declared_in(path: Path) -> list[tuple[str, dict]]:
    """(model, declaration) of every rule one model's YAML file declares."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        (model["name"], declared)
        for model in document.get("models", [])
        for declared in ((model.get("config") or {}).get("meta") or {}).get("rules", [])
    ]


def read_declarations(path: Path) -> list[Rule]:
    """The rules declared in one model's YAML file."""
    return [_rule(model, declared, path.name) for model, declared in _declared_in(path)]


@functools.cache
def office_sentences() -> dict[str, OfficeSentence]:
    """Each declared rule's sentence for the office, read without building the rules."""
    return {
        declared["rule"]: _office(declared, path.name)
        for path in sorted(QUALITY_MODELS.glob("*.yml"))
        for _, declared in _declared_in(path)
    }


@functools.cache
def declared_rules() -> tuple[Rule, ...]:
    """Every declared rule, report suite first, then cross-year; each id once."""
    files = sorted(QUALITY_MODELS.glob("*.yml"))
    rules = [rule for path in files for rule in read_declarations(path)]
    ids = [rule.rule_id for rule in rules]
    twice = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if twice:
        raise DeclarationError(f"rules declared twice: {twice}")
    return tuple(sorted(rules, key=lambda rule: SUITES.index(rule.suite)))
