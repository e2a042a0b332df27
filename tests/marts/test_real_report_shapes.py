"""Reports as real documents print them (tests/fixtures/real-shapes, one agency-year per
shape): a warehouse is built from them and the marts' figures and findings checked."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import FIXTURES, run_refresh

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("real-shapes")
    shutil.copytree(FIXTURES / "real-shapes", work / "raw")
    return run_refresh(work / "raw", work)


def _rows(warehouse: Path, sql: str, *params) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _findings(warehouse: Path, agency: str, rule_id: str) -> list[dict]:
    return _rows(
        warehouse,
        "select * from marts.dq_findings where agency_id = ? and rule_id = ? order by object_key",
        agency,
        rule_id,
    )


def test_budget_printed_by_name_only_is_placed_and_totalled(warehouse):
    lines = _rows(
        warehouse,
        "select budget_level, budget_code, original_budget_code, is_coded, budget_line_key, "
        "parent_budget_line_key, budget_idr from marts.budget_lines "
        "where agency_id = 'rs-uncoded' and fiscal_year = 2020 order by source_row",
    )
    assert len(lines) == 7
    assert not any(line["is_coded"] or line["budget_code"] for line in lines)
    # the old nomenclature's code is kept, the line is uncoded
    assert [line["original_budget_code"] for line in lines][3] == "1.20.03.01"
    first, second = (
        "program:program pelayanan administrasi perkantoran",
        ("program:program peningkatan kapasitas aparatur"),
    )
    recurring = "activity:rapat koordinasi dan konsultasi"
    assert [(line["budget_line_key"], line["parent_budget_line_key"]) for line in lines] == [
        (first, None),
        (f"{recurring}@{first}", first),  # the name recurs under the second program
        ("activity:penyediaan jasa kebersihan kantor", first),  # row order
        (second, None),
        (f"{recurring}@{second}", second),
        # induk names the recurring kegiatan: the one printed above it
        ("sub_activity:rapat koordinasi tingkat kabupaten", f"{recurring}@{second}"),
        ("sub_activity:konsultasi ke provinsi", f"{recurring}@{second}"),
    ]
    (year,) = _rows(
        warehouse,
        "select budget_basis, budget_idr, realized_idr, program_count from marts.agency_years "
        "where agency_id = 'rs-uncoded' and fiscal_year = 2020",
    )
    assert year == {
        "budget_basis": "program",
        "budget_idr": Decimal("450000000.00"),
        "realized_idr": Decimal("390000000.00"),
        "program_count": 2,
    }
    # every parent equals its children: the lines were placed under the right parents
    assert _findings(warehouse, "rs-uncoded", "report.children_sum_to_parent") == []


def test_year_over_year_matches_uncoded_lines_by_name(warehouse):
    """2021 repeats 2020 line for line: found through the normalised names."""
    (repeated,) = _findings(warehouse, "rs-uncoded", "cross_year.year_not_repeated")
    assert repeated["fiscal_year"] == 2021


def test_a_code_contradicting_its_parent_or_with_urusan_0_is_an_error(warehouse):
    quarantined = _rows(
        warehouse,
        'select source_row, "column", value, reason from raw.quarantine '
        "where agency_id = 'rs-misplaced' order by source_row",
    )
    assert [(q["source_row"], q["column"], q["value"]) for q in quarantined] == [
        (4, "kode", "8.01.02.2.01"),
        (5, "kode", "0.00.01"),
    ]
    assert "does not belong to the program 8.01.01 printed above it" in quarantined[0]["reason"]
    assert "urusan 0" in quarantined[1]["reason"]


def test_money_per_sasaran_gives_each_sasaran_its_absorption(warehouse):
    objectives = _rows(
        warehouse,
        "select objective_no, budget_basis, budget_idr, realized_idr, "
        "round(absorption_rate, 4) as absorption, savings_idr, round(savings_rate, 4) as saved "
        "from marts.objective_achievements where agency_id = 'rs-sasaran' order by 1",
    )
    assert objectives == [
        {
            "objective_no": 1,
            "budget_basis": "sasaran_line",
            "budget_idr": Decimal("1004422800.00"),
            "realized_idr": Decimal("966210350.00"),
            "absorption": 0.962,
            "savings_idr": Decimal("38212450.00"),
            "saved": 0.038,
        },
        {
            "objective_no": 2,
            "budget_basis": "stated_summary",
            "budget_idr": Decimal("500000000"),
            "realized_idr": Decimal("450000000"),
            "absorption": 0.9,
            "savings_idr": Decimal("50000000"),
            "saved": 0.1,
        },
    ]
    (year,) = _rows(
        warehouse,
        "select budget_basis, budget_idr from marts.agency_years where agency_id = 'rs-sasaran'",
    )
    assert year == {"budget_basis": "objective", "budget_idr": Decimal("1004422800.00")}


def test_a_unit_without_program_rows_is_totalled_from_its_kegiatan(warehouse):
    (year,) = _rows(
        warehouse,
        "select budget_basis, budget_idr, realized_idr, program_count, activity_count "
        "from marts.agency_years where agency_id = 'rs-unit'",
    )
    assert year == {
        "budget_basis": "activity",
        "budget_idr": Decimal("500000000.00"),
        "realized_idr": Decimal("440000000.00"),
        "program_count": 0,
        "activity_count": 2,
    }
    (finding,) = _findings(warehouse, "rs-unit", "report.program_rows_delivered")
    assert finding["severity"] == "info"
    assert finding["actual"] == "no program lines: totals from kegiatan lines"
    assert _findings(warehouse, "rs-uncoded", "report.program_rows_delivered") == []


def test_the_reports_own_scale_sits_beside_the_regions(warehouse):
    indicators = _rows(
        warehouse,
        "select indicator_no, round(achievement_rate, 4) as rate, category_name, "
        "reported_scale_category from marts.indicator_achievements "
        "where agency_id = 'rs-scale' order by indicator_no",
    )
    assert indicators == [
        # 90,5 % lies in the band printed 76-90: whole-percent bands reach the next one
        {"indicator_no": 1, "rate": 0.905, "category_name": "Tinggi",
         "reported_scale_category": "Baik"},
        {"indicator_no": 2, "rate": 0.6, "category_name": "Rendah",
         "reported_scale_category": "Kurang"},
    ]  # fmt: skip
    (objective,) = _rows(
        warehouse,
        "select category_name, reported_scale_category, absorption_category "
        "from marts.objective_achievements where agency_id = 'rs-scale'",
    )
    assert objective == {
        "category_name": "Sedang",
        "reported_scale_category": "Cukup",
        "absorption_category": "Tinggi",
    }
    (year,) = _rows(
        warehouse,
        "select category_name, reported_scale_category, absorption_category "
        "from marts.agency_years where agency_id = 'rs-scale'",
    )
    assert year == objective
    assert _rows(
        warehouse,
        "select reported_scale_category from marts.agency_years where agency_id = 'rs-noscale'",
    ) == [{"reported_scale_category": None}]


def test_a_declared_scale_with_a_gap_is_a_finding(warehouse):
    (gap,) = _findings(warehouse, "rs-scale", "report.declared_scale_is_continuous")
    assert gap["object_key"] == "skala serapan 75-85 / 90-100"
    assert gap["actual"] == "gap between 75-85 and 90-100"


def test_printed_labels_are_checked_against_the_declared_or_the_regions_scale(warehouse):
    (declared,) = _findings(warehouse, "rs-scale", "report.printed_categories_follow_scale")
    assert (declared["actual"], declared["expected"]) == (
        "Cukup",
        "Kurang by declared scale for 60,00 %",
    )
    (assigned,) = _findings(warehouse, "rs-noscale", "report.printed_categories_follow_scale")
    assert (assigned["actual"], assigned["expected"]) == (
        "Sangat Tinggi",
        "Sedang by permendagri_86_2017 for 70,00 %",
    )
    summary = _findings(warehouse, "rs-scale", "report.stated_figures_agree")
    assert [(f["actual"], f["expected"]) for f in summary] == [
        ("Baik", "Cukup (declared scale, capaian 75,25 %)")
    ]


def test_nothing_printed_goes_unverified_silently(warehouse):
    unverified = {
        f["object_key"]: f["actual"].removeprefix("stated, cannot be verified: ")
        for f in _findings(warehouse, "rs-noscale", "report.stated_figures_verifiable")
    }
    assert unverified == {
        "persen realisasi sub_activity 3.27.02.2.01.0002": (
            "anggaran is 0: there is nothing to divide by"
        ),
        "capaian sasaran 1 indikator 2": "target is not a single number: semua kelompok",
        "capaian tahun lalu sasaran 1 indikator 1": (
            "the warehouse holds no capaian of this indicator for 2021"
        ),
        "capaian terhadap target akhir Renstra sasaran 1 indikator 1": (
            "target akhir Renstra is not a single number (empty)"
        ),
        "agency physical_progress_percent (Ikhtisar Eksekutif)": (
            "physical progress is only ever as reported"
        ),
        "program 3.27.09 budget_idr (Tabel 3.5)": "program 3.27.09 is not in anggaran",
    }
    assert all(
        f["severity"] == "info"
        for f in _findings(warehouse, "rs-noscale", "report.stated_figures_verifiable")
    )
    # the program that is in anggaran is compared, and agrees
    assert _findings(warehouse, "rs-noscale", "report.stated_figures_agree") == []
    stated = _findings(warehouse, "rs-sasaran", "report.stated_figures_verifiable")
    assert [f["object_key"] for f in stated] == [
        "objective 2 budget_idr (Bab III sasaran 2)",
        "objective 2 realized_idr (Bab III sasaran 2)",
    ]
    assert all("given only here" in f["actual"] for f in stated)


def test_copied_prior_year_and_savings_without_results_are_flagged(warehouse):
    (copied,) = _findings(warehouse, "rs-noscale", "report.prior_year_not_copied")
    assert copied["severity"] == "info"
    assert copied["object_key"] == "capaian tahun lalu sasaran 1 indikator 1"
    (savings,) = _findings(warehouse, "rs-noscale", "report.savings_with_results")
    assert savings["severity"] == "warning"
    assert savings["actual"] == (
        "efisiensi Rp. 50.000.000,- claimed, but missed: 1.1 Produktivitas padi"
    )


def test_a_file_printed_with_english_numbers_is_read_in_that_convention(warehouse):
    (year,) = _rows(
        warehouse,
        "select budget_idr, realized_idr from marts.agency_years where agency_id = 'rs-english'",
    )
    assert year == {
        "budget_idr": Decimal("1004422800.00"),
        "realized_idr": Decimal("966210350.50"),
    }
    (indicator,) = _rows(
        warehouse,
        "select target_value, realized_value, achievement_status, reported_achievement_rate "
        "from marts.indicator_achievements where agency_id = 'rs-english'",
    )
    assert indicator["achievement_status"] == "computed"  # 80.5 is a number, not text
    assert (indicator["target_value"], indicator["realized_value"]) == (
        Decimal("80.5"),
        Decimal("80.23"),
    )
    logged = _rows(
        warehouse,
        "select source_file, message from raw.ingest_files where agency_id = 'rs-english' "
        "and message like '%comma thousands, dot decimals%' order by 1",
    )
    assert [line["source_file"] for line in logged] == [
        "2022/rs-english/anggaran.csv",
        "2022/rs-english/belanja.csv",
        "2022/rs-english/kinerja.csv",
        "2022/rs-english/ringkasan.csv",
    ]
    assert len(_findings(warehouse, "rs-english", "ingest.number_convention")) == 4
    # the one cell written the other way is an error naming it, its row quarantined
    (mixed,) = _rows(
        warehouse,
        "select source_row, reason from raw.quarantine where agency_id = 'rs-english'",
    )
    assert mixed["source_row"] == 3
    assert mixed["reason"].startswith("column target: '75,5' is written the Indonesian way")


def test_indicators_as_e_sakip_measures_them(warehouse):
    indicators = {
        row["indicator_no"]: row
        for row in _rows(
            warehouse,
            "select indicator_no, realized_basis, realized_value, achievement_method, "
            "achievement_status, round(achievement_rate, 4) as rate, "
            "round(averaged_achievement_rate, 4) as averaged, not_computable_reason "
            "from marts.indicator_achievements where agency_id = 'rs-esakip'",
        )
    }
    # the year's realisasi from the quarters (jumlah) and from the months (rata-rata)
    assert (indicators[1]["realized_basis"], indicators[1]["realized_value"]) == (
        "periods",
        Decimal("100"),
    )
    assert (indicators[1]["rate"], indicators[1]["averaged"]) == (1.25, 1.2)  # capped
    assert (indicators[3]["realized_value"], indicators[3]["rate"]) == (Decimal("85"), 0.85)
    assert indicators[2]["realized_basis"] == "reported"
    # composite: the mean of its parts' achievements, or not computable with the reason
    assert (indicators[4]["achievement_method"], indicators[4]["rate"]) == ("composite_mean", 0.75)
    assert indicators[5]["achievement_status"] == "not_computable"
    assert indicators[5]["not_computable_reason"].startswith("composite target whose parts")
    (objective,) = _rows(
        warehouse,
        "select round(achievement_rate, 4) as rate from marts.objective_achievements "
        "where agency_id = 'rs-esakip'",
    )
    assert objective["rate"] == round((1.2 + 0.75 + 0.85 + 0.75 + 1.2 + 1.0) / 6, 4)
    (months,) = _findings(warehouse, "rs-esakip", "report.period_realisations_add_up")
    assert (months["actual"], months["expected"]) == ("75.0000", "70.0000 (from the periods)")
    (outlier,) = _findings(warehouse, "rs-esakip", "report.achievement_plausible")
    assert outlier["object_key"] == "capaian sasaran 1 indikator 6"
    unverified = {
        f["object_key"]: f["actual"]
        for f in _findings(warehouse, "rs-esakip", "report.stated_figures_verifiable")
    }
    # the office reads the composite as printed, fifty thousand kept, and its capaian
    rows = [
        re.sub(r"<[^>]+>", "|", row)
        for page in (warehouse.parent / "reports").glob("laporan-kinerja-*.html")
        for row in re.findall(r"<tr.*?</tr>", page.read_text(encoding="utf-8"), re.S)
        if "Publikasi informasi" in row
    ]
    cells = [[c.strip() for c in row.split("|") if c.strip()] for row in rows]
    assert cells
    for printed in cells:
        target = printed.index("11 jenis; 50.000 lembar")
        assert printed[target + 1 : target + 3] == ["11 jenis; 25.000 lembar", "75,00 %"]
    assert unverified == {
        "capaian sasaran 1 indikator 5": "stated, cannot be verified: "
        + indicators[5]["not_computable_reason"],
        "realisasi sasaran 1 indikator 7": "stated, cannot be verified: realisasi per "
        "periode given without cara_agregasi to add them up",
    }
