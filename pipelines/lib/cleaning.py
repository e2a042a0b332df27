"""Type one delivered table against the contract, without losing a row.

:func:`type_table` turns the all-text frame of :mod:`pipelines.lib.readers` into
typed columns plus a list of problems (row, column, value, reason). A row with
at least one problem is quarantined as a whole; every other row is loaded. All
of it is vectorised polars; only the explanation of a failed number goes
through Babel, one failed value at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.lib import codes
from pipelines.lib.canonical import IS_CANONICAL, type_canonical
from pipelines.lib.contract import (
    AMOUNT_MEASURES,
    COUNT_MEASURES,
    TEXT_MEASURES,
    Column,
    Entity,
)
from pipelines.lib.numbers import (
    AMOUNT_DTYPE,
    MEASURE_NUMBER_PATTERN,
    NOT_AVAILABLE_PATTERN,
    NUMBER_DTYPE,
    PERCENT_DTYPE,
    explain_number_error,
    number_text,
    parse_number_expr,
)
from pipelines.lib.raw_tables import LINEAGE, loaded_columns
from pipelines.lib.readers import NUMERIC_CELLS, SOURCE_ROW

_ERROR = "__error__"
_NUMBER_KIND_OF_ERROR = "__number_kind__"


@dataclass(frozen=True)
class TypedTable:
    """The outcome of typing one table: loaded rows, problems that quarantine their row,
    and problems of optional cells, nulled in a row that is loaded all the same."""

    loaded: pl.DataFrame
    problems: pl.DataFrame
    rows_in: int
    nulled: pl.DataFrame


_CLEAN = "__clean__"  # a number column with its Rp / ,- / % affixes removed


def _text(header: str) -> pl.Expr:
    """A cell as text: :func:`type_table` trims every cell once, before any rule."""
    return pl.col(header)


def _trimmed(header: str) -> pl.Expr:
    return pl.col(header).str.replace_all("\u00a0", " ", literal=True).str.strip_chars()


def _blank(header: str) -> pl.Expr:
    return _text(header).is_null() | (_text(header) == "")


def _nonblank_text(header: str) -> pl.Expr:
    return pl.when(_blank(header)).then(None).otherwise(_text(header))


def _first_error(*candidates: pl.Expr) -> pl.Expr:
    return pl.coalesce([c.cast(pl.String) for c in candidates])


def _when_filled(header: str, condition: pl.Expr, reason: pl.Expr | str) -> pl.Expr:
    message = pl.lit(reason) if isinstance(reason, str) else reason
    return pl.when(~_blank(header) & condition).then(message)


def _choice_exprs(column: Column) -> tuple[pl.Expr, pl.Expr]:
    key = _text(column.header).str.to_lowercase().str.replace_all(r"[\s-]+", "_")
    mapped = key.replace_strict(column.choices, default=None, return_dtype=pl.String)
    # a long list of spellings is summed up by the column's description
    allowed = ", ".join(column.choices) if len(column.choices) <= 12 else column.description
    error = _when_filled(
        column.header,
        mapped.is_null(),
        pl.format("'{}' is not one of: {}", _text(column.header), pl.lit(allowed)),
    )
    return mapped, error


def _number_exprs(column: Column) -> list[pl.Expr]:
    kind = "amount" if column.kind == "amount" else "percent"
    parsed = parse_number_expr(f"{_CLEAN}{column.header}", kind, cleaned=True)
    if kind == "amount":  # '-' in a rupiah column is nihil: nothing spent or budgeted
        value = pl.when(parsed.is_dash).then(pl.lit(0)).otherwise(parsed.value)
        value = value.cast(AMOUNT_DTYPE)
        error = parsed.error
    else:  # '-', 'n/a' or 'belum ada data' in a percentage column: not reported
        value = parsed.value.cast(PERCENT_DTYPE)
        not_reported = _text(column.header).str.to_lowercase().str.contains(NOT_AVAILABLE_PATTERN)
        error = pl.when(not_reported).then(None).otherwise(parsed.error)
    exprs = [value.alias(column.name), error.alias(f"{_ERROR}{column.header}")]
    if kind == "percent":
        exprs.append(parsed.decimals.alias(f"{column.name}_decimals"))
    return exprs


def _first_pass(column: Column, known_accounts: frozenset[str]) -> list[pl.Expr]:
    """Typed output expressions for one column plus its error expression."""
    header, name, kind = column.header, column.name, column.kind
    error_name = f"{_ERROR}{header}"
    if kind in ("amount", "percent"):
        return _number_exprs(column)
    if kind in ("text", "year", "agency"):
        value = _nonblank_text(header)
        return [(value.cast(pl.Int16, strict=False) if kind == "year" else value).alias(name)]
    if kind == "integer":
        is_whole = _text(header).str.contains(r"^\d+$")
        value = pl.when(is_whole).then(_text(header)).cast(pl.Int32, strict=False)
        error = _when_filled(header, ~is_whole, "not a whole number")
        return [value.alias(name), error.alias(error_name)]
    if kind == "level":
        level = codes.normalise_level_expr(header)
        error = _when_filled(
            header,
            level.is_null(),
            pl.format(
                "level '{}' is not program, kegiatan, sub kegiatan or sasaran", _text(header)
            ),
        )
        return [level.alias(name), error.alias(error_name)]
    if kind == "reported_value":  # typed by the row's measure: see _second_pass
        return [_nonblank_text(header).alias(f"{name}_text")]
    if kind == "budget_code":  # needs typed level and year: see _second_pass
        return [_nonblank_text(header).alias(f"{name}_as_reported")]
    if kind == "account_code":
        code = _text(header)
        error = _first_error(
            _when_filled(
                header,
                ~code.str.contains(codes.ACCOUNT_TYPE_PATTERN),
                pl.format(
                    "account code '{}' is not in the format 5.A.BB (or 5.A for a group total)", code
                ),
            ),
            _when_filled(
                header,
                ~code.is_in(sorted(known_accounts)),
                pl.format("account code '{}' is not a known spending type", code),
            ),
        )
        return [_nonblank_text(header).alias(name), error.alias(error_name)]
    if kind == "program_codes":
        listed = (
            _text(header)
            .str.split(";")
            .list.eval(pl.element().str.strip_chars())
            .list.eval(pl.element().filter(pl.element() != ""))
        )
        invalid = listed.list.eval(
            pl.element().filter(~pl.element().str.contains(codes.PROGRAM_CODE_PATTERN))
        )
        error = pl.when(invalid.list.len() > 0).then(
            pl.format("program codes [{}] are not in the format U.BB.PP", invalid.list.join(", "))
        )
        return [listed.fill_null([]).alias(name), error.alias(error_name)]
    if kind in ("polarity", "choice"):
        mapped, error = _choice_exprs(column)
        return [mapped.alias(name), error.alias(error_name)]
    if kind == "measure":
        lowered = _text(header).str.to_lowercase()
        status = (
            pl.when(_blank(header))
            .then(pl.lit("blank"))
            .when(lowered.str.contains(NOT_AVAILABLE_PATTERN))
            .then(pl.lit("not_available"))
            .when(lowered.str.contains(MEASURE_NUMBER_PATTERN))
            .then(pl.lit("number"))
            .otherwise(pl.lit("text"))
        )
        return [
            _nonblank_text(header).alias(f"{name}_text"),
            status.alias(f"{name}_status"),
            lowered.str.extract(MEASURE_NUMBER_PATTERN, 1).alias(f"{name}__number"),
        ]
    raise ValueError(f"unknown column kind {kind!r}")


def _second_pass(column: Column) -> list[pl.Expr]:
    """Expressions that need the first pass: codes need level and year."""
    header, name = column.header, column.name
    if column.kind == "budget_code":
        written = f"{name}_as_reported"
        normalised = codes.normalise_code_expr(written, "level", "fiscal_year")
        error = pl.when(pl.col("level").is_not_null() & pl.col(written).is_not_null()).then(
            codes.code_error_expr(written, "level", "fiscal_year")
        )
        excel_number = pl.col(NUMERIC_CELLS).list.contains(header)
        error = _first_error(
            pl.when(excel_number).then(
                pl.format(
                    "code {} was stored by Excel as a number, digits may be lost; "
                    "type codes as text",
                    pl.col(written),
                )
            ),
            error,
        )
        # a code of an older nomenclature moves to kode_asli: the line counts as uncoded
        original = pl.coalesce(
            pl.col("original_code"),
            pl.when(codes.is_older_nomenclature_expr(written)).then(
                pl.col(written).str.strip_chars()
            ),
        )
        return [
            normalised.alias(name),
            error.alias(f"{_ERROR}{header}"),
            original.alias("original_code"),
        ]
    if column.kind == "measure":
        parsed = parse_number_expr(f"{name}__number", "number")
        return [parsed.value.alias(f"{name}_value")]
    if column.kind == "reported_value":
        return _reported_value_exprs(column)
    return []


def _reported_value_exprs(column: Column) -> list[pl.Expr]:
    """A reported figure is an amount, a percentage, a count or a word, by its measure."""
    header, name = column.header, column.name
    measure = pl.col("measure")
    amount = parse_number_expr(header, "amount")
    percent = parse_number_expr(header, "percent")
    is_amount, is_text = measure.is_in(AMOUNT_MEASURES), measure.is_in(TEXT_MEASURES)
    is_count = measure.is_in(COUNT_MEASURES)
    value = (
        pl.when(is_amount)
        .then(amount.value.cast(NUMBER_DTYPE))
        .when(is_text)
        .then(None)
        .otherwise(percent.value.cast(NUMBER_DTYPE))
    )
    error = (
        pl.when(measure.is_null() | _blank(header))
        .then(None)
        .when(is_amount)
        .then(amount.error)
        .when(is_text)
        .then(None)
        .when(is_count & ~_text(header).str.contains(r"^\d+$"))
        .then(pl.lit("not a whole number"))
        .otherwise(percent.error)
    )
    return [
        value.alias(f"{name}_number"),
        pl.when(is_amount | is_text)
        .then(None)
        .otherwise(percent.decimals)
        .alias(f"{name}_decimals"),
        error.alias(f"{_ERROR}{header}"),
    ]


def _required_errors(entity: Entity) -> list[pl.Expr]:
    return [
        pl.when(_blank(c.header))
        .then(pl.lit("required value is empty"))
        .alias(f"__required__{c.header}")
        for c in entity.columns
        if c.required
    ]


def _explain(problems: pl.DataFrame, entity: Entity) -> pl.DataFrame:
    """Replace terse number errors by Babel's explanation with a suggestion."""
    kinds = {c.header: c.kind for c in entity.columns if c.kind in ("amount", "percent")}
    kinds |= {c.header: "number" for c in entity.columns if c.kind == "reported_value"}
    if problems.is_empty() or not kinds:
        return problems
    reasons = [
        explain_number_error(value, kinds[column])
        if column in kinds and reason == "not a number in Indonesian format"
        else reason
        for column, value, reason in problems.select("column", "value", "reason").iter_rows()
    ]
    return problems.with_columns(pl.Series("reason", reasons, dtype=pl.String))


def type_table(
    frame: pl.DataFrame,
    entity: Entity,
    known_accounts: frozenset[str] = frozenset(),
    key: str = SOURCE_ROW,
    *,
    canonical_first: bool = True,
) -> TypedTable:
    """Type ``frame`` (text cells, contract headers) and split loaded rows from problems.

    ``key`` identifies a row (``source_row`` for one file; a row id when many files
    are typed at once). Lineage columns present in ``frame`` (``source_file``,
    ``source_sheet``, ``source_row``, ...) are carried to both outputs. The frame
    must already have exactly the entity's headers (see
    :func:`pipelines.lib.headers.complete_columns`).

    Rows whose every cell is written the canonical way (see :func:`type_canonical`) are
    typed by a few cheap expressions; the others by the full rules, which explain every
    problem. Both give the same values (``canonical_first=False`` types every row by the
    full rules: the tests compare the two).
    """
    # second path, kept: the rules alone add ~30 % to a national ingest stage
    # (docs/benchmarks.md, "Second paths")
    if not canonical_first:
        return _type_by_rules(frame, entity, known_accounts, key)
    carried = [key, *(c for c in LINEAGE if c in frame.columns)]
    fast = type_canonical(frame, entity, known_accounts, carried)
    is_canonical = fast.get_column(IS_CANONICAL)
    if not is_canonical.any():
        return _type_by_rules(frame, entity, known_accounts, key)
    rest = _type_by_rules(frame.filter(~is_canonical), entity, known_accounts, key)
    loaded = fast.filter(is_canonical).drop(IS_CANONICAL).cast(rest.loaded.schema)
    if not rest.loaded.is_empty():
        loaded = pl.concat([loaded, rest.loaded]).sort(key)
    return TypedTable(
        loaded=loaded, problems=rest.problems, rows_in=frame.height, nulled=rest.nulled
    )


def _type_by_rules(
    frame: pl.DataFrame, entity: Entity, known_accounts: frozenset[str], key: str
) -> TypedTable:
    """Every rule of the contract on every cell: values, and the reason of each problem."""
    carried = list(dict.fromkeys([key, *(c for c in LINEAGE if c in frame.columns)]))
    numbers = [c for c in entity.columns if c.kind in ("amount", "percent")]
    trimmed = frame.with_columns(_trimmed(h) for h in entity.headers).with_columns(
        number_text(c.header, c.kind).alias(f"{_CLEAN}{c.header}") for c in numbers
    )
    first = [e for c in entity.columns for e in _first_pass(c, known_accounts)]
    typed = trimmed.with_columns(*first, *_required_errors(entity))
    typed = typed.with_columns(*[e for c in entity.columns for e in _second_pass(c)])
    error_columns = [c for c in typed.columns if c.startswith(("__required__", _ERROR))]
    problems = (
        typed.select(key, *error_columns)
        .filter(pl.any_horizontal(pl.col(error_columns).is_not_null()))
        .unpivot(index=key, variable_name="column", value_name="reason")
        .drop_nulls("reason")
        .with_columns(pl.col("column").str.replace(r"^__(required|error)__", ""))
        .unique([key, "column"], keep="first")
    )
    bad_keys = problems.get_column(key).unique().implode()
    values = (
        frame.filter(pl.col(key).is_in(bad_keys))
        .select(key, *entity.headers)
        .unpivot(index=key, variable_name="column", value_name="value")
    )
    problems = (
        problems.join(values, on=[key, "column"], how="left")
        .join(frame.select(carried), on=key, how="left")
        .select(*carried, "column", "value", "reason")
        .sort(key, "column")
    )
    problems = _explain(problems, entity)
    # a bad optional cell is nulled and its row kept; any other problem quarantines the row
    nullable = nullable_headers(entity)
    optional = {c.header: c for c in entity.columns if c.header in nullable}
    is_cell_only = pl.col("column").is_in(list(optional)) & ~pl.col(key).is_in(
        problems.filter(~pl.col("column").is_in(list(optional))).get_column(key).implode()
    )
    nulled, problems = problems.filter(is_cell_only), problems.filter(~is_cell_only)
    bad_keys = problems.get_column(key).unique().implode()
    output = [*carried, *(o for c in entity.columns for o in loaded_columns(c))]
    loaded = typed.filter(~pl.col(key).is_in(bad_keys)).select(output)
    for header, cells in nulled.group_by("column"):
        column = optional[header[0]]
        keys = cells.get_column(key).implode()
        empty = pl.lit([], pl.List(pl.String)) if column.kind == "program_codes" else None
        loaded = loaded.with_columns(
            pl.when(pl.col(key).is_in(keys)).then(empty).otherwise(pl.col(name)).alias(name)
            for name in loaded_columns(column)
        )
    return TypedTable(loaded=loaded, problems=problems, rows_in=frame.height, nulled=nulled)


def nullable_headers(entity: Entity) -> frozenset[str]:
    """Headers whose bad cell is nulled rather than quarantining its row: the optional
    columns, except a code (which keys the row)."""
    return frozenset(c.header for c in entity.columns if not c.required and c.kind != "budget_code")
