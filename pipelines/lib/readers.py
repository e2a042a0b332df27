"""Read one delivered CSV table as text; the frame both readers (this one and
:mod:`pipelines.lib.workbooks`) return.

Every cell is read as a string so nothing is converted behind our back: the cleaning
module types each column and reports what does not parse. ``source_row`` is the row a
spreadsheet shows; ``_numeric_cells`` lists the cells a workbook held as numbers.
"""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

import polars as pl

SOURCE_ROW = "source_row"
NUMERIC_CELLS = "_numeric_cells"
# a row that could not be read as cells (wrong number of cells, cut short): the reason and
# the line as delivered; its cells are empty and the ingest quarantines it
ROW_ERROR = "_row_error"
RAW_LINE = "_raw_line"
# a note on the whole file, kept in its line of the file log (and an info finding):
# a CSV that is not UTF-8 but decodes cleanly as Windows-1252 (Excel's "CSV" on Windows),
# or a workbook whose cached numbers carry float noise (169869991.20000002)
FILE_NOTE = "_file_note"
ENCODING_NOTE = "encoding: not UTF-8, read as Windows-1252"
DELIMITERS = (",", ";", "\t")


class UnreadableFileError(Exception):
    """The file cannot be read as a table at all (format, encoding, emptiness)."""


def text_frame(
    headers: list[str], rows: list[list[str | None]], numeric: list[list[str]], first_data_row: int
) -> pl.DataFrame:
    data: dict[str, list] = {h: [r[i] for r in rows] for i, h in enumerate(headers)}
    data[SOURCE_ROW] = list(range(first_data_row, first_data_row + len(rows)))
    data[NUMERIC_CELLS] = numeric
    schema = {h: pl.String for h in headers} | {
        SOURCE_ROW: pl.Int32,
        NUMERIC_CELLS: pl.List(pl.String),
    }
    return pl.DataFrame(data, schema=schema)


def check_headers(headers: list[str], where: str) -> list[str]:
    cleaned = [(h or "").strip() for h in headers]
    if not any(cleaned):
        raise UnreadableFileError(f"{where}: the first row holds no column names")
    duplicates = sorted({h for h in cleaned if h and cleaned.count(h) > 1})
    if duplicates:
        raise UnreadableFileError(f"{where}: duplicate column names {duplicates}")
    return cleaned


# Second path, kept: polars for bulk extracts (the line reader would take the national
# ingest many times over), lines for small files (polars alone: +45 % of a regency's
# ingest stage); both give the same frame (docs/benchmarks.md, "Second paths").
POLARS_MIN_BYTES = 64 * 1024
# where a line ends, for both readers: as csv and polars end one, not str.splitlines()
# (which also breaks at \v, \f, \x1c-\x1e, \x85, \u2028, \u2029: kept inside cells)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


_LONE_CR = re.compile(rb"\r(?!\n)")


def _has_lone_cr(data: bytes) -> bool:
    """Whether a line ends with a bare CR (old Mac files), which polars does not split.
    (One regex pass: a third of the time of counting CR and CRLF.)"""
    return _LONE_CR.search(data) is not None


def read_csv_table(path: Path) -> pl.DataFrame:
    """Read a delivered CSV (``,``, ``;`` or tab separated; UTF-8, or Windows-1252 when
    that decodes it cleanly) with every cell as text.

    Row numbers in ``source_row`` are those a spreadsheet shows (header = row 1). Blank
    cells are null and blank rows skipped. A row with another number of cells than the
    header (an extra cell, a copy cut short) is kept with ``_row_error`` and its line, to
    be quarantined alone; a file in Windows-1252 has ``_encoding_note`` set.

    polars' reader does the work for a large file
    (a bulk extract) when every line has the header's number of cells; small files, and
    files with a bad row (which the line-by-line reader names), are read line by line.
    A large file stays bytes: no Python string per line on the hot path.
    """
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if len(data) < POLARS_MIN_BYTES or _has_lone_cr(data):
        return _read_csv_text(path, data)
    header_end = data.find(b"\n")
    try:
        header = data[: header_end if header_end >= 0 else len(data)].decode().rstrip("\r")
    except UnicodeDecodeError:
        return _read_csv_text(path, data)  # names the bad bytes
    delimiter, headers = _header(header, path)
    try:
        frame = pl.read_csv(
            data,
            separator=delimiter,
            has_header=True,
            new_columns=headers,
            infer_schema=False,
            row_index_name=SOURCE_ROW,
            row_index_offset=2,
        )
    except pl.exceptions.PolarsError:  # bad UTF-8, a row with more cells than the header
        return _read_csv_text(path, data)
    if not _cells_per_line_agree(frame, data, delimiter, headers):
        return _read_csv_text(path, data)
    blank_to_null = [
        pl.when(pl.col(h).str.strip_chars() != "").then(pl.col(h)).alias(h) for h in headers
    ]
    return (
        frame.with_columns(blank_to_null)
        .filter(pl.any_horizontal(pl.col(headers).is_not_null()))
        .select(
            *headers,
            pl.col(SOURCE_ROW).cast(pl.Int32),
            pl.lit([], dtype=pl.List(pl.String)).alias(NUMERIC_CELLS),
        )
    )


def _header(line: str, path: Path) -> tuple[str, list[str]]:
    """The delimiter (the most frequent of comma, semicolon and tab in the header; comma
    on a tie) and the column names of a header."""
    if not line.strip():
        raise UnreadableFileError(f"{path.name}: the file is empty")
    delimiter = max(DELIMITERS, key=line.count)
    return delimiter, check_headers(next(csv.reader([line], delimiter=delimiter)), path.name)


_NUMBERING_CELL = re.compile(r"^\(?\d{1,2}\)?$")


def is_numbering_row(cells: list[str]) -> bool:
    """The column-number row printed under a table's header (``1 2 3 …`` or
    ``(1) (2) (3) …``): no data, in a report or a finance export alike."""
    # "(1\n)": a number wrapped in a narrow column is still the column's number
    filled = ["".join(c.split()) for c in cells if c and c.strip()]
    if len(filled) < 3 or not all(_NUMBERING_CELL.match(c) for c in filled):
        return False
    numbers = [int(c.strip("()")) for c in filled]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def decode_text(path: Path, data: bytes) -> tuple[str, str | None]:
    """The file's text and an encoding note: UTF-16 when it starts with its byte order
    mark (Notepad's "Unicode"), UTF-8, else Windows-1252 when every byte decodes (five
    bytes have no character there), else the file is unreadable."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(
                f"{path.name}: starts as UTF-16 but is not ({exc.reason} at byte {exc.start}); "
                "save it as UTF-8"
            ) from exc
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        try:
            return data.decode("cp1252"), ENCODING_NOTE
        except UnicodeDecodeError:
            lines = len(_LINE_BREAK_BYTES.split(data.strip())) - 1
            raise UnreadableFileError(
                f"{path.name}: neither UTF-8 nor Windows-1252 text ({exc.reason} at byte "
                f"{exc.start}); {lines} rows not read: save it as CSV UTF-8"
            ) from exc


def _read_csv_text(path: Path, data: bytes) -> pl.DataFrame:
    text, note = decode_text(path, data)
    lines = _LINE_BREAK.split(text)
    delimiter, headers = _header(lines[0], path)  # an empty file has one empty line
    frame = _read_csv_lines(path, lines, delimiter, headers)
    return frame.with_columns(pl.lit(note, pl.String).alias(FILE_NOTE)) if note else frame


def _cells_per_line_agree(
    frame: pl.DataFrame, data: bytes, delimiter: str, headers: list[str]
) -> bool:
    """Whether polars read one row per line with the header's number of cells. polars
    pads a short row with nulls, so every row whose last cell is empty is recounted
    from its line (few in practice); an empty line is a blank row."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if frame.height != lines - 1:  # a quoted cell spanning lines, or a skipped line
        return False
    suspects = frame.filter(pl.col(headers[-1]).is_null()).get_column(SOURCE_ROW)
    if suspects.is_empty():
        return True
    split = data.split(b"\n")
    for row in suspects:
        line = split[row - 1].decode().rstrip("\r")
        if line.strip() and len(next(csv.reader([line], delimiter=delimiter))) != len(headers):
            return False
    return True


def _read_csv_lines(
    path: Path, lines: list[str], delimiter: str, headers: list[str]
) -> pl.DataFrame:
    rows, row_numbers, errors, raw_lines = [], [], [], []
    reader = csv.reader(lines, delimiter=delimiter)
    next(reader, None)  # the header
    read_up_to = reader.line_num
    for number, record in enumerate(reader, start=2):
        line = "\n".join(lines[read_up_to : reader.line_num])  # a quoted cell may span lines
        read_up_to = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) == len(headers):
            rows.append([cell if cell.strip() else None for cell in record])
            errors.append(None)
        else:  # kept alone for the quarantine: the other rows load
            rows.append([None] * len(headers))
            errors.append(
                f"row {number}: {len(record)} cells where the header has {len(headers)}"
                + (" (the line is cut short?)" if len(record) < len(headers) else "")
            )
        raw_lines.append(line if errors[-1] else None)
        row_numbers.append(number)
    frame = text_frame(headers, rows, [[] for _ in rows], 2).with_columns(
        pl.Series(SOURCE_ROW, row_numbers, dtype=pl.Int32)
    )
    if not any(errors):
        return frame
    return frame.with_columns(
        pl.Series(ROW_ERROR, errors, dtype=pl.String), pl.Series(RAW_LINE, raw_lines, pl.String)
    )
