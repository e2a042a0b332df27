"""Delivered CSV files read as text: polars' reader, or line by line when it cannot be
trusted; both give the same rows, and a row with the wrong number of cells is named."""

import csv
from pathlib import Path

import pytest

from pipelines.lib import readers
from pipelines.lib.readers import UnreadableFileError, _read_csv_lines, read_csv_table

SAME_ROWS = [
    'tahun,kode_opd,x\n2024,a,"1.000,00"\n\n,,\n2024, b ,  \n',  # blank line, blank row
    'a;b\n1;2\n3;"x;y"\n',  # semicolons, a quoted separator
    'a,b\n1,"x\ny"\n',  # a quoted cell spanning two lines
    "a,b\n1,2\n   \n3,4\n",  # a line of spaces
    "a,b\n1,2\n3,4",  # no newline at the end
    "\ufeffa,b,c\r\n1,,\r\n",  # byte order mark, CRLF, empty trailing cells
    "a,b\r1,2\r3,4\r",  # lone CRs (old Mac line ends)
    "a,b\n1,x\u2028y\x0bz\n",  # a Unicode line separator and a vertical tab in a cell
]


@pytest.fixture(autouse=True)
def polars_for_every_file(monkeypatch: pytest.MonkeyPatch):
    """Small files are read line by line; here polars reads them too, to compare."""
    monkeypatch.setattr(readers, "POLARS_MIN_BYTES", 0)


@pytest.mark.parametrize("text", SAME_ROWS)
def test_fast_and_line_by_line_readers_agree(tmp_path: Path, text: str):
    path = tmp_path / "anggaran.csv"
    path.write_text(text)
    lines = readers._LINE_BREAK.split(path.read_text(encoding="utf-8-sig"))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    headers = next(csv.reader(lines[:1], delimiter=delimiter))
    assert read_csv_table(path).equals(_read_csv_lines(path, lines, delimiter, headers))


@pytest.mark.parametrize(
    ("text", "row", "message"),
    [
        ("a,b\n1,2\n3\n", 3, "row 3: 1 cells where the header has 2 (the line is cut short?)"),
        ("a,b,c\n1,\n", 2, "row 2: 2 cells where the header has 3 (the line is cut short?)"),
        ("a,b,c\n1,2,3\n1,2,3,4\n", 3, "row 3: 4 cells where the header has 3"),
    ],
)
def test_a_row_with_the_wrong_number_of_cells_is_kept_apart_and_named(
    tmp_path: Path, text: str, row: int, message: str
):
    path = tmp_path / "anggaran.csv"
    path.write_text(text)
    frame = read_csv_table(path)
    bad = frame.filter(frame[readers.ROW_ERROR].is_not_null())
    assert bad[readers.SOURCE_ROW].to_list() == [row]
    assert bad[readers.ROW_ERROR][0] == message
    assert bad[readers.RAW_LINE][0] == text.splitlines()[row - 1]


def test_windows_1252_is_read_with_a_note_and_other_bytes_are_named(tmp_path: Path):
    path = tmp_path / "anggaran.csv"
    path.write_bytes(b"a,b\n1,\xe9\x96\n")  # é and an en dash in Windows-1252
    frame = read_csv_table(path)
    assert frame["b"].to_list() == ["é–"]
    assert frame[readers.FILE_NOTE].to_list() == [readers.ENCODING_NOTE]
    path.write_bytes(b"a,b\n1,\x81\n2,3\n")  # 0x81: no character in either encoding
    with pytest.raises(UnreadableFileError, match=r"anggaran\.csv: neither UTF-8 nor .* 2 rows"):
        read_csv_table(path)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found_in_the_header(tmp_path: Path, delimiter: str):
    path = tmp_path / "anggaran.csv"
    path.write_text(f"a{delimiter}b\n1{delimiter}2,5\n" if delimiter != "," else "a,b\n1,2\n")
    frame = read_csv_table(path)
    assert frame.columns[:2] == ["a", "b"]
    assert frame["a"].to_list() == ["1"]
