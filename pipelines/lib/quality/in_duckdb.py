"""The rules' GX expectations, evaluated by DuckDB for relations too large for pandas.

GX 1.24 validates pandas frames (its SQL data source fails on DuckDB through
duckdb-engine: GX issues #10738, #11579). Up to ``validate.GX_ROWS`` rows GX itself
decides which rows fail; above that (a national warehouse: 20 million budget lines)
converting the relation to pandas costs more than the rest of the refresh, so the same
expectation configurations are compiled to one SQL predicate each and DuckDB selects
the failing rows. ``tests/lib/quality/test_in_duckdb.py`` runs every rule both ways on
its failing fixture and requires the same rows.

Semantics follow GX's pandas implementation: column map expectations ignore nulls;
the pair expectation ignores rows where both values are missing; compound uniqueness
reports every row of a duplicated key and ignores rows whose key is all missing.
"""

from __future__ import annotations

import great_expectations as gx

SUPPORTED = (
    "ExpectColumnValuesToBeBetween",
    "ExpectColumnValuesToBeInSet",
    "ExpectColumnValuesToBeNull",
    "ExpectColumnValuesToNotBeNull",
    "ExpectColumnValuesToMatchRegex",
    "ExpectColumnPairValuesToBeEqual",
    "ExpectCompoundColumnsToBeUnique",
)


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _condition(kwargs: dict) -> str:
    """The row condition (``Column("level") == "program"``) as SQL; true when none."""
    condition = kwargs.get("row_condition")
    if not condition:
        return "true"
    if (
        isinstance(condition, dict)
        and condition.get("type") == "comparison"
        and condition.get("operator") == "=="
    ):
        column = _quoted(condition["column"]["name"])
        return f"{column} = {_literal(condition['parameter'])}"
    raise NotImplementedError(f"row condition {condition!r}")


def _compound_key(kwargs: dict) -> tuple[str, str]:
    """The key's columns as SQL, and the condition that it is not all missing."""
    keys = [_quoted(c) for c in kwargs["column_list"]]
    return ", ".join(keys), " or ".join(f"{c} is not null" for c in keys)


def _checked(expectation: gx.expectations.Expectation) -> tuple[str, dict]:
    kind = type(expectation).__name__
    kwargs = expectation.configuration.kwargs
    if kind not in SUPPORTED:
        raise NotImplementedError(f"{kind} has no DuckDB form; add it to in_duckdb.py")
    if kwargs.get("mostly", 1) != 1:
        raise NotImplementedError(f"{kind} with mostly={kwargs['mostly']}")
    return kind, kwargs


def _failing_predicate(kind: str, kwargs: dict) -> str:
    """True for a row that fails a column or column-pair expectation."""
    where = _condition(kwargs)
    if kind == "ExpectColumnPairValuesToBeEqual":
        a, b = _quoted(kwargs["column_A"]), _quoted(kwargs["column_B"])
        return f"({where}) and not ({a} is null and {b} is null) and {a} is distinct from {b}"
    column = _quoted(kwargs["column"])
    if kind == "ExpectColumnValuesToNotBeNull":
        return f"({where}) and {column} is null"
    if kind == "ExpectColumnValuesToBeNull":
        return f"({where}) and {column} is not null"
    if kind == "ExpectColumnValuesToBeBetween":
        failing = []
        if kwargs.get("min_value") is not None:
            operator = "<=" if kwargs.get("strict_min") else "<"
            failing.append(f"{column} {operator} {_literal(kwargs['min_value'])}")
        if kwargs.get("max_value") is not None:
            operator = ">=" if kwargs.get("strict_max") else ">"
            failing.append(f"{column} {operator} {_literal(kwargs['max_value'])}")
        predicate = " or ".join(failing) or "false"
    elif kind == "ExpectColumnValuesToBeInSet":
        # a list subquery, not an IN list: DuckDB hashes it (27 000 agency ids against
        # 20 million rows: half a second, where the IN list does not finish)
        listed = ", ".join(_literal(v) for v in kwargs["value_set"])
        predicate = f"{column} not in (select unnest([{listed}]))" if listed else "true"
    else:  # ExpectColumnValuesToMatchRegex: Python re.search, as GX's pandas does
        predicate = f"not regexp_matches(cast({column} as varchar), {_literal(kwargs['regex'])})"
    return f"({where}) and {column} is not null and ({predicate})"


def failing_predicate(expectation: gx.expectations.Expectation) -> str | None:
    """A condition true for each row that fails ``expectation``; None for compound
    uniqueness, which is not a property of one row."""
    kind, kwargs = _checked(expectation)
    if kind == "ExpectCompoundColumnsToBeUnique":
        return None
    return _failing_predicate(kind, kwargs)


def failing_rows_sql(expectation: gx.expectations.Expectation, source: str, columns: str) -> str:
    """A query for ``columns`` (a row id, or ``*``) of every row of ``source`` that fails
    ``expectation``."""
    kind, kwargs = _checked(expectation)
    if kind == "ExpectCompoundColumnsToBeUnique":
        keys, keyed = _compound_key(kwargs)
        return f"""
            select * exclude (__copies) from (
                select {columns}, count(*) over (partition by {keys}) as __copies
                from {source} where ({_condition(kwargs)}) and ({keyed})
            ) where __copies > 1
        """
    return f"select {columns} from {source} where {_failing_predicate(kind, kwargs)}"


def may_fail_sql(
    expectations: list[gx.expectations.Expectation], source: str, one_pass: bool
) -> str:
    """A query of one row: the number of rows of ``source``, then for each expectation
    whether some row may fail it. A row that fails makes its expectation's answer true.

    ``one_pass`` (for a view) answers every column and column-pair expectation in the
    same pass over ``source``: a view of 20 million lines is computed once, not once per
    rule. Otherwise (a table) each is its own ``exists``, which DuckDB answers from the
    column's statistics when it can (no null in a column: no row is read).

    Compound uniqueness groups by a hash of the key instead of counting each key's rows
    in a window over every column (cheaper on a large table); a
    collision of two keys' hashes answers true where no row fails, and the failing rows'
    query then finds none."""
    answers = ["count(*)" if one_pass else f"(select count(*) from {source})"]
    for expectation in expectations:
        kind, kwargs = _checked(expectation)
        if kind == "ExpectCompoundColumnsToBeUnique":
            keys, keyed = _compound_key(kwargs)
            answers.append(f"""exists (
                select 1 from {source} where ({_condition(kwargs)}) and ({keyed})
                group by hash({keys}) having count(*) > 1
            )""")
        elif one_pass:
            answers.append(f"coalesce(bool_or({_failing_predicate(kind, kwargs)}), false)")
        else:
            answers.append(
                f"exists (select 1 from {source} where {_failing_predicate(kind, kwargs)})"
            )
    return f"select {', '.join(answers)}" + (f" from {source}" if one_pass else "")
