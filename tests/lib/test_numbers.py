"""The strict Indonesian number parser: real formats of the seed report and bad ones."""

from decimal import Decimal

import polars as pl
import pytest
from babel.numbers import NumberFormatError, parse_decimal

from pipelines.lib.numbers import parse_number, parse_number_expr

# Every number notation the seed report prints, with the value it means.
SEED_FORMATS = [
    ("12.588.628.067,00", "amount", Decimal("12588628067")),  # Tabel 3.7 total
    ("Rp. 12.588.682.067,-", "amount", Decimal("12588682067")),  # Ikhtisar Eksekutif
    ("Rp. 1.695.170.000,-", "amount", Decimal("1695170000")),  # section 3.2, hibah
    ("Rp 978.967.000,-", "amount", Decimal("978967000")),
    ("4.644.143.000", "amount", Decimal("4644143000")),
    ("-", "amount", None),  # nihil
    ("53,78", "percent", Decimal("53.78")),  # Tabel 3.5, capaian 2021
    ("100%", "percent", Decimal("100")),
    ("109 %", "percent", Decimal("109")),
    ("72,07 %", "percent", Decimal("72.07")),
    ("90,04", "percent", Decimal("90.04")),
    ("100,00", "percent", Decimal("100")),
]

MALFORMED = [
    ("1.5", "percent", "Did you mean"),  # English decimal point
    ("12 000", "amount", "not a valid decimal"),  # space as thousands separator
    ("1.23.4", "amount", "Did you mean"),  # broken grouping
    ("abc", "amount", "not a valid decimal"),
    ("4.644.143.000,5,0", "amount", "not a"),  # two decimal commas
    ("1,234", "amount", "more than 2 decimals"),  # rupiah with 3 decimals
    ("12,5O", "percent", "not a"),  # letter O for zero
]


@pytest.mark.parametrize(("text", "kind", "expected"), SEED_FORMATS)
def test_parse_number_reads_seed_formats(text: str, kind: str, expected: Decimal | None):
    assert parse_number(text, kind) == expected


@pytest.mark.parametrize(("text", "kind", "reason"), MALFORMED)
def test_parse_number_rejects_malformed_with_reason(text: str, kind: str, reason: str):
    with pytest.raises(ValueError, match=reason):
        parse_number(text, kind)


def test_parse_number_never_turns_blank_into_zero():
    assert parse_number(None, "amount") is None
    assert parse_number("  ", "percent") is None


def test_parse_number_expr_records_printed_decimals():
    frame = pl.DataFrame({"v": ["90,04", "100", "91,6", None]})
    parsed = parse_number_expr("v", "percent")
    out = frame.select(value=parsed.value, decimals=parsed.decimals, error=parsed.error)
    assert out["decimals"].to_list() == [2, 0, 1, None]
    assert out["error"].null_count() == 4


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "7",
        "12",
        "123",
        "1.234",
        "12.345.678",
        "0,5",
        "1.000,25",
        "-5,5",
        "999.999,99",
        "1.2",
        "12.34",
        "1.2345",
        "1,2,3",
        "1..2",
        "1.000.00",
        "00,1",
    ],
)
def test_parse_number_agrees_with_babel_strict(text: str):
    """Babel's strict Indonesian parser is the reference: accept what it accepts."""
    try:
        expected = parse_decimal(text, locale="id", strict=True)
    except NumberFormatError:
        expected = None
    try:
        got = parse_number(text, "number")
    except ValueError:
        got = None
    assert got == expected


@pytest.mark.parametrize(("text", "babel_reads"), [(",5", "0.5"), ("5,", "5")])
def test_parse_number_is_stricter_than_babel_on_bare_comma(text: str, babel_reads: str):
    """Babel accepts a comma without digits on one side; that is a typo, so an error."""
    assert parse_decimal(text, locale="id", strict=True) == Decimal(babel_reads)
    with pytest.raises(ValueError, match="digits on both sides"):
        parse_number(text, "number")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("12.345.678.901.234.567", "amount"),  # 17 digits: more than Decimal(18, 2) holds
        ("123.456.789,00", "percent"),  # 9 digits: more than Decimal(12, 4) holds
    ],
)
def test_a_number_too_large_for_its_column_is_an_error_never_a_null(text: str, kind: str):
    with pytest.raises(ValueError, match=r"out of range for the .* column"):
        parse_number(text, kind)


def test_an_out_of_range_cell_is_recorded_by_both_typing_paths():
    """Never a silent NULL: a required cell quarantines its row, an optional one is
    nulled and recorded with the column and reason."""
    from pipelines.lib.cleaning import type_table
    from pipelines.lib.contract import ENTITIES_BY_SHEET
    from pipelines.lib.headers import complete_columns
    from pipelines.lib.readers import NUMERIC_CELLS, SOURCE_ROW

    entity = ENTITIES_BY_SHEET["anggaran"]
    cells = {"tahun": "2024", "kode_opd": "x", "level": "program", "kode": "8.01.01"}
    frame = pl.DataFrame(
        [
            {**cells, "nama": "A", "anggaran": "12.345.678.901.234.567", "realisasi_keuangan": "1"},
            {
                **cells,
                "nama": "B",
                "anggaran": "1",
                "realisasi_keuangan": "1",
                "persen_dilaporkan": "123.456.789,00",
            },
        ]
    ).with_columns(
        pl.lit([], pl.List(pl.String)).alias(NUMERIC_CELLS),
        pl.Series(SOURCE_ROW, [2, 3], pl.Int32),
    )
    frame = complete_columns(frame, entity)
    for canonical_first in (True, False):
        typed = type_table(frame, entity, canonical_first=canonical_first)
        # a required amount out of range quarantines its row; an optional percentage
        # out of range is nulled in a row that is loaded
        assert typed.problems.select("source_row", "column").rows() == [(2, "anggaran")]
        assert typed.nulled.select("source_row", "column").rows() == [(3, "persen_dilaporkan")]
        assert typed.loaded.select("source_row", "reported_absorption_percent").rows() == [
            (3, None)
        ]


@pytest.mark.parametrize(
    "text",
    [
        "12.588.628.067,00",
        "53,78",
        "Rp 1.973.800.860,-",
        "-5",
        "1.5",
        "12 000",
        "1,2,3",
        "x",
        "0,123",
        "1.234",
        "-",
        "",
    ],
)
def test_the_scalar_and_the_expression_read_an_amount_alike(text):
    """One grammar: what one value's parse accepts, the column parse accepts, alike."""
    from pipelines.lib.numbers import amount_value

    try:
        expected = parse_number(text, "amount")
    except ValueError:
        expected = "error"
    scalar = amount_value(text)
    if expected == "error":
        assert scalar is None
    else:
        assert scalar == (expected or 0)  # blank and dash: nihil, 0 for an export cell


def test_a_negative_in_parentheses_is_an_amount():
    from pipelines.lib.numbers import amount_value, number_value

    assert amount_value("(451.393.295,00)") == -451393295
    assert amount_value("1.000 + 2.000") is None
    assert number_value("93,6 %") == Decimal("93.6")
    assert number_value("93.6") is None  # a dot groups thousands


def test_a_currency_mark_alone_is_no_amount_and_no_nil():
    from pipelines.lib.numbers import amount_value

    assert amount_value("Rp") is None
    assert amount_value("Rp.") is None
    assert amount_value("") == 0  # nothing printed: nil
    assert amount_value("Rp -") == 0  # a dash: nil
    assert amount_value("Rp 1.000,00") == 1000
