"""The office pages' templates: static parts come through verbatim, values escaped."""

from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.office import page
from pipelines.lib.quality.report import render
from pipelines.lib.quality.results import FINDINGS_SCHEMA, RuleOutcome
from pipelines.lib.quality.rules import Rule

TEMPLATES = Path(page.__file__).parent / "templates"


@pytest.mark.parametrize("asset", sorted(p.name for p in TEMPLATES.glob("*.[cj]s*")))
def test_styles_and_scripts_are_included_verbatim(asset: str):
    """A stylesheet or script is included as a template: nothing in it may read as
    template syntax (``{#``, ``{{``, ``{%``) and change what reaches the browser."""
    assert page.render(asset) == (TEMPLATES / asset).read_text(encoding="utf-8").rstrip("\n")


def _finding(**values) -> dict:
    row = dict.fromkeys(FINDINGS_SCHEMA)
    return row | {"severity": "warning", "fiscal_year": 2022, "rule_id": "r.x"} | values


def test_the_quality_page_escapes_what_senders_typed_and_names_agencies():
    findings = pl.DataFrame(
        [
            _finding(agency_id="tst-a", office_message="nilai '<img src=x onerror=alert(1)>'"),
            _finding(agency_id=None, source_file="2022/keuangan/lra.xls", source_row=7),
            _finding(agency_id="tst-b", severity="info", office_message="Tidak perlu tindakan"),
            _finding(agency_id="tst-c", severity="blocking", office_message="Baris ganda"),
        ],
        schema=FINDINGS_SCHEMA,
    )
    rule = Rule("report.x", "report", "warning", "quality.x", (), "a & b", lambda: None)
    html = render(
        findings, [RuleOutcome(rule, 10, 1)], "run1", "7 Desember", True, {"tst-a": "Dinas A"}
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html
    assert "Dinas A<br><small>tst-a</small>" in html
    assert "<td>Umum</td>" in html
    assert "2022/keuangan/lra.xls · baris 7" in html
    assert "Temuan / findings (4)" in html
    # grouped per agency with its counts; the infos folded apart
    assert "<summary>Dinas A <small>tst-a</small> — 1 peringatan</summary>" in html
    assert "<summary>Umum — 1 peringatan</summary>" in html
    blocking = '<details class="agency-group" open><summary>tst-c — 1 memblokir</summary>'
    assert html.index(blocking) < html.index("<summary>Dinas A")  # blocking first, opened
    listed, folded = html.split('<table id="infos">', 1)
    assert '<tr class="info">' not in listed
    assert '<tr class="info">' in folded
    assert "a &amp; b" in html
    assert '<td class="fail">1</td>' in html
