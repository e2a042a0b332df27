"""A receipt (tanda terima) per agency-year, written at each refresh: one printable page
an agency clerk can be sent, saying what was received, what counted, every problem
with where it is and the fix, what is missing, and the agency's figures as computed.

``reports/tanda-terima/<tahun>/<kode_opd>.html``; the report links each agency to it.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.lib.office.data import (
    YearView,
    incompleteness,
    receipt_href,
    scale_note,
    summarised,
)
from pipelines.lib.office.formats import SEVERITY_NAMES, STATUS_WORDS, percent, rupiah
from pipelines.lib.office.page import render, write_page
from pipelines.lib.quality.indonesian import TABLES


def receipt_path(reports_dir: Path, year: int, agency_id: str) -> Path | None:
    """Where an agency-year's receipt goes; None for an id that is no plain file name."""
    href = receipt_href(year, agency_id)
    return None if href is None else reports_dir / href


def _file(entry: dict) -> dict:
    """A file-log line as the clerk reads it."""
    return {
        "name": entry["source_file"] or "",
        "sheet": entry["source_sheet"],
        "table": TABLES.get(entry["entity"] or "", entry["entity"] or "–"),
        "status": STATUS_WORDS.get(entry["status"], entry["status"]),
        **{
            n: entry[n] or 0 for n in ("rows_in", "rows_loaded", "rows_quarantined", "cells_nulled")
        },
    }


def _finding(finding: dict) -> dict:
    return {
        "severity": finding["severity"],
        "severity_name": SEVERITY_NAMES.get(finding["severity"], finding["severity"]),
        "message": finding["office_message"] or finding["message"] or "",
    }


def _figures(agency: dict) -> list[tuple[str, str]]:
    missing = incompleteness(agency)
    rank = agency["achievement_rank"]
    achievement = percent(agency["achievement_rate"]) + (f" ({missing})" if missing else "")
    category = agency["category_name"] or "–"
    category += f" ({scale_note(agency)})" if scale_note(agency) else ""
    ranked = f"{rank} dari {agency['agencies_in_year']}" if rank else "tidak diperingkat"
    return [
        ("Pagu anggaran", rupiah(agency["budget_idr"])),
        ("Realisasi", rupiah(agency["realized_idr"])),
        ("Serapan", percent(agency["absorption_rate"])),
        ("Capaian kinerja", achievement),
        ("Kategori", category),
        ("Peringkat capaian", ranked),
    ]


def render_receipt(view: YearView, agency: dict, stamp: str) -> str:
    """The receipt page of one agency-year of ``view``."""
    agency_id = agency["agency_id"]
    files = view.files.get(agency_id, [])
    return render(
        "receipt.html",
        year=view.fiscal_year,
        region_name=view.region_name,
        agency_id=agency_id,
        agency_name=agency["agency_name"],
        stamp=stamp,
        rows_held_back=sum(f["rows_quarantined"] or 0 for f in files),
        files=[_file(f) for f in files],
        findings=[
            _finding(f)
            for f in summarised([f for f in view.findings if f["agency_id"] == agency_id])
        ],
        figures=_figures(agency),
    )


def write_receipts(view: YearView, reports_dir: Path, stamp: str) -> list[Path]:
    """Every agency-year receipt of ``view``; an agency id that is no plain file name
    gets none (the report says so by linking nothing)."""
    written = []
    for agency in view.agencies:
        path = receipt_path(reports_dir, view.fiscal_year, agency["agency_id"])
        if path is not None:
            written.append(write_page(path, render_receipt(view, agency, stamp)))
    return written
