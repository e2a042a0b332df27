"""One agency's block of the report, in the LKjIP's own tables: performance achievement,
budget realisation and efficiency, with its trend and spending mix on screen."""

from __future__ import annotations

from html import escape

from pipelines.lib.office import charts
from pipelines.lib.office.charts import Label
from pipelines.lib.office.data import YearView, scale_note
from pipelines.lib.office.formats import (
    MIX_COLOURS,
    QUADRANT_NAMES,
    category_english,
    number,
    percent,
    rupiah,
)
from pipelines.lib.office.page import t

NATIONAL_SCALE_ENGLISH = "by the national scale: the region has no scale of its own for this year"


def agencies_section(view: YearView, trends: dict[str, list[dict]], years: list[int]) -> str:
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
        + (f"; {t(scale_note(agency), NATIONAL_SCALE_ENGLISH)}" if scale_note(agency) else "")
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
