"""Files as clerks really send them: a row with a cell too many, a copy cut short, a
Windows encoding, tabs, a workbook with an empty Sheet1. What can be read loads, only
the bad rows are quarantined (with their row and line), and every row is accounted."""

import csv
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_agencies
from tests.conftest import rows_accounted

ALPHA = "2022/tst-alpha"
SPENDING = f"{ALPHA}/belanja.csv"


def _ingest(raw: Path, accounts: frozenset[str]) -> dict[str, pl.DataFrame]:
    frames = ingest_raw_tree(raw, read_agencies(raw / "reference"), accounts)
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined  # always, whatever the file
    return frames


def _file(frames: dict[str, pl.DataFrame], name: str) -> dict:
    (line,) = frames["ingest_files"].filter(pl.col("source_file") == name).to_dicts()
    return line


def _lines(raw: Path) -> list[str]:
    return (raw / SPENDING).read_text(encoding="utf-8").splitlines()


# tests/fixtures/raw's belanja.csv of tst-alpha: 3 rows, row 4 quarantined (unknown account)
@pytest.mark.parametrize(
    ("change", "bad_row", "reason"),
    [
        (lambda lines: [lines[0], lines[1] + ",extra", *lines[2:]], 2, "7 cells"),
        (lambda lines: [*lines, lines[1][:12]], 5, "cut short"),
    ],
    ids=["extra-cell", "cut-mid-row"],
)
def test_a_bad_row_is_quarantined_alone(
    change, bad_row: int, reason: str, fixture_raw: Path, known_accounts: frozenset[str]
):
    lines = change(_lines(fixture_raw))
    (fixture_raw / SPENDING).write_text("\n".join(lines) + "\n")
    frames = _ingest(fixture_raw, known_accounts)
    line = _file(frames, SPENDING)
    assert (line["status"], line["rows_in"], line["rows_quarantined"]) == (
        "partially_loaded",
        len(lines) - 1,
        2,  # the bad row and the unknown account of row 4
    )
    quarantined = frames["quarantine"].filter(
        (pl.col("source_file") == SPENDING) & (pl.col("source_row") == bad_row)
    )
    assert reason in quarantined["reason"][0]
    assert quarantined["raw_record"][0] == lines[bad_row - 1]  # the line as delivered


def test_a_windows_1252_file_is_read_with_a_note(fixture_raw: Path, known_accounts: frozenset[str]):
    lines = _lines(fixture_raw)
    lines[1] = lines[1].replace("Belanja Pegawai", "Belanja Pegawai – Gaji")  # en dash
    (fixture_raw / SPENDING).write_bytes("\n".join(lines).encode("cp1252"))
    frames = _ingest(fixture_raw, known_accounts)
    line = _file(frames, SPENDING)
    assert line["rows_in"] == 3
    assert line["message"].startswith("encoding: not UTF-8, read as Windows-1252")
    assert "Belanja Pegawai – Gaji" in frames["spending_lines"]["account_name"].to_list()


def test_a_file_in_no_known_encoding_is_rejected_with_its_row_count(
    fixture_raw: Path, known_accounts: frozenset[str]
):
    lines = _lines(fixture_raw)
    data = "\n".join(lines).encode("utf-8") + b"\n2022,\x81\x9d,x\n"
    (fixture_raw / SPENDING).write_bytes(data)
    line = _file(_ingest(fixture_raw, known_accounts), SPENDING)
    assert line["status"] == "rejected"
    assert "neither UTF-8 nor Windows-1252" in line["message"]
    assert f"{len(lines)} rows not read" in line["message"]  # the header's line excluded


def test_a_tab_separated_file_loads(fixture_raw: Path, known_accounts: frozenset[str]):
    before = _ingest(fixture_raw, known_accounts)
    with (fixture_raw / SPENDING).open(newline="") as handle:
        rows = list(csv.reader(handle))
    with (fixture_raw / SPENDING).open("w", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(rows)
    after = _ingest(fixture_raw, known_accounts)
    assert (
        after["spending_lines"]
        .drop("ingested_at", strict=False)
        .equals(before["spending_lines"].drop("ingested_at", strict=False))
    )


def test_an_empty_sheet_beside_good_ones_is_a_note(tmp_path: Path, known_accounts):
    """The good sheets load once, none is quarantined; the empty Sheet1 is noted."""
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    (raw / "reference" / "agencies-x.csv").write_text(
        "kode_opd,kode_wilayah,nama_wilayah,nama_opd,singkatan,jenis_opd,tahun_mulai,"
        "tahun_akhir,kode_opd_pengganti,sintetis\nx,1,R,X,X,dinas,2020,,,tidak\n"
    )
    (raw / "2022" / "x").mkdir(parents=True)
    book = xlsxwriter.Workbook(str(raw / "2022" / "x" / "laporan.xlsx"))
    book.add_worksheet("Sheet1")
    sheet = book.add_worksheet("belanja")
    sheet.write_row(
        0, 0, ["tahun", "kode_opd", "kode_akun", "jenis_belanja", "anggaran", "realisasi"]
    )
    sheet.write_row(1, 0, ["2022", "x", "5.1.01", "Belanja Pegawai", "1.000", "900"])
    book.close()
    frames = _ingest(raw, known_accounts)
    files = frames["ingest_files"].select("source_sheet", "status", "rows_in").rows()
    assert ("Sheet1", "note", 0) in files
    assert ("belanja", "loaded", 1) in files
    assert frames["quarantine"].filter(pl.col("source_sheet") == "belanja").is_empty()
