"""The office's HTML report of one region: one self-contained file, readable offline.

Every chart is inline SVG (pipelines/lib/office/charts.py); the only script switches the
fiscal year and the language (Indonesian by default, English on request). Nothing is
fetched from anywhere: no CDN, no web font, no image file.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from pipelines.lib.office import charts
from pipelines.lib.office.charts import Label
from pipelines.lib.office.data import YearView, incompleteness, receipt_href, summarised
from pipelines.lib.office.formats import (
    QUADRANT_NAMES,
    SEVERITY_NAMES,
    absorption_band,
    badge_ink,
    category_colour,
    category_english,
    number,
    percent,
    rupiah,
)

MIX_COLOURS = ["#1f4e78", "#2e75b6", "#9dc3e6", "#c55a11", "#f4b183", "#548235", "#a9d18e"]
STYLE = (Path(__file__).parent / "report.css").read_text()
SCRIPT = (Path(__file__).parent / "report.js").read_text()


def report_name(region_code: str) -> str:
    return f"laporan-kinerja-{region_code}.html"


def t(indonesian: str, english: str, tag: str = "span") -> str:
    """Text in Indonesian that the language switch turns into English."""
    return f'<{tag} data-en="{escape(english)}">{escape(indonesian)}</{tag}>'


def render_report(
    views: list[YearView],
    trends: dict[str, list[dict]],
    stamp: str,
    stamp_en: str,
) -> str:
    """The whole report of one region; ``views`` in fiscal-year order; ``stamp`` says
    which publication it shows (run, data cut-off, time in WIB)."""
    latest = views[-1]
    years = [v.fiscal_year for v in views]
    options = "".join(
        f'<option value="{y}"{" selected" if y == latest.fiscal_year else ""}>{y}</option>'
        for y in years
    )
    head = (
        f"<header><h1>{t('Kinerja OPD', 'Agency performance')} · "
        f"{escape(latest.region_name)}</h1>"
        f'<label>{t("Tahun anggaran", "Fiscal year")} <select id="year">{options}</select>'
        '</label><button id="lang" type="button">English</button></header>'
    )
    intro = (
        '<section class="card"><p>'
        + t(
            "Serapan anggaran, capaian kinerja dan efisiensi seluruh OPD, dihitung dari "
            "warehouse kinerja.",
            "Budget absorption, performance achievement and efficiency of every agency, "
            "computed from the kinerja warehouse.",
        )
        + f' <small class="stamp">{t(stamp, stamp_en)}</small></p></section>'
    )
    sections = "".join(
        _year_section(view, trends, years, hidden=view is not latest) for view in views
    )
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    trend = (
        "<p>"
        + t(
            "Tren tampil setelah ada data dua tahun atau lebih.",
            "The trend shows once there are two years or more.",
        )
        + "</p>"
        if len(years) == 1
        else charts.trend_lines(
            years,
            {
                Label("Serapan anggaran", "Budget absorption"): (
                    "#1f4e78",
                    [_float(v.summary["absorption_rate"]) for v in views],
                ),
                Label("Rata-rata capaian kinerja", "Mean achievement"): (
                    "#c55a11",
                    [_float(v.summary["mean_achievement_rate"]) for v in views],
                ),
            },
            width=640,
            height=230,
        )
    )
    regency_trend = (
        f'<section class="card"><h2>{t("Tren kabupaten", "Regency trend")} {span}</h2>'
        f"{trend}</section>"
    )
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Kinerja OPD {escape(latest.region_name)}</title>"
        f"<style>{STYLE}{_page_footer(latest.region_name, stamp)}</style></head>"
        f"<body>{head}<main>{intro}{regency_trend}{sections}"
        f'<section class="card">{_mix_over_years(views)}</section></main>'
        f"<script>{SCRIPT}</script></body></html>"
    )


def _css_text(text: str) -> str:
    """``text`` as a CSS string: no quote, backslash or tag can end it."""
    return '"' + "".join(c if c.isalnum() or c in " .,:·-/()" else " " for c in text) + '"'


def _page_footer(region: str, stamp: str) -> str:
    """Every printed page says whose report it is, when its data were read, and where
    it stands (Chromium prints CSS page-margin boxes)."""
    return (
        "@page{@bottom-left{content:"
        + _css_text(f"Kinerja OPD {region} · {stamp}")
        + ";font:8px system-ui,sans-serif;color:#57606a}"
        '@bottom-right{content:"Halaman " counter(page) " dari " counter(pages);'
        "font:8px system-ui,sans-serif;color:#57606a}}"
    )


def write_report(path: Path, document: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(document, encoding="utf-8")
    tmp.replace(path)
    return path


FEW_AGENCIES = 6


def _year_section(view, trends, years, hidden: bool) -> str:
    hidden_attr = " hidden" if hidden else ""
    # a few agencies: on paper the parts follow each other, no page each
    few = " few" if len(view.agencies) <= FEW_AGENCIES else ""
    return (
        f'<section class="year{few}" data-year="{view.fiscal_year}"{hidden_attr}>'
        + _kpis(view)
        + _recap(view)
        + _rankings(view)
        + _quadrant(view)
        + _quality(view)
        + _agencies(view, trends, years)
        + "</section>"
    )


def _kpis(view: YearView) -> str:
    s = view.summary
    cards = [
        (
            t("OPD melapor", "Agencies reporting"),
            f"{s['agencies_reporting']} / {s['agencies_expected']}",
        ),
        (t("Pagu anggaran", "Budget"), rupiah(s["budget_idr"])),
        (t("Realisasi", "Spent"), rupiah(s["realized_idr"])),
        (t("Serapan", "Absorption"), percent(s["absorption_rate"])),
        (t("Rata-rata capaian", "Mean achievement"), percent(s["mean_achievement_rate"])),
        (t("Sisa anggaran", "Unspent"), rupiah(s["savings_idr"])),
    ]
    body = "".join(
        f'<div class="kpi">{label}<b>{escape(value)}</b></div>' for label, value in cards
    )
    return (
        f'<section class="card"><h2>{t("Ringkasan", "Summary")} {view.fiscal_year}</h2>'
        f'<div class="kpis">{body}</div></section>'
    )


def _receipt_link(view: YearView, agency: dict, inner: str) -> str:
    """``inner`` linked to the agency-year's receipt (tanda terima), when it has one."""
    href = receipt_href(view.fiscal_year, agency["agency_id"])
    if href is None:
        return inner
    title = escape(f"Tanda terima {agency['agency_name']} {view.fiscal_year}")
    return f'<a href="{escape(href)}" title="{title}">{inner} tanda terima</a>'


def _achievement_cell(agency: dict) -> str:
    """The capaian, and under it when it is an average of fewer indicators than reported."""
    shown = f'<span class="num">{percent(agency["achievement_rate"])}</span>'
    missing = incompleteness(agency)
    if not missing:
        return shown
    note = escape(missing)
    return f'{shown}<br><small class="incomplete" title="{note}">⚠ {note}</small>'


def _rankings(view: YearView) -> str:
    by_absorption = sorted(view.agencies, key=lambda a: a["absorption_rank"] or 10**6)
    by_achievement = sorted(view.agencies, key=lambda a: a["achievement_rank"] or 10**6)
    absorption = charts.bar_ranking(
        [
            charts.Bar(
                a["agency_name"], a["absorption_rate"], "#2e75b6", percent(a["absorption_rate"])
            )
            for a in by_absorption
        ],
        max_value=max([a["absorption_rate"] or 0 for a in view.agencies] + [1.0]),
        reference=1.0,
    )
    achievement = charts.bar_ranking(
        [
            charts.Bar(
                a["agency_name"],
                a["achievement_rate"],
                category_colour(a["category_name"]),
                f"{percent(a['achievement_rate'])} ({a['category_name']})"
                + (" · tidak lengkap" if incompleteness(a) else ""),
                f"{percent(a['achievement_rate'])} ({category_english(a['category_name'])})"
                + (" · incomplete" if incompleteness(a) else ""),
            )
            for a in by_achievement
        ],
        max_value=max([a["achievement_rate"] or 0 for a in view.agencies] + [1.0]),
        reference=1.0,
    )
    return (
        '<section class="card rank"><div class="grid"><div>'
        f"<h2>{t('Peringkat serapan anggaran', 'Ranking by budget absorption')}</h2>"
        f"{absorption}</div><div>"
        f"<h2>{t('Peringkat capaian kinerja', 'Ranking by performance achievement')}</h2>"
        f"{_category_legend(view)}{achievement}</div></div></section>"
    )


def _category_legend(view: YearView) -> str:
    categories = sorted({a["category_name"] for a in view.agencies if a["category_name"]})
    return (
        '<div class="legend">'
        + "".join(
            f'<span><i style="background:{category_colour(c)}"></i>'
            f"{t(c, category_english(c))}</span>"
            for c in categories
        )
        + "</div>"
    )


def _quadrant(view: YearView) -> str:
    points = [
        charts.Point(
            a["short_name"] or a["agency_name"],
            float(a["absorption_rate"]),
            float(a["achievement_rate"]),
            category_colour(a["category_name"]),
            f"{a['agency_name']}: serapan {percent(a['absorption_rate'])}, capaian "
            f"{percent(a['achievement_rate'])} ({a['category_name']}; "
            f"{QUADRANT_NAMES.get(a['quadrant'], ('',))[0]})",
        )
        for a in view.agencies
        if a["absorption_rate"] is not None and a["achievement_rate"] is not None
    ]
    money_spent = float(view.summary["money_spent_min_absorption_rate"])
    target_met = float(view.summary["target_met_min_achievement_rate"])
    scatter = charts.quadrant_scatter(
        points,
        money_spent,
        target_met,
        Label("Serapan anggaran", "Budget absorption"),
        Label("Capaian kinerja", "Performance achievement"),
        {code: Label(*names) for code, names in QUADRANT_NAMES.items()},
    )
    members = "".join(
        f'<div class="quadrant-list"><h3>{t(names[0], names[1])} '
        f"({view.summary[f'{code}_agencies']})</h3><p>"
        + (
            ", ".join(
                escape(a["short_name"] or a["agency_name"])
                for a in sorted(view.agencies, key=lambda a: a["short_name"] or "")
                if a["quadrant"] == code
            )
            or "–"
        )
        + "</p></div>"
        for code, names in QUADRANT_NAMES.items()
        if code != "not_computable" or view.summary.get("not_computable_agencies")
    )
    return (
        f'<section class="card quadrant" id="kuadran-{view.fiscal_year}"><h2>'
        + t("Kuadran capaian vs serapan", "Achievement vs absorption quadrants")
        + f"</h2>{_category_legend(view)}{scatter}"
        + f'<div class="quadrant-lists">{members}</div><p><small>'
        + t(
            f"Garis putus: serapan {percent(money_spent, 0)} dan capaian "
            f"{percent(target_met, 0)}, ambang daerah ini.",
            f"Dashed lines: absorption {percent(money_spent, 0)} and achievement "
            f"{percent(target_met, 0)}, this region's thresholds.",
        )
        + "</small></p></section>"
    )


def _float(value) -> float | None:
    return None if value is None else float(value)


def _badge(text: str, colour: str, english: str | None = None) -> str:
    english_attr = f' data-en="{escape(english)}"' if english else ""
    ink = badge_ink(colour)
    return (
        f'<span class="badge" style="--badge:{colour};--badge-ink:{ink}"{english_attr}>'
        f"{escape(text)}</span>"
    )


def _arrow(change) -> tuple[str, str]:
    """(html, sort value) of a change against last year, in percentage points."""
    if change is None:
        return '<span class="trend none">–</span>', ""
    points = float(change) * 100
    if abs(points) < 0.5:
        return f'<span class="trend flat">▬ {number(points, 1)}</span>', f"{points:.3f}"
    kind, arrow = ("up", "▲") if points > 0 else ("down", "▼")
    return f'<span class="trend {kind}">{arrow} {number(points, 1)}</span>', f"{points:.3f}"


def _recap(view: YearView) -> str:
    """Every agency of the year in one sortable, searchable table (like e-SAKIP's
    recap): categories as badges, absorption and its band, quadrant, the change
    against last year and the open findings; a row opens the agency's section."""
    open_findings: dict[str, list[str]] = {}
    for finding in view.findings:
        if finding["severity"] in ("blocking", "warning") and finding["agency_id"]:
            open_findings.setdefault(finding["agency_id"], []).append(finding["severity"])
    headers = [
        (t("OPD", "Agency"), "text"),
        (t("Capaian", "Achievement"), "number"),
        (t("Kategori", "Category"), "text"),
        (t("Serapan", "Absorption"), "number"),
        (t("Pita serapan", "Absorption band"), "text"),
        (t("Kuadran", "Quadrant"), "text"),
        (t("Capaian vs tahun lalu (poin)", "Achievement vs last year (points)"), "number"),
        (t("Temuan terbuka", "Open findings"), "number"),
    ]
    rows = []
    for a in sorted(view.agencies, key=lambda a: a["agency_name"]):
        anchor = f"opd-{view.fiscal_year}-{escape(a['agency_id'])}"
        category = _badge(
            a["category_name"] or "–",
            category_colour(a["category_name"]),
            category_english(a["category_name"]),
        )
        reported = (a["reported_scale_category"] or "").strip().lower()
        if reported and reported != (a["category_name"] or "").strip().lower():
            category += " " + _badge(
                f"laporan: {a['reported_scale_category']}",
                category_colour(a["reported_scale_category"]),
                f"report: {a['reported_scale_category']}",
            )
        band, band_colour = absorption_band(a["absorption_rate"])
        absorption = _badge(band, band_colour)
        if a["absorption_category"]:
            absorption += " " + _badge(a["absorption_category"], "#57606a")
        quadrant = QUADRANT_NAMES.get(a["quadrant"], (a["quadrant"] or "–", ""))
        arrow, arrow_sort = _arrow(a["achievement_change"])
        severities = open_findings.get(a["agency_id"], [])
        colour = "#cf222e" if "blocking" in severities else "#bf8700" if severities else "#8c959f"
        cells = [
            (
                f'<a href="#{anchor}" class="open-agency">{escape(a["agency_name"])}</a>',
                a["agency_name"],
            ),
            (_achievement_cell(a), _sort_number(a["achievement_rate"])),
            (category, a["category_name"] or ""),
            (
                f'<span class="num">{percent(a["absorption_rate"])}</span>',
                _sort_number(a["absorption_rate"]),
            ),
            (absorption, _sort_number(a["absorption_rate"])),
            (
                _badge(quadrant[0], _QUADRANT_BADGES.get(a["quadrant"], "#8c959f"), quadrant[1]),
                quadrant[0],
            ),
            (arrow, arrow_sort),
            (_receipt_link(view, a, _badge(str(len(severities)), colour)), str(len(severities))),
        ]
        rows.append(
            f'<tr data-agency="{escape(a["agency_id"])}">'
            + "".join(f'<td data-sort="{escape(str(key))}">{html}</td>' for html, key in cells)
            + "</tr>"
        )
    head = "".join(f'<th data-kind="{kind}" tabindex="0">{label}</th>' for label, kind in headers)
    return (
        f'<section class="card recap" id="rekap-{view.fiscal_year}">'
        f"<h2>{t('Rekap kinerja OPD', 'Agency recap')} "
        f"{view.fiscal_year}</h2>"
        f'<input type="search" class="recap-search" placeholder="Cari OPD…" '
        f'data-en-placeholder="Search agency…" aria-label="Cari OPD">'
        f'<table class="recap-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        + "<p><small>"
        + t(
            "Klik judul kolom untuk mengurutkan, nama OPD untuk membuka rinciannya.",
            "Click a column title to sort, an agency name to open its section.",
        )
        + "</small></p></section>"
    )


def _sort_number(value) -> str:
    return "" if value is None else f"{float(value):.6f}"


_QUADRANT_BADGES = {
    "real_efficiency": "#1a7f37",
    "effective": "#0969da",
    "under_execution": "#bf8700",
    "waste": "#cf222e",
}


def _mix_over_years(views: list[YearView]) -> str:
    codes = sorted({m["account_code"] for v in views for m in v.spending_mix})
    colours = {code: MIX_COLOURS[i % len(MIX_COLOURS)] for i, code in enumerate(codes)}
    rows = [
        (
            str(v.fiscal_year),
            [
                charts.Share(
                    m["account_name"],
                    float(m["realized_idr"] or 0),
                    colours[m["account_code"]],
                    rupiah(m["realized_idr"]),
                )
                for m in v.spending_mix
            ],
        )
        for v in views
    ]
    # the chart's own legend, beneath it, names each type with its value
    return (
        f"<h2>{t('Komposisi realisasi per jenis belanja', 'Spending by type')}</h2>"
        f"{charts.stacked_share(rows)}"
    )


SHOWN_FINDINGS = 50  # the rest: the workbook's sheet and data-quality.html


def _quality(view: YearView) -> str:
    counts = {s: 0 for s in SEVERITY_NAMES}
    for finding in view.findings:
        counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
    summary = " · ".join(
        t(f"{SEVERITY_NAMES[s]}: {n}", f"{s.capitalize()}: {n}") for s, n in counts.items()
    )
    names = {a["agency_id"]: a["short_name"] or a["agency_name"] for a in view.agencies}
    listed = summarised(view.findings)
    rows = "".join(
        f'<tr class="{f["severity"]}">'
        f"<td>{t(SEVERITY_NAMES.get(f['severity'], f['severity']), f['severity'])}</td>"
        f"<td>{escape(names.get(f['agency_id'], f['agency_id'] or 'Umum'))}</td>"
        f"<td>{escape(f['source_file'] or '')}</td>"
        f"<td>{t(f['office_message'] or f['message'] or '', f['message'] or '')}</td></tr>"
        for f in listed[:SHOWN_FINDINGS]
    )
    total = len(listed)
    cut = (
        "<p><strong>"
        + t(
            f"{SHOWN_FINDINGS} dari {total} baris temuan ditampilkan, yang terberat lebih dulu; "
            "semuanya ada di lembar 'Temuan Kualitas Data' buku kerja tahun ini dan di "
            "data-quality.html.",
            f"{SHOWN_FINDINGS} of {total} lines of findings shown, worst first; all are in "
            "the year's workbook (sheet 'Temuan Kualitas Data') and in data-quality.html.",
        )
        + "</strong></p>"
        if total > SHOWN_FINDINGS
        else ""
    )
    return (
        f'<section class="card quality"><h2>{t("Temuan kualitas data", "Data-quality findings")}'
        f"</h2><p>{summary}</p>{cut}"
        + (
            f"<table><tr><th>{t('Tingkat', 'Severity')}</th><th>OPD</th>"
            f"<th>{t('Berkas', 'File')}</th><th>{t('Temuan', 'Finding')}</th></tr>{rows}</table>"
            if rows
            else ""
        )
        + "</section>"
    )


def _agencies(view: YearView, trends: dict[str, list[dict]], years: list[int]) -> str:
    parts = [
        '<section class="card agencies"><h2>'
        f"{t('Per OPD (format LKjIP)', 'Per agency (LKjIP tables)')}</h2>"
    ]
    for a in sorted(view.agencies, key=lambda a: a["agency_name"]):
        parts.append(_agency(view, a, trends.get(a["lineage_agency_id"], []), years))
    parts.append("</section>")
    return "".join(parts)


def _agency(view: YearView, agency: dict, trend: list[dict], years: list[int]) -> str:
    by_year = {row["fiscal_year"]: row for row in trend}
    series = {
        Label("Serapan", "Absorption"): (
            "#1f4e78",
            [_get(by_year, y, "absorption_rate") for y in years],
        ),
        Label("Capaian", "Achievement"): (
            "#c55a11",
            [_get(by_year, y, "achievement_rate") for y in years],
        ),
    }
    mix = view.agency_spending_mix.get(agency["agency_id"], [])
    shares = [
        charts.Share(
            m["account_name"],
            float(m["realized_idr"] or 0),
            MIX_COLOURS[i % len(MIX_COLOURS)],
            rupiah(m["realized_idr"]),
        )
        for i, m in enumerate(mix)
    ]
    return (
        f'<details class="agency" id="opd-{view.fiscal_year}-{escape(agency["agency_id"])}">'
        f"<summary>{escape(agency['agency_name'])} — "
        + t(
            f"serapan {percent(agency['absorption_rate'])}, capaian "
            f"{percent(agency['achievement_rate'])}",
            f"absorption {percent(agency['absorption_rate'])}, achievement "
            f"{percent(agency['achievement_rate'])}",
        )
        + f" ({t(agency['category_name'] or '–', category_english(agency['category_name']))}"
        + (
            f"; {t('skala laporan', 'report scale')}: {escape(agency['reported_scale_category'])}"
            if agency["reported_scale_category"]
            else ""
        )
        + ")"
        f'</summary><div class="grid agency-charts"><div><h3>{t("Tren", "Trend")}</h3>'
        f"{charts.trend_lines(years, series)}</div><div><h3>"
        f"{t('Jenis belanja', 'Spending types')}</h3>{charts.stacked_share([('', shares)])}"
        # on paper: performance across the page, budget and efficiency side by side
        '</div></div><div class="agency-tables"><div>'
        + _indicator_table(view.indicators.get(agency["agency_id"], []))
        + "</div><div>"
        + _budget_table(view.budget_programs.get(agency["agency_id"], []))
        + "</div><div>"
        + _efficiency_table(view.objectives.get(agency["agency_id"], []))
        + "</div></div></details>"
    )


def _get(by_year: dict, year: int, column: str) -> float | None:
    value = by_year.get(year, {}).get(column)
    return None if value is None else float(value)


def _table(
    title: str,
    headers: list[str],
    rows: list[list[tuple[str, bool]]],
    row_classes: list[str] | None = None,
) -> str:
    """An LKjIP-style table; ``headers`` are rendered, cells are (html, is_number)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    classes = row_classes or [""] * len(rows)
    body = "".join(
        (f'<tr class="{css}">' if css else "<tr>")
        + "".join(f'<td class="n">{c}</td>' if n else f"<td>{c}</td>" for c, n in row)
        + "</tr>"
        for row, css in zip(rows, classes, strict=True)
    )
    return f"<h3>{title}</h3><table><tr>{head}</tr>{body}</table>"


def _indicator_table(rows: list[dict]) -> str:
    return _table(
        t("Tabel capaian kinerja", "Performance achievement"),
        [
            t("Sasaran", "Objective"),
            t("Indikator", "Indicator"),
            t("Satuan", "Unit"),
            "Target",
            t("Realisasi", "Realised"),
            t("Capaian", "Achievement"),
            t("Kategori", "Category"),
            t("Kategori skala laporan", "Category, report's scale"),
        ],
        [
            [
                (str(r["objective_no"]), False),
                (escape(r["indicator_name"] or ""), False),
                (escape(r["unit"] or ""), False),
                (escape(r["target_text"] or ""), True),
                (escape(r["realized_text"] or ""), True),
                (percent(r["achievement_rate"]), True),
                (escape(r["category_name"] or ""), False),
                (escape(r["reported_scale_category"] or "–"), False),
            ]
            for r in rows
        ],
    )


def _budget_table(rows: list[dict]) -> str:
    def name(r: dict) -> str:
        text = escape(r["budget_line_name"] or "")
        return f"<b>{text}</b>" if r["budget_level"] == "program" else text

    return _table(
        t("Tabel realisasi anggaran", "Budget realisation"),
        [
            t("Kode", "Code"),
            t("Program / kegiatan", "Program / activity"),
            t("Anggaran", "Budget"),
            t("Realisasi", "Spent"),
            t("Serapan", "Absorption"),
        ],
        [
            [
                (escape(r["budget_code"] or r["original_budget_code"] or "–"), False),
                (name(r), False),
                (rupiah(r["budget_idr"]), True),
                (rupiah(r["realized_idr"]), True),
                (percent(r["absorption_rate"]), True),
            ]
            for r in rows
        ],
        # kegiatan and sub kegiatan are on screen; paper keeps the programs
        ["" if r["budget_level"] == "program" else "detail" for r in rows],
    )


def _efficiency_table(rows: list[dict]) -> str:
    return _table(
        t("Analisis efisiensi", "Efficiency analysis"),
        [
            t("Sasaran", "Objective"),
            t("Uraian", "Name"),
            t("Anggaran", "Budget"),
            t("Realisasi", "Spent"),
            t("Serapan", "Absorption"),
            t("Capaian", "Achievement"),
            t("Indeks efisiensi", "Efficiency index"),
            t("Kuadran", "Quadrant"),
        ],
        [
            [
                (str(r["objective_no"]), False),
                (escape(r["objective_name"] or ""), False),
                (rupiah(r["budget_idr"]), True),
                (rupiah(r["realized_idr"]), True),
                (percent(r["absorption_rate"]), True),
                (percent(r["achievement_rate"]), True),
                (number(r["efficiency_index"]), True),
                (escape(QUADRANT_NAMES.get(r["quadrant"], (r["quadrant"] or "",))[0]), False),
            ]
            for r in rows
        ],
    )
