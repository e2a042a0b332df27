"""The data-quality report: one self-contained HTML page that works offline.

No CDN, no external file: styles and the small filter script are inline. Headings
are Indonesian with English beside them, as the office reads both.
"""

from __future__ import annotations

import html

import polars as pl

from pipelines.lib.office.formats import SEVERITY_NAMES
from pipelines.lib.quality.indonesian import sentence_for
from pipelines.lib.quality.results import RuleOutcome

REPORT_NAME = "data-quality.html"
SEVERITY_LABELS = {
    "blocking": "Memblokir / blocking",
    "warning": "Peringatan / warning",
    "info": "Info / info",
}
_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem;color:#1d2733}
h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2rem}
.meta{color:#5a6b7b;margin-bottom:1.5rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border-radius:8px;padding:.8rem 1.2rem;min-width:10rem;background:#f3f6f9}
.card b{display:block;font-size:1.8rem}
.blocking{background:#fde2e1}.warning{background:#fff4d6}.info{background:#e3f0fb}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin-top:.6rem}
th,td{border-bottom:1px solid #dde3ea;padding:.35rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:break-word}
#findings td:nth-child(-n+2),#infos td:nth-child(-n+2){white-space:nowrap}
#findings td:nth-child(6),#infos td:nth-child(6){word-break:break-all;min-width:8rem}
#findings td:nth-child(5),#infos td:nth-child(5){min-width:22rem}
td small{color:#5a6b7b} details{margin-top:1rem} summary{cursor:pointer;font-weight:600}
th{background:#eef2f6;position:sticky;top:0}
tr.blocking td:first-child{border-left:4px solid #c62828}
tr.warning td:first-child{border-left:4px solid #e0a800}
tr.info td:first-child{border-left:4px solid #1e88e5}
input{padding:.4rem .6rem;width:22rem;border:1px solid #c4ced8;border-radius:4px}
.ok{color:#2e7d32}.fail{color:#c62828}
tr.passed td{color:#57606a}
"""
_SCRIPT = """
document.getElementById('filter').addEventListener('input', function (event) {
  var needle = event.target.value.toLowerCase();
  document.querySelectorAll('#findings tbody tr, #infos tbody tr').forEach(function (row) {
    row.style.display = row.textContent.toLowerCase().indexOf(needle) >= 0 ? '' : 'none';
  });
});
"""


def _cell(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _place(row: dict) -> str:
    place = _cell(row["source_file"])
    if row["source_sheet"]:
        place += " · " + _cell(row["source_sheet"])
    if row["source_row"] is not None:
        place += " · baris " + _cell(row["source_row"])
    return place


def _agency(agency_id: str | None, names: dict[str, str]) -> str:
    """The agency as the office names it, its id beneath; "Umum" for none."""
    if not agency_id:
        return "Umum"
    name = names.get(agency_id)
    return f"{_cell(name)}<br><small>{_cell(agency_id)}</small>" if name else _cell(agency_id)


def _finding_row(row: dict, names: dict[str, str]) -> str:
    cells = [SEVERITY_NAMES.get(row["severity"], row["severity"]), row["fiscal_year"]]
    return (
        f'<tr class="{_cell(row["severity"])}">'
        + "".join(f"<td>{_cell(c)}</td>" for c in cells)
        + f"<td>{_agency(row['agency_id'], names)}</td>"
        + f"<td>{_place(row)}</td><td>{_cell(row.get('office_message'))}</td>"
        + "".join(
            f"<td>{_cell(row[c])}</td>" for c in ("rule_id", "object_key", "expected", "actual")
        )
        + "</tr>"
    )


def render(
    findings: pl.DataFrame,
    outcomes: list[RuleOutcome],
    run_id: str,
    generated_at: str,
    published: bool,
    agency_names: dict[str, str] | None = None,
) -> str:
    """The report as one HTML document; ``agency_names``: agency id → name. Infos come
    last, folded (they need no action; the page stays short enough to read)."""
    names = agency_names or {}
    counts = dict(findings.group_by("severity").len().iter_rows()) if findings.height else {}
    cards = "".join(
        f'<div class="card {severity}"><b>{counts.get(severity, 0)}</b>{label}</div>'
        for severity, label in SEVERITY_LABELS.items()
    )
    status = (
        "Gudang data diterbitkan / warehouse published"
        if published
        else "Tidak diterbitkan: ada temuan yang memblokir / NOT published: blocking findings"
    )
    # a rule that passed is not an alarm: no severity colour on its row
    rule_rows = "".join(
        f'<tr class="{o.rule.severity if o.failed else "passed"}">'
        f"<td>{_cell(o.rule.rule_id)}</td>"
        f"<td>{_cell(o.rule.suite)}</td><td>{_cell(SEVERITY_NAMES[o.rule.severity])}</td>"
        f"<td>{_cell(_action(o.rule.rule_id))}<br><small>{_cell(o.rule.description)}</small>"
        f"</td><td>{o.checked}</td>"
        f'<td class="{"ok" if o.failed == 0 else "fail"}">{o.failed}</td></tr>'
        for o in outcomes
    )
    rows = list(findings.iter_rows(named=True))
    finding_rows = "".join(_finding_row(r, names) for r in rows if r["severity"] != "info")
    info_rows = "".join(_finding_row(r, names) for r in rows if r["severity"] == "info")
    infos = sum(1 for r in rows if r["severity"] == "info")
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Laporan kualitas data / data-quality report</title>
<style>{_STYLE}</style></head>
<body>
<h1>Laporan kualitas data <small>/ data-quality report</small></h1>
<div class="meta">run {_cell(run_id)} · {_cell(generated_at)} · <b>{status}</b></div>
<div class="cards">{cards}</div>
<h2>Temuan / findings ({findings.height})</h2>
<input id="filter" type="search" placeholder="Saring: OPD, tahun, aturan... / filter">
<table id="findings"><thead>{_HEADER}</thead><tbody>{finding_rows}</tbody></table>
<details><summary>Info / infos ({infos}): tidak perlu tindakan / no action needed</summary>
<table id="infos"><thead>{_HEADER}</thead><tbody>{info_rows}</tbody></table></details>
<h2>Aturan yang diperiksa / rules checked ({len(outcomes)})</h2>
<table><thead><tr><th>aturan / rule</th><th>suite</th><th>tingkat</th>
<th>bila gagal, tindakan / if it fails</th><th>diperiksa</th><th>gagal</th></tr></thead>
<tbody>{rule_rows}</tbody></table>
<script>{_SCRIPT}</script>
</body></html>
"""


_HEADER = (
    "<tr><th>tingkat</th><th>tahun</th><th>OPD</th><th>berkas / file</th><th>pesan</th>"
    "<th>aturan / rule</th><th>objek</th><th>seharusnya / expected</th>"
    "<th>tercatat / found</th></tr>"
)


def _action(rule_id: str) -> str:
    """What the office does when the rule fails, in Indonesian."""
    try:
        return sentence_for(rule_id)[1]
    except KeyError:
        return ""
