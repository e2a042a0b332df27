"""Every data-quality rule, read from its declaration.

Each comparison model ``sql/models/quality/dq_<name>.sql`` has a YAML file beside it,
``dq_<name>.yml``, whose ``config.meta.rules`` declare the rules judging it: id (its
first part is the suite), severity, guarded assets, what it checks, the GX
expectation (type and arguments), the SQL rendering expected and found, and the
office's sentence and fix in Indonesian. The contract suite's rules are declared the
same way on the raw tables, ``sql/models/staging/raw/_raw__sources.yml``, in terms of
the contract (:mod:`.contract_terms`). Adding a rule is one SQL model (or a raw table),
one YAML block and one test; no Python names a rule.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from pipelines import paths
from pipelines.lib.contract import KEYS
from pipelines.lib.quality import contract_terms
from pipelines.lib.quality.rules import SEVERITY_ORDER, OfficeSentence, Rule

QUALITY_MODELS = paths.SQL_DIR / "models" / "quality"
RAW_SOURCES = paths.SQL_DIR / "models" / "staging" / "raw" / "_raw__sources.yml"
SUITES = ("report", "cross_year")
_REQUIRED = {"rule", "severity", "guards", "checks", "expectation", "expected", "actual", "office"}
_OPTIONAL = {"documented", "object_key"}
_CONTRACT_REQUIRED = {"rule", "severity", "checks", "expectation", "office"}
_CONTRACT_OPTIONAL = {
    "for_each", "relation", "guards", "object_key", "expected", "actual", "documented"
}  # fmt: skip
_TERM = re.compile(r"\{([a-z_]\w*)\}")


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


def _office(declared: dict, where: str, terms: dict | None = None) -> OfficeSentence:
    office = declared.get("office") or {}
    if set(office) - {"what", "fix", "found"} or not {"what", "fix"} <= set(office):
        raise DeclarationError(f"{where}: office takes what, fix and optionally found")
    terms = terms or {}
    return OfficeSentence(
        office["what"],
        office["fix"],
        office.get("found") == "whole",
        table=terms.get("table", ""),
        column=terms.get("column", ""),
    )


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


def _filled(value, terms: dict, where: str):
    """``value`` with each ``{term}`` written out; a value that is one term alone becomes
    the term itself (a list of columns, a number, a row condition or nothing)."""
    if isinstance(value, str):
        alone = _TERM.fullmatch(value)
        if alone and alone[1] in terms:
            return terms[alone[1]]
        unknown = sorted({name for name in _TERM.findall(value) if name not in terms})
        if unknown:
            raise DeclarationError(f"{where}: no term {unknown} (contract_terms.py)")
        return _TERM.sub(lambda m: str(terms[m[1]]), value)
    if isinstance(value, list):
        return [_filled(v, terms, where) for v in value]
    if isinstance(value, dict):
        return {k: _filled(v, terms, where) for k, v in value.items()}
    return value


def _contract_declarations(path: Path) -> list[tuple[dict, dict]]:
    """(terms, declaration) of each contract rule: a table's own rules with that table,
    the source's families once for_each value."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for source in document["sources"]:
        owners = [({}, source), *(({"table": t["name"]}, t) for t in source.get("tables", []))]
        for chosen, owner in owners:
            for declared in (owner.get("meta") or {}).get("contract_rules", []):
                found += [(terms, declared) for terms in _repetitions(declared, chosen, path)]
    return found


def _repetitions(declared: dict, chosen: dict, path: Path) -> list[dict]:
    """The terms of each repetition of one declaration (one when it has no for_each)."""
    repetitions = [chosen]
    for name, given in (declared.get("for_each") or {}).items():
        try:
            repetitions = [
                r | more for r in repetitions for more in contract_terms.values(name, given, r)
            ]
        except KeyError as unknown:
            raise DeclarationError(
                f"{path.name}, rule {declared.get('rule')}: for_each {name} names no list "
                f"{unknown} (give a list, or one that contract_terms.values knows)"
            ) from None
    return [contract_terms.terms(r) for r in repetitions]


def _contract_rule(terms: dict, declared: dict, file_name: str) -> Rule:
    where = f"{file_name}, rule {declared.get('rule')}"
    missing = _CONTRACT_REQUIRED - set(declared)
    unknown = set(declared) - _CONTRACT_REQUIRED - _CONTRACT_OPTIONAL
    if missing or unknown or declared["severity"] not in SEVERITY_ORDER:
        raise DeclarationError(
            f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}, or a severity "
            f"not in {sorted(SEVERITY_ORDER)}"
        )
    plain = {k: v for k, v in declared.items() if k not in ("office", "for_each", "documented")}
    filled = _filled(plain, terms, where)
    documented = declared.get("documented")
    if isinstance(documented, dict):  # said of some repetitions only, by column
        documented = documented.get(terms.get("column"))
    table = terms["table"]
    return Rule(
        rule_id=filled["rule"],
        suite="contract",
        severity=declared["severity"],
        relation=filled.get("relation", f"raw.{table}"),
        guards=tuple(filled.get("guards", [f"raw/{table}"])),
        description=filled["checks"],
        expectation=_expectation(filled["expectation"], where),
        object_key=filled.get("object_key", "object_key"),
        expected=filled.get("expected", "null"),
        actual=filled.get("actual", "null"),
        documented=_filled(documented, terms, where) if documented else None,
        office=_office(declared, where, terms),
    )


def read_contract_declarations(path: Path) -> list[Rule]:
    """The contract rules a sources file declares, each repetition a rule."""
    return [
        _contract_rule(terms, declared, path.name)
        for terms, declared in _contract_declarations(path)
    ]


@functools.cache
def contract_rules() -> tuple[Rule, ...]:
    """The contract suite, table by table (the contract's order, then the file log)."""
    rules = read_contract_declarations(RAW_SOURCES)
    order = {table: n for n, table in enumerate(KEYS)}
    return tuple(sorted(rules, key=lambda rule: order.get(rule.rule_id.split(".")[1], len(order))))


@functools.cache
def office_sentences() -> dict[str, OfficeSentence]:
    """Each declared rule's sentence for the office, read without building the rules
    (nor importing GX)."""
    where = RAW_SOURCES.name
    contract = {
        _filled(declared["rule"], terms, where): _office(declared, where, terms)
        for terms, declared in _contract_declarations(RAW_SOURCES)
    }
    return contract | {
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
