"""How the office reads numbers and categories: Indonesian formats, labels, colours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# the spending types' colours, in the order of their codes
MIX_COLOURS = ["#1f4e78", "#2e75b6", "#9dc3e6", "#c55a11", "#f4b183", "#548235", "#a9d18e"]
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")  # the office's time (Sumatra, UTC+7)


def wib(moment: dt.datetime) -> str:
    """'07-12-2026 12:05 WIB'."""
    return moment.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB")


CATEGORY_COLOURS = {
    # LKjIP 4-band scale (seed lkjip_muba_4band) and Permendagri 86/2017 5-band scale
    "Sangat Baik": "#1a7f37",
    "Sangat Tinggi": "#1a7f37",
    "Baik": "#4c9a2a",
    "Tinggi": "#4c9a2a",
    "Sedang": "#d4a72c",
    "Cukup": "#d4a72c",
    "Rendah": "#e16f24",
    "Kurang": "#cf222e",
    "Sangat Rendah": "#cf222e",
    "Tanpa Target": "#8c959f",
    "Tidak Dapat Dihitung": "#8c959f",
}
OTHER_COLOUR = "#8c959f"
# what the English switch shows for a category of the seeded scales
CATEGORY_ENGLISH = {
    "Sangat Baik": "Very good",
    "Baik": "Good",
    "Cukup": "Fair",
    "Kurang": "Poor",
    "Sangat Tinggi": "Very high",
    "Tinggi": "High",
    "Sedang": "Medium",
    "Rendah": "Low",
    "Sangat Rendah": "Very low",
    "Tanpa Target": "No target",
    "Tidak Dapat Dihitung": "Not computable",
}


def category_english(category: str | None) -> str:
    """A category in English (a report's own label, not seeded, stays as printed)."""
    if not category:
        return "–"
    return CATEGORY_ENGLISH.get(category) or next(
        (english for name, english in CATEGORY_ENGLISH.items() if name.lower() == category.lower()),
        category,
    )


QUADRANT_NAMES = {  # (Indonesian, English)
    "real_efficiency": ("Efisien", "Efficient"),
    "effective": ("Efektif", "Effective"),
    "under_execution": ("Serapan rendah", "Under-executed"),
    "waste": ("Boros", "Wasteful"),
    "not_computable": ("Tidak dapat dihitung", "Not computable"),
}

# one Indonesian vocabulary for severities, in the workbook, the report and the findings
# a file's status in the file log, as a receipt says it
STATUS_WORDS = {
    "loaded": "dimuat",
    "partially_loaded": "sebagian dimuat",
    "rejected": "ditolak",
    "missing": "tidak diserahkan",
    "note": "catatan",
}
SEVERITY_NAMES = {"blocking": "Memblokir", "warning": "Peringatan", "info": "Info"}


# absorption bands of e-SAKIP dashboards (docs formats: 0-24,99 … 95-100), low to high
# green only from the money-spent threshold up (95 %), so the band never says "good"
# where the quadrant says "Serapan rendah"
ABSORPTION_BANDS = (
    (0.25, "0-24,99 %", "#82071e"),
    (0.50, "25-49,99 %", "#cf222e"),
    (0.75, "50-74,99 %", "#e16f24"),
    (0.95, "75-94,99 %", "#d4a72c"),
    (None, "≥ 95 %", "#1a7f37"),
)


def absorption_band(rate: float | Decimal | None) -> tuple[str, str]:
    """(band, colour) of an absorption rate."""
    if rate is None:
        return "–", OTHER_COLOUR
    for upper, band, colour in ABSORPTION_BANDS:
        if upper is None or float(rate) < upper:
            return band, colour
    raise AssertionError("the last band has no upper bound")


def badge_ink(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour`` (#rrggbb): white on
    gold had a contrast of 2,2:1, black on it 9:1 (WCAG relative luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#1f2328" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def category_colour(category: str | None) -> str:
    return CATEGORY_COLOURS.get(category or "", OTHER_COLOUR)


def rupiah(value: Decimal | float | int | None) -> str:
    """1234567.5 → 'Rp 1.234.568' (Indonesian grouping, whole rupiah)."""
    if value is None:
        return "–"
    whole = int(Decimal(value).quantize(Decimal(1)))
    sign = "-" if whole < 0 else ""
    return f"Rp {sign}{abs(whole):,}".replace(",", ".")


def percent(rate: float | Decimal | None, decimals: int = 2) -> str:
    """0.87654 → '87,65 %' (a rate of 1 is 100 %)."""
    if rate is None:
        return "–"
    return f"{float(rate) * 100:.{decimals}f}".replace(".", ",") + " %"


def number(value: float | Decimal | None, decimals: int = 2) -> str:
    """1234.5 → '1.234,50'."""
    if value is None:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
