"""The real report (LKjIP 2022 Badan Kesbangpol Musi Banyuasin) ingests to the rupiah.

Every expected figure below is copied from the report itself
(tests/fixtures/documents/lkjip-2022-kesbangpol-musi-banyuasin.txt), not from the code.
"""

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_agencies
from tests.conftest import rows_accounted


@pytest.fixture
def seed(seed_raw: Path, known_accounts: frozenset[str]) -> dict[str, pl.DataFrame]:
    return ingest_raw_tree(seed_raw, read_agencies(seed_raw / "reference"), known_accounts)


def test_seed_loads_without_quarantine(seed):
    assert seed["quarantine"].is_empty()
    rows_in, loaded, quarantined = rows_accounted(seed)
    assert (rows_in, loaded, quarantined) == (rows_in, rows_in, 0)


def test_seed_has_6_programs_12_kegiatan_32_sub_kegiatan(seed):
    counts = dict(seed["budget_lines"].group_by("level").len().iter_rows())
    assert counts == {"program": 6, "activity": 12, "sub_activity": 32}  # Ikhtisar Eksekutif


def test_seed_program_totals_match_tabel_3_7(seed):
    programs = seed["budget_lines"].filter(pl.col("level") == "program")
    assert programs["budget_idr"].sum() == Decimal("12588628067")  # Tabel 3.7 total row
    assert programs["realized_idr"].sum() == Decimal("11334430823")
    by_code = {
        r["code"]: (r["budget_idr"], r["realized_idr"]) for r in programs.iter_rows(named=True)
    }
    assert by_code["8.01.06"] == (Decimal("782929600"), Decimal("564288684"))  # sasaran 1 text
    assert by_code["8.01.03"] == (Decimal("2757691000"), Decimal("2725915600"))


def test_seed_keeps_the_kegiatan_that_does_not_add_up(seed):
    """Tabel 3.7 prints 435.696.492 for a kegiatan whose sub kegiatan sum to 440.696.492."""
    lines = seed["budget_lines"]
    kegiatan = lines.filter(pl.col("code") == "8.01.01.2.09")
    subs = lines.filter(pl.col("code").str.starts_with("8.01.01.2.09."))
    assert kegiatan["budget_idr"].item() == Decimal("435696492")
    assert subs["budget_idr"].sum() == Decimal("440696492")
    assert subs.height == 4


def test_seed_spending_types_match_section_3_2(seed):
    spending = {
        r["account_code"]: (r["budget_idr"], r["realized_idr"])
        for r in seed["spending_lines"].iter_rows(named=True)
    }
    assert spending == {
        "5.1.01": (Decimal("4644143000"), Decimal("4248443909")),
        "5.1.02": (Decimal("5190695674"), Decimal("4411849914")),
        "5.1.05": (Decimal("1695170000"), Decimal("1695170000")),
        "5.2": (Decimal("1058619393"), Decimal("978967000")),
    }


def test_seed_keeps_both_reported_totals(seed):
    budgets = seed["reported_totals"].filter(
        (pl.col("scope") == "agency") & (pl.col("measure") == "budget_idr")
    )
    by_section = dict(zip(budgets["report_section"], budgets["value_number"], strict=True))
    assert by_section["Ikhtisar Eksekutif"] == Decimal("12588682067")
    assert by_section["Tabel 3.7"] == Decimal("12588628067")


def test_seed_indicators_of_tabel_3_2_to_3_5(seed):
    indicators = seed["indicators"].sort("objective_no", "indicator_no")
    assert indicators.height == 7
    assert indicators.group_by("objective_no").len().sort("objective_no")["len"].to_list() == [
        1,
        1,
        1,
        4,
    ]
    pemilu = indicators.filter(pl.col("objective_no") == 2).row(0, named=True)
    assert (pemilu["target_value"], pemilu["realized_value"]) == (Decimal(75), Decimal(82))
    assert pemilu["reported_strategic_plan_achievement_percent"] == Decimal(75)  # printed 75%
    prior = indicators["reported_prior_year_achievement_percent"].to_list()
    assert prior == [
        Decimal(117),
        Decimal(109),
        Decimal(133),
        Decimal(100),
        Decimal("53.78"),
        Decimal(100),
        Decimal(100),
    ]


def test_seed_declared_scale_is_tabel_3_1(seed):
    scale = seed["declared_scales"].sort("band_no")
    assert scale["category"].to_list() == ["Sangat baik", "Baik", "Cukup", "Kurang"]
    assert scale["band_text"].to_list() == [
        "Lebih dari 100%",
        "75-100%",
        "55-74%",
        "Kurang dari 55%",
    ]
