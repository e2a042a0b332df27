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
    assert dom.count('class="chart trend"') == agency_years  # one per agency section
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
