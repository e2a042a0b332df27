"""Golden test: the marts reproduce the published figures of the real report.

Every expected value is typed in from the LKjIP 2022 of Badan Kesbangpol Musi
Banyuasin (tests/fixtures/documents/), with the section it comes from; none is copied from
the pipeline's output. Percentages are compared at the precision the report prints.
"""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.integration
AGENCY = "muba-kesbangpol"


def percent(rate: float, decimals: int = 2) -> Decimal:
    """A 0-1 rate as the report prints it: percent, half-up, ``decimals`` places."""
    quantum = Decimal(1).scaleb(-decimals)
    return (Decimal(repr(rate)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def con(bundled_warehouse: Path):
    with duckdb.connect(str(bundled_warehouse), read_only=True) as connection:
        yield connection


def test_total_absorption_is_90_04_percent(con):
    """Ikhtisar Eksekutif and Tabel 3.7: realisasi 11.334.430.823 = 90,04 %."""
    budget, realized, rate = con.execute(
        "select budget_idr, realized_idr, absorption_rate from marts.agency_years "
        "where agency_id = ? and fiscal_year = 2022",
        [AGENCY],
    ).fetchone()
    assert (budget, realized) == (Decimal("12588628067"), Decimal("11334430823"))
    assert percent(rate) == Decimal("90.04")


def test_program_absorptions_of_tabel_3_7(con):
    rows = con.execute(
        "select budget_code, absorption_rate from marts.budget_lines "
        "where agency_id = ? and fiscal_year = 2022 and budget_level = 'program' order by 1",
        [AGENCY],
    ).fetchall()
    assert [(code, percent(rate)) for code, rate in rows] == [
        ("8.01.01", Decimal("92.15")),
        ("8.01.02", Decimal("75.66")),
        ("8.01.03", Decimal("98.85")),
        ("8.01.04", Decimal("70.60")),
        ("8.01.05", Decimal("69.68")),
        ("8.01.06", Decimal("72.07")),
    ]


def test_savings_per_sasaran_of_bab_3_1(con):
    rows = con.execute(
        "select objective_no, savings_idr, savings_rate from marts.objective_achievements "
        "where agency_id = ? and fiscal_year = 2022 order by 1",
        [AGENCY],
    ).fetchall()
    assert [(no, savings, percent(rate)) for no, savings, rate in rows] == [
        (1, Decimal("218640916"), Decimal("27.93")),
        (2, Decimal("31775400"), Decimal("1.15")),
        (3, Decimal("85934714"), Decimal("29.40")),
        (4, Decimal("591992963"), Decimal("7.85")),
    ]


def test_pemilu_indicator_is_109_percent_sangat_baik(con):
    """Tabel 3.3: target 75 %, realisasi 82 % → 109 %, kategori Sangat Baik."""
    target, realized, rate, category = con.execute(
        "select target_value, realized_value, achievement_rate, category_name "
        "from marts.indicator_achievements where agency_id = ? and fiscal_year = 2022 "
        "and objective_no = 2",
        [AGENCY],
    ).fetchone()
    assert (target, realized) == (Decimal(75), Decimal(82))
    assert percent(rate, 0) == Decimal(109)
    assert category == "Sangat Baik"


def test_other_indicators_are_100_percent_baik(con):
    """Tabel 3.2, 3.4, 3.5: six indicators at 100 %, kategori Baik."""
    rows = con.execute(
        "select achievement_rate, category_name from marts.indicator_achievements "
        "where agency_id = ? and fiscal_year = 2022 and objective_no <> 2",
        [AGENCY],
    ).fetchall()
    assert len(rows) == 6
    assert {(percent(rate, 0), category) for rate, category in rows} == {(Decimal(100), "Baik")}


def test_spending_types_of_section_3_2(con):
    rows = con.execute(
        "select account_code, budget_idr, realized_idr from marts.spending_by_type "
        "where agency_id = ? and fiscal_year = 2022 order by 1",
        [AGENCY],
    ).fetchall()
    assert rows == [
        ("5.1.01", Decimal("4644143000"), Decimal("4248443909")),  # pegawai
        ("5.1.02", Decimal("5190695674"), Decimal("4411849914")),  # barang dan jasa
        ("5.1.05", Decimal("1695170000"), Decimal("1695170000")),  # hibah
        ("5.2", Decimal("1058619393"), Decimal("978967000")),  # modal
    ]


def test_reported_values_stand_beside_recomputed_ones(con):
    """Tabel 3.3 prints the Renstra figure as 75 %; it is kept, not overwritten."""
    reported, renstra = con.execute(
        "select reported_achievement_rate, reported_strategic_plan_achievement_rate "
        "from marts.indicator_achievements where agency_id = ? and fiscal_year = 2022 "
        "and objective_no = 2",
        [AGENCY],
    ).fetchone()
    assert (percent(reported, 0), percent(renstra, 0)) == (Decimal(109), Decimal(75))
