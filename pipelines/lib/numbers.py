"""Strict parsing of Indonesian-formatted numbers (``12.588.628.067,00``, ``53,78``).

Parsing is vectorised with polars expressions so it scales to national data sets;
Babel is consulted only to explain a value that failed, so the error message can
suggest what the writer probably meant.

Accepted forms (after trimming, ``Rp``/``Rp.`` prefix, ``,-`` suffix, ``%`` suffix):

* ``12.588.628.067,00`` - dots group thousands, a comma starts the decimals;
* ``12588628067`` - no grouping at all;
* ``-`` (or an en/em dash) - *nihil*: reported as nothing (see ``dash_value``).

Anything else (``1.5``, ``12 000``, ``1,2,3``, ``abc``) is an error, never a
silent 0 or null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import polars as pl
from babel.numbers import NumberFormatError, parse_decimal

NumberKind = Literal["amount", "percent", "number"]

_STRICT_ID_NUMBER = r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"
DASHES = ["-", "\u2013", "\u2014"]  # nihil: hyphen, en dash, em dash
# a measure's cell that reports nothing ("n/a", "belum ada data"), lower case
NOT_AVAILABLE_PATTERN = r"^(n/?a|-|\u2013|\u2014|tidak ada( data)?|belum ada( data)?|t/?a/?d)$"
# a measure as written, lower case: an Indonesian number (group 1), then its unit
# (group 2: "%", "poin", "per 1.000 kh" …)
MEASURE_NUMBER_PATTERN = r"^(-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)\s*(%|[a-z][a-z /.]*)?$"
_RUPIAH_PREFIX = r"(?i)^rp\.?\s*"
_RUPIAH_SUFFIX = r"\s*,\s*[-\u2013\u2014]$"
_PERCENT_SUFFIX = r"\s*%$"

AMOUNT_DTYPE = pl.Decimal(18, 2)
PERCENT_DTYPE = pl.Decimal(12, 4)
NUMBER_DTYPE = pl.Decimal(20, 4)

_DTYPES: dict[str, pl.DataType] = {
    "amount": AMOUNT_DTYPE,
    "percent": PERCENT_DTYPE,
    "number": NUMBER_DTYPE,
}
_MAX_DECIMALS = {"amount": 2, "percent": 4, "number": 4}


@dataclass(frozen=True)
class ParsedColumn:
    """Expressions that parse one text column.

    ``value`` is the typed number (null when blank or a dash), ``decimals`` the
    number of decimals as printed, ``is_dash`` marks ``-``, ``is_blank`` an empty
    cell and ``error`` is null when the cell is acceptable, else the reason.
    """

    value: pl.Expr
    decimals: pl.Expr
    is_dash: pl.Expr
    is_blank: pl.Expr
    error: pl.Expr


def number_text(column: str, kind: NumberKind) -> pl.Expr:
    """``column`` trimmed, without its ``Rp`` / ``,-`` (amount) or ``%`` (other) affixes."""
    text = pl.col(column).str.replace_all("\u00a0", " ", literal=True).str.strip_chars()
    if kind == "amount":
        text = text.str.replace(_RUPIAH_PREFIX, "").str.replace(_RUPIAH_SUFFIX, "")
    else:
        text = text.str.replace(_PERCENT_SUFFIX, "")
    return text.str.strip_chars()


def parse_number_expr(column: str, kind: NumberKind, cleaned: bool = False) -> ParsedColumn:
    """Build the polars expressions that parse ``column`` as an Indonesian number
    (``cleaned``: the column already holds :func:`number_text`, computed once)."""
    text = pl.col(column) if cleaned else number_text(column, kind)
    is_blank = text.is_null() | (text == "")
    is_dash = text.is_in(DASHES).fill_null(False)
    is_valid = text.str.contains(_STRICT_ID_NUMBER).fill_null(False)
    comma = text.str.find(",", literal=True)  # a valid number has at most one
    decimals = (
        pl.when(comma.is_not_null())
        .then(text.str.len_bytes() - comma - 1)
        .otherwise(0)
        .clip(upper_bound=99)  # "too many" either way, and fits the type
        .cast(pl.Int8)
    )
    machine = text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    value = (
        pl.when(is_valid & (decimals <= _MAX_DECIMALS[kind]))
        .then(machine)
        .otherwise(None)
        .cast(_DTYPES[kind], strict=False)
    )
    error = (
        pl.when(is_blank | is_dash)
        .then(None)
        .when(~is_valid)
        .then(pl.lit("not a number in Indonesian format"))
        .when(decimals > _MAX_DECIMALS[kind])
        .then(pl.lit(f"more than {_MAX_DECIMALS[kind]} decimals for a {kind}"))
        .when(value.is_null())  # a valid number too large for the column: never a NULL
        .then(pl.lit(out_of_range(kind)))
        .otherwise(None)
    )
    return ParsedColumn(
        value=value,
        decimals=pl.when(is_valid).then(decimals).otherwise(None),
        is_dash=is_dash,
        is_blank=is_blank,
        error=error,
    )


def out_of_range(kind: NumberKind) -> str:
    """Why a well-written number does not fit its column."""
    dtype = _DTYPES[kind]
    digits = dtype.precision - dtype.scale
    return f"out of range for the {kind} column: at most {digits} digits before the decimal comma"


def explain_number_error(raw: str, kind: NumberKind) -> str:
    """Return a human explanation of why ``raw`` is not a valid number.

    Uses Babel's strict Indonesian parser, whose messages suggest the value the
    writer most likely meant (``'1.5' ... Did you mean '15'? Or maybe '1,5'?``).
    """
    frame = pl.DataFrame({"v": [raw]})
    cleaned = frame.select(number_text("v", kind)).item()
    if pl.DataFrame({"v": [cleaned]}).select(pl.col("v").str.contains(_STRICT_ID_NUMBER)).item():
        comma = cleaned.find(",")
        if comma >= 0 and len(cleaned) - comma - 1 > _MAX_DECIMALS[kind]:
            return f"{raw!r} has more than {_MAX_DECIMALS[kind]} decimals for a {kind}"
        return f"{raw!r}: {out_of_range(kind)}"
    try:
        parse_decimal(cleaned, locale="id", strict=True)
    except NumberFormatError as exc:
        return f"not a number in Indonesian format: {exc}"
    return (
        f"not a number in Indonesian format: {raw!r} (a decimal comma needs digits on both sides)"
    )


def parse_number(raw: str | None, kind: NumberKind) -> Decimal | None:
    """Parse one value; raise ``ValueError`` with the reason when it is invalid.

    Convenience for single values (CLI, tests); bulk parsing uses
    :func:`parse_number_expr`. Blank and dash both return ``None``.
    """
    parsed = parse_number_expr("v", kind)
    row = pl.DataFrame({"v": [raw]}, schema={"v": pl.String}).select(
        value=parsed.value, error=parsed.error
    )
    if row["error"][0] is not None:
        raise ValueError(explain_number_error(raw or "", kind))
    value = row["value"][0]
    return None if value is None else Decimal(value)


# the same grammar for one value at a time: finance export cells, document text
_STRICT_ID_NUMBER_RE = re.compile(_STRICT_ID_NUMBER)
_RUPIAH_PREFIX_RE = re.compile(_RUPIAH_PREFIX)
_RUPIAH_SUFFIX_RE = re.compile(_RUPIAH_SUFFIX)


def is_currency_mark(text: str | None) -> bool:
    """A cell holding only "Rp" (or "Rp."), also broken over lines by a narrow column
    ("R" / "p"): a mark printed beside a figure, no figure itself."""
    return bool(re.fullmatch(r"rp\.?", "".join((text or "").split()).lower()))


def amount_value(text: str | None) -> Decimal | None:
    """One amount as printed in an export or a document: Indonesian notation, at most
    2 decimals, ``Rp`` prefix and ``,-`` suffix allowed, a negative in parentheses
    (``(451.393.295,00)``), a dash or nothing for nil (0); None when it is not one
    (``Rp`` alone included)."""
    printed = (text or "").replace("\u00a0", " ").strip()
    text = _RUPIAH_SUFFIX_RE.sub("", _RUPIAH_PREFIX_RE.sub("", printed)).strip()
    if printed and not text:  # "Rp" alone: the figure is missing, it is no nil
        return None
    if text in ("", *DASHES):
        return Decimal(0)
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    value = number_value(text, _MAX_DECIMALS["amount"])
    if value is None or (text.startswith("-") and negative):
        return None
    return -value if negative else value


def number_value(text: str | None, max_decimals: int | None = None) -> Decimal | None:
    """One number in Indonesian notation (``93,6``, ``1.234,5``, ``-2``), a ``%``
    suffix allowed; None when it is not one (``93.6`` included: a dot groups
    thousands) or has more than ``max_decimals`` decimals."""
    text = re.sub(_PERCENT_SUFFIX, "", (text or "").replace("\u00a0", " ").strip())
    if not _STRICT_ID_NUMBER_RE.match(text):
        return None
    decimals = len(text) - text.index(",") - 1 if "," in text else 0
    if max_decimals is not None and decimals > max_decimals:
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


_PLAIN = re.compile(r"^-?\d+$")
_DOTS_THOUSANDS = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")
_COMMAS_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+$")
_MACHINE = re.compile(r"^-?\d+\.\d+(?:[eE][-+]?\d+)?$")


def amount_any_convention(text: str | None) -> Decimal | None:
    """One rupiah amount written in either convention, as finance systems of other
    regions export them (``1.234.567,89``, ``1,234,567.89``, ``1234567.89`` from a
    number cell, ``(1.000)``, ``Rp 5.000,-``, ``-`` for nil). Rupiah carry at most two
    decimals, so a lone separator before three digits groups thousands
    (``808.430`` and ``808,430`` are 808 430), before one or two it is the decimal
    mark; more digits after a lone dot are a number cell's float (``1.20000002``)."""
    value = amount_value(text)
    if value is not None:
        return value
    raw = (text or "").replace("\u00a0", " ").strip()
    raw = _RUPIAH_SUFFIX_RE.sub("", _RUPIAH_PREFIX_RE.sub("", raw)).strip()
    negative = raw.startswith("(") and raw.endswith(")")
    body = raw[1:-1].strip() if negative else raw
    if "," in body and "." in body:  # both: the last one is the decimal mark
        decimal_mark = "," if body.rindex(",") > body.rindex(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole, _, fraction = body.rpartition(decimal_mark)
        if not (_PLAIN.match(whole.replace(grouping, "")) and fraction.isdigit()):
            return None
        if len(fraction) > 2:
            return None
        number = Decimal(whole.replace(grouping, "") + "." + fraction)
    elif _COMMAS_THOUSANDS.match(body) or _DOTS_THOUSANDS.match(body):
        number = Decimal(body.replace(",", "").replace(".", ""))
    elif _MACHINE.match(body):
        number = Decimal(body).quantize(Decimal("0.01"))
    elif re.match(r"^-?\d+,\d{1,2}$", body):
        number = Decimal(body.replace(",", "."))
    else:
        return None
    if negative and number < 0:
        return None
    return -number if negative else number
