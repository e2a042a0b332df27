"""What one delivered file may cost: claims a file makes about its size are checked
against what it holds, and a file past a stated limit is refused with a message."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipelines.lib.documents.layout import CharacterBudget, DocumentError, read_document
from pipelines.lib.limits import MAX_DOCUMENT_CHARACTERS, MAX_INFLATED_BYTES
from pipelines.lib.readers import UnreadableFileError
from pipelines.lib.workbooks import read_workbook


def _rewrite(path: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            z.writestr(item, change(item.filename, source.read(item.filename)))
    return out


def test_a_workbook_claiming_every_cell_of_a_sheet_is_read_by_its_real_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "anggaran"
    sheet.append(["tahun", "kode_opd", "level", "nama", "anggaran"])
    for number in range(50):
        sheet.append([2024, "syn-dinkes", "program", f"Program {number}", 1000.5])  # numbers
    book.save(tmp_path / "honest.xlsx")
    claimed = _rewrite(
        tmp_path / "honest.xlsx",
        tmp_path / "claims.xlsx",
        lambda name, data: (
            re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
            if name.startswith("xl/worksheets/")
            else data
        ),
    )
    assert b"XFD1048576" in zipfile.ZipFile(claimed).read("xl/worksheets/sheet1.xml")
    frame = read_workbook(claimed)["anggaran"]
    assert frame.height == 50
    assert frame["anggaran"][0] == "1000,5"


def _bomb(path: Path, out: Path) -> Path:
    """``path`` with a part of zeros that inflates past the limit (compressed: ~200 KB)."""
    filler = b"\0" * (MAX_INFLATED_BYTES + 1)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            z.writestr(item, source.read(item.filename))
        z.writestr("docProps/filler.bin", filler)
    return out


def test_an_office_file_inflating_past_the_limit_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["tahun"])
    book.save(tmp_path / "small.xlsx")
    bomb = _bomb(tmp_path / "small.xlsx", tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(UnreadableFileError, match="MB once unpacked, above the limit of 200 MB"):
        read_workbook(bomb)

    import docx

    document = docx.Document()
    document.add_paragraph("LAPORAN KINERJA TAHUN 2024")
    document.save(tmp_path / "small.docx")
    bomb = _bomb(tmp_path / "small.docx", tmp_path / "bomb.docx")
    with pytest.raises(DocumentError, match="above the limit of 200 MB"):
        read_document(bomb)


def test_the_text_read_from_a_document_is_bounded(tmp_path):
    budget = CharacterBudget(tmp_path / "x.docx")
    assert budget.take("a" * MAX_DOCUMENT_CHARACTERS) == "a" * MAX_DOCUMENT_CHARACTERS
    with pytest.raises(DocumentError, match="merged cells count once per cell"):
        budget.take("b")


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig", "utf-8"])
def test_a_text_extraction_is_read_in_the_encodings_windows_saves(tmp_path, encoding):
    path = tmp_path / "lkjip.txt"
    path.write_text(
        "LAPORAN KINERJA – Dinas Kesehatan TAHUN 2024\nNo\tIndikator\n1\tCapaian\n",
        encoding=encoding,
    )
    blocks = read_document(path)
    assert blocks[0].text == "LAPORAN KINERJA – Dinas Kesehatan TAHUN 2024"
    assert blocks[1].rows == [["No", "Indikator"], ["1", "Capaian"]]


def test_a_text_extraction_in_no_known_encoding_is_refused_in_one_line(tmp_path):
    path = tmp_path / "lkjip.txt"
    path.write_bytes(b"LAPORAN \x81\x8d\x8f\x90\x9d")
    with pytest.raises(DocumentError, match="neither UTF-8 nor Windows-1252") as refused:
        read_document(path)
    assert "\n" not in str(refused.value)
