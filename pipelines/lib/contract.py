"""The raw-data contract: which tables an agency delivers and what each column holds.

``docs/raw-data.md`` describes the same contract for the people who fill the
files; this module is what enforces it. Headers are the Indonesian ones of the
office template; the warehouse columns are English (see the glossary).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# raw/<year>/bulk-<name>/: a bulk extract (one file per table, many agencies), the way
# national SIPD/DJPK extracts arrive; every other folder under a year is one agency
BULK_FOLDER_PREFIX = "bulk-"
# raw/<year>/keuangan/: the finance system's exports (SIPD-RI, LRA per SKPD, flat CSV) of
# every agency at once, each file a delivery of its own
FINANCE_FOLDER = "keuangan"
# raw/draft/<year>/<agency>/: deliveries drafted from an LKjIP document, waiting for a
# clerk's review; ingest never reads them (``kinerja extract --accept`` moves them in)
DRAFT_FOLDER = "draft"

ColumnKind = Literal[
    "year",  # fiscal year, must equal the folder's year
    "agency",  # agency id, must equal the folder's agency
    "text",  # free text, trimmed
    "integer",  # whole number
    "amount",  # rupiah, Indonesian notation
    "percent",  # percentage 0-100+, Indonesian notation, '%' allowed
    "level",  # program / kegiatan / sub kegiatan / sasaran
    "budget_code",  # code valid for the row's level
    "account_code",  # spending type code 5.x.xx from the account type list
    "program_codes",  # list of program codes separated by ';'
    "polarity",  # positif (higher is better) / negatif (lower is better)
    "measure",  # target or realisation as written: a number, n/a, or text
    "choice",  # one of a fixed set of words
    "reported_value",  # a number or a word, typed by the row's ``measure``
]


@dataclass(frozen=True)
class Column:
    """One column of a delivered table."""

    header: str
    name: str
    kind: ColumnKind
    required: bool
    description: str
    choices: dict[str, str] = field(default_factory=dict)
    default: str | None = None  # the loaded value of an empty optional cell


@dataclass(frozen=True)
class Entity:
    """One table an agency delivers: a CSV file ``<sheet>.csv`` or a workbook sheet."""

    name: str
    sheet: str
    required: bool
    description: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        """Indonesian headers in template order."""
        return tuple(c.header for c in self.columns)

    def leading_headers(self, width: int) -> tuple[str, ...]:
        """The first ``width`` headers: columns added to the contract later are optional
        and come last, so a file may end before them."""
        return self.headers[:width]


_YEAR = Column("tahun", "fiscal_year", "year", True, "Tahun anggaran (e.g. 2022)")
_AGENCY = Column("kode_opd", "agency_id", "agency", True, "Kode OPD from the agency list")

POLARITIES = {"positif": "higher_is_better", "negatif": "lower_is_better"}
SCALE_MEASURES = {"capaian": "achievement", "serapan": "absorption"}
AGGREGATIONS = {"jumlah": "sum", "nilai_akhir": "last_value", "rata_rata": "mean"}
MONTH_NAMES = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTH_ABBREVIATIONS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "mei",
    "jun",
    "jul",
    "agu",
    "sep",
    "okt",
    "nov",
    "des",
]
_ROMAN = ("i", "ii", "iii", "iv")
# a period as reports label it (normalised: lower case, spaces as _) → M01…M12, Q1…Q4
PERIODS = {
    **{name: f"M{n:02d}" for n, name in enumerate(MONTH_NAMES, start=1)},
    **{name: f"M{n:02d}" for n, name in enumerate(_MONTH_ABBREVIATIONS, start=1)},
    **{f"bulan_{n}": f"M{n:02d}" for n in range(1, 13)},
    **{
        f"{word}{sep}{label}": f"Q{n}"
        for n, roman in enumerate(_ROMAN, start=1)
        for label in (str(n), roman)
        for word, sep in (("tw", "_"), ("tw", ""), ("triwulan", "_"))
    },
    **{f"q{n}": f"Q{n}" for n in range(1, 5)},
}
REPORTED_SCOPES = {"opd": "agency", "sasaran": "objective", "program": "program"}
AMOUNT_MEASURES = ("budget_idr", "realized_idr", "savings_idr", "unspent_idr")
COUNT_MEASURES = ("program_count", "activity_count", "sub_activity_count")
TEXT_MEASURES = ("category",)
REPORTED_MEASURES = {
    "anggaran": "budget_idr",
    "realisasi": "realized_idr",
    "serapan_persen": "absorption_percent",
    "realisasi_fisik_persen": "physical_progress_percent",
    "efisiensi": "savings_idr",
    "efisiensi_persen": "savings_percent",
    "capaian_persen": "achievement_percent",
    "kategori": "category",
    "jumlah_program": "program_count",
    "jumlah_kegiatan": "activity_count",
    "jumlah_sub_kegiatan": "sub_activity_count",
    "silpa": "unspent_idr",
}

BUDGET_LINES = Entity(
    name="budget_lines",
    sheet="anggaran",
    required=True,
    description="Budget and realisation per program, kegiatan and sub kegiatan (Tabel "
    "realisasi anggaran).",
    columns=(
        _YEAR,
        _AGENCY,
        Column(
            "level",
            "level",
            "level",
            True,
            "program / kegiatan / sub kegiatan, or sasaran for money given per sasaran",
        ),
        Column(
            "kode",
            "code",
            "budget_code",
            False,
            "Kode program/kegiatan/sub kegiatan; empty when the report prints names only",
        ),
        Column("nama", "name", "text", True, "Nomenclature name"),
        Column("anggaran", "budget_idr", "amount", True, "Anggaran setelah perubahan (Rp)"),
        Column("realisasi_keuangan", "realized_idr", "amount", True, "Realisasi keuangan (Rp)"),
        Column(
            "realisasi_fisik_persen",
            "physical_progress_percent",
            "percent",
            False,
            "Realisasi fisik (%)",
        ),
        Column(
            "persen_dilaporkan",
            "reported_absorption_percent",
            "percent",
            False,
            "Persentase realisasi keuangan as printed in the report",
        ),
        Column(
            "induk",
            "parent_ref",
            "text",
            False,
            "The parent line's kode or nama; empty: the line of the level above printed before it",
        ),
        Column(
            "kode_asli",
            "original_code",
            "text",
            False,
            "The code as printed in an older nomenclature (the line counts as uncoded)",
        ),
        Column(
            "no_sasaran",
            "objective_no",
            "integer",
            False,
            "Nomor sasaran strategis of a sasaran line (level sasaran)",
        ),
    ),
)

SPENDING_LINES = Entity(
    name="spending_lines",
    sheet="belanja",
    required=True,
    description="Budget and realisation per spending type (jenis belanja).",
    columns=(
        _YEAR,
        _AGENCY,
        Column("kode_akun", "account_code", "account_code", True, "Kode akun belanja, 5.1.01"),
        Column("jenis_belanja", "account_name", "text", True, "Nama jenis belanja"),
        Column("anggaran", "budget_idr", "amount", True, "Anggaran (Rp)"),
        Column("realisasi", "realized_idr", "amount", True, "Realisasi (Rp)"),
        Column(
            "kode_sub_kegiatan",
            "sub_activity_code",
            "text",
            False,
            "The sub kegiatan the spending is under, where the source says (a finance "
            "export's accounts); empty for the agency's total per type",
        ),
    ),
)

INDICATORS = Entity(
    name="indicators",
    sheet="kinerja",
    required=True,
    description="Performance indicators per sasaran strategis with target and realisation.",
    columns=(
        _YEAR,
        _AGENCY,
        Column("no_sasaran", "objective_no", "integer", True, "Nomor sasaran strategis"),
        Column("sasaran", "objective_name", "text", True, "Sasaran strategis"),
        Column("no_indikator", "indicator_no", "integer", True, "Nomor indikator in its sasaran"),
        Column("indikator", "indicator_name", "text", True, "Indikator kinerja"),
        Column("satuan", "unit", "text", False, "Satuan (%, dokumen, orang, ...)"),
        Column(
            "polaritas",
            "polarity",
            "polarity",
            True,
            "positif = higher is better, negatif = lower is better",
            POLARITIES,
        ),
        Column("target", "target", "measure", True, "Target as written"),
        Column("realisasi", "realized", "measure", False, "Realisasi as written"),
        Column(
            "kode_program",
            "program_codes",
            "program_codes",
            False,
            "Program codes funding the sasaran, separated by ';'",
        ),
        Column(
            "capaian_dilaporkan",
            "reported_achievement_percent",
            "percent",
            False,
            "% capaian as printed",
        ),
        Column("kategori_dilaporkan", "reported_category", "text", False, "Kategori as printed"),
        Column(
            "capaian_tahun_lalu",
            "reported_prior_year_achievement_percent",
            "percent",
            False,
            "% capaian tahun lalu as printed",
        ),
        Column(
            "capaian_renstra",
            "reported_strategic_plan_achievement_percent",
            "percent",
            False,
            "% capaian terhadap target akhir Renstra as printed",
        ),
        Column(
            "target_akhir_renstra",
            "strategic_plan_target",
            "measure",
            False,
            "Target at the end of the Renstra period (kondisi akhir Renstra)",
        ),
        Column(
            "cara_agregasi",
            "aggregation_method",
            "choice",
            False,
            "How the year's realisasi follows from realisasi_periode: jumlah (sum), "
            "nilai_akhir (the last period's value) or rata_rata (mean)",
            AGGREGATIONS,
        ),
    ),
)

PERIOD_REALISATIONS = Entity(
    name="period_realisations",
    sheet="realisasi_periode",
    required=False,
    description="Realisation of an indicator per month or quarter (e-SAKIP), from which "
    "the year's realisasi is computed when not given, and checked when given.",
    columns=(
        _YEAR,
        _AGENCY,
        Column("no_sasaran", "objective_no", "integer", True, "Nomor sasaran strategis"),
        Column("no_indikator", "indicator_no", "integer", True, "Nomor indikator in its sasaran"),
        Column(
            "periode",
            "period",
            "choice",
            True,
            "Januari … Desember (or Jan, bulan 1), or TW I … TW IV (triwulan 1, Q1)",
            PERIODS,
        ),
        Column("realisasi", "realized", "measure", True, "Realisasi of the period as written"),
    ),
)

REPORTED_TOTALS = Entity(
    name="reported_totals",
    sheet="ringkasan",
    required=True,
    description="Totals and summary figures as the report states them, where it states "
    "them (ikhtisar eksekutif, bab III, per sasaran).",
    columns=(
        _YEAR,
        _AGENCY,
        Column("cakupan", "scope", "choice", True, "opd / sasaran / program", REPORTED_SCOPES),
        Column("kunci", "scope_key", "text", False, "Nomor sasaran or program code; empty for opd"),
        Column("ukuran", "measure", "choice", True, "What the value is", REPORTED_MEASURES),
        Column("nilai", "value", "reported_value", True, "The value as printed"),
        Column("sumber", "report_section", "text", False, "Where the report states it"),
    ),
)

DECLARED_SCALES = Entity(
    name="declared_scales",
    sheet="skala",
    required=False,
    description="The category scales the report declares (e.g. Tabel 3.1): of achievement, "
    "and of absorption where it grades that too.",
    columns=(
        _YEAR,
        _AGENCY,
        Column("urutan", "band_no", "integer", True, "Order of the band, 1 = best"),
        Column("kategori", "category", "text", True, "Category name as printed"),
        Column("batas_bawah", "lower_bound_percent", "percent", False, "Lower bound (%)"),
        Column("batas_atas", "upper_bound_percent", "percent", False, "Upper bound (%)"),
        Column("teks_skala", "band_text", "text", True, "The band as printed"),
        Column(
            "ukuran",
            "scale_measure",
            "choice",
            False,
            "What the scale grades: capaian (achievement, the default) or serapan (absorption)",
            SCALE_MEASURES,
            default="achievement",
        ),
    ),
)

ENTITIES: tuple[Entity, ...] = (
    BUDGET_LINES,
    SPENDING_LINES,
    INDICATORS,
    REPORTED_TOTALS,
    DECLARED_SCALES,
    PERIOD_REALISATIONS,
)
ENTITIES_BY_SHEET = {e.sheet: e for e in ENTITIES}

AGENCY_TYPES = (
    "dinas",
    "badan",
    "sekretariat",
    "inspektorat",
    "kecamatan",
    "satuan",
    "rumah_sakit",
)


# the key of each raw table: one row per key
KEYS = {
    "budget_lines": ["agency_id", "fiscal_year", "line_key"],  # the code, else level and name
    "spending_lines": ["agency_id", "fiscal_year", "account_code"],
    "indicators": ["agency_id", "fiscal_year", "objective_no", "indicator_no"],
    "reported_totals": [
        "agency_id",
        "fiscal_year",
        "scope",
        "scope_key",
        "measure",
        "report_section",
    ],
    "declared_scales": ["agency_id", "fiscal_year", "scale_measure", "band_no"],
    "period_realisations": ["agency_id", "fiscal_year", "objective_no", "indicator_no", "period"],
}
