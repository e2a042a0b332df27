"""The workbooks as the office prints them: through LibreOffice (Debian
libreoffice-calc, installed by .ci/run) to PDF, then read back page by page."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pdfplumber

from pipelines.lib.template import write_workbook as write_template

SOFFICE = shutil.which("soffice")
SMALLEST_LEGIBLE_PT = 6.5


def _printed(workbook: Path, work: Path) -> list[tuple[str, float | None, bool]]:
    """(text, smallest type in pt, landscape) of each page LibreOffice prints."""
    assert SOFFICE, "LibreOffice is missing: apt-get install libreoffice-calc (.ci/run does it)"
    run = subprocess.run(
        [SOFFICE, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(work),
         str(workbook)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(work)},  # its profile, never the user's
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    with pdfplumber.open(work / f"{workbook.stem}.pdf") as pdf:
        return [
            (
                page.extract_text() or "",
                min((c["size"] for c in page.chars), default=None),
                page.width > page.height,
            )
            for page in pdf.pages
        ]


def test_the_year_workbook_prints_legibly_one_page_wide(bundled_warehouse: Path, tmp_path: Path):
    """Every sheet on A4 landscape pages, none blank, no type smaller than 6,5 pt (the
    analysts' flat sheet prints the office's columns only); each page says its sheet."""
    pages = _printed(bundled_warehouse.parent / "reports" / "kinerja-99.06-2024.xlsx", tmp_path)
    assert all(landscape for _, _, landscape in pages)
    assert all(text.strip() for text, _, _ in pages), "a blank page"
    smallest = min(size for _, size, _ in pages if size)
    assert smallest >= SMALLEST_LEGIBLE_PT, smallest
    sheets = ["Ringkasan", "Serapan per OPD", "Capaian per OPD", "Efisiensi",
              "Temuan Kualitas Data", "Tanda Terima", "Data Semua Tahun"]  # fmt: skip
    assert {s for s in sheets if any(text.startswith(s) for text, _, _ in pages)} == set(sheets)
    findings = "".join(text for text, _, _ in pages if text.startswith("Temuan Kualitas Data"))
    assert "Umum" in findings  # every finding, those of no agency too
    flat = "".join(text for text, _, _ in pages if text.startswith("Data Semua Tahun"))
    assert "Indikator" in flat
    assert "Kode OPD" not in flat  # the analysts' columns stay on screen
    assert len(pages) <= 14, len(pages)


def test_the_blank_template_prints_in_a_few_pages(tmp_path: Path):
    """The clerk's template prints its header rows only, not the 500 prefilled rows; a
    wide sheet goes over as many pages as keep its type legible."""
    template = write_template(
        tmp_path / "template.xlsx", "muba-kesbangpol", "Badan Kesbangpol", 2023
    )
    pages = _printed(template, tmp_path)
    assert len(pages) <= 12, len(pages)
    smallest = min(size for _, size, _ in pages if size)
    assert smallest >= SMALLEST_LEGIBLE_PT, smallest
    assert all(text.strip() for text, _, _ in pages), "a blank page"
    assert "Cara mengisi" in pages[0][0]  # the instructions, printed first
