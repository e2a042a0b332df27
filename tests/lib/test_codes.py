"""Budget code validation and normalisation (Kepmendagri 050-5889)."""

import re

import polars as pl
import pytest

from pipelines.lib import codes
from pipelines.lib.codes import code_error_expr, normalise_code_expr, normalise_level_expr


@pytest.mark.parametrize(
    ("code", "level", "year", "expected"),
    [
        ("8.01.01", "program", 2022, "8.01.01"),
        ("8.01.01.2.01", "activity", 2022, "8.01.01.2.01"),
        ("8.01.01.2.01.0001", "sub_activity", 2022, "8.01.01.2.01.0001"),
        ("8.01.01.2.01.0001  ", "sub_activity", 2022, "8.01.01.2.01.0001"),  # trailing spaces
        ("8.01.01.2.01.01", "sub_activity", 2020, "8.01.01.2.01.0001"),  # legacy 2-digit
        ("8.01.01.2.01.01", "sub_activity", 2021, None),  # 2-digit after 2021: error
        ("1.01.01.02.01.0001", "sub_activity", 2022, None),  # wrong digit count (K=02)
        ("8.01.01.2.01", "program", 2022, None),  # a kegiatan code on a program row
        ("8.1", "program", 2022, None),  # Excel turned 8.10 into 8.1
    ],
)
def test_normalise_code_expr(code: str, level: str, year: int, expected: str | None):
    frame = pl.DataFrame({"code": [code], "level": [level], "year": [year]})
    assert frame.select(normalise_code_expr("code", "level", "year")).item() == expected


def test_code_error_expr_names_the_expected_format():
    frame = pl.DataFrame(
        {
            "code": ["8.1", "8.01.01.02.01", "8.01.01"],
            "level": ["program", "activity", "program"],
            "year": [2022, 2022, 2022],
        }
    )
    errors = frame.select(code_error_expr("code", "level", "year")).to_series().to_list()
    assert "looks like a number" in errors[0]
    assert "U.BB.PP.K.KK" in errors[1]
    assert errors[2] is None


def test_normalise_level_expr_accepts_the_ways_offices_write_levels():
    frame = pl.DataFrame(
        {"level": ["Program", "KEGIATAN", "Sub  Kegiatan", "subkegiatan", "bidang"]}
    )
    assert frame.select(normalise_level_expr("level")).to_series().to_list() == [
        "program",
        "activity",
        "sub_activity",
        "sub_activity",
        None,
    ]


def _by_pattern(code: str | None, level: str | None, year: int) -> str | None:
    """The rule as the module documents it: the level's pattern, legacy codes padded."""
    if code is None or level not in codes.CODE_PATTERNS:
        return None
    code = code.strip()
    legacy = re.match(codes.LEGACY_SUB_ACTIVITY_PATTERN, code)
    if level == "sub_activity" and year < codes.FOUR_DIGIT_SUB_ACTIVITY_SINCE and legacy:
        code = code[:-2] + "00" + code[-2:]
    return code if re.match(codes.CODE_PATTERNS[level], code) else None


def test_one_shape_and_a_length_check_equal_the_level_patterns():
    parts = ["8", "8.01", "8.01.01", "8.01.01.2", "8.01.01.2.01", "8.01.01.2.01.01"]
    parts += ["8.01.01.2.01.0001", "8.01.01.2.01.001", "8.01.01.2.01.00001", "8.1.01"]
    parts += ["x.01.01", "8.01.01.2.01.0a01", " 8.01.01 ", "8.01.01.", "", "08.01.01"]
    parts += ["8.01.01.12.01", "8.01.01.2.01.01.01", None]
    rows = [
        (code, level, year)
        for code in parts
        for level in [*codes.CODE_PATTERNS, "unknown", None]
        for year in (2019, 2020, 2021, 2024)
    ]
    frame = pl.DataFrame(
        rows, schema={"code": pl.String, "level": pl.String, "year": pl.Int16}, orient="row"
    )
    got = frame.select(normalise_code_expr("code", "level", "year")).to_series().to_list()
    assert got == [_by_pattern(*row) for row in rows]


@pytest.mark.parametrize(
    ("printed", "budget_part", "account_part", "spending_type"),
    [
        ("1.01.1.01.01.05.01.5.2.1.", "1.01.1.01.01.05.01", "5.2.1", "5.1.01"),
        ("1.01.01.01.05.01.5.2.2.01.01", "1.01.01.01.05.01", "5.2.2.01.01", "5.1.02"),
        ("1.02.1.02.01.01.01.5.2.3.01", "1.02.1.02.01.01.01", "5.2.3.01", "5.2"),
        ("1.20.1.20.03.01.5.1.8", "1.20.1.20.03.01", "5.1.8", "5.3.01"),
        ("1.02.1.02.01.01", "1.02.1.02.01.01", "", None),
    ],
)
def test_a_13_2006_code_splits_into_its_parts(printed, budget_part, account_part, spending_type):
    legacy = codes.legacy_code(printed)
    assert (legacy.budget_part, legacy.account_part) == (budget_part, account_part)
    assert legacy.spending_type == spending_type


@pytest.mark.parametrize(
    "printed", ["8.01.01.2.09", "1.02.01.2.01.0001", "5.1.02.01.01", "1.02.01", "8.1", "abc"]
)
def test_today_s_codes_are_no_13_2006_code(printed):
    assert codes.legacy_code(printed) is None
