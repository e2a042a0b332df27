"""Reading an agency's file gives what to stage, reject or note, and writes nothing."""

from pathlib import Path

import openpyxl

from pipelines.lib.agency_files import Noted, Refused, Table, file_tables


def _workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    budget = workbook.active
    budget.title = "anggaran"
    budget.append(["tahun", "kode_opd", "level", "kode", "nama", "anggaran", "realisasi"])
    budget.append([2022, "x", "program", "1.01.01", "Program A", "1.000,00", "900,00"])
    workbook.create_sheet("Catatan").append(["dikirim terlambat"])
    workbook.create_sheet("lampiran").append(["kolom", "lain"])
    workbook.create_sheet("kosong")
    workbook.save(path)
    return path


def test_a_workbook_gives_one_event_per_sheet(tmp_path: Path):
    path = _workbook(tmp_path / "laporan.xlsx")
    before = sorted(tmp_path.iterdir())
    events = {getattr(e, "sheet", None): e for e in file_tables(path)}
    assert sorted(tmp_path.iterdir()) == before
    assert isinstance(events["anggaran"], Table)
    assert events["anggaran"].frame.height == 1
    assert events["Catatan"] == Noted("Catatan", "notes, not data")
    assert events["kosong"] == Noted("kosong", "empty sheet")
    unknown = events["lampiran"]
    assert isinstance(unknown, Refused)
    assert "unknown sheet 'lampiran'" in unknown.reason
    assert unknown.frames is not None  # its rows are quarantined, not read again


def test_an_unknown_csv_is_refused_by_name(tmp_path: Path):
    path = tmp_path / "pagu.csv"
    path.write_text("a;b\n1;2\n")
    (event,) = file_tables(path)
    assert isinstance(event, Refused)
    assert event.reason.startswith("unknown table pagu.csv; expected one of ['anggaran.csv'")
    assert event.frames is None
