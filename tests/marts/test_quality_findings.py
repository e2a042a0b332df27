"""Data-quality findings on the bundled data, and the publication gate.

The seed report's own mistakes (typed in from the document) and every defect the
synthetic generator planted (raw/reference/synthetic-defects.csv) must be found,
nothing else on the clean synthetic agencies, and none of them may block.
"""

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import paths
from pipelines.lib.office.data import NATIONAL_SCALE_NOTE
from tests.conftest import materialize_refresh, run_refresh

pytestmark = pytest.mark.integration

# defect planted by the generator → the rule that must report it
RULE_OF_DEFECT = {
    "typo_total": "report.stated_figures_agree",
    "missing_agency_year": "cross_year.agency_delivers_every_year",
    "overspent_line": "report.realized_within_budget",
    "reported_percent_mismatch": "report.line_percentages_agree",
    "malformed_amount": "ingest.row_quarantined",
    "renamed_agency": "cross_year.agency_renamed",
    "finance_subtotal_mismatch": "report.finance_subtotals_add_up",
    "finance_unmatched_unit": "ingest.row_quarantined",  # of no agency: agency_id empty
}


@pytest.fixture(scope="module")
def findings(bundled_warehouse: Path) -> list[dict]:
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        cursor = con.execute("select * from marts.dq_findings")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _seed(findings: list[dict], rule_id: str) -> list[dict]:
    return [f for f in findings if f["agency_id"] == "muba-kesbangpol" and f["rule_id"] == rule_id]


def test_seed_executive_summary_total_disagrees_with_the_detail(findings):
    """Ikhtisar Eksekutif Rp 12.588.682.067 vs Tabel 3.7 / Bab 3.2 Rp 12.588.628.067."""
    hits = [
        f
        for f in _seed(findings, "report.stated_figures_agree")
        if "budget_idr (Ikhtisar Eksekutif)" in f["object_key"]
    ]
    assert len(hits) == 1
    assert hits[0]["actual"] == "Rp. 12.588.682.067,-"
    assert hits[0]["expected"] == "Rp 12.588.628.067"
    assert hits[0]["severity"] == "warning"


def test_seed_kegiatan_pemeliharaan_does_not_add_up(findings):
    """Tabel 3.7: kegiatan 435.696.492, its four sub kegiatan 440.696.492."""
    hits = [
        f
        for f in _seed(findings, "report.children_sum_to_parent")
        if f["object_key"] == "activity 8.01.01.2.09 anggaran"
    ]
    assert len(hits) == 1
    assert hits[0]["actual"] == "Rp 435.696.492"
    assert hits[0]["expected"].startswith("Rp 440.696.492")
    assert (hits[0]["source_file"], hits[0]["source_row"]) == (
        "2022/muba-kesbangpol/anggaran.csv",
        25,
    )


def test_seed_renstra_figure_printed_as_the_target(findings):
    """Tabel 3.3: capaian terhadap target akhir Renstra printed 75 %, 82 / 75 = 109 %."""
    hits = _seed(findings, "report.strategic_plan_achievements_agree")
    assert len(hits) == 1
    assert hits[0]["actual"] == "75,00 %"
    assert hits[0]["expected"] == "109,33 %"


def test_seed_findings_never_block(findings):
    assert not [f for f in findings if f["severity"] == "blocking"]


def _planted() -> list[dict]:
    with (paths.RAW_DIR / "reference" / "synthetic-defects.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("defect", _planted(), ids=lambda d: d["defect"])
def test_planted_defect_is_found(findings, defect: dict):
    rule = RULE_OF_DEFECT[defect["defect"]]
    year = int(defect["fiscal_year"])
    hits = [
        f
        for f in findings
        if f["rule_id"] == rule
        and (
            ((f["agency_id"] or "") == defect["agency_id"] and f["fiscal_year"] == year)
            or (rule == "cross_year.agency_renamed" and defect["agency_id"] in f["actual"])
        )
    ]
    assert hits, f"{defect} not found by {rule}"


def test_no_false_alarms_on_clean_synthetic_agencies(findings):
    """Warnings on synthetic agencies only where a defect was planted (or follows from one:
    the quarantined row of syn-kec-lais 2020 leaves its kegiatan and counts short). Info
    findings are no alarm: they say what cannot be verified (2019's "capaian tahun lalu",
    with no 2018 in the warehouse) or looks copied."""
    planted = {(d["agency_id"], int(d["fiscal_year"])) for d in _planted()}
    planted.add(("syn-disperindag", 2022))  # the rename is listed on the old id's last year
    unexpected = [
        (f["agency_id"], f["fiscal_year"], f["rule_id"], f["object_key"])
        for f in findings
        if str(f["agency_id"]).startswith("syn-")
        and f["severity"] != "info"
        and (f["agency_id"], f["fiscal_year"]) not in planted
    ]
    assert unexpected == []
    # what cannot be verified: last year's capaian where the warehouse has no last year
    missing = {
        (d["agency_id"], int(d["fiscal_year"]) + 1)
        for d in _planted()
        if d["defect"] == "missing_agency_year"
    }
    unverified = {
        (f["agency_id"], f["fiscal_year"])
        for f in findings
        if str(f["agency_id"]).startswith("syn-")
        and f["rule_id"] == "report.stated_figures_verifiable"
    }
    assert {year for _, year in unverified - missing} == {2019}
    assert missing <= unverified


def test_one_agencys_bad_rows_never_block_the_others(seed_raw: Path, tmp_path: Path):
    """A line twice and a negative amount in one agency's anggaran.csv: those rows are
    quarantined with their reason and the warehouse is published."""
    run_refresh(seed_raw, tmp_path)
    budget = seed_raw / "2022" / "muba-kesbangpol" / "anggaran.csv"
    lines = budget.read_text(encoding="utf-8").splitlines()
    negative = '2022,muba-kesbangpol,sub kegiatan,8.01.01.2.01.0099,Uji,"-5.000.000,00","0",,'
    budget.write_text("\n".join([*lines, lines[1], negative]) + "\n", encoding="utf-8")
    result = materialize_refresh(seed_raw, tmp_path)
    assert result.success
    published = tmp_path / "published" / "k.duckdb"
    with duckdb.connect(str(published), read_only=True) as con:
        reasons = con.execute(
            "select reason from raw.quarantine where source_file like '%kesbangpol/anggaran.csv'"
            " order by source_row"
        ).fetchall()
        lines_loaded = con.execute(
            "select count(*) from marts.budget_lines where agency_id = 'muba-kesbangpol'"
        ).fetchone()[0]
    assert [r[0] for r in reasons] == [
        "the same row again (first at 2022/muba-kesbangpol/anggaran.csv row 2): counted once",
        "negative amount: anggaran cannot be below zero",
    ]
    assert lines_loaded == 50


def test_blocking_failure_leaves_published_warehouse_byte_identical(
    seed_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A defect of the project (here: the ingest letting a line through twice) breaks
    the contract: nothing is published, and the report says why."""
    published = run_refresh(seed_raw, tmp_path)
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    budget = seed_raw / "2022" / "muba-kesbangpol" / "anggaran.csv"
    lines = budget.read_text(encoding="utf-8").splitlines()
    budget.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")  # a line twice
    monkeypatch.setattr(
        "pipelines.lib.typed_batch.contract_problems",
        lambda loaded, entity, row_id, carried: (
            loaded.head(0)
            .select(carried)
            .with_columns(
                column=pl.lit(None, pl.String),
                value=pl.lit(None, pl.String),
                reason=pl.lit(None, pl.String),
            )
        ),
    )
    result = materialize_refresh(seed_raw, tmp_path)
    assert not result.success
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before
    checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [c.check_name for c in checks] == ["check_contract_budget_lines"]
    description = checks[0].description
    assert "2022/muba-kesbangpol/anggaran.csv (agency muba-kesbangpol, year 2022)" in description
    assert "contract.budget_lines.unique_key" in description
    report = (tmp_path / "published" / "reports" / "data-quality.html").read_text()
    assert "NOT published" in report
    assert "Baris ganda di tabel anggaran" in report  # said for the office too
    assert " WIB" in report
    shutil.rmtree(tmp_path / "build")


def test_a_year_before_the_regions_scale_is_assessed_on_the_national_default(
    seed_raw: Path, tmp_path: Path
):
    """The seed agency's report delivered again as 2016, before Musi Banyuasin's own
    scale (2017): both years publish, 2016 with a category of the national scale."""
    agencies = seed_raw / "reference" / "agencies-musi-banyuasin.csv"
    agencies.write_text(
        agencies.read_text(encoding="utf-8").replace(
            "muba-kesbangpol,16.06,Kabupaten Musi Banyuasin,Badan Kesatuan Bangsa dan "
            "Politik,Kesbangpol,badan,2017,",
            "muba-kesbangpol,16.06,Kabupaten Musi Banyuasin,Badan Kesatuan Bangsa dan "
            "Politik,Kesbangpol,badan,2016,",
        ),
        encoding="utf-8",
    )
    earlier = seed_raw / "2016" / "muba-kesbangpol"
    earlier.mkdir(parents=True)
    for source in (seed_raw / "2022" / "muba-kesbangpol").glob("*.csv"):
        text = source.read_text(encoding="utf-8").replace("\n2022,", "\n2016,")
        (earlier / source.name).write_text(text, encoding="utf-8")
    published = run_refresh(seed_raw, tmp_path)
    with duckdb.connect(str(published), read_only=True) as con:
        years = con.execute(
            "select fiscal_year, category_name, achievement_scale_id, achievement_scale_scope "
            "from marts.agency_years order by 1"
        ).fetchall()
    assert [year for year, *_ in years] == [2016, 2022]
    assert all(category for _, category, *_ in years)
    assert [scale for *_, scale in years] == ["national", "regency"]
    assert [scale_id for *_, scale_id, _ in years] == ["permendagri_86_2017", "lkjip_muba_4band"]
    # the office sees which scale gave 2016's category: in the report and the receipt
    reports = tmp_path / "published" / "reports"
    (page,) = reports.glob("laporan-kinerja-*.html")
    assert page.read_text(encoding="utf-8").count(NATIONAL_SCALE_NOTE) == 1
    receipts = reports / "tanda-terima"
    assert NATIONAL_SCALE_NOTE in (receipts / "2016/muba-kesbangpol.html").read_text("utf-8")
    assert NATIONAL_SCALE_NOTE not in (receipts / "2022/muba-kesbangpol.html").read_text("utf-8")


def test_an_indicator_without_a_figure_makes_the_capaian_incomplete_and_says_so(
    seed_raw: Path, tmp_path: Path
):
    """realisasi 'belum ada data' for sasaran 1's only indicator: the capaian averages
    the other sasaran, is marked incomplete and not ranked; a warning names the
    indicator, the value and what to deliver; the report and workbook say it."""
    import openpyxl

    kinerja = seed_raw / "2022" / "muba-kesbangpol" / "kinerja.csv"
    text = kinerja.read_text(encoding="utf-8")
    kinerja.write_text(
        text.replace("positif,100%,100%,8.01.06", "positif,100%,belum ada data,8.01.06"),
        encoding="utf-8",
    )
    published = run_refresh(seed_raw, tmp_path)
    with duckdb.connect(str(published), read_only=True) as con:
        complete, indicators, computed, rank = con.execute(
            "select is_achievement_complete, indicator_count, computed_indicator_count, "
            "achievement_rank from marts.agency_years"
        ).fetchone()
        (finding,) = con.execute(
            "select severity, office_message from marts.dq_findings "
            "where rule_id = 'report.indicator_achievements_computed'"
        ).fetchall()
    assert (complete, indicators, computed, rank) == (False, 7, 6, None)
    severity, message = finding
    assert severity == "warning"
    assert "Persentase potensi konflik yang ditindaklanjuti" in message
    assert "Capaian sasaran 1 indikator 1 (Persentase" in message
    assert "realisasi tidak tersedia (belum ada data)" in message
    assert "Isi target dan realisasi indikator itu dengan angka" in message
    reports = tmp_path / "published" / "reports"
    (page,) = reports.glob("laporan-kinerja-*.html")
    assert "tidak lengkap: 6 dari 7 indikator dihitung" in page.read_text(encoding="utf-8")
    (workbook,) = reports.glob("kinerja-*.xlsx")
    sheet = openpyxl.load_workbook(workbook, read_only=True)["Capaian per OPD"]
    assert any(
        "tidak lengkap: 6 dari 7" in str(c)
        for row in sheet.iter_rows(values_only=True)
        for c in row
    )
