"""A document as paragraphs and tables in reading order, whatever it came as.

Three readers give the same shape: a text extraction (tables as tab-separated lines,
one printed line per row, so a wrapped cell spans several rows, or laid out by spaces:
:mod:`.spaced_text`), a PDF (pdfplumber: ruled tables, the words outside them as
lines; a scanned page by OCR, :mod:`.ocr`) and a Word file (its paragraphs and tables
in body order). Everything after this module works on :class:`Paragraph` and
:class:`Table` only (:mod:`.blocks`).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pipelines.lib.documents.blocks import (
    BULLET,
    HEADING,
    UNRULED_MARK,
    Block,
    DocumentError,
    Paragraph,
    Table,
    without_furniture,
)
from pipelines.lib.documents.spaced_text import layout_pages, spaced_tables_as_tabs, text_blocks
from pipelines.lib.documents.tables import has_figure
from pipelines.lib.documents.word_breaks import rejoin_broken_words
from pipelines.lib.limits import (
    MAX_DOCUMENT_CHARACTERS,
    MAX_TEXT_BYTES,
    MiB,
    inflated_size_problem,
)
from pipelines.lib.readers import UnreadableFileError, decode_text, is_numbering_row

SUFFIXES = (".pdf", ".docx", ".txt")


def read_document(path: Path) -> list[Block]:
    """The blocks of a .pdf, .docx or .txt file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return join_continued_tables(read_pdf(path))
    if suffix == ".docx":
        return join_continued_tables(read_docx(path))
    if suffix == ".txt":
        return join_continued_tables(read_text(path))
    raise DocumentError(
        f"{path.name}: a {suffix or 'suffix-less'} file; kinerja extract reads "
        + ", ".join(SUFFIXES)
        + " (a .doc: save it as .docx in Word or LibreOffice first)"
    )


class CharacterBudget:
    """The text read from one document so far, refused past MAX_DOCUMENT_CHARACTERS."""

    def __init__(self, path: Path) -> None:
        self.path, self.used = path, 0

    def take(self, text: str) -> str:
        self.used += len(text)
        if self.used > MAX_DOCUMENT_CHARACTERS:
            raise DocumentError(
                f"{self.path.name}: more than {MAX_DOCUMENT_CHARACTERS:,} characters of text "
                "(merged cells count once per cell they cover): not read; split the document "
                "or print it to PDF. Nothing was written."
            )
        return text


def read_text(path: Path) -> list[Block]:
    """A text extraction: a run of tab-separated lines is a table (blank lines inside
    it are page breaks); a line indented without a bullet continues the one above."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise DocumentError(
            f"{path.name}: {path.stat().st_size / MiB:,.0f} MB of text, above the limit of "
            f"{MAX_TEXT_BYTES // MiB} MB. Nothing was written."
        )
    try:
        text, _ = decode_text(path, path.read_bytes())
    except UnreadableFileError as exc:
        raise DocumentError(f"{exc}. Nothing was written.") from exc
    text = text.removeprefix("\ufeff")
    if "\t" in text:
        lines = text.splitlines()
        where = [f"baris {n}" for n in range(1, len(lines) + 1)]
        return text_blocks(lines, where, lambda line: line[:1] == " ")
    # without tabs: a pdftotext -layout text, pages by form feeds, columns by spaces
    lines, where = layout_pages(text)
    return text_blocks(spaced_tables_as_tabs(lines), where, lambda line: True)


WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _word_cell_text(tc) -> str:
    """A Word cell's text, its paragraphs on lines of their own."""
    lines = ["".join(t.text or "" for t in p.iter(f"{WORD}t")) for p in tc.iter(f"{WORD}p")]
    return "\n".join(line for line in lines if line.strip())


def _word_table_rows(tbl) -> list[list[str]]:
    """A Word table's rows as the grid it prints: a merged cell's text once, in its
    first grid cell, and blank in the others (across and down), as a PDF gives it."""
    rows = []
    for tr in tbl.iterchildren(f"{WORD}tr"):
        cells: list[str] = []
        before = tr.find(f"{WORD}trPr/{WORD}gridBefore")
        cells += [""] * int(before.get(f"{WORD}val", 0) if before is not None else 0)
        for tc in tr.iterchildren(f"{WORD}tc"):
            span = tc.find(f"{WORD}tcPr/{WORD}gridSpan")
            merge = tc.find(f"{WORD}tcPr/{WORD}vMerge")
            below = merge is not None and merge.get(f"{WORD}val", "continue") == "continue"
            cells.append("" if below else _word_cell_text(tc))
            cells += [""] * (int(span.get(f"{WORD}val", 1)) - 1 if span is not None else 0)
        rows.append(cells)
    return rows


def read_docx(path: Path) -> list[Block]:
    """A Word file's body in order. A merged cell's text is read once, in its first
    grid cell (the XML of the body, public through ``Document.element``)."""
    import docx
    from docx.table import Table as WordTable

    too_large = inflated_size_problem(path)
    if too_large:
        raise DocumentError(f"{too_large}. Nothing was written.")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file not .docx
        raise DocumentError(f"{path.name}: not a readable Word .docx file ({exc})") from exc
    blocks: list[Block] = []
    tables = paragraphs = 0
    budget = CharacterBudget(path)
    # the body's tables in order, as XML: python-docx repeats a merged cell's text
    xml_tables = iter(document.element.body.iterchildren(f"{WORD}tbl"))
    for item in document.iter_inner_content():
        if isinstance(item, WordTable):
            tables += 1
            rows = [
                [budget.take(text) for text in row] for row in _word_table_rows(next(xml_tables))
            ]
            where = f"tabel {tables} (Word)"
            blocks.append(
                Table(rows, where, [f"{where} baris {n}" for n in range(1, len(rows) + 1)])
            )
        else:
            paragraphs += 1
            for line in budget.take(item.text).splitlines():
                if line.strip():
                    blocks.append(Paragraph(line.strip(), f"paragraf {paragraphs}"))
    return blocks


# pdfplumber spends nearly all its time turning each character into an object; pages
# are independent, so a long document is read in page ranges by worker processes
PAGES_PER_WORKER = 8


def read_pdf(path: Path, workers: int | None = None) -> list[Block]:
    """A machine-made PDF: each page's ruled tables, and its other lines grouped into
    paragraphs by the gaps between them. A table that goes on at the top of the next
    page with as many columns is joined to the one before (its header, when repeated,
    is dropped later as a repeated header). A page without a text layer (scanned) is
    read by OCR (:mod:`.ocr`), or the document is refused saying why it cannot be."""
    from pipelines.lib.documents.ocr import ocr_problem

    with _open_pdf(path) as pdf:
        pages = len(pdf.pages)
    parts = _read_in_parallel(path, pages, workers)
    scanned = [number for _, _, unread in parts for number in unread]
    if scanned:  # pages without a text layer that this machine cannot OCR
        shown = ", ".join(map(str, scanned[:10])) + (" …" if len(scanned) > 10 else "")
        raise DocumentError(
            f"{path.name}: {len(scanned)} of its {pages} pages have no text layer (scanned: "
            f"{shown}) and need OCR, which this machine cannot do: {ocr_problem()}. Or ask "
            "the agency for the PDF exported from Word, or type the report into the "
            "template. Nothing was written."
        )
    if sum(characters for _, characters, _ in parts) == 0:
        raise DocumentError(
            f"{path.name}: none of its {pages} pages has text, also read by OCR (an empty "
            "or unreadable scan); ask the agency for the PDF exported from Word, or type "
            "the report into the template. Nothing was written."
        )
    pages_blocks = without_furniture([page for part, _, _ in parts for page in part])
    blocks: list[Block] = []
    for page_blocks in pages_blocks:
        if (
            page_blocks
            and isinstance(page_blocks[0], Table)
            and blocks
            and isinstance(blocks[-1], Table)
            and _goes_on(blocks[-1], page_blocks[0])
        ):
            _continue_table(blocks[-1], page_blocks[0])
            page_blocks = page_blocks[1:]
        blocks += page_blocks
    return rejoin_broken_words(blocks)


def _read_in_parallel(path: Path, pages: int, workers: int | None) -> list:
    """Each worker's pages as :func:`_read_pages` returns them, in page order; in this
    process alone when a worker cannot start (e.g. a __main__ read from stdin)."""
    workers = workers or min(os.cpu_count() or 1, max(1, pages // PAGES_PER_WORKER))
    bounds = [(pages * n // workers, pages * (n + 1) // workers) for n in range(workers)]
    if workers > 1:
        spawn = multiprocessing.get_context("spawn")  # no fork of a threaded parent
        try:
            with ProcessPoolExecutor(workers, mp_context=spawn) as pool:
                return list(pool.map(_read_pages, [path] * workers, *zip(*bounds, strict=True)))
        except BrokenProcessPool:
            pass
    return [_read_pages(path, 0, pages)]


def _continue_table(table: Table, first: Table) -> None:
    """The rows of ``first`` (opening a page) appended to ``table`` (closing the page
    before)."""
    rows, places = first.rows, first.row_where
    if _width(first) < _width(table):
        # a table set by spaces goes on with its first columns empty, so fewer are
        # found, under its header repeated in those fewer columns: dropped
        repeated = next((n for n, row in enumerate(rows) if has_figure(row)), 0)
        pad = [""] * (_width(table) - _width(first))
        rows = [pad + row for row in rows[repeated:]]
        places = places[repeated:]
    table.rows += rows
    table.row_where += places


def _goes_on(table: Table, first: Table) -> bool:
    """Whether the table opening a page continues the one closing the page before: as
    many columns; or, both set by spaces, fewer (its first columns empty there)."""
    if _width(table) == _width(first):
        return True
    unruled = UNRULED_MARK in table.where and UNRULED_MARK in first.where
    return unruled and _width(first) < _width(table) and any(map(has_figure, first.rows))


def _open_pdf(path: Path):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfplumber.open(str(path))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in its own type
        cause = exc.__cause__ or exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(exc).lower():
            raise DocumentError(
                f"{path.name}: the PDF is encrypted with a password; ask the agency for an "
                "unprotected copy (or print it to a new PDF). Nothing was written."
            ) from exc
        raise DocumentError(f"{path.name}: not a readable PDF ({exc})") from exc


def _read_pages(path: Path, start: int, end: int) -> tuple[list[list[Block]], int, list[int]]:
    """The blocks of pages start..end-1, per page, how many characters they have, and
    the pages without a text layer left unread (read by OCR where this machine can;
    whether it can is asked only when such a page comes, not for every PDF)."""
    from pipelines.lib.documents import ocr

    pages: list[list[Block]] = []
    characters = 0
    unread: list[int] = []
    with _open_pdf(path) as pdf:
        for number in range(start, end):
            page = pdf.pages[number]
            where = f"halaman {number + 1}"
            if not page.chars:  # scanned: no text layer
                can_read = ocr.ocr_problem() is None
                lines = ocr.ocr_pdf_page(page) if can_read else []
                if not can_read:
                    unread.append(number + 1)
                characters += sum(len(line.strip()) for line in lines)
                where = f"{where} (OCR)"
                spaced = spaced_tables_as_tabs(lines)
                pages.append(text_blocks(spaced, [where] * len(lines), lambda line: True))
                page.close()
                continue
            characters += len(page.chars)
            found = page.find_tables()
            unruled = [] if found else _unruled_tables(page, where)
            if unruled:  # a table set by spaces alone (no ruling lines): read as by OCR
                pages.append(unruled)
                page.close()
                continue
            boxes = [t.bbox for t in found]
            items: list[tuple[float, Block]] = []
            for table in found:
                rows = [[cell or "" for cell in row] for row in table.extract()]
                items.append((table.bbox[1], Table(rows, where, [where] * len(rows))))
            text = page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes)) if boxes else page
            items += _paragraphs(text.extract_text_lines(), where)
            items.sort(key=lambda item: item[0])
            pages.append([block for _, block in items])
            page.close()  # drop the page's parsed objects: memory stays one page deep
    return pages, characters, unread


def _unruled_tables(page, where: str) -> list[Block]:
    """A page whose table has no ruling lines, as the words' positions set it out (the
    way OCR reads a scan); nothing when the words form no table."""
    from pipelines.lib.documents.ocr import layout_lines

    words = [
        {"text": w["text"], "left": w["x0"], "top": w["top"], "right": w["x1"],
         "height": w["bottom"] - w["top"]}
        for w in page.extract_words()
    ]  # fmt: skip
    spaced = spaced_tables_as_tabs(layout_lines(words, exact=True))
    if not any("\t" in line for line in spaced):
        return []
    return text_blocks(spaced, [f"{where} {UNRULED_MARK}"] * len(spaced), lambda line: True)


def _width(table: Table) -> int:
    return max((len(row) for row in table.rows), default=0)


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _paragraphs(lines: list[dict], where: str) -> list[tuple[float, Paragraph]]:
    """Lines closer than half a line apart make one paragraph; a heading or a bullet
    starts a new one, and a heading stands alone."""
    out: list[tuple[float, Paragraph]] = []
    previous: dict | None = None
    for line in lines:
        text = line["text"].strip()
        if not text:
            continue
        height = line["bottom"] - line["top"]
        alone = bool(HEADING.match(text))
        joins = (
            previous is not None
            and out
            and not alone
            and not previous["alone"]
            and not BULLET.match(text)
            and line["top"] - previous["bottom"] < 0.5 * height
        )
        if joins:
            paragraph = out[-1][1]
            paragraph.text += " " + text
        else:
            out.append((line["top"], Paragraph(text, where)))
        previous = {"bottom": line["bottom"], "alone": alone}
    return out


def join_continued_tables(blocks: list[Block]) -> list[Block]:
    """A table continued as another Word table (or after a page break, with text
    between) whose header is only the column numbers (``1 2 3 4 5 6``) joins the table
    before it of as many columns: its rows would otherwise be read as a table of no
    kind. The tables given are not changed."""
    out: list[Block] = []
    previous: Table | None = None
    for block in blocks:
        if not isinstance(block, Table):
            out.append(block)
            continue
        first = [" ".join(c.split()) for c in block.rows[0]] if block.rows else []
        if previous is not None and is_numbering_row(first) and _width(block) == _width(previous):
            if len(previous.row_where) != len(previous.rows):
                previous.row_where = [previous.where] * len(previous.rows)
            continued = block.row_where[1:]
            if len(continued) != len(block.rows) - 1:
                continued = [block.where] * (len(block.rows) - 1)
            previous.rows += block.rows[1:]
            previous.row_where += continued
            continue
        previous = Table([list(r) for r in block.rows], block.where, list(block.row_where))
        out.append(previous)
    return out
