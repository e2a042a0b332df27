"""Files as clerks really send them: a row with a cell too many, a copy cut short, a
Windows encoding, tabs, a workbook with an empty Sheet1. What can be read loads, only
the bad rows are quarantined (with their row and line), and every row is accounted."""

import csv
import zipfile
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


def _one_agency_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    (raw / "reference" / "agencies-x.csv").write_text(
        "kode_opd,kode_wilayah,nama_wilayah,nama_opd,singkatan,jenis_opd,tahun_mulai,"
        "tahun_akhir,kode_opd_pengganti,sintetis\nx,1,R,X,X,dinas,2020,,,tidak\n"
    )
    (raw / "2022" / "x").mkdir(parents=True)
    return raw


SPENDING_HEADERS = ["tahun", "kode_opd", "kode_akun", "jenis_belanja", "anggaran", "realisasi"]


def test_an_empty_sheet_beside_good_ones_is_a_note(tmp_path: Path, known_accounts):
    """The good sheets load once, none is quarantined; the empty Sheet1 is noted."""
    raw = _one_agency_raw(tmp_path)
    book = xlsxwriter.Workbook(str(raw / "2022" / "x" / "laporan.xlsx"))
    book.add_worksheet("Sheet1")
    sheet = book.add_worksheet("belanja")
    sheet.write_row(0, 0, SPENDING_HEADERS)
    sheet.write_row(1, 0, ["2022", "x", "5.1.01", "Belanja Pegawai", "1.000.000", "900.000,00"])
    book.close()
    frames = _ingest(raw, known_accounts)
    files = frames["ingest_files"].select("source_sheet", "status", "rows_in").rows()
    assert ("Sheet1", "note", 0) in files
    assert ("belanja", "loaded", 1) in files
    assert frames["quarantine"].filter(pl.col("source_sheet") == "belanja").is_empty()


def _store_as_excel_does(path: Path, written: str, stored: str) -> None:
    """Excel stores a computed number with all 17 digits of its float; the Python writers
    round it, so the test puts Excel's digits into the sheet's XML."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(f"<v>{written}</v>".encode(), f"<v>{stored}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_excel_as_clerks_use_it(tmp_path: Path, known_accounts):
    """Float noise in a cached number is read as Excel shows it (info finding); a formula
    whose result was never saved is an error saying so; a notes sheet is a note."""
    import openpyxl

    raw = _one_agency_raw(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "belanja"
    sheet.append(SPENDING_HEADERS)
    sheet.append([2022, "x", "5.1.01", "Belanja Pegawai", 169869991.20000002, 1000])
    sheet.append([2022, "x", "5.1.02", "Belanja Barang dan Jasa", "=1000+2000", 500])
    book.create_sheet("catatan").append(["Angka belanja per 31 Desember"])
    path = raw / "2022" / "x" / "laporan.xlsx"
    book.save(path)  # openpyxl saves no formula results
    _store_as_excel_does(path, "169869991.2", "169869991.20000002")
    frames = _ingest(raw, known_accounts)
    (line,) = frames["ingest_files"].filter(pl.col("source_sheet") == "belanja").to_dicts()
    assert line["message"].startswith("rounded: 1 numbers with float noise")
    assert (line["rows_in"], line["rows_loaded"], line["rows_quarantined"]) == (2, 1, 1)
    assert str(frames["spending_lines"]["budget_idr"][0]) == "169869991.20"
    (quarantined,) = frames["quarantine"].to_dicts()
    assert quarantined["source_row"] == 3
    assert "a formula with no saved result (=1000+2000)" in quarantined["reason"]
    assert "save it" in quarantined["reason"]
    notes = frames["ingest_files"].filter(pl.col("source_sheet") == "catatan")
    assert notes["status"].to_list() == ["note"]


def test_a_delivery_still_being_copied_keeps_its_last_rows_until_it_settles(
    fixture_raw: Path, known_accounts: frozenset[str], tmp_path: Path
):
    """A file younger than the settle time: the delivery is left for the next run and
    the build keeps what it held; read once settled."""
    import os

    from pipelines.lib.ingest import ingest_batches
    from pipelines.lib.warehouse import connect, load_deliveries

    agencies = read_agencies(fixture_raw / "reference")
    build = tmp_path / "build.duckdb"
    load_deliveries(build, "raw", ingest_batches(fixture_raw, agencies, known_accounts), None)
    lines = _lines(fixture_raw)
    (fixture_raw / SPENDING).write_text("\n".join(lines[:2]) + "\n")  # the copy so far
    deferred: dict[str, str] = {}
    batches = ingest_batches(
        fixture_raw, agencies, known_accounts, {ALPHA}, settle_seconds=60, deferred=deferred
    )
    load_deliveries(build, "raw", batches, {ALPHA})
    assert "read once it settles" in deferred[ALPHA]
    query = "select count(*) from raw.spending_lines where delivery_key = ?"
    with connect(build, read_only=True) as con:
        assert con.execute(query, [ALPHA]).fetchone()[0] == 2  # as before the copy
    old = (fixture_raw / SPENDING).stat().st_mtime - 120
    for path in (fixture_raw / ALPHA).iterdir():
        os.utime(path, (old, old))
    deferred.clear()
    batches = ingest_batches(
        fixture_raw, agencies, known_accounts, {ALPHA}, settle_seconds=60, deferred=deferred
    )
    load_deliveries(build, "raw", batches, {ALPHA})
    assert deferred == {}
    with connect(build, read_only=True) as con:
        assert con.execute(query, [ALPHA]).fetchone()[0] == 1  # the settled file


def test_a_delivery_that_changes_while_it_is_read_leaves_nothing_behind(
    fixture_raw: Path, known_accounts: frozenset[str], monkeypatch: pytest.MonkeyPatch
):
    import datetime as dt

    from pipelines.lib.deliveries import Delivery
    from pipelines.lib.ingest import Loader

    loader = Loader(
        fixture_raw,
        read_agencies(fixture_raw / "reference"),
        known_accounts,
        dt.datetime.now(dt.UTC),
    )
    stage = loader.stage_delivery

    def stage_while_copying(delivery: Delivery) -> None:
        stage(delivery)
        with (fixture_raw / SPENDING).open("a") as handle:  # the copy goes on
            handle.write("2022,tst-alpha,5.2.02,Belanja Modal,1,1\n")

    monkeypatch.setattr(loader, "stage_delivery", stage_while_copying)
    reason = loader.delivery(Delivery(2022, fixture_raw / ALPHA))
    assert "changed while they were read" in reason
    assert loader.file_log.entries == []
    assert loader.file_log.quarantine == []
    assert all(frames == [] for frames in loader.staged.values())


def test_only_a_formula_without_saved_result_counts_as_unsaved(tmp_path: Path):
    """A dropdown's <formula1> or a formula Excel saved with its value is read the fast
    way; a formula with no value (written by a program) is looked at cell by cell."""
    from pipelines.lib.workbooks import has_unsaved_formulas

    def sheet_xml(cells: str) -> str:
        return (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData><row r="1">{cells}</row></sheetData>'
            '<dataValidations count="1"><dataValidation type="list" sqref="C2:C9">'
            '<formula1>"program,kegiatan"</formula1></dataValidation></dataValidations>'
            "</worksheet>"
        )

    cases = {
        "saved": ('<c r="A1"><f>50+5</f><v>55</v></c>', False),
        "dropdown only": ('<c r="A1" t="n"><v>1</v></c>', False),
        "empty value": ('<c r="A1"><f>50+5</f><v /></c>', True),
        "no value": ('<c r="A1"><f>SUM(A2:A3)</f></c>', True),
        "shared formula": ('<c r="A2"><f t="shared" si="0"/></c>', True),
    }
    for name, (cells, unsaved) in cases.items():
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(cells))
        assert has_unsaved_formulas(path) is unsaved, name


def test_a_header_below_a_merged_title_is_found_by_its_column_names(tmp_path: Path, known_accounts):
    """A title merged over two rows, then a line of two cells (OPD and year), then the
    header: the header is the row holding the template's column names."""
    raw = _one_agency_raw(tmp_path)
    book = xlsxwriter.Workbook(str(raw / "2022" / "x" / "laporan.xlsx"))
    sheet = book.add_worksheet("belanja")
    sheet.merge_range(0, 0, 1, 5, "LAPORAN REALISASI BELANJA TAHUN 2022")
    sheet.write_row(2, 0, ["OPD: Dinas X", "Tahun: 2022"])
    sheet.write_row(4, 0, SPENDING_HEADERS)
    sheet.write_row(5, 0, ["2022", "x", "5.1.01", "Belanja Pegawai", "1.000.000", "900.000,00"])
    book.close()
    frames = _ingest(raw, known_accounts)
    (line,) = frames["ingest_files"].filter(pl.col("source_sheet") == "belanja").to_dicts()
    assert (line["status"], line["rows_in"], line["rows_loaded"]) == ("loaded", 1, 1)
    assert "title: 4 row(s) above the header" in line["message"]
    assert frames["spending_lines"]["source_row"].to_list() == [6]


def test_a_sheet_with_an_unreadable_header_counts_and_keeps_its_rows(
    tmp_path: Path, known_accounts
):
    raw = _one_agency_raw(tmp_path)
    book = xlsxwriter.Workbook(str(raw / "2022" / "x" / "laporan.xlsx"))
    sheet = book.add_worksheet("belanja")
    sheet.write_row(0, 0, [*SPENDING_HEADERS[:5], "anggaran"])  # a column name twice
    for row in range(1, 4):
        sheet.write_row(row, 0, [2022, "x", f"5.1.0{row}", "Belanja", 1000, 900])
    book.close()
    frames = _ingest(raw, known_accounts)
    (line,) = frames["ingest_files"].filter(pl.col("source_sheet") == "belanja").to_dicts()
    assert (line["status"], line["rows_in"]) == ("rejected", 3)
    assert "duplicate column names ['anggaran']" in line["message"]
    quarantined = frames["quarantine"].filter(pl.col("source_sheet") == "belanja")
    assert quarantined["source_row"].to_list() == [2, 3, 4]
    assert '"C": "5.1.01"' in quarantined["raw_record"][0]
