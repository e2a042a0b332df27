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
from pipelines.lib.contract import (
    AMOUNT_MEASURES,
    COUNT_MEASURES,
    TEXT_MEASURES,
    Column,
    Entity,
)
from pipelines.lib.numbers import (
    AMOUNT_DTYPE,
    DASHES,
    NUMBER_DTYPE,
    PERCENT_DTYPE,
    explain_number_error,
    number_text,
    parse_number_expr,
)
from pipelines.lib.readers import NUMERIC_CELLS, SOURCE_ROW

NOT_AVAILABLE_PATTERN = r"^(n/?a|-|\u2013|\u2014|tidak ada( data)?|belum ada( data)?|t/?a/?d)$"
MEASURE_NUMBER_PATTERN = r"^(-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)\s*(?:%|[a-z][a-z /.]*)?$"
_ERROR = "__error__"
_NUMBER_KIND_OF_ERROR = "__number_kind__"


@dataclass(frozen=True)
class TypedTable:
    """The outcome of typing one table: loaded rows and problems by cell."""

    loaded: pl.DataFrame
    problems: pl.DataFrame
    rows_in: int


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
    allowed = ", ".join(column.choices)
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
    else:  # '-' in a percentage column means not reported
        value = parsed.value.cast(PERCENT_DTYPE)
    exprs = [value.alias(column.name), parsed.error.alias(f"{_ERROR}{column.header}")]
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
            pl.format("level '{}' is not program, kegiatan or sub kegiatan", _text(header)),
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
        return [normalised.alias(name), error.alias(f"{_ERROR}{header}")]
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


LINEAGE = (
    "delivery_key",
    "source_file",
    "source_sheet",
    SOURCE_ROW,
    "delivery_year",
    "delivery_agency_id",
)


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
    if not canonical_first:
        return _type_by_rules(frame, entity, known_accounts, key)
    carried = [key, *(c for c in LINEAGE if c in frame.columns)]
    fast = type_canonical(frame, entity, known_accounts, carried)
    is_canonical = fast.get_column(_CANONICAL)
    if not is_canonical.any():
        return _type_by_rules(frame, entity, known_accounts, key)
    rest = _type_by_rules(frame.filter(~is_canonical), entity, known_accounts, key)
    loaded = fast.filter(is_canonical).drop(_CANONICAL).cast(rest.loaded.schema)
    if not rest.loaded.is_empty():
        loaded = pl.concat([loaded, rest.loaded]).sort(key)
    return TypedTable(loaded=loaded, problems=rest.problems, rows_in=frame.height)


# ---------------------------------------------------------------- canonical cells
# Nearly every cell of an extract is written one way: 58.750.294.000,00, 83,91, 90%,
# Rp. 120.306.748.000,-, an ASCII code, a name without stray spaces. A row of such
# cells cannot fail a rule and needs no trimming, NBSP or affix cleaning, so a few
# expressions type it: 566 000 budget lines in 0,63 s instead of 2,15 s. They give
# exactly what the full rules give for those cells (tests/lib/test_cleaning_canonical.py
# types cells of every kind both ways). Anything else, including every cell a rule
# would reject, takes the rules.
_CANONICAL = "__canonical__"
# an amount fits Decimal(18, 2) and a percentage Decimal(12, 4); ASCII digits only
_AMOUNT_NUMBER = r"-?(?:[0-9]{1,3}(?:\.[0-9]{3}){1,4}|[0-9]{1,15})(?:,[0-9]{1,2})?"
_PERCENT_NUMBER = r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})?|[0-9]{1,7})(?:,[0-9]{1,4})?"
_CANONICAL_AMOUNT = f"^{_AMOUNT_NUMBER}$"
_CANONICAL_PERCENT = f"^{_PERCENT_NUMBER}$"
# an amount as the office's summaries print it (Rp. 120.306.748.000,-): what it holds
_CANONICAL_RUPIAH = rf"^(?:Rp\.? ?)?({_AMOUNT_NUMBER})(?:,-)?$"
# a percentage or a plain figure, with or without % (90%, 73,11%, 1930): what it holds
_CANONICAL_FIGURE = rf"^({_PERCENT_NUMBER})%?$"
# the codes' own patterns, with ASCII digits (\d also matches other scripts' digits)
_CANONICAL_CODE = codes.CODE_SHAPE_PATTERN.replace(r"\d", "[0-9]")
_PROGRAM_CODE = codes.PROGRAM_CODE_PATTERN.strip("^$").replace(r"\d", "[0-9]")
_CANONICAL_PROGRAMS = rf"^{_PROGRAM_CODE}(?:;{_PROGRAM_CODE})*$"
# typed once, read by other columns' expressions: the level and year by the code, the
# measure by the reported value
_LEVEL, _YEAR, _MEASURE = "__level__", "__year__", "__measure__"


def _spellings(choices: dict[str, str]) -> dict[str, str]:
    """Each choice as written in lower, Title, Capitalised and UPPER case."""
    return {
        spelling: value
        for written, value in choices.items()
        for spelling in (written, written.title(), written.capitalize(), written.upper())
    }


_CANONICAL_LEVELS = _spellings(codes.LEVEL_ALIASES)


def _text_is_canonical(cell: pl.Expr) -> pl.Expr:
    """No space at either end (as ``strip_chars`` sees one) and no NBSP anywhere."""
    return (cell.str.strip_chars() == cell) & ~cell.str.contains("\u00a0", literal=True)


def _is_canonical(column: Column, known_accounts: frozenset[str]) -> pl.Expr:
    cell, kind = pl.col(column.header), column.kind
    if kind == "year":
        check = cell.str.contains(r"^[0-9]{4}$")
    elif kind in ("agency", "text"):
        check = _text_is_canonical(cell) & (cell != "")
    elif kind == "level":
        check = pl.col(_LEVEL).is_not_null()
    elif kind == "budget_code":
        length = cell.str.len_bytes()
        expected = pl.col(_LEVEL).replace_strict(
            codes.CODE_LENGTHS, default=None, return_dtype=pl.UInt32
        )
        check = (
            cell.str.contains(_CANONICAL_CODE)
            & ((length == expected) | _is_legacy_code(cell))
            & ~pl.col(NUMERIC_CELLS).list.contains(column.header)
        )
    elif kind == "amount":
        check = cell.str.contains(_CANONICAL_AMOUNT) | cell.is_in(DASHES)
    elif kind == "percent":
        check = cell.str.contains(_CANONICAL_PERCENT) | cell.is_in(DASHES)
    elif kind == "integer":
        check = cell.str.contains(r"^[0-9]{1,9}$")
    elif kind == "account_code":
        check = cell.is_in(sorted(known_accounts)) & cell.str.contains(r"^[0-9.]+$")
        check &= cell.str.contains(codes.ACCOUNT_TYPE_PATTERN)
    elif kind in ("polarity", "choice"):
        check = cell.is_in(list(_spellings(column.choices)))
    elif kind == "measure":  # a figure (90, 90%), typed by the number it holds
        check = cell.str.contains(_CANONICAL_FIGURE)
    elif kind == "program_codes":
        check = cell.str.contains(_CANONICAL_PROGRAMS)
    elif kind == "reported_value":  # by the row's measure
        measure = pl.col(_MEASURE)
        check = (
            pl.when(measure.is_in(AMOUNT_MEASURES))
            .then(cell.str.contains(_CANONICAL_RUPIAH) | cell.is_in(DASHES))
            .when(measure.is_in(TEXT_MEASURES))
            .then(_text_is_canonical(cell) & (cell != ""))
            .when(measure.is_in(COUNT_MEASURES))
            .then(cell.str.contains(r"^[0-9]{1,7}$"))
            .otherwise(cell.str.contains(_CANONICAL_FIGURE) | cell.is_in(DASHES))
        )
    else:
        raise ValueError(f"no canonical form for kind {kind!r}")
    check = check.fill_null(False)
    return check if column.required else check | cell.is_null()


def _is_legacy_code(cell: pl.Expr) -> pl.Expr:
    """A 2-digit sub kegiatan number, padded to 4 digits before 2021 (see codes)."""
    return (
        (cell.str.len_bytes() == codes.LEGACY_SUB_ACTIVITY_LENGTH)
        & (pl.col(_LEVEL) == "sub_activity")
        & (pl.col(_YEAR) < codes.FOUR_DIGIT_SUB_ACTIVITY_SINCE)
    )


def _canonical_number(number: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A canonical number (``58.750.294.000,00``) as ``dtype``."""
    machine = number.str.replace_all(".", "", literal=True)
    return machine.str.replace(",", ".", literal=True).cast(dtype, strict=False)


def _canonical_value(column: Column) -> list[pl.Expr]:
    """The loaded columns of one canonical cell, named as the rules name them."""
    cell, name, kind = pl.col(column.header), column.name, column.kind
    if kind == "year":
        return [pl.col(_YEAR).alias(name)]
    if kind in ("agency", "text", "account_code"):
        return [cell.alias(name)]
    if kind == "level":
        return [pl.col(_LEVEL).alias(name)]
    if kind == "budget_code":
        cut = codes.LEGACY_SUB_ACTIVITY_LENGTH - 2
        padded = cell.str.slice(0, cut) + pl.lit("00") + cell.str.slice(cut)
        code = pl.when(_is_legacy_code(cell)).then(padded).otherwise(cell)
        return [code.alias(name), cell.alias(f"{name}_as_reported")]
    if kind == "amount":  # a dash is nihil: 0
        value = pl.when(cell.is_in(DASHES)).then(0).otherwise(_canonical_number(cell, AMOUNT_DTYPE))
        return [value.cast(AMOUNT_DTYPE).alias(name)]
    if kind == "percent":  # a dash is not reported: null
        number = pl.when(~cell.is_in(DASHES)).then(cell)
        return [
            _canonical_number(number, PERCENT_DTYPE).alias(name),
            _decimals(number).alias(f"{name}_decimals"),
        ]
    if kind == "integer":
        return [cell.cast(pl.Int32, strict=False).alias(name)]
    if kind in ("polarity", "choice"):
        mapped = cell.replace_strict(
            _spellings(column.choices), default=None, return_dtype=pl.String
        )
        return [mapped.alias(name)]
    if kind == "program_codes":
        return [cell.str.split(";").fill_null([]).alias(name)]
    if kind == "measure":
        figure = _figure(cell)
        status = pl.when(cell.is_null()).then(pl.lit("blank")).otherwise(pl.lit("number"))
        return [
            cell.alias(f"{name}_text"),
            _canonical_number(figure, NUMBER_DTYPE).alias(f"{name}_value"),
            status.alias(f"{name}_status"),
        ]
    if kind == "reported_value":
        measure, figure = pl.col(_MEASURE), _figure(cell)
        is_amount, is_text = measure.is_in(AMOUNT_MEASURES), measure.is_in(TEXT_MEASURES)
        amount = cell.str.extract(_CANONICAL_RUPIAH, 1)
        number = (
            pl.when(is_amount)
            .then(_canonical_number(amount, AMOUNT_DTYPE).cast(NUMBER_DTYPE))
            .when(is_text)
            .then(None)
            .otherwise(_canonical_number(figure, PERCENT_DTYPE).cast(NUMBER_DTYPE))
        )
        return [
            cell.alias(f"{name}_text"),
            number.alias(f"{name}_number"),
            pl.when(is_amount | is_text)
            .then(None)
            .otherwise(_decimals(figure))
            .alias(f"{name}_decimals"),
        ]
    raise ValueError(f"no canonical form for kind {kind!r}")


def _figure(cell: pl.Expr) -> pl.Expr:
    """The number a canonical figure holds (``73,11%`` → ``73,11``; a dash: null)."""
    return cell.str.extract(_CANONICAL_FIGURE, 1)


def _decimals(number: pl.Expr) -> pl.Expr:
    """Decimals of a canonical number as written (``83,91``: 2); null for none."""
    comma = number.str.find(",", literal=True)
    written = pl.when(comma.is_not_null()).then(number.str.len_bytes() - comma - 1)
    return pl.when(number.is_not_null()).then(written.fill_null(0)).cast(pl.Int8)


def type_canonical(
    frame: pl.DataFrame, entity: Entity, known_accounts: frozenset[str], carried: list[str]
) -> pl.DataFrame:
    """The loaded columns of every row as if it were canonical, and ``__canonical__``:
    whether it is (the values of the other rows mean nothing)."""
    level = next((c.header for c in entity.columns if c.kind == "level"), None)
    year = next(c.header for c in entity.columns if c.kind == "year")
    measure = next((c for c in entity.columns if c.name == "measure"), None)
    typed_first = [pl.col(year).cast(pl.Int16, strict=False).alias(_YEAR)]
    if level:
        typed_first.append(
            pl.col(level)
            .replace_strict(_CANONICAL_LEVELS, default=None, return_dtype=pl.String)
            .alias(_LEVEL)
        )
    if measure:
        typed_first.append(_canonical_value(measure)[0].alias(_MEASURE))
    checks = [_is_canonical(c, known_accounts) for c in entity.columns]
    return frame.with_columns(typed_first).select(
        *dict.fromkeys(carried),
        *(e for c in entity.columns for e in _canonical_value(c)),
        pl.all_horizontal(checks).fill_null(False).alias(_CANONICAL),
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
    output = list(carried)
    for column in entity.columns:
        if column.kind == "measure":
            output += [f"{column.name}_text", f"{column.name}_value", f"{column.name}_status"]
        elif column.kind == "budget_code":
            output += [column.name, f"{column.name}_as_reported"]
        elif column.kind == "percent":
            output += [column.name, f"{column.name}_decimals"]
        elif column.kind == "reported_value":
            output += [f"{column.name}_text", f"{column.name}_number", f"{column.name}_decimals"]
        else:
            output.append(column.name)
    loaded = typed.filter(~pl.col(key).is_in(bad_keys)).select(output)
    return TypedTable(loaded=loaded, problems=problems, rows_in=frame.height)
