"""Words a narrow PDF column cut across lines are joined by the document's own words;
lines that only wrap keep their words apart."""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph as Text
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from pipelines.lib.documents.blocks import Paragraph
from pipelines.lib.documents.blocks import Table as Block
from pipelines.lib.documents.layout import read_document
from pipelines.lib.documents.word_breaks import Words, document_words, rejoin_cell

WORDS = Words({"persentase", "ketersediaan", "dokumen", "perencanaan", "kepuasan", "masyarakat"})


def test_a_cut_word_is_joined_when_the_document_prints_it_whole():
    cell = "Persentas\ne Keterse\ndiaan\nDokumen\nPerencan\naan"
    assert rejoin_cell(cell, WORDS) == "Persentase Ketersediaan\nDokumen\nPerencanaan"


def test_a_word_cut_into_several_pieces_is_joined_whole():
    cell = "Pers\nenta\nse pe\nmenu\nhan dan 1.00\n0 stan\ndar."
    words = Words({"persentase", "pemenuhan", "dan", "1.000", "standar"})
    assert rejoin_cell(cell, words) == "Persentase pemenuhan dan 1.000 standar."


def test_a_wrapped_line_keeps_its_words_apart():
    assert rejoin_cell("Indeks\nkepuasan\nmasyarakat", WORDS) == "Indeks\nkepuasan\nmasyarakat"
    # two words that also make a word together stay two words
    assert rejoin_cell("kepuasan\nmasyarakat", Words(WORDS.words | {"kepuasanmasyarakat"})) == (
        "kepuasan\nmasyarakat"
    )
    # a piece the document never prints whole is left as printed (and seen in review)
    assert rejoin_cell("Rekapitu\nlasi", WORDS) == "Rekapitu\nlasi"


def test_the_pieces_at_line_ends_are_not_taken_for_words():
    blocks = [
        Paragraph("Persentase dokumen yang tersedia.", "halaman 1"),
        Block([["Persentas\ne Keterse\ndiaan buku"]], "halaman 2"),
    ]
    words = document_words(blocks)
    assert "persentase" in words
    assert "persentas" not in words
    assert "keterse" not in words
    assert "diaan" not in words


def test_a_narrow_pdf_column_reads_as_the_words_printed(tmp_path: Path):
    """reportlab cuts words wider than their column, as Word does in narrow cells."""
    style = getSampleStyleSheet()["BodyText"]
    rows = [
        ["No", "Indikator", "Target", "Realisasi", "Capaian"],
        ["1", Text("Persentase Ketersediaan Dokumen Perencanaan", style), "100", "95", "95,00"],
        ["2", Text("Indeks kepuasan masyarakat terhadap pelayanan", style), "80", "85", "106,25"],
    ]
    table = Table(rows, colWidths=[30, 58, 50, 50, 50])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    narrative = Text(
        "Indikator persentase ketersediaan dokumen perencanaan dan indeks kepuasan "
        "masyarakat terhadap pelayanan diukur setiap tahun.",
        style,
    )
    path = tmp_path / "lkjip.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([narrative, table])
    (read,) = [b for b in read_document(path) if isinstance(b, Block)]
    names = [" ".join(row[1].split()) for row in read.rows[1:]]
    assert names == [
        "Persentase Ketersediaan Dokumen Perencanaan",
        "Indeks kepuasan masyarakat terhadap pelayanan",
    ]
