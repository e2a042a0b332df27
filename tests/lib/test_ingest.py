"""Walking a raw/ tree: bad files reported with a clear message, every row accounted for."""

from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import ReferenceError, read_agencies
from tests.conftest import rows_accounted


@pytest.fixture
def fixture_frames(fixture_raw: Path, known_accounts: frozenset[str]) -> dict[str, pl.DataFrame]:
    return ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)


def _status(frames: dict[str, pl.DataFrame], file: str) -> tuple[str, str | None]:
    row = frames["ingest_files"].filter(pl.col("source_file") == file).row(0, named=True)
    return row["status"], row["message"]


def test_ingest_accounts_for_every_row(fixture_frames: dict[str, pl.DataFrame]):
    rows_in, loaded, quarantined = rows_accounted(fixture_frames)
    assert rows_in == loaded + quarantined
    tables = ("budget_lines", "spending_lines", "indicators", "reported_totals", "declared_scales")
    assert loaded == sum(fixture_frames[t].height for t in tables)
    # counted by hand from tests/fixtures/raw: 9+3+4+5+2 alpha, 2+1 beta, 1+1+1 rejected files
    assert rows_in == 29


@pytest.mark.parametrize(
    ("file", "status", "message"),
    [
        ("2022/tst-beta/anggaran.csv", "rejected", "missing required columns ['anggaran']"),
        ("2022/tst-beta/anggaran.csv", "rejected", "unknown columns ['pagu']"),
        (
            "2022/tst-beta/belanja.csv",
            "rejected",
            "tahun 2021 in the file disagrees with the folder 2022/",
        ),
        ("2022/tst-beta/kinerja.csv", "rejected", "the file is empty"),
        ("2022/tst-beta/ringkasan.pdf", "rejected", "not a CSV or XLSX file (.pdf)"),
        ("2023/tst-beta/anggaran.csv", "rejected", "from 2023 it reports as 'tst-gamma'"),
        ("2022/tst-unknown/anggaran.csv", "rejected", "unknown agency 'tst-unknown'"),
        ("2022/stray.csv", "rejected", "files belong in raw/<fiscal_year>/<agency>/"),
        ("2022/tst-alpha/catatan.txt", "note", "notes, not data"),
        ("2022/tst-alpha/anggaran.csv", "partially_loaded", "5 rows quarantined"),
    ],
)
def test_ingest_reports_each_bad_file_clearly(fixture_frames, file: str, status: str, message: str):
    got_status, got_message = _status(fixture_frames, file)
    assert got_status == status
    assert message in got_message


def test_ingest_quarantine_names_file_row_column_and_value(fixture_frames):
    bad = (
        fixture_frames["quarantine"]
        .filter(
            (pl.col("source_file") == "2022/tst-alpha/anggaran.csv") & (pl.col("source_row") == 6)
        )
        .row(0, named=True)
    )
    assert (bad["column"], bad["value"], bad["fiscal_year"], bad["agency_id"]) == (
        "anggaran",
        "1.5",
        2022,
        "tst-alpha",
    )
    assert "is written the English way" in bad["reason"]
    assert "Did you mean '1,5'?" in bad["reason"]
    assert '"nama": "Angka salah"' in bad["raw_record"]


def test_ingest_lists_missing_required_tables(fixture_frames):
    """tst-beta sent ringkasan as a PDF: no reported_totals table was delivered at all."""
    missing = fixture_frames["ingest_files"].filter(pl.col("status") == "missing")
    assert missing.filter(pl.col("source_file") == "2022/tst-beta")["entity"].to_list() == [
        "reported_totals"
    ]
    assert missing.filter(pl.col("source_file") == "2022/tst-alpha").is_empty()


def test_ingest_rejects_csv_and_workbook_for_the_same_agency_year(
    fixture_raw: Path, known_accounts: frozenset[str]
):
    folder = fixture_raw / "2022" / "tst-alpha"
    (folder / "laporan.xlsx").write_bytes((folder / "skala.csv").read_bytes())
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    status, message = _status(frames, "2022/tst-alpha/anggaran.csv")
    assert status == "rejected"
    assert "delivered twice" in message
    assert frames["budget_lines"].filter(pl.col("agency_id") == "tst-alpha").is_empty()
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined


def test_read_agencies_rejects_a_broken_reference(tmp_path: Path):
    (tmp_path / "agencies-x.csv").write_text(
        "kode_opd,kode_wilayah,nama_wilayah,nama_opd,singkatan,jenis_opd,tahun_mulai,"
        "tahun_akhir,kode_opd_pengganti,sintetis\n"
        "a,1,R,A,A,dinas,2020,,zzz,tidak\n"  # successor not in the list
        "a,1,R,A,A,kantor,2020,,,tidak\n"  # duplicate id, unknown type
    )
    with pytest.raises(ReferenceError, match=r"listed twice.*unknown jenis_opd.*successors"):
        read_agencies(tmp_path)
