"""The receipt page from its template: what the clerk reads, every value escaped."""

from pipelines.lib.office.data import NATIONAL_SCALE_NOTE, YearView
from pipelines.lib.office.receipts import render_receipt

AGENCY = {
    "agency_id": "tst-a",
    "agency_name": "Dinas <b>Uji</b>",
    "budget_idr": 1_500_000,
    "realized_idr": 1_200_000,
    "absorption_rate": 0.8,
    "achievement_rate": 0.9,
    "is_achievement_complete": False,
    "indicator_count": 4,
    "computed_indicator_count": 3,
    "category_name": "Baik",
    "achievement_scale_scope": "national",
    "achievement_rank": None,
    "agencies_in_year": 2,
}
FILE = {
    "source_file": "2016/tst-a/anggaran.csv",
    "source_sheet": None,
    "entity": "budget_lines",
    "status": "partial",
    "rows_in": 10,
    "rows_loaded": 9,
    "rows_quarantined": 1,
    "cells_nulled": 0,
}
FINDING = {
    "agency_id": "tst-a",
    "severity": "warning",
    "rule_id": "ingest.row_quarantined",
    "office_message": "Baris 4 kolom anggaran: '<script>alert(1)</script>' bukan angka.",
    "message": "",
}


def _view(**changes) -> YearView:
    fields = {
        "region_code": "99.99",
        "region_name": "Kabupaten Uji",
        "fiscal_year": 2016,
        "summary": {},
        "agencies": [AGENCY],
        "spending_mix": [],
        "agency_spending_mix": {},
        "indicators": {},
        "budget_programs": {},
        "objectives": {},
        "findings": [FINDING],
        "files": {"tst-a": [FILE]},
    }
    return YearView(**(fields | changes))


def test_the_receipt_says_what_counted_and_escapes_what_was_sent():
    page = render_receipt(_view(), AGENCY, "dibaca 7 Desember 2026")
    assert "Tanda terima laporan 2016: Dinas &lt;b&gt;Uji&lt;/b&gt;" in page
    assert "1 baris tidak dimuat" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert '<td class="n">9</td>' in page
    assert "Rp 1.500.000" in page
    assert "90,00 % (tidak lengkap: 3 dari 4 indikator dihitung)" in page
    assert f"Baik ({NATIONAL_SCALE_NOTE})" in page
    assert "tidak diperingkat" in page


def test_a_receipt_without_files_or_findings_says_so():
    page = render_receipt(_view(findings=[], files={}), AGENCY, "")
    assert "Tidak ada berkas yang diterima untuk tahun ini." in page
    assert "Tidak ada temuan: semua angka dapat dipakai." in page
    assert "Semua baris yang diterima dimuat." in page
