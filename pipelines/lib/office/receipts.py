"""A receipt (tanda terima) per agency-year, written at each refresh: one printable page
an agency clerk can be sent, saying what was received, what counted, every problem
with where it is and the fix, what is missing, and the agency's figures as computed.

``reports/tanda-terima/<tahun>/<kode_opd>.html``; the report links each agency to it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from pipelines.lib.office.data import (
    YearView,
    incompleteness,
    receipt_href,
    scale_note,
    summarised,
)
from pipelines.lib.office.formats import SEVERITY_NAMES, STATUS_WORDS
from pipelines.lib.office.page import write_page
from pipelines.lib.quality.indonesian import TABLES

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2328; max-width: 60rem; }
h1 { font-size: 1.3rem; margin-bottom: .2rem; } h2 { font-size: 1.05rem; margin-top: 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .4rem; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; white-space: nowrap; }
td.n, td.sev { text-align: right; white-space: nowrap; } td.sev { text-align: left; }
.blocking { background: #ffebe9; } .warning { background: #fff8c5; }
.ok { color: #1a7f37; font-weight: 600; } .bad { color: #cf222e; font-weight: 600; }
small { color: #57606a; }
@page { size: A4; margin: 14mm; }
@media print { body { margin: 0; } tr { break-inside: avoid; } }
"""


def receipt_path(reports_dir: Path, year: int, agency_id: str) -> Path | None:
    """Where an agency-year's receipt goes; None for an id that is no plain file name."""
    href = receipt_href(year, agency_id)
    return None if href is None else reports_dir / href


def _rupiah(value) -> str:
    return "–" if value is None else "Rp " + f"{round(float(value)):,}".replace(",", ".")


def _percent(value) -> str:
    return "–" if value is None else f"{float(value) * 100:.2f} %".replace(".", ",")


def _files(files: list[dict]) -> str:
    if not files:
        return "<p class='bad'>Tidak ada berkas yang diterima untuk tahun ini.</p>"
    rows = "".join(
        "<tr>"
        f"<td>{escape(f['source_file'] or '')}"
        + (f" <small>lembar {escape(f['source_sheet'])}</small>" if f["source_sheet"] else "")
        + f"</td><td>{escape(TABLES.get(f['entity'] or '', f['entity'] or '–'))}</td>"
        f"<td>{escape(STATUS_WORDS.get(f['status'], f['status']))}</td>"
        f"<td class='n'>{f['rows_in'] or 0}</td><td class='n'>{f['rows_loaded'] or 0}</td>"
        f"<td class='n'>{f['rows_quarantined'] or 0}</td>"
        f"<td class='n'>{f['cells_nulled'] or 0}</td></tr>"
        for f in files
    )
    return (
        "<table><tr><th>Berkas</th><th>Tabel</th><th>Status</th><th>Baris</th>"
        "<th>Dimuat</th><th>Tidak dimuat</th><th>Sel dikosongkan</th></tr>"
        f"{rows}</table>"
    )


def _problems(findings: list[dict]) -> str:
    if not findings:
        return "<p class='ok'>Tidak ada temuan: semua angka dapat dipakai.</p>"
    rows = "".join(
        f"<tr class='{escape(f['severity'])}'>"
        f"<td class='sev'>{escape(SEVERITY_NAMES.get(f['severity'], f['severity']))}</td>"
        f"<td>{escape(f['office_message'] or f['message'] or '')}</td></tr>"
        for f in findings
    )
    return f"<table><tr><th>Tingkat</th><th>Temuan dan perbaikannya</th></tr>{rows}</table>"


def _figures(agency: dict) -> str:
    missing = incompleteness(agency)
    rank = agency["achievement_rank"]
    achievement = _percent(agency["achievement_rate"]) + (f" ({missing})" if missing else "")
    category = agency["category_name"] or "–"
    category += f" ({scale_note(agency)})" if scale_note(agency) else ""
    ranked = f"{rank} dari {agency['agencies_in_year']}" if rank else "tidak diperingkat"
    rows = [
        ("Pagu anggaran", _rupiah(agency["budget_idr"])),
        ("Realisasi", _rupiah(agency["realized_idr"])),
        ("Serapan", _percent(agency["absorption_rate"])),
        ("Capaian kinerja", achievement),
        ("Kategori", category),
        ("Peringkat capaian", ranked),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def render_receipt(view: YearView, agency: dict, stamp: str) -> str:
    """The receipt page of one agency-year of ``view``."""
    agency_id = agency["agency_id"]
    findings = summarised([f for f in view.findings if f["agency_id"] == agency_id])
    files = view.files.get(agency_id, [])
    held = sum(f["rows_quarantined"] or 0 for f in files)
    verdict = (
        f"<p class='bad'>{held} baris tidak dimuat: perbaiki sesuai daftar di bawah, lalu "
        "serahkan lagi berkas yang diperbaiki.</p>"
        if held
        else "<p class='ok'>Semua baris yang diterima dimuat.</p>"
    )
    return (
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Tanda terima {escape(agency['agency_name'])} {view.fiscal_year}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>Tanda terima laporan {view.fiscal_year}: {escape(agency['agency_name'])}</h1>"
        f"<p><small>{escape(view.region_name)} · kode OPD {escape(agency_id)} · "
        f"{escape(stamp)}</small></p>{verdict}"
        f"<h2>Berkas yang diterima</h2>{_files(files)}"
        f"<h2>Temuan ({len(findings)})</h2>{_problems(findings)}"
        f"<h2>Angka OPD sebagaimana dihitung</h2>{_figures(agency)}"
        "</body></html>"
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
