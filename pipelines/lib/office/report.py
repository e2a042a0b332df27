"""The office's HTML report of one region: one self-contained file, readable offline.

Every chart is inline SVG (pipelines/lib/office/charts.py); the only script switches the
fiscal year and the language (Indonesian by default, English on request). Nothing is
fetched from anywhere: no CDN, no web font, no image file.
"""

from __future__ import annotations

from markupsafe import Markup

from pipelines.lib.office import charts
from pipelines.lib.office.charts import Label
from pipelines.lib.office.data import YearView, incompleteness, summarised
from pipelines.lib.office.formats import (
    MIX_COLOURS,
    QUADRANT_NAMES,
    SEVERITY_NAMES,
    category_colour,
    category_english,
    percent,
    rupiah,
)
from pipelines.lib.office.page import render
from pipelines.lib.office.report_agency import agencies_section
from pipelines.lib.office.report_recap import recap_section


def report_name(region_code: str) -> str:
    return f"laporan-kinerja-{region_code}.html"


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
    trend = None
    if len(years) > 1:
        trend = charts.trend_lines(
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
    return render(
        "report.html",
        region_name=latest.region_name,
        page_footer=Markup(_page_footer(latest.region_name, stamp)),
        years=years,
        latest_year=latest.fiscal_year,
        stamp=stamp,
        stamp_en=stamp_en,
        span=f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]),
        trend=Markup(trend) if trend else None,
        year_sections=[
            Markup(_year_section(view, trends, years, hidden=view is not latest)) for view in views
        ],
        spending_mix=Markup(_mix_over_years(views)),
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


FEW_AGENCIES = 6


def _year_section(view, trends, years, hidden: bool) -> str:
    money_spent = float(view.summary["money_spent_min_absorption_rate"])
    target_met = float(view.summary["target_met_min_achievement_rate"])
    categories = sorted({a["category_name"] for a in view.agencies if a["category_name"]})
    return render(
        "report-year.html",
        year=view.fiscal_year,
        hidden=hidden,
        # a few agencies: on paper the parts follow each other, no page each
        few=len(view.agencies) <= FEW_AGENCIES,
        kpis=_kpis(view),
        recap=Markup(recap_section(view)),
        absorption_ranking=Markup(_absorption_ranking(view)),
        achievement_ranking=Markup(_achievement_ranking(view)),
        categories=[(c, category_colour(c), category_english(c)) for c in categories],
        quadrant_chart=Markup(_quadrant_chart(view, money_spent, target_met)),
        quadrants=[
            (
                names[0],
                names[1],
                view.summary[f"{code}_agencies"],
                [
                    a["short_name"] or a["agency_name"]
                    for a in sorted(view.agencies, key=lambda a: a["short_name"] or "")
                    if a["quadrant"] == code
                ],
            )
            for code, names in QUADRANT_NAMES.items()
            if code != "not_computable" or view.summary.get("not_computable_agencies")
        ],
        money_spent=percent(money_spent, 0),
        target_met=percent(target_met, 0),
        quality=Markup(_quality(view)),
        agencies=Markup(agencies_section(view, trends, years)),
    )


def _kpis(view: YearView) -> list[tuple[str, str, str]]:
    s = view.summary
    return [
        (
            "OPD melapor",
            "Agencies reporting",
            f"{s['agencies_reporting']} / {s['agencies_expected']}",
        ),
        ("Pagu anggaran", "Budget", rupiah(s["budget_idr"])),
        ("Realisasi", "Spent", rupiah(s["realized_idr"])),
        ("Serapan", "Absorption", percent(s["absorption_rate"])),
        ("Rata-rata capaian", "Mean achievement", percent(s["mean_achievement_rate"])),
        ("Sisa anggaran", "Unspent", rupiah(s["savings_idr"])),
    ]


def _absorption_ranking(view: YearView) -> str:
    ranked = sorted(view.agencies, key=lambda a: a["absorption_rank"] or 10**6)
    return charts.bar_ranking(
        [
            charts.Bar(
                a["agency_name"], a["absorption_rate"], "#2e75b6", percent(a["absorption_rate"])
            )
            for a in ranked
        ],
        max_value=max([a["absorption_rate"] or 0 for a in view.agencies] + [1.0]),
        reference=1.0,
    )


def _achievement_ranking(view: YearView) -> str:
    ranked = sorted(view.agencies, key=lambda a: a["achievement_rank"] or 10**6)
    return charts.bar_ranking(
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
            for a in ranked
        ],
        max_value=max([a["achievement_rate"] or 0 for a in view.agencies] + [1.0]),
        reference=1.0,
    )


def _quadrant_chart(view: YearView, money_spent: float, target_met: float) -> str:
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
    return charts.quadrant_scatter(
        points,
        money_spent,
        target_met,
        Label("Serapan anggaran", "Budget absorption"),
        Label("Capaian kinerja", "Performance achievement"),
        {code: Label(*names) for code, names in QUADRANT_NAMES.items()},
    )


def _float(value) -> float | None:
    return None if value is None else float(value)


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
    return charts.stacked_share(rows)


SHOWN_FINDINGS = 50  # the rest: the workbook's sheet and data-quality.html


def _quality(view: YearView) -> str:
    counts = {s: 0 for s in SEVERITY_NAMES}
    for finding in view.findings:
        counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
    names = {a["agency_id"]: a["short_name"] or a["agency_name"] for a in view.agencies}
    listed = summarised(view.findings)
    return render(
        "report-quality.html",
        counts=[(s, SEVERITY_NAMES[s], n) for s, n in counts.items()],
        total=len(listed),
        shown=[
            {
                "severity": f["severity"],
                "severity_name": SEVERITY_NAMES.get(f["severity"], f["severity"]),
                "agency": names.get(f["agency_id"], f["agency_id"] or "Umum"),
                "file": f["source_file"] or "",
                "message": f["office_message"] or f["message"] or "",
                "message_en": f["message"] or "",
            }
            for f in listed[:SHOWN_FINDINGS]
        ],
    )
