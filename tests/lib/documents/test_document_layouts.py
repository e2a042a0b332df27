"""One agency-year's LKjIP in 100 layouts (header words, column order and presence, a
row-number column, a numbering row, number styles, dot-decimal percentages, last
year's columns beside this year's or under a year above them, codes printed or names
only, a total row, names numbered as a list, a sasaran as a column or as heading rows
in its printed variants, names in a column so narrow that the PDF cuts their words; PDF
landscape and portrait, ruled or set by spaces alone, cells at the top of their row or
centred in it, "Rp" in a cell of its own beside each amount, Word, text extraction):
every one gives the figures typed in its delivery, and a printed total is the agency's
stated total."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines import paths
from pipelines.lib.documents.extract import account_names, extract
from pipelines.lib.documents.layout import read_document
from pipelines.lib.numbers import amount_value
from pipelines.lib.reference import read_account_types
from pipelines.synthetic.document_layouts import OBJECTIVE_ROWS, variants, write_variant

DELIVERY = paths.RAW_DIR / "2024" / "syn-dinkes"
VARIANTS = variants(100)


def _read(name: str) -> list[dict[str, str]]:
    with (DELIVERY / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _budget(rows: list[dict], codes: bool) -> list[tuple]:
    return sorted(
        (r["level"], r["nama"], amount_value(r["anggaran"]),
         amount_value(r["realisasi_keuangan"]), r["kode"] if codes else "")
        for r in rows
    )  # fmt: skip


def _indicators(rows: list[dict]) -> list[tuple]:
    # a word a narrow PDF cell cuts is joined only when the document prints it whole
    # elsewhere (documents/word_breaks.py): the indicators' names are, in the analysis
    # under the table; the sasaran's are not, so its name is compared without spaces
    return sorted(
        (r["no_sasaran"], "".join(r["sasaran"].split()), r["no_indikator"],
         " ".join(r["indikator"].split()), r["target"], r["realisasi"])
        for r in rows
    )  # fmt: skip


def _spending(rows: list[dict]) -> list[tuple]:
    return sorted(
        (r["jenis_belanja"], amount_value(r["anggaran"]), amount_value(r["realisasi"]))
        for r in rows
    )


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return account_names(read_account_types(paths.ACCOUNT_TYPES_PATH))


def test_the_variants_cover_every_choice():
    assert {v.kind for v in VARIANTS} == {"pdf", "pdf-portrait", "docx", "txt"}
    assert {v.codes_printed for v in VARIANTS} == {True, False}
    assert {v.prior_year for v in VARIANTS} == {"", "beside", "above"}
    assert {v.spending_listed for v in VARIANTS} == {True, False}
    assert {v.objective_rows for v in VARIANTS} == set(OBJECTIVE_ROWS)
    assert {(v.narrow_names, v.kind) for v in VARIANTS if v.narrow_names} >= {
        (True, "pdf"),
        (True, "pdf-portrait"),
    }
    assert {bool(v.total_row) for v in VARIANTS} == {True, False}
    assert {v.list_marks for v in VARIANTS} == {True, False}
    # tables set by spaces alone (no ruling lines), in both PDF orientations
    assert {v.kind for v in VARIANTS if not v.ruled} == {"pdf", "pdf-portrait"}
    # "Rp" in a cell of its own beside each amount, under one merged header
    assert {v.kind for v in VARIANTS if v.rp_cells} == {"pdf", "pdf-portrait", "docx"}
    # cells centred vertically in their row, ruled or not
    assert {(v.kind, v.ruled) for v in VARIANTS if v.centred} == {
        ("pdf", True),
        ("pdf-portrait", True),
        ("pdf", False),
    }
    assert {v.amount_style for v in VARIANTS} == {"rupiah", "decimals", "plain", "rp"}
    assert len({(v.name, v.budget, v.realized, v.percent, v.remaining) for v in VARIANTS}) > 50


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{v.number:03d}-{v.kind}")
def test_every_layout_gives_the_delivery_s_figures(variant, names, tmp_path: Path):
    path = write_variant(variant, DELIVERY, "Dinas Kesehatan Sintetis", tmp_path)
    draft = extract(read_document(path), 2024, "syn-dinkes", names)
    codes = variant.codes_printed
    assert _budget(draft.sheets["anggaran"], codes) == _budget(_read("anggaran"), codes)
    assert _indicators(draft.sheets["kinerja"]) == _indicators(_read("kinerja"))
    assert _spending(draft.sheets["belanja"]) == _spending(_read("belanja"))
    stated = {
        r["ukuran"]: amount_value(r["nilai"])
        for r in draft.sheets.get("ringkasan", [])
        if r["cakupan"] == "opd" and r["ukuran"] in ("anggaran", "realisasi")
    }
    programs = [r for r in _read("anggaran") if r["level"] == "program"]
    total = {
        "anggaran": sum(amount_value(r["anggaran"]) for r in programs),
        "realisasi": sum(amount_value(r["realisasi_keuangan"]) for r in programs),
    }
    assert stated == (total if variant.total_row else {})
