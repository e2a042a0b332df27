"""The office's HTML report in a real headless Chromium: it loads offline with no console
error and no network request, its charts are there, the year and language switch work,
and a screenshot is written for review (warehouse/reports/screenshots/)."""

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines import paths

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = paths.REPO_ROOT / "warehouse" / "reports" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


def _chromium(
    page: Path, work: Path, *extra: str, fragment: str = ""
) -> subprocess.CompletedProcess:
    assert CHROMIUM, "Chromium is missing: apt-get install chromium (.ci/run does it)"
    url = page.as_uri() + (f"#{fragment}" if fragment else "")
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={work / 'profile'}", *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
    )


def page_requests(net_log: Path) -> list[str]:
    """URLs the page asked for over the network (not the browser's own housekeeping,
    whose initiator is 'not an origin'; file: and data: never reach the network)."""
    log = json.loads(net_log.read_text())
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    starts = [e.get("params", {}) for e in log["events"] if e["type"] == start_job]
    return [
        start["url"]
        for start in starts
        if "url" in start
        and start.get("initiator") != "not an origin"
        and not start["url"].startswith(("file:", "data:"))
    ]


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_the_checks_catch_a_bad_page(tmp_path: Path):
    """The browser checks below can fail: a page with a CDN image and an error is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<html><body><img src="https://cdn.example.com/x.png">'
        "<script>console.error('boom'); missing();</script></body></html>"
    )
    run = _chromium(
        bad,
        tmp_path,
        "--enable-logging=stderr",
        "--v=0",
        f"--log-net-log={tmp_path / 'net.json'}",
        "--dump-dom",
    )
    assert len(console_messages(run.stderr)) == 2
    assert page_requests(tmp_path / "net.json") == ["https://cdn.example.com/x.png"]


def test_report_renders_offline_with_charts(bundled_warehouse: Path, tmp_path: Path):
    reports = bundled_warehouse.parent / "reports"
    page = reports / "laporan-kinerja-99.06.html"
    net_log = tmp_path / "net.json"
    run = _chromium(
        page, tmp_path, "--enable-logging=stderr", "--v=0", f"--log-net-log={net_log}", "--dump-dom"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_messages(run.stderr) == []
    assert page_requests(net_log) == []
    dom = run.stdout
    assert dom.count('class="chart bar-ranking"') == 2 * 6  # two rankings × six years
    assert dom.count('class="chart quadrant-scatter"') == 6
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        agency_years = con.execute(
            "select count(*) from marts.agency_years where region_code = '99.06'"
        ).fetchone()[0]
    # one per agency section, and the regency's
    assert dom.count('class="chart trend"') == agency_years + 1
    assert 'class="chart stacked-share"' in dom
    assert dom.count('class="point"') >= 49  # every agency a point in 2024
    assert "Temuan kualitas data" in dom
    assert "Tabel capaian kinerja" in dom
    # the year switch ran: only the latest year is visible
    assert '<section class="year" data-year="2024">' in dom
    assert '<section class="year" data-year="2023" hidden="">' in dom

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "laporan-kinerja-99.06.png"
    run = _chromium(page, tmp_path, "--window-size=1400,2400", f"--screenshot={shot}")
    assert run.returncode == 0
    assert shot.stat().st_size > 50_000


def test_report_switches_to_english_and_another_year(bundled_warehouse: Path, tmp_path: Path):
    page = bundled_warehouse.parent / "reports" / "laporan-kinerja-99.06.html"
    dom = _chromium(page, tmp_path, "--dump-dom", fragment="en,2021").stdout
    assert '<html lang="en">' in dom
    assert ">Ranking by budget absorption<" in dom
    assert ">Peringkat serapan anggaran<" not in dom  # kept only in data-id, to switch back
    assert '<section class="year" data-year="2021">' in dom
    assert '<section class="year" data-year="2024" hidden="">' in dom


@pytest.mark.parametrize("region", ["16.06", "99.06"])
def test_report_is_one_self_contained_file(bundled_warehouse: Path, region: str):
    text = (bundled_warehouse.parent / "reports" / f"laporan-kinerja-{region}.html").read_text()
    # the quadrant lines come from seed efficiency_thresholds (95 % spent, 100 % met)
    assert "Garis putus: serapan 95 % dan capaian 100 %" in text
    for reference in ("http://", "https://", "src=", "<link", "@import", "url("):
        assert reference not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


OFFICE_SCREEN = "--window-size=1366,900"


@pytest.mark.parametrize(
    ("fragment", "name"),
    [
        ("fokus:rekap-2024", "rekap"),
        ("fokus:kuadran-2024", "kuadran"),
        ("fokus:opd-2024-syn-dinkes", "opd"),
    ],
)
def test_screens_at_the_office_s_size(bundled_warehouse: Path, tmp_path: Path, fragment, name):
    """Screenshots of the recap, the quadrant chart and an agency section at 1366×900
    (warehouse/reports/screenshots/, for review)."""
    page = bundled_warehouse.parent / "reports" / "laporan-kinerja-99.06.html"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"layar-{name}.png"
    run = _chromium(page, tmp_path, OFFICE_SCREEN, f"--screenshot={shot}", fragment=fragment)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.stat().st_size > 30_000


def test_recap_charts_and_findings_in_the_dom(bundled_warehouse: Path, tmp_path: Path):
    page = bundled_warehouse.parent / "reports" / "laporan-kinerja-99.06.html"
    dom = _chromium(page, tmp_path, OFFICE_SCREEN, "--dump-dom").stdout
    recap = dom.split('id="rekap-2024"', 1)[1].split("</section>", 1)[0]
    assert recap.count("<tr data-agency=") == 49
    assert recap.count('class="badge"') >= 4 * 49  # category, band, quadrant, findings
    assert 'href="#opd-2024-syn-dinkes"' in recap
    assert 'data-kind="number"' in recap
    assert 'class="recap-search"' in recap
    assert "▲" in recap or "▼" in recap  # change against 2023
    quadrant = dom.split('id="kuadran-2024"', 1)[1].split("</section>", 1)[0]
    assert quadrant.count('class="quadrant-name"') == 4
    assert ">Efisien<" in quadrant
    assert ">Boros<" in quadrant
    assert quadrant.count('class="point-label"') >= 10  # short names beside points
    assert quadrant.count('class="quadrant-list"') >= 4  # every agency listed beneath
    trend = dom.split('class="chart trend"', 1)[1].split("</svg>", 1)[0]
    assert "legend-text" in trend
    assert "100 %" in trend
    assert 'stroke-dasharray="6 3"' in trend  # the second line differs by dash too
    mix = dom.split('class="chart stacked-share"', 1)[1].split("</svg>", 1)[0]
    assert "legend-text" in mix
    assert "Belanja Pegawai" in mix
    assert ">Tren kabupaten<" in dom
    english = _chromium(page, tmp_path, "--dump-dom", fragment="en,2024").stdout
    assert ">Agency recap<" in english
    assert ">Efficient<" in english
    assert ">Budget absorption<" in english  # axis titles switch too
    assert ">Achievement<" in english  # and trend legends
    assert ">Good<" in english  # and categories
    assert "(Good)</text>" in english  # also beside the ranking bars


def test_a_finding_in_both_languages(bundled_warehouse: Path, tmp_path: Path):
    """The seed's kegiatan that does not add up, said for the office in Indonesian and
    kept in English for analysts (the language switch)."""
    page = bundled_warehouse.parent / "reports" / "laporan-kinerja-16.06.html"
    indonesian = _chromium(page, tmp_path, "--dump-dom", fragment="2022").stdout
    assert (
        "Anggaran kegiatan 8.01.01.2.09 (Rp 435.696.492) tidak sama dengan jumlah sub "
        "kegiatan-nya (Rp 440.696.492)"
    ) in indonesian
    assert ">Peringatan<" in indonesian
    english = _chromium(page, tmp_path, "--dump-dom", fragment="en,2022").stdout
    assert "a program or kegiatan equals the sum of its children: activity 8.01.01.2.09" in (
        english
    )
    assert ">warning<" in english


def _printed_pages(page: Path, work: Path) -> tuple[list[str], bool]:
    """The text of each page of ``page`` printed to PDF by Chromium, and whether the
    pages are landscape."""
    import pdfplumber

    pdf = work / "laporan.pdf"
    run = _chromium(page, work, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert run.returncode == 0, run.stderr[-2000:]
    with pdfplumber.open(pdf) as document:
        first = document.pages[0]
        return [p.extract_text() or "" for p in document.pages], first.width > first.height


def test_the_report_prints_as_a_document(bundled_warehouse: Path, tmp_path: Path):
    """49 agencies print in at most 30 A4 landscape pages: the overview on whole pages,
    rankings whole on one page, then a compact block per agency (its tables, not its
    charts); every page says whose report it is and its number; no page holds a
    heading alone."""
    pages, landscape = _printed_pages(
        bundled_warehouse.parent / "reports" / "laporan-kinerja-99.06.html", tmp_path
    )
    assert landscape
    assert len(pages) <= 30, len(pages)
    assert "Kinerja OPD" in pages[0]  # no blank first page
    for number, text in enumerate(pages, 1):
        assert f"Halaman {number} dari {len(pages)}" in text
        assert "Kinerja OPD Kabupaten Banyuasin Sintetis · run " in text  # the footer
        assert len([line for line in text.splitlines() if line.strip()]) > 3, text
    (rankings,) = [text for text in pages if "Peringkat serapan anggaran" in text]
    assert "Peringkat capaian kinerja" in rankings  # both charts whole, side by side
    document = "".join(pages)
    # the agencies' blocks print expanded, one per agency of the year
    assert document.count("Tabel capaian kinerja") == 49


def test_a_one_agency_region_prints_in_a_few_pages(bundled_warehouse: Path, tmp_path: Path):
    pages, _ = _printed_pages(
        bundled_warehouse.parent / "reports" / "laporan-kinerja-16.06.html", tmp_path
    )
    assert len(pages) <= 3, len(pages)
    assert "".join(pages).count("Tabel capaian kinerja") == 1


def test_on_a_phone_the_page_is_no_wider_than_the_screen(bundled_warehouse: Path, tmp_path: Path):
    """On a narrow screen the wide tables scroll inside their cards and the charts
    shrink to them: the page itself never scrolls sideways (a copy of the report
    measures it)."""
    page = bundled_warehouse.parent / "reports" / "laporan-kinerja-99.06.html"
    measured = tmp_path / "measured.html"
    probe = (
        "<script>window.addEventListener('load',function(){document.body.setAttribute("
        "'data-width',document.documentElement.scrollWidth+'/'+window.innerWidth)});"
        "</script></body>"
    )
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", probe))
    run = _chromium(
        measured, tmp_path, "--window-size=390,844", "--virtual-time-budget=3000", "--dump-dom"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    # headless Chromium keeps a window at least 500 px wide; the page (811 px before)
    # must fit the window whatever its width
    page_width, window = map(int, run.stdout.split('data-width="', 1)[1].split('"')[0].split("/"))
    assert page_width <= window


def test_the_longest_receipt_prints_on_two_a4_pages_at_most(
    bundled_warehouse: Path, tmp_path: Path
):
    """A clerk is sent the tanda terima as a page to print: the longest of the bundled
    data (the seed report's, with its findings) fits on two A4 pages."""
    receipts = bundled_warehouse.parent / "reports" / "tanda-terima"
    longest = max(receipts.glob("*/*.html"), key=lambda path: path.stat().st_size)
    pages, landscape = _printed_pages(longest, tmp_path)
    assert not landscape  # A4 portrait, as a letter
    assert 1 <= len(pages) <= 2
    assert "Tanda terima laporan" in pages[0]
