"""A generated export layout written as a file a finance office sends: an HTML table
saved as ``.xls`` (merged header cells as col/rowspans) or an XLSX workbook (merged
ranges, number cells where the layout prints numbers)."""

from __future__ import annotations

import html
from pathlib import Path

import xlsxwriter


def _spans(band: list[list]) -> list[list[tuple[str, int, int] | None]]:
    """Per band cell: (text, colspan, rowspan), or None where a span covers it."""
    out = [[None] * len(band[0]) for _ in band]
    if len(band) == 1:
        return [[(c, 1, 1) for c in band[0]]]
    upper, lower = band
    column = 0
    while column < len(upper):
        if not lower[column]:  # a label over both rows, and over the columns right of
            end = column  # it with the same label and none under it ("Kode Rekening")
            while end + 1 < len(upper) and upper[end + 1] == upper[column] and not lower[end + 1]:
                end += 1
            out[0][column] = (upper[column], end - column + 1, 2)
            column = end + 1
            continue
        end = column
        while end + 1 < len(upper) and upper[end + 1] == upper[column] and lower[end + 1]:
            end += 1
        out[0][column] = (upper[column], end - column + 1, 1)
        for c in range(column, end + 1):
            out[1][c] = (lower[c], 1, 1)
        column = end + 1
    return out


def write_html(path: Path, titles, band, data, footer) -> None:
    """Titles and footer as paragraphs around one table, its header band merged."""
    out = ["<html><head><meta charset='utf-8'></head><body>"]
    out += [f"<p>{html.escape(t)}</p>" for t in titles]
    out.append("<table border='1'>")
    for row in _spans(band):
        cells = [
            f"<th colspan='{c}' rowspan='{r}'>{html.escape(t)}</th>"
            for cell in row
            if cell
            for t, c, r in [cell]
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    for row in data:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>")
    out.append("</table>")
    out += [f"<p>{html.escape(f)}</p>" for f in footer]
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def write_xlsx(path: Path, titles, band, data, footer) -> None:
    """Titles, the header band (merged), the rows and the footer on one sheet, LRA."""
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet("LRA")
    row = 0
    for title in titles:
        sheet.write_string(row, 0, title) if title else None
        row += 1
    for r, cells in enumerate(_spans(band)):
        for column, cell in enumerate(cells):
            if cell is None:
                continue
            text, across, down = cell
            if across > 1 or down > 1:
                sheet.merge_range(row + r, column, row + r + down - 1, column + across - 1, text)
            else:
                sheet.write_string(row + r, column, text)
    row += len(band)
    for cells in data:
        for column, value in enumerate(cells):
            if isinstance(value, float):
                sheet.write_number(row, column, value)
            elif value != "":
                sheet.write_string(row, column, value)
        row += 1
    for line in footer:
        if line:
            sheet.write_string(row, 1, line)
        row += 1
    book.close()
