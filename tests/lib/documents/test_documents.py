"""Reading documents: bad ones refused with a reason and nothing written, tables whose
figures disagree flagged, drafts accepted into raw/ and never read before."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipelines import cli
from pipelines.lib.deliveries import discover
from pipelines.lib.documents.draft import AcceptError
from pipelines.lib.documents.kinds.scale import band_bounds
from pipelines.lib.documents.layout import Paragraph, Table
from pipelines.lib.documents.tables import PERFORMANCE_VALUES, performance_role, read_table
from pipelines.lib.readers import is_numbering_row
from pipelines.synthetic.documents import (
    Grid,
    Heading,
    Text,
    synthetic_items,
    write_docx,
    write_pdf,
)
from tests.lib.documents.conftest import FIXTURES, SYNTHETIC_DELIVERY, accept


def extract(path: Path, out: Path, agency: str = "syn-dinkes", year: int = 2024) -> int:
    return cli.main(
        ["extract", str(path), "--agency", agency, "--year", str(year), "--out", str(out)]
    )


def review(out: Path) -> list[dict[str, str]]:
    with (out / "review.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_a_scanned_pdf_needs_ocr_and_nothing_is_written(tmp_path, capsys):
    from PIL import Image
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.png"
    Image.new("RGB", (200, 280), "white").save(scan)
    page = canvas.Canvas(str(tmp_path / "lkjip.pdf"))
    page.drawImage(str(scan), 0, 0, 595, 842)
    page.showPage()
    page.save()
    assert extract(tmp_path / "lkjip.pdf", tmp_path / "draft") == 2
    assert "OCR" in capsys.readouterr().err  # read by OCR and found empty, or no OCR here
    assert not (tmp_path / "draft").exists()


def test_an_encrypted_pdf_is_refused(tmp_path, capsys):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(tmp_path / "lkjip.pdf"), encrypt=StandardEncryption("rahasia"))
    page.drawString(72, 720, "Tabel 3.1 Skala Pengukuran Kinerja")
    page.save()
    assert extract(tmp_path / "lkjip.pdf", tmp_path / "draft") == 2
    assert "encrypted with a password" in capsys.readouterr().err
    assert not (tmp_path / "draft").exists()


def test_a_document_without_any_table_or_figure_is_refused(tmp_path, capsys):
    write_docx(
        [Heading("KATA PENGANTAR"), Text("Puji syukur kami panjatkan.")], tmp_path / "surat.docx"
    )
    assert extract(tmp_path / "surat.docx", tmp_path / "draft") == 2
    assert "no table of performance, budget or category scale" in capsys.readouterr().err
    assert not (tmp_path / "draft").exists()


@pytest.mark.parametrize(
    ("name", "content"), [("lkjip.doc", b"\xd0\xcf\x11\xe0"), ("lkjip.docx", b"not a zip")]
)
def test_a_file_of_another_kind_is_named(name, content, tmp_path, capsys):
    (tmp_path / name).write_bytes(content)
    assert extract(tmp_path / name, tmp_path / "draft") == 2
    assert name in capsys.readouterr().err


def test_a_budget_table_whose_columns_do_not_add_up_is_flagged(tmp_path):
    items = synthetic_items(SYNTHETIC_DELIVERY, "Dinas Kesehatan Sintetis")
    budget = next(i for i in items if isinstance(i, Grid) and i.rows[0][0] == "Kode")
    budget.rows[1][2] = "209.535.774.000,-"  # the first program, 10 billion short
    write_pdf(items, tmp_path / "lkjip.pdf", landscape_pages=False)
    assert extract(tmp_path / "lkjip.pdf", tmp_path / "draft") == 0
    flagged = {
        (r["baris_berkas"], r["kolom"]): r["catatan"]
        for r in review(tmp_path / "draft")
        if r["perlu_cek"] == "ya" and r["berkas"] == "anggaran.csv"
    }
    assert flagged[("1", "anggaran")] == (
        "tidak sama dengan jumlah kegiatan-nya (Rp 219.535.774.000)"
    )
    assert flagged[("1", "persen_dilaporkan")].startswith("dicetak 85,87, realisasi/anggaran")


def test_two_tables_that_disagree_on_an_indicator_are_both_kept_and_flagged(tmp_path):
    header = ["Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi", "% Capaian"]
    first = ["Meningkatnya layanan", "Persentase desa terlayani", "90%", "81%", "90"]
    items = [
        Heading("Tabel 3.2 Capaian Kinerja Sasaran Strategis 1"),
        Grid([header, first]),
        Heading("Tabel 3.3 Capaian Kinerja Sasaran Strategis 1 (lanjutan)"),
        Grid([header, [*first[:3], "72%", "80"]]),
        Heading("Tabel 3.4 Capaian Kinerja Sasaran Strategis 1 (ulang)"),
        Grid([header, first]),
    ]
    write_docx(items, tmp_path / "lkjip.docx")
    assert extract(tmp_path / "lkjip.docx", tmp_path / "draft") == 0
    with (tmp_path / "draft" / "kinerja.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["no_sasaran"], r["realisasi"]) for r in rows] == [("1", "81%"), ("1", "72%")]
    lines = review(tmp_path / "draft")
    assert any(
        r["kolom"] == "indikator"
        and "Tabel 3.2 mencetak indikator ini dengan nilai lain" in r["catatan"]
        and r["perlu_cek"] == "ya"
        for r in lines
    )
    # the third table repeats the first: not written twice, but not dropped silently
    assert any(
        r["sumber"] == "Tabel 3.4" and r["catatan"].startswith("sama dengan Tabel 3.2")
        for r in lines
    )


def test_wrapped_rows_are_joined_and_numbering_rows_skipped():
    table = Table(
        [
            ["Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi", "% Capaian"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["Meningkatnya", "Persentase", "100%", "98%", "98"],
            ["kualitas layanan", "desa terlayani", "", "", ""],
            ["", "Indeks kepuasan", "80", "82", "102,5"],
        ],
        "baris 1",
    )
    read = read_table(
        table,
        "Tabel 3.2",
        lambda h: performance_role(h, 2024),
        frozenset({"target", "realized", "achievement"}),
    )
    assert [r.cells for r in read.records] == [
        {
            "objective": "Meningkatnya kualitas layanan",
            "indicator": "Persentase desa terlayani",
            "target": "100%",
            "realized": "98%",
            "achievement": "98",
        },
        {"indicator": "Indeks kepuasan", "target": "80", "realized": "82", "achievement": "102,5"},
    ]
    assert is_numbering_row(["1", "2", "3", "4"])
    assert not is_numbering_row(["1.", "Baik", "80"])


@pytest.mark.parametrize(
    ("band", "bounds"),
    [
        ("Lebih dari 100%", ("100", "", True)),
        ("75-100%", ("75", "100", True)),
        ("Kurang dari 55%", ("", "55", True)),
        ("91 % ≤ 100 %", ("91", "100", True)),
        ("≤ 50", ("", "50", True)),
        ("> 105", ("105", "", True)),
        ("Tidak Ada Target", ("", "", False)),
    ],
)
def test_band_bounds(band, bounds):
    assert band_bounds(band) == bounds


def test_a_draft_is_never_read_and_is_accepted_into_raw(synthetic_documents, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SYNTHETIC_DELIVERY.parent.parent / "reference", raw / "reference")
    draft = raw / "draft" / "2024" / "syn-dinkes"
    assert extract(synthetic_documents["docx"], draft) == 0
    deliveries, misplaced = discover(raw)
    assert (deliveries, misplaced) == ([], [])
    target = accept(draft, raw)
    assert target == raw / "2024" / "syn-dinkes"
    assert sorted(p.name for p in target.iterdir()) == [
        "README.md",
        "anggaran.csv",
        "belanja.csv",
        "kinerja.csv",
        "ringkasan.csv",
        "skala.csv",
    ]
    assert (draft / "review.csv").exists()  # the record of how the delivery was made
    assert [d.folder for d in discover(raw)[0]] == [target]
    assert extract(synthetic_documents["docx"], draft) == 0
    with pytest.raises(AcceptError, match="already holds a delivery"):
        accept(draft, raw)


def test_an_unknown_agency_is_refused_before_reading(tmp_path, capsys):
    assert extract(tmp_path / "missing.pdf", tmp_path / "draft", agency="no-such-opd") == 2
    assert "kinerja agency add no-such-opd" in capsys.readouterr().err


def test_a_report_of_another_year_than_given_is_refused(synthetic_documents, tmp_path, capsys):
    assert extract(synthetic_documents["docx"], tmp_path / "draft", year=2023) == 2
    assert "the document reports 2024" in capsys.readouterr().err
    assert not (tmp_path / "draft").exists()


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Realisasi Kinerja", "realized"),
        ("Target Kinerja 2024", "target"),
        ("Kinerja (%)", "achievement"),
        ("% Capaian Tahun 2023", "prior_achievement"),
        ("% Capaian terhadap Target Akhir Renstra (2024)", "plan_achievement"),
        ("Kondisi akhir Renstra 2024", "plan_target"),
        ("Indikator Kinerja Utama", "indicator"),
    ],
)
def test_performance_headers_by_their_words(header, role):
    assert performance_role(header, 2024) == role


@pytest.mark.parametrize(
    ("lines", "objective"),
    [
        (["a. Sasaran Strategis 1 : Meningkatnya layanan."], (1, "Meningkatnya layanan.")),
        (
            ["1. Sasaran Strategis 2", "Meningkatnya layanan kesehatan"],
            (2, "Meningkatnya layanan kesehatan"),
        ),
        (["Sasaran 3. Meningkatnya mutu"], (3, "Meningkatnya mutu")),
        (["SS 4 - Meningkatnya mutu"], (4, "Meningkatnya mutu")),
        (["Analisis Kinerja Sasaran 5: Meningkatnya mutu"], (5, "Meningkatnya mutu")),
        (["Sasaran strategis 1 dicapai melalui tiga program."], None),
    ],
)
def test_sasaran_headings_in_their_printed_variants(lines, objective):
    from pipelines.lib.documents.context import walk as _walk
    from pipelines.lib.documents.layout import Paragraph

    blocks = [Paragraph(line, "halaman 1") for line in lines]
    blocks.append(Table([["Indikator", "Target", "Realisasi"]], "halaman 1"))
    placed = _walk(blocks)
    assert placed[-1].objective == objective


def test_a_percentage_printed_with_a_decimal_point_is_read_and_flagged():
    from pipelines.lib.documents.drafting import Draft

    draft = Draft(2024, "syn-dinkes")
    values = {"level": "program", "nama": "P", "anggaran": "1.000", "persen_dilaporkan": "93.6"}
    row = draft.add("anggaran", values, "halaman 1", "P 1.000 93.6")
    assert row["persen_dilaporkan"] == "93,6"
    (line,) = [r for r in draft.review if r.column == "persen_dilaporkan"]
    assert line.check
    assert line.printed == "93.6"
    assert "titik dibaca sebagai koma desimal" in line.note


def test_a_summary_row_of_a_performance_table_is_no_indicator():
    from pipelines.lib.documents.extract import extract

    header = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
    table = Table(
        [
            header,
            ["1", "Meningkatnya layanan", "Jumlah sasaran yang terlayani", "830", "959", "115,54"],
            ["", "", "Jumlah Capaian Realisasi Kinerja", "", "", "115,54"],
        ],
        "halaman 3",
        ["halaman 3"] * 3,
    )
    draft = extract([table], 2024, "syn-dinkes", {})
    assert [row["indikator"] for row in draft.sheets["kinerja"]] == [
        "Jumlah sasaran yang terlayani"
    ]
    assert any("baris ringkasan" in line.note for line in draft.review if not line.file)


def test_a_table_continued_under_a_number_only_header_joins_the_one_before():
    from pipelines.lib.documents.extract import extract
    from pipelines.lib.documents.layout import join_continued_tables

    header = ["No", "Program / Kegiatan", "Anggaran", "Realisasi", "%", "Sisa"]
    first = Table(
        [
            header,
            ["1", "2", "3", "4", "5", "6"],
            ["1", "PROGRAM PENUNJANG", "2.000.000", "1.800.000", "90,00", "200.000"],
        ],
        "tabel 1 (Word)",
    )
    second = Table(
        [
            ["1", "2", "3", "4", "5", "6"],
            ["2", "PROGRAM PELAYANAN", "1.000.000", "500.000", "50,00", "500.000"],
        ],
        "tabel 2 (Word)",
    )
    blocks = join_continued_tables([first, Paragraph("", "paragraf 9"), second])
    draft = extract(blocks, 2024, "syn-dinkes", {})
    names = [row["nama"] for row in draft.sheets["anggaran"] if row["level"] == "program"]
    assert names == ["PROGRAM PENUNJANG", "PROGRAM PELAYANAN"]
    assert not any("tabel tidak dikenali" in line.note for line in draft.review)


def test_columns_of_several_years_keep_the_report_year():
    header = [
        "No",
        "Indikator Kinerja",
        "Target 2019",
        "Target 2020",
        "Realisasi 2019",
        "Realisasi 2020",
        "Capaian 2020",
    ]
    table = Table(
        [header, ["1", "Indeks kepuasan", "82,5", "84,75", "80", "85", "100,30"]], "halaman 4"
    )
    read = read_table(
        table, "Tabel 3.1", lambda h: performance_role(h, 2020), frozenset({"target"}), year=2020
    )
    (record,) = read.records
    assert record.cells["target"] == "84,75"
    assert record.cells["realized"] == "85"
    assert record.cells["achievement"] == "100,30"


def test_merged_word_cells_are_read_once(tmp_path):
    """A sasaran number merged down seven rows and a year merged over two columns: the
    text once, in its first grid cell, as a PDF gives it."""
    import docx

    from pipelines.lib.documents.layout import read_docx

    document = docx.Document()
    table = document.add_table(rows=9, cols=4)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "No", "Indikator", "2024"
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(1, 2).text, table.cell(1, 3).text = "Target", "Realisasi"
    table.cell(2, 0).text = "1"
    table.cell(2, 0).merge(table.cell(8, 0))
    for row in range(2, 9):
        table.cell(row, 1).text = f"Indikator {row - 1}"
    path = tmp_path / "lkjip.docx"
    document.save(str(path))
    (read,) = [b for b in read_docx(path) if isinstance(b, Table)]
    assert read.rows[0] == ["No", "Indikator", "2024", ""]
    assert [row[0] for row in read.rows[2:]] == ["1", "", "", "", "", "", ""]
    assert [row[1] for row in read.rows[2:4]] == ["Indikator 1", "Indikator 2"]


@pytest.mark.parametrize(
    ("layout_text", "document", "year", "agency"),
    [
        ("lkjip-2022-seed-pdftotext-layout.txt", "seed", 2022, "muba-kesbangpol"),
        ("lkjip-2024-synthetic-pdftotext-layout.txt", "synthetic", 2024, "syn-dinkes"),
    ],
)
def test_a_pdftotext_layout_text_reads_as_its_pdf(
    layout_text, document, year, agency, seed_documents, synthetic_documents
):
    """Columns laid out by spaces, wrapped cells on lines of their own, a table going on
    over a page break with fewer columns: every sheet as the PDF itself gives it."""
    from pipelines.lib.documents.extract import extract
    from pipelines.lib.documents.layout import read_document

    pdf = (seed_documents if document == "seed" else synthetic_documents)["pdf"]
    from_pdf = extract(read_document(pdf), year, agency, {})
    from_text = extract(read_document(FIXTURES / layout_text), year, agency, {})

    def rows(draft) -> dict[str, list]:  # narrative figures may come in another order
        return {sheet: sorted(map(repr, found)) for sheet, found in draft.sheets.items()}

    assert rows(from_text) == rows(from_pdf)
    assert from_text.sheets["anggaran"] == from_pdf.sheets["anggaran"]
    assert from_text.needs_check == from_pdf.needs_check
    assert any(line.where.startswith("halaman ") for line in from_text.review)


def _scanned(pdf: Path, out: Path) -> Path:
    """``pdf`` as a scan: each page an image at 300 dpi, no text layer."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as document:
        images = [p.to_image(resolution=300).original.convert("RGB") for p in document.pages]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=300)
    return out


def test_a_scanned_report_is_read_by_ocr_and_every_value_flagged(synthetic_documents, tmp_path):
    from pipelines.lib.documents.drafting import OCR_NOTE
    from pipelines.lib.documents.extract import extract
    from pipelines.lib.documents.layout import read_document
    from pipelines.lib.documents.ocr import ocr_problem

    if ocr_problem():  # .ci/run installs tesseract-ocr and tesseract-ocr-ind
        pytest.skip(ocr_problem())
    scan = _scanned(synthetic_documents["pdf"], tmp_path / "scan.pdf")
    printed = extract(read_document(synthetic_documents["pdf"]), 2024, "syn-dinkes", {})
    scanned = extract(read_document(scan), 2024, "syn-dinkes", {})
    lines = scanned.sheets["anggaran"]
    same = [row for row in lines if row in printed.sheets["anggaran"]]
    assert len(lines) == len(printed.sheets["anggaran"])
    assert len(same) >= 0.9 * len(lines)
    values = [line for line in scanned.review if line.file and line.value]
    assert values
    assert all(line.check and OCR_NOTE in line.note for line in values)
    assert all("(OCR)" in line.where for line in values)


def test_a_scan_without_ocr_on_the_machine_is_refused_in_one_line(
    synthetic_documents, tmp_path, capsys, monkeypatch
):
    scan = _scanned(synthetic_documents["pdf"], tmp_path / "scan.pdf")
    monkeypatch.setattr(
        "pipelines.lib.documents.ocr.ocr_problem", lambda: "Tesseract is not installed (…)"
    )
    assert extract(scan, tmp_path / "draft") == 2
    err = capsys.readouterr().err
    assert "pages have no text layer (scanned: 1, 2, 3)" in err
    assert "Tesseract is not installed" in err
    assert not (tmp_path / "draft").exists()


def test_a_draft_is_checked_and_its_review_is_a_workbook_to_check_first(
    synthetic_documents, tmp_path, capsys
):
    """The draft's receipt is printed as it is written; review.xlsx lists the values to
    check first, coloured; `kinerja check` reads a draft folder by its draft.json."""
    import openpyxl

    draft = tmp_path / "draft"
    assert extract(synthetic_documents["pdf"], draft) == 0
    out = capsys.readouterr().out
    assert "Tanda terima pemeriksaan 2024/syn-dinkes" in out
    assert "Hasil: semua baris dapat dimuat." in out
    sheet = openpyxl.load_workbook(draft / "review.xlsx")["Periksa"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("berkas", "baris_berkas", "kolom", "nilai")
    flags = [row[9] for row in rows[1:]]
    assert flags[0] == "ya"
    assert flags == sorted(flags, key=lambda flag: flag != "ya")  # to check first
    assert sheet.cell(2, 1).fill.fgColor.rgb.endswith(("FFF2CC", "FFC7CE"))
    assert cli.main(["check", str(draft)]) == 0


ACCOUNTS = {
    "belanja pegawai": "5.1.01",
    "belanja barang dan jasa": "5.1.02",
    "belanja modal": "5.2",
}


def test_spending_listed_under_lead_ins_makes_one_row_per_type():
    from pipelines.lib.documents.extract import extract

    lines = [
        "Anggaran belanja langsung dan tidak langsung tahun 2024 sebagai berikut:",
        "- Belanja Pegawai : Rp. 5.000.000.000,-",
        "- Belanja Barang dan Jasa : Rp. 2.500.000.000,-",
        "Adapun realisasinya adalah sebagai berikut:",
        "- Belanja Pegawai : Rp. 4.750.000.000,-",
        "- Belanja Barang dan Jasa : Rp. 2.000.000.000,-",
        "a. Belanja Modal = Rp 300.000.000",
    ]
    blocks = [Paragraph(line, f"halaman 2 baris {n}") for n, line in enumerate(lines, 1)]
    draft = extract(blocks, 2024, "syn-dinkes", ACCOUNTS)
    rows = {r["kode_akun"]: (r["anggaran"], r["realisasi"]) for r in draft.sheets["belanja"]}
    assert rows == {
        "5.1.01": ("Rp. 5.000.000.000,-", "Rp. 4.750.000.000,-"),
        "5.1.02": ("Rp. 2.500.000.000,-", "Rp. 2.000.000.000,-"),
        "5.2": ("", "Rp. 300.000.000,-"),  # listed under the realisasi lead-in only
    }
    flagged = [line for line in draft.review if line.check and line.file == "belanja.csv"]
    assert [(line.row, line.column) for line in flagged] == [(3, "anggaran")]
    assert not [line for line in draft.review if not line.file]  # every amount placed


def test_a_lone_agency_total_is_read_flagged_only_where_no_sentence_states_both():
    from pipelines.lib.documents.extract import extract

    lone = Paragraph(
        "Total anggaran belanja Dinas Kesehatan tahun 2024 sebesar Rp. 55.463.202.837,-.",
        "halaman 4",
    )
    program = Paragraph(
        "Program Pelayanan Kesehatan didukung anggaran sebesar Rp. 1.000.000.000,-.",
        "halaman 5",
    )
    draft = extract([lone, program], 2024, "syn-dinkes", {})
    (row,) = draft.sheets["ringkasan"]
    assert (row["cakupan"], row["ukuran"], row["nilai"]) == (
        "opd",
        "anggaran",
        "Rp. 55.463.202.837,-",
    )
    assert any(line.check and "pastikan" in line.note for line in draft.review)
    (unplaced,) = [line.printed for line in draft.review if not line.file]
    assert "1.000.000.000" in unplaced  # a program's, not read

    both = Paragraph(
        "Pada tahun 2024 anggaran sebesar Rp. 60.000.000.000,- dan realisasi sebesar "
        "Rp. 55.000.000.000,-.",
        "halaman 6",
    )
    draft = extract([lone, both], 2024, "syn-dinkes", {})
    values = [(r["ukuran"], r["nilai"]) for r in draft.sheets["ringkasan"]]
    assert values == [("anggaran", "Rp. 60.000.000.000,-"), ("realisasi", "Rp. 55.000.000.000,-")]


def test_a_document_s_composite_target_keeps_fifty_thousand_beside_a_decimal_point(
    fixture_raw, known_accounts
):
    """`50.000 lembar` is fifty thousand in an Indonesian document. A target printed
    `88.5` beside it must not make the ingest read the whole file the English way
    (where 50.000 is fifty): the draft writes it `88,5`, flagged, and every indicator
    reaches the warehouse with its target as printed."""
    from pipelines.lib.contract import ENTITIES_BY_SHEET
    from pipelines.lib.documents.extract import extract
    from pipelines.lib.ingest import ingest_raw_tree
    from pipelines.lib.reference import read_agencies
    from pipelines.lib.safe_csv import write_csv

    header = ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian"]
    table = Table(
        [
            header,
            ["1", "Meningkatnya literasi", "Indeks literasi", "indeks", "88.5", "90,2", "101,92"],
            [
                "",
                "",
                "Jumlah buku dan terbitan",
                "jenis;lembar",
                "11 jenis; 50.000 lembar",
                "12 jenis; 52.000 lembar",
                "",
            ],
        ],
        "halaman 7",
    )
    draft = extract([table], 2024, "tst-alpha", {})
    rows = draft.sheets["kinerja"]
    assert [r["target"] for r in rows] == ["88,5", "11 jenis; 50.000 lembar"]
    assert any(line.check and line.printed == "88.5" for line in draft.review)
    folder = fixture_raw / "2024" / "tst-alpha"
    folder.mkdir(parents=True)
    headers = ENTITIES_BY_SHEET["kinerja"].headers
    write_csv(folder / "kinerja.csv", headers, [[r[h] for h in headers] for r in rows])
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    loaded = frames["indicators"].filter(pl.col("fiscal_year") == 2024)
    assert loaded.select("target_text", "target_value").rows() == [
        ("88,5", Decimal("88.5")),
        ("11 jenis; 50.000 lembar", None),
    ]
    assert frames["quarantine"].filter(pl.col("source_file").str.starts_with("2024/")).is_empty()


def test_sasaran_printed_across_the_table_and_a_scale_of_criteria():
    """A layout seen in real LKjIPs (an inspectorate's, 2019): each sasaran a row merged
    across the performance table (``Sasaran Strategis 1. …``) over numbered indicators,
    the first column headed ``N0``; the scale headed ``Interval nilai realisasi
    kinerja | Kriteria penilaian realisasi kinerja``."""
    from pipelines.lib.documents.extract import extract

    scale = Table(
        [
            ["NO", "INTERVAL NILAI REALISASI KINERJA", "KRITERIA PENILAIAN REALISASI KINERJA"],
            ["1", "91 % ≤ 100 %", "Sangat Baik"],
            ["2", "76 % ≤ 90%", "Baik"],
            ["3", "≤ 75 %", "Kurang"],
        ],
        "halaman 29",
    )
    performance = Table(
        [
            ["N0", "Indikator Kinerja Utama", "Satuan", "Target", "Realisasi", "Capaian"],
            ["Sasaran Strategis 1. Meningkatnya akuntabilitas keuangan daerah", *[""] * 5],
            ["1", "Persentase temuan yang ditindaklanjuti", "%", "55%", "n/a", "n/a"],
            ["2", "Persentase penurunan nilai temuan", "%", "50%", "62%", "124%"],
            ["Sasaran Strategis 2. Meningkatnya kapasitas pengawas", *[""] * 5],
            ["3", "Persentase auditor bersertifikat", "%", "80%", "85%", "106,25%"],
            ["Catatan: data audit semester II", *[""] * 5],
        ],
        "halaman 30",
    )
    draft = extract([scale, performance], 2019, "syn-dinkes", {})
    assert [r["kategori"] for r in draft.sheets["skala"]] == ["Sangat Baik", "Baik", "Kurang"]
    rows = [(r["no_sasaran"], r["sasaran"], r["no_indikator"]) for r in draft.sheets["kinerja"]]
    assert rows == [
        ("1", "Meningkatnya akuntabilitas keuangan daerah", "1"),
        ("1", "Meningkatnya akuntabilitas keuangan daerah", "2"),
        ("2", "Meningkatnya kapasitas pengawas", "1"),
    ]
    (note,) = [line for line in draft.review if not line.file]  # named, not dropped
    assert note.printed == "Catatan: data audit semester II"
    assert "bukan sasaran" in note.note


def test_sasaran_rows_printed_in_the_name_column_are_headings_not_indicators():
    """The same layout where the merge starts after the (empty) number cell, and a
    sasaran whose name prints on the row under its number: each a heading, never an
    indicator nor glued into the indicator above."""
    from pipelines.lib.documents.extract import extract

    performance = Table(
        [
            ["N0", "Indikator Kinerja Utama", "Satuan", "Target", "Realisasi", "Capaian"],
            ["", "Sasaran Strategis 1. Meningkatnya akuntabilitas keuangan daerah", *[""] * 4],
            ["1", "Persentase temuan yang ditindaklanjuti", "%", "55%", "n/a", "n/a"],
            ["2", "Nilai SAKIP", "Nilai", "65", "61,02", "93,88%"],
            ["", "Sasaran Strategis 2", *[""] * 4],
            ["", "Meningkatnya kapasitas pengawas", *[""] * 4],
            ["3", "Persentase auditor bersertifikat", "%", "80%", "85%", "106,25%"],
        ],
        "halaman 30",
    )
    draft = extract([performance], 2019, "syn-dinkes", {})
    rows = [(r["no_sasaran"], r["sasaran"], r["indikator"]) for r in draft.sheets["kinerja"]]
    assert rows == [
        (
            "1",
            "Meningkatnya akuntabilitas keuangan daerah",
            "Persentase temuan yang ditindaklanjuti",
        ),
        ("1", "Meningkatnya akuntabilitas keuangan daerah", "Nilai SAKIP"),
        ("2", "Meningkatnya kapasitas pengawas", "Persentase auditor bersertifikat"),
    ]


def test_levels_named_by_their_words_and_heading_rows_without_figures():
    """A layout seen in a real provincial secretariat's LKjIP (2021): a sasaran's money
    table whose program and kegiatan rows print no amount, each name beginning with its
    level (``Kegiatan …``, ``1. Sub Kegiatan …``), percentages with a decimal point. Each
    heading row is a line of its own (not glued into the line above), its level from
    its word, its missing anggaran flagged for the clerk."""
    from pipelines.lib.documents.extract import extract

    table = Table(
        [
            [
                "NO",
                "INDIKATOR KINERJA",
                "PROGRAM/ KEGIATAN",
                "ANGGARAN (Rp)",
                "REALISASI (Rp)",
                "CAPAIAN REALISASI ANGGARAN (%)",
            ],
            ["1", "2", "3", "4", "5", "6"],
            [
                "1",
                "Persentase pembinaan aparatur",
                "Program Pemerintahan dan Otonomi Daerah",
                "",
                "",
                "88.6",
            ],
            ["", "", "Kegiatan Pelaksanaan Tugas Pemerintahan", "", "", ""],
            [
                "",
                "",
                "1. Sub Kegiatan Fasilitasi Pemerintahan Umum",
                "749.930.215",
                "702.188.300",
                "93.6",
            ],
            ["", "", "Kegiatan Fasilitasi Kerja Sama Daerah", "", "", ""],
            [
                "",
                "",
                "1. Sub Kegiatan Kerja Sama antar Pemerintah",
                "216.194.000",
                "188.957.200",
                "87.4",
            ],
        ],
        "halaman 41",
    )
    draft = extract([table], 2021, "syn-dinkes", {})
    lines = [(r["level"], r["nama"], r["anggaran"]) for r in draft.sheets["anggaran"]]
    assert lines == [
        ("program", "Program Pemerintahan dan Otonomi Daerah", ""),
        ("kegiatan", "Kegiatan Pelaksanaan Tugas Pemerintahan", ""),
        # the list number is the report's numbering, not the name
        ("sub kegiatan", "Sub Kegiatan Fasilitasi Pemerintahan Umum", "749.930.215"),
        ("kegiatan", "Kegiatan Fasilitasi Kerja Sama Daerah", ""),
        ("sub kegiatan", "Sub Kegiatan Kerja Sama antar Pemerintah", "216.194.000"),
    ]
    flagged = {(line.row, line.column) for line in draft.review if line.check}
    assert {(1, "anggaran"), (2, "anggaran"), (4, "anggaran")} <= flagged
    assert draft.sheets["anggaran"][2]["persen_dilaporkan"] == "93,6"


def test_a_sasaran_s_money_table_is_read_as_money_not_as_capaian():
    """``Sasaran | Anggaran (Rp) | Realisasi (Rp) | % | Efisiensi (Rp) | Efisiensi (%)``:
    its % is the money's serapan. It was read as a sasaran summary, the % written as
    capaian and the money dropped unnamed."""
    from pipelines.lib.documents.extract import extract

    table = Table(
        [
            ["No", "Sasaran Strategis", "Anggaran (Rp)", "Realisasi (Rp)", "%",
             "Efisiensi (Rp)", "Efisiensi (%)"],
            ["1", "Meningkatnya kualitas layanan", "1.200.000.000", "1.100.000.000",
             "91,67", "100.000.000", "8,33"],
            ["2", "Meningkatnya akuntabilitas", "800.000.000", "780.000.000", "97,50",
             "20.000.000", "2,50"],
        ],
        "halaman 50",
    )  # fmt: skip
    draft = extract([table], 2022, "syn-dinkes", {})
    stated = {(r["kunci"], r["ukuran"]): r["nilai"] for r in draft.sheets["ringkasan"]}
    assert stated == {
        ("1", "anggaran"): "1.200.000.000",
        ("1", "realisasi"): "1.100.000.000",
        ("1", "serapan_persen"): "91,67",
        ("1", "efisiensi"): "100.000.000",
        ("1", "efisiensi_persen"): "8,33",
        ("2", "anggaran"): "800.000.000",
        ("2", "realisasi"): "780.000.000",
        ("2", "serapan_persen"): "97,50",
        ("2", "efisiensi"): "20.000.000",
        ("2", "efisiensi_persen"): "2,50",
    }
    assert not [r for r in draft.sheets["ringkasan"] if r["ukuran"] == "capaian_persen"]


@pytest.mark.parametrize(
    ("target", "realized", "achievement", "polarity"),
    [
        ("90", "88", "102,22", "negatif"),  # target/realisasi: lower is better
        ("10", "12", "80", "negatif"),  # (2·target − realisasi)/target
        ("85", "80", "94,12", "positif"),  # realisasi/target
        ("55%", "n/a", "n/a", "positif"),  # nothing to tell by: assumed, flagged
        ("3", "3", "100%", "positif"),  # equal: either reading
    ],
)
def test_polarity_is_read_from_the_printed_capaian(target, realized, achievement, polarity):
    from pipelines.lib.documents.kinds.performance import printed_polarity

    found, note = printed_polarity(target, realized, achievement)
    assert found == polarity
    assert note.startswith("tidak tercetak")


def test_a_sasaran_s_efficiency_table_keeps_capaian_and_serapan_apart():
    """``Capaian Kinerja (%) | Anggaran | Realisasi | Penyerapan (%) | Efisiensi (%)``:
    the first % is the capaian, the second the money's serapan; two figures of one role
    are never glued into one (the second is named for the clerk)."""
    from pipelines.lib.documents.extract import extract

    efficiency = Table(
        [
            ["No", "Sasaran Strategis", "Capaian Kinerja (%)", "Anggaran (Rp)",
             "Realisasi (Rp)", "Penyerapan (%)", "Efisiensi (%)"],
            ["1", "Meningkatnya kualitas layanan", "101,2", "1.000.000.000", "900.000.000",
             "90,00", "11,2"],
        ],
        "halaman 40",
    )  # fmt: skip
    draft = extract([efficiency], 2022, "syn-dinkes", {})
    stated = {r["ukuran"]: r["nilai"] for r in draft.sheets["ringkasan"]}
    assert stated == {
        "anggaran": "1.000.000.000",
        "realisasi": "900.000.000",
        "serapan_persen": "90,00",
        "capaian_persen": "101,2",
        "efisiensi_persen": "11,2",
    }
    doubled = Table(
        [
            ["No", "Indikator", "Target", "Realisasi", "Capaian (%)", "% Capaian Renja"],
            ["1", "Nilai SAKIP", "65", "61", "93,85", "95,1"],
        ],
        "halaman 41",
    )
    draft = extract([doubled], 2022, "syn-dinkes", {})
    assert [r["capaian_dilaporkan"] for r in draft.sheets["kinerja"]] == ["93,85"]
    (second,) = [line for line in draft.review if not line.file]
    assert second.printed == "95,1"
    assert "kolom kedua" in second.note


def test_a_pdf_table_without_ruling_lines_is_read_by_the_words_positions(tmp_path):
    """A table set by spaces alone (no lines for pdfplumber to find) is read as a scan is
    (columns from the words' positions, a cell's padding apart); every value read so is
    flagged for a person."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph as Para
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus import Table as PdfTable

    from pipelines.lib.documents.extract import extract
    from pipelines.lib.documents.layout import read_document

    style = getSampleStyleSheet()["BodyText"]
    rows = [
        ["N0", "Indikator Kinerja Utama", "Satuan", "Target", "Realisasi", "Capaian"],
        ["", Para("Sasaran Strategis 1. Meningkatnya akuntabilitas keuangan daerah", style)],
        ["1", Para("Persentase temuan keuangan yang ditindaklanjuti", style), "%", "55%",
         "60%", "109,09%"],
        ["2", "Nilai SAKIP", "Nilai", "65", "61,02", "93,88%"],
        ["", Para("Sasaran Strategis 2. Meningkatnya kapabilitas APIP", style)],
        ["3", "Level kapabilitas APIP", "Level", "3", "3", "100%"],
    ]  # fmt: skip
    path = tmp_path / "lkjip.pdf"
    story = [
        Para("LAPORAN KINERJA INSPEKTORAT TAHUN 2019", style),
        Para("Tabel 3.2 Pencapaian Kinerja", style),
        PdfTable(
            [r + [""] * (6 - len(r)) for r in rows],
            colWidths=[25, 210, 45, 45, 50, 50],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP")],  # as Word sets a cell's text
        ),
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    draft = extract(read_document(path), 2019, "syn-dinkes", {})
    read = [
        (r["no_sasaran"], r["sasaran"], r["indikator"], r["target"], r["realisasi"],
         r["capaian_dilaporkan"])
        for r in draft.sheets["kinerja"]
    ]  # fmt: skip
    assert read == [
        ("1", "Meningkatnya akuntabilitas keuangan daerah",
         "Persentase temuan keuangan yang ditindaklanjuti", "55%", "60%", "109,09%"),
        ("1", "Meningkatnya akuntabilitas keuangan daerah", "Nilai SAKIP", "65", "61,02",
         "93,88%"),
        ("2", "Meningkatnya kapabilitas APIP", "Level kapabilitas APIP", "3", "3", "100%"),
    ]  # fmt: skip
    values = [line for line in draft.review if line.file == "kinerja.csv" and line.value]
    assert values
    assert all(line.check and "tabel tanpa garis" in line.note for line in values)


def test_a_goal_printed_across_the_table_is_named_and_units_come_with_figures():
    """``Tujuan 1. …`` above its sasaran, merged across the table, is a heading named in
    the review (never an indicator, never glued to one); a unit printed with the figures
    ("80 poin" / "82,5 poin") is the indicator's satuan, flagged as read so."""
    from pipelines.lib.documents.extract import extract

    performance = Table(
        [
            ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)", "Keterangan"],
            ["", "Tujuan 1. Meningkatnya kualitas pelayanan publik", "", "", "", ""],
            ["", "Sasaran 1. Meningkatnya kepuasan masyarakat", "", "", "", ""],
            ["1", "Indeks Kepuasan Masyarakat", "80 poin", "82,5 poin", "103,13 %", "Tercapai"],
            ["2", "Persentase pengaduan ditindaklanjuti", "90 %", "85 %", "94,44 %", ""],
            ["", "Tujuan 2. Meningkatnya akuntabilitas kinerja", "", "", "", ""],
            ["", "Sasaran 2. Meningkatnya nilai SAKIP", "", "", "", ""],
            ["3", "Nilai SAKIP", "B", "BB", "-", "Tercapai"],
        ],
        "tabel 1 (Word)",
    )
    draft = extract([performance], 2021, "syn-dinkes", {})
    rows = [(r["no_sasaran"], r["indikator"], r["satuan"]) for r in draft.sheets["kinerja"]]
    assert rows == [
        ("1", "Indeks Kepuasan Masyarakat", "poin"),
        ("1", "Persentase pengaduan ditindaklanjuti", "%"),
        ("2", "Nilai SAKIP", ""),
    ]
    named = sorted(line.printed for line in draft.review if not line.file)
    assert named == [
        "Tujuan 1. Meningkatnya kualitas pelayanan publik",
        "Tujuan 2. Meningkatnya akuntabilitas kinerja",
    ]
    notes = {line.row: line.note for line in draft.review if line.column == "satuan"}
    assert "dari angka target/realisasi: poin" in notes[1]


def test_rp_in_a_cell_of_its_own_under_a_merged_header_is_no_figure(tmp_path):
    """Word tables often print "Rp" in a narrow column of its own beside the figure, one
    "Anggaran" merged over both: the figure is the anggaran, never "Rp"."""
    items = [
        Heading("BAB III AKUNTABILITAS KINERJA"),
        Heading("Tabel 3.5 Realisasi Anggaran per Program"),
        Grid(
            [
                ["No", "Program", "Anggaran", "", "Realisasi", "", "%"],
                [
                    "1",
                    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
                    "Rp",
                    "1.500.000.000",
                    "Rp",
                    "1.350.000.000",
                    "90,00",
                ],
            ],
            merged=((0, 2, 0, 3), (0, 4, 0, 5)),
        ),
    ]
    write_docx(items, tmp_path / "lkjip.docx")
    assert extract(tmp_path / "lkjip.docx", tmp_path / "draft") == 0
    with (tmp_path / "draft" / "anggaran.csv").open(encoding="utf-8") as handle:
        (line,) = csv.DictReader(handle)
    assert (line["anggaran"], line["realisasi_keuangan"]) == ("1.500.000.000", "1.350.000.000")


def test_a_header_set_by_spaces_with_cells_on_several_lines_keeps_each_column():
    """Header cells centred and wrapped in a table without lines come out as lines of
    fragments: "Indikator" over "Kinerja" over "Utama" is one column's words, not a
    group over "Satuan"; "2024" over "Target | Realisasi" is a group."""
    rows = [
        ["", "", "Indikator", "", "2023", "", "2024", "", "", ""],
        ["", "Sasaran", "", "", "", "", "", "", "", ""],
        ["No", "", "Kinerja", "Satuan", "", "", "", "", "", ""],
        ["", "Strategis", "", "", "", "", "", "", "", ""],
        ["", "", "Utama", "", "Target", "Realisasi", "Target", "Realisasi", "% Capaian", "Kat"],
        ["1", "Meningkatnya mutu", "Indeks kepuasan", "%", "-", "-", "90%", "79,25%", "88,06", "B"],
    ]
    read = read_table(
        Table(rows, "halaman 1", ["halaman 1"] * len(rows)),
        "Tabel 3.2",
        lambda words: performance_role(words, 2024),
        PERFORMANCE_VALUES,
        year=2024,
    )
    assert read.headers[:4] == ["number", "objective", "indicator", "unit"]
    assert read.records[0].cells["target"] == "90%"
    assert read.records[0].cells["realized"] == "79,25%"


def test_a_program_of_any_bidang_takes_the_bidang_of_the_tables_other_codes(tmp_path):
    """An LKjIP copying SIPD prints the program penunjang as X.XX.01: it is the agency's
    own (the bidang its other programs print), read so and flagged for a person."""
    items = [
        Heading("BAB III AKUNTABILITAS KINERJA"),
        Heading("Tabel 3.5 Realisasi Anggaran per Program dan Kegiatan"),
        Grid(
            [
                ["Kode", "Program/Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)"],
                [
                    "X.XX.01",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "1.500.000",
                    "1.350.000",
                ],
                [
                    "X.XX.01.2.01",
                    "Perencanaan, Penganggaran dan Evaluasi",
                    "1.500.000",
                    "1.350.000",
                ],
                ["1.02.02", "Program Pemenuhan Upaya Kesehatan", "500.000", "450.000"],
            ]
        ),
    ]
    write_docx(items, tmp_path / "lkjip.docx")
    assert extract(tmp_path / "lkjip.docx", tmp_path / "draft") == 0
    with (tmp_path / "draft" / "anggaran.csv").open(encoding="utf-8") as handle:
        lines = [(r["level"], r["kode"]) for r in csv.DictReader(handle)]
    assert lines == [("program", "1.02.01"), ("kegiatan", "1.02.01.2.01"), ("program", "1.02.02")]
    notes = [r["catatan"] for r in review(tmp_path / "draft") if r["perlu_cek"] == "ya"]
    assert "kode X.XX.01 dibaca dengan bidang 1.02 dari kode lain di tabel" in notes
