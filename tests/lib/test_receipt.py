"""`kinerja check`: a delivery checked on its own before it is sent, with a receipt in
Indonesian; raw/ and the warehouse are not touched."""

import hashlib
import shutil
from pathlib import Path

import pytest

from pipelines import cli, paths

SEED = paths.RAW_DIR / "2022" / "muba-kesbangpol"


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    folder = tmp_path / "2022" / "muba-kesbangpol"
    shutil.copytree(SEED, folder)
    return folder


def test_a_clean_delivery_passes(delivery: Path, capsys):
    before = _tree_hash(paths.RAW_DIR)
    assert cli.main(["check", str(delivery)]) == 0
    out = capsys.readouterr().out
    assert "Tanda terima pemeriksaan 2022/muba-kesbangpol" in out
    assert "anggaran.csv (anggaran): dimuat; 50 baris, 50 dimuat, 0 tidak dimuat" in out
    assert "Hasil: semua baris dapat dimuat." in out
    assert _tree_hash(paths.RAW_DIR) == before  # nothing of raw/ written


def test_each_problem_is_named_with_row_column_cause_and_fix(delivery: Path, capsys):
    budget = delivery / "anggaran.csv"
    with budget.open("a", encoding="utf-8") as handle:
        handle.write(
            '2022,muba-kesbangpol,sub kegiatan,8.01.01.2.01.0099,Uji,"-5.000.000,00","0",,\n'
        )
    kinerja = delivery / "kinerja.csv"
    kinerja.write_text(kinerja.read_text().replace("satuan,", "satuaan,", 1))
    assert cli.main(["check", str(delivery)]) == 1
    out = capsys.readouterr().out
    assert "anggaran.csv baris 52 kolom anggaran" in out
    assert "nilai anggaran negatif" in out
    assert "kinerja.csv baris 2-8 (7 baris)" in out
    assert "kolom 'satuaan' tidak dikenal — maksudnya 'satuan'?" in out
    assert "Hasil: 8 baris tidak akan dimuat" in out


def test_a_file_outside_a_year_folder_needs_its_agency_and_year(tmp_path: Path, capsys):
    loose = tmp_path / "anggaran.csv"
    shutil.copyfile(SEED / "anggaran.csv", loose)
    assert cli.main(["check", str(loose)]) == 2
    assert "give --year and --agency" in capsys.readouterr().err
    assert cli.main(["check", str(loose), "--year", "2022", "--agency", "muba-kesbangpol"]) == 0


def test_a_file_that_is_no_finance_export_is_told_in_indonesian_with_its_fix(
    tmp_path: Path, capsys
):
    """Totals per OPD only (an open-data table) is no export of lines: the receipt says
    so in the office's words, each row held back, and how to send a usable one."""
    export = tmp_path / "realisasi-opd-2024.csv"
    export.write_text(
        "No;Nama OPD;Pagu Anggaran (Rp);Realisasi (Rp)\n"
        "1;Inspektorat Daerah;10.854.624.000,00;10.657.378.637,00\n",
        encoding="utf-8",
    )
    assert cli.main(["check", str(export), "--year", "2024", "--agency", "keuangan"]) == 1
    out = capsys.readouterr().out
    assert "hanya memuat jumlah per SKPD" in out
    assert "Minta BPKAD mengekspor realisasi per program, kegiatan dan sub kegiatan" in out
    assert "1 baris tidak akan dimuat" in out
    assert "units' totals" not in out
    assert "Perbaiki nilai itu" not in out
