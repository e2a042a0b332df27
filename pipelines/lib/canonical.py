"""The short typing path for cells written the canonical way.

Nearly every cell of an extract is written one way: ``58.750.294.000,00``, ``83,91``,
``90%``, ``Rp. 120.306.748.000,-``, an ASCII code, a name without stray spaces. A row of
such cells cannot fail a rule and needs no trimming, NBSP or affix cleaning, so a few
expressions type it. :func:`pipelines.lib.cleaning.type_table` takes this path first and
gives every other row to the full rules, which explain each problem; both give the same
values (tests/lib/test_cleaning_canonical.py types cells of every kind both ways).
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
from pipelines.lib.numbers import AMOUNT_DTYPE, DASHES, NUMBER_DTYPE, PERCENT_DTYPE
from pipelines.lib.readers import NUMERIC_CELLS

IS_CANONICAL = "__canonical__"
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
            & ~cell.str.starts_with("0.")  # urusan 0 is an error: the rules explain it
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
    """The loaded columns of every row as if it were canonical, and ``IS_CANONICAL``:
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
        pl.all_horizontal(checks).fill_null(False).alias(IS_CANONICAL),
    )
