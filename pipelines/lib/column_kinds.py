"""Each kind of contract column as polars expressions: its typed value and, per cell,
the reason it cannot be read (null when it can).

Typing runs in two passes: the first types every column on its own; the second the
columns that need others typed first (a budget code needs the row's level and year, a
reported value its measure). :mod:`pipelines.lib.cleaning` applies them to a table.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib import codes
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
    number_text,
    parse_number_expr,
)
from pipelines.lib.readers import NUMERIC_CELLS

ERROR_PREFIX = "__error__"
REQUIRED_PREFIX = "__required__"
# the columns holding each cell's reason, and how to strip them back to the header
ERROR_PREFIXES = (REQUIRED_PREFIX, ERROR_PREFIX)
ERROR_PREFIX_PATTERN = r"^__(required|error)__"
CLEAN_PREFIX = "__clean__"  # a number column with its Rp / ,- / % affixes removed


def _text(header: str) -> pl.Expr:
    """A cell as text: :func:`type_table` trims every cell once, before any rule."""
    return pl.col(header)


def trimmed(header: str) -> pl.Expr:
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
    parsed = parse_number_expr(f"{CLEAN_PREFIX}{column.header}", kind, cleaned=True)
    if kind == "amount":  # '-' in a rupiah column is nihil: nothing spent or budgeted
        value = pl.when(parsed.is_dash).then(pl.lit(0)).otherwise(parsed.value)
        value = value.cast(AMOUNT_DTYPE)
        error = parsed.error
    else:  # '-', 'n/a' or 'belum ada data' in a percentage column: not reported
        value = parsed.value.cast(PERCENT_DTYPE)
        not_reported = _text(column.header).str.to_lowercase().str.contains(NOT_AVAILABLE_PATTERN)
        error = pl.when(not_reported).then(None).otherwise(parsed.error)
    # "Rp" or "%" alone: a cell that is filled but holds no figure is no nil
    cleaned = pl.col(f"{CLEAN_PREFIX}{column.header}").fill_null("").str.strip_chars()
    no_figure = _when_filled(
        column.header,
        (cleaned == "")
        & ~_text(column.header).str.to_lowercase().str.contains(NOT_AVAILABLE_PATTERN),
        pl.format("'{}' holds no figure", _text(column.header)),
    )
    error = _first_error(no_figure, error)
    exprs = [value.alias(column.name), error.alias(f"{ERROR_PREFIX}{column.header}")]
    if kind == "percent":
        exprs.append(parsed.decimals.alias(f"{column.name}_decimals"))
    return exprs


def first_pass(column: Column, known_accounts: frozenset[str]) -> list[pl.Expr]:
    """Typed output expressions for one column plus its error expression."""
    header, name, kind = column.header, column.name, column.kind
    error_name = f"{ERROR_PREFIX}{header}"
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
    if kind == "reported_value":  # typed by the row's measure: see second_pass
        return [_nonblank_text(header).alias(f"{name}_text")]
    if kind == "budget_code":  # needs typed level and year: see second_pass
        return [_nonblank_text(header).alias(f"{name}_as_reported")]
    if kind == "account_code":
        return _account_code_exprs(column, known_accounts)
    if kind == "program_codes":
        return _program_codes_exprs(column)
    if kind in ("polarity", "choice"):
        mapped, error = _choice_exprs(column)
        return [mapped.alias(name), error.alias(error_name)]
    if kind == "measure":
        return _measure_exprs(column)
    raise ValueError(f"unknown column kind {kind!r}")


def _account_code_exprs(column: Column, known_accounts: frozenset[str]) -> list[pl.Expr]:
    header = column.header
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
    return [_nonblank_text(header).alias(column.name), error.alias(f"{ERROR_PREFIX}{header}")]


def _program_codes_exprs(column: Column) -> list[pl.Expr]:
    """A list of program codes separated by ';', each in the format U.BB.PP."""
    listed = (
        _text(column.header)
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
    return [listed.fill_null([]).alias(column.name), error.alias(f"{ERROR_PREFIX}{column.header}")]


def _measure_exprs(column: Column) -> list[pl.Expr]:
    """A target or realisation as printed, whether it is blank, not available, a
    number (with its unit) or words, and the number itself; typed in the second pass."""
    header, name = column.header, column.name
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


def second_pass(column: Column) -> list[pl.Expr]:
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
            error.alias(f"{ERROR_PREFIX}{header}"),
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
        error.alias(f"{ERROR_PREFIX}{header}"),
    ]


def required_errors(entity: Entity) -> list[pl.Expr]:
    return [
        pl.when(_blank(c.header))
        .then(pl.lit("required value is empty"))
        .alias(f"{REQUIRED_PREFIX}{c.header}")
        for c in entity.columns
        if c.required
    ]


def typed_frame(
    frame: pl.DataFrame, entity: Entity, known_accounts: frozenset[str]
) -> pl.DataFrame:
    """``frame`` with every column typed and, per cell, the reason it fails (null if
    none) in a column named by ``ERROR_PREFIXES`` and the header."""
    numbers = [c for c in entity.columns if c.kind in ("amount", "percent")]
    cleaned = frame.with_columns(trimmed(h) for h in entity.headers).with_columns(
        number_text(c.header, c.kind).alias(f"{CLEAN_PREFIX}{c.header}") for c in numbers
    )
    first = [e for c in entity.columns for e in first_pass(c, known_accounts)]
    typed = cleaned.with_columns(*first, *required_errors(entity))
    return typed.with_columns(*[e for c in entity.columns for e in second_pass(c)])
