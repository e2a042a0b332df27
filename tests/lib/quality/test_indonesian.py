"""Every finding has a sentence in Indonesian for the office (pesan), beside the English
one for analysts."""

from __future__ import annotations

import re

import pytest

from pipelines import paths
from pipelines.lib.quality.indonesian import pesan, sentence_for
from pipelines.lib.quality.suites import all_rules


def ingest_rule_ids() -> set[str]:
    source = (paths.REPO_ROOT / "pipelines" / "lib" / "findings.py").read_text()
    return set(re.findall(r"'(ingest\.[a-z_]+)'", source))


def test_every_rule_has_an_indonesian_sentence():
    rule_ids = {rule.rule_id for rule in all_rules()} | ingest_rule_ids()
    assert len(ingest_rule_ids()) >= 6
    for rule_id in sorted(rule_ids):
        what, action = sentence_for(rule_id)
        assert what, rule_id
        assert action.endswith("."), rule_id


def finding(**values) -> dict:
    base = dict.fromkeys(
        ("source_file", "source_row", "object_key", "expected", "actual", "agency_id")
    )
    return base | values


def test_a_kegiatan_that_does_not_add_up_in_both_languages():
    row = finding(
        rule_id="report.children_sum_to_parent",
        object_key="activity 8.01.01.2.09 anggaran",
        expected="Rp 440.696.492 (sum of children)",
        actual="Rp 435.696.492",
        source_file="2022/muba-kesbangpol/anggaran.csv",
        source_row=25,
        message="a program or kegiatan equals the sum of its children: activity "
        "8.01.01.2.09 anggaran (expected Rp 440.696.492 (sum of children), found "
        "Rp 435.696.492)",
    )
    indonesian = pesan(row)
    print(f"id: {indonesian}\nen: {row['message']}")
    assert indonesian == (
        "Anggaran kegiatan 8.01.01.2.09 (Rp 435.696.492) tidak sama dengan jumlah sub "
        "kegiatan-nya (Rp 440.696.492) (2022/muba-kesbangpol/anggaran.csv, baris 25). "
        "Periksa angka di tabel realisasi anggaran; perbaiki baris yang salah ketik."
    )


def test_contract_rules_name_the_table_and_column_in_the_office_s_words():
    row = finding(
        rule_id="contract.budget_lines.realized_idr_not_negative",
        object_key="sub_activity 8.01.01.2.01.0001",
        actual="Rp -5.000",
        source_file="2024/x/anggaran.csv",
        source_row=3,
    )
    assert pesan(row).startswith(
        "Angka negatif di tabel anggaran: sub kegiatan 8.01.01.2.01.0001 (Rp -5.000)"
    )
    missing = finding(rule_id="ingest.table_missing", object_key="spending_lines")
    assert pesan(missing) == "Tabel belanja tidak diserahkan. Minta OPD melengkapi berkasnya."
    typed = finding(
        rule_id="ingest.row_quarantined",
        object_key="budget_lines column x",
        actual="308.761.105,0O",
    )
    assert "308.761.105,0O" in pesan(typed)  # the cell as typed, letter O included


def test_a_comparison_with_a_june_export_names_its_period():
    row = finding(
        rule_id="report.budget_sources_agree",
        object_key="sub_activity 8.01.01.2.09.0001 anggaran",
        expected="Rp 21.000.000 in the finance export 2022/keuangan/juni.csv (s.d. 30-06-2022) "
        "row 129",
        actual="Rp 26.000.000 in the report 2022/muba-kesbangpol/anggaran.csv (year 2022) row 26",
        source_file="2022/muba-kesbangpol/anggaran.csv",
        source_row=26,
    )
    assert pesan(row).startswith(
        "Sub kegiatan 8.01.01.2.09.0001 anggaran: ekspor keuangan BPKAD (s.d. 30-06-2022) dan "
        "laporan OPD (setahun) berbeda (Rp 21.000.000 / Rp 26.000.000)"
    )


def test_rows_quarantined_for_one_reason_are_said_once():
    row = finding(
        rule_id="ingest.row_quarantined",
        object_key="budget_lines column unit",
        actual="14 rows (12-25)",
        source_file="2024/keuangan/lra.xlsx",
    )
    assert pesan(row).startswith("Baris tidak dimuat (anggaran kolom unit: 14 baris (12-25))")


def test_a_held_back_row_says_its_cause_and_its_fix_in_indonesian():
    negative = finding(
        rule_id="ingest.row_quarantined",
        object_key="budget_lines column anggaran",
        actual="-5000000.00",
        source_file="2022/x/anggaran.csv",
        source_row=5,
        message="row not loaded, kept in raw.quarantine: negative amount: anggaran cannot "
        "be below zero",
    )
    assert pesan(negative) == (
        "Baris tidak dimuat (anggaran kolom anggaran: -5000000.00): nilai anggaran negatif "
        "(2022/x/anggaran.csv, baris 5). Anggaran dan realisasi di laporan OPD tidak boleh "
        "negatif: perbaiki angkanya."
    )
    unit = finding(
        rule_id="ingest.row_quarantined",
        object_key="budget_lines column unit",
        actual="14 rows (12-25)",
        source_file="2024/keuangan/lra.xlsx",
        message="14 rows (12-25) not loaded, kept in raw.quarantine: unit 7.01.0.00.0.00.99.0000 "
        "'Kantor Penghubung' matches no agency of 2024: add kode_skpd 7.01.0.00.0.00.99.0000 "
        "to its row in raw/reference/agencies*.csv",
    )
    said = pesan(unit)
    assert "tidak cocok dengan OPD mana pun tahun 2024" in said
    assert "Tambahkan kode_skpd 7.01.0.00.0.00.99.0000" in said
    assert "Perbaiki nilai itu" not in said  # the wrong fix of before


def test_a_misspelt_header_is_named_with_the_header_it_means():
    row = finding(
        rule_id="ingest.row_quarantined",
        object_key="file",
        actual="51 rows (2-52)",
        source_file="2022/x/anggaran.csv",
        message="51 rows (2-52) not loaded, kept in raw.quarantine: file rejected: missing "
        "required columns ['realisasi_keuangan']; unknown columns ['realisasi_keuangn'] (did "
        "you mean 'realisasi_keuangn' → 'realisasi_keuangan'?) (expected ['tahun'])",
    )
    assert pesan(row).startswith(
        "Berkas ditolak, 51 baris (2-52) tidak dimuat: kolom 'realisasi_keuangn' tidak "
        "dikenal — maksudnya 'realisasi_keuangan'?"
    )


# one English reason of each kind the ingest writes (typing, the row contract, the
# budget tree, file headers and encodings, finance exports) → a word of its Indonesian
INGEST_REASONS = {
    "negative amount: anggaran cannot be below zero": "negatif",
    "the same row again (first at a.csv row 3): counted once": "tertulis lagi",
    "kode given more than once with different values (rows 3, 9)": "lebih dari sekali",
    "unit 1.02.0.00.0.00.01.0000 'Dinas X' matches no agency of 2024": "tidak cocok",
    "unknown agency 'x': not in raw/reference/agencies*.csv": "tidak ada dalam daftar",
    "unit 1.02.0.00.0.00.01.0000 'Dinas Kesehatan': named like syn-dinkes, whose kode_skpd "
    "is 1.02.0.00.0.00.05.0000, not 1.02.0.00.0.00.01.0000: not matched": "bernama seperti",
    "unit 1.02 'Dinas': its name matches agencies ['a', 'b']; add kode_skpd": "beberapa OPD",
    "no unit (SKPD) above it, and its title names several agencies (a, b): ask": "judulnya",
    "no unit (SKPD) above it, nor an agency of the list in its title": "tidak menyebut",
    "agency 'x' existed 2019-2021, not in 2024": "bukan pada tahun",
    "not a number in Indonesian format: '1,2,3'": "format Indonesia",
    "required value is empty": "kolom wajib kosong",
    "code '8.1' is not in the format U.BB.PP": "tidak sesuai format",
    "a formula with no saved result (=A1+B1)": "rumus",
    "row 5: 9 cells where the header has 8": "sel",
    "unknown columns ['x'] (did you mean 'x' → 'kode'?)": "maksudnya",
    "anggaran is delivered twice": "dua kali",
    "missing required columns ['kode']": "kolom wajib tidak ada",
    "'abc' is not one of: program, kegiatan, sub kegiatan": "bukan salah satu",
    "account code '5.9.99' is not a known spending type": "jenis belanja",
    "program codes [8.1] are not in the format U.BB.PP": "U.BB.PP",
    "not a whole number": "bilangan bulat",
    "lra.csv: 3 columns read as realized (E, F, G) and none is their total; recognised code "
    "A: declare which one is the year's figure (kinerja layout lra.csv)": "realisasi",
    "declared layout lra-bpkad.yml no longer fits lra.xls: its anggaran and realisasi "
    "columns hold no amount in any row": "lra-bpkad",
    "lra-bpkad.yml no longer fits the export: it gives column K a role": "tidak cocok lagi",
    "a row of 2022 in the 2023 folder: each year's folder reads its own": "tahun 2022",
    "none of the export's 3 rows is a program, kegiatan, sub kegiatan or account": "3 baris",
    "the export's 2 rows give each unit's totals only, no program": "jumlah per SKPD",
    "'Rp' holds no figure": "tanpa angka",
    "its title states tahun anggaran 2023, not the fiscal year 2024 of its folder": "2023",
    "its period runs to 31-12-2023, not in the fiscal year 2024 of its folder": "31-12-2023",
    "'Y.01' is not a budget or account code": "Y.01",
    "'Belanja ATK.1.01' is not a account (rekening) code": "Belanja ATK.1.01",
    "sheet 'Catatan' has no header with a name (or unit) column and an anggaran": "Catatan",
    "row 4: spending type 'Belanja Lain' is not in the account type list": "Belanja Lain",
    "the export's layout is declared in lra-bpkad.yml, which is not finished: column C": (
        "belum selesai"
    ),
    "'1,234' has more than 2 decimals for a amount": "di belakang koma",
    "'9e30': out of range for the amount column: at most 16 digits before the decimal comma": (
        "terlalu besar"
    ),
    "column target: '75.5' is written the English way (decimal point, comma thousands) "
    "while the file's other numbers are Indonesian (1.004.422.800,00). Did you mean '75,5'?": (
        "cara Inggris"
    ),
    "column target: '75,5' is written the Indonesian way (decimal comma) while the file's "
    "other numbers are English (1,004,422,800.00). Did you mean '75.5'?": "cara Indonesia",
    "a sasaran line needs its no_sasaran": "no_sasaran",
    "induk 'X' is not a program of this report (give its kode or nama as printed)": "induk",
    "code 8.01.02.2.01 does not belong to the program 8.01.01 printed above it": "induk",
    "file rejected: a.csv: the first row holds no column names": "nama kolom",
    "file rejected: a.csv: duplicate column names ['kode']": "dua kali",
    "file rejected: a.csv: the file is empty": "kosong",
    "unknown table x.csv; expected one of anggaran.csv, kinerja.csv": "tidak dikenal",
    "file rejected: a.csv: neither UTF-8 nor Windows-1252 text": "pengodean",
    "file rejected: a.pdf: a PDF, not an export: ask BPKAD": "bukan ekspor",
    "file rejected: a.xlsx: not a readable XLSX workbook (bad zip)": "rusak",
    "file rejected: files belong in raw/<fiscal_year>/<agency>/": "folder tahun",
    "file rejected: finance exports go directly in raw/<fiscal_year>/keuangan/": "subfolder",
    "file rejected: folder 'arsip' is not a fiscal year": "bukan tahun anggaran",
    "file rejected: a link to /etc/passwd, outside raw/: refused, its content is not read": (
        "tautan"
    ),
    "file rejected: cannot be read (no permission): not read": "tidak boleh dibaca",
    "file rejected: a.csv: not a finance export; looked for x; found first header cells "
    "'No', 'Nama OPD'": "bukan ekspor keuangan",
}


@pytest.mark.parametrize(("reason", "word"), INGEST_REASONS.items())
def test_every_ingest_reason_has_its_cause_and_fix_in_indonesian(reason, word):
    from pipelines.lib.quality.ingest_causes import GENERAL_FIX, cause_and_fix

    cause, fix = cause_and_fix(reason)
    assert word in cause
    assert fix != GENERAL_FIX
    assert not re.search(r"\b(?:the|is|not|of|with)\b", cause), cause  # no English left


@pytest.mark.parametrize("tree", ["raw", "real-shapes"])
def test_every_reason_the_fixture_trees_give_says_its_cause_and_fix(tree, known_accounts):
    """The reasons the ingest really writes for the fixture trees' deliberate defects
    (rows held back, cells nulled, files rejected), not a list typed beside them: each
    has its cause and fix in Indonesian, none falls to the general fix."""
    from pipelines.lib.ingest import ingest_raw_tree
    from pipelines.lib.quality.ingest_causes import GENERAL_FIX, cause_and_fix
    from pipelines.lib.reference import read_agencies
    from tests.conftest import FIXTURES

    raw = FIXTURES / tree
    frames = ingest_raw_tree(raw, read_agencies(raw / "reference"), known_accounts)
    log = frames["ingest_files"]
    reasons = {
        *frames["quarantine"]["reason"].drop_nulls(),
        *frames["nulled_cells"]["reason"].drop_nulls(),
        *log.filter(log["status"] == "rejected")["message"].drop_nulls(),
    }
    assert reasons  # the trees hold defects
    assert sorted(r for r in reasons if cause_and_fix(r)[1] == GENERAL_FIX) == []
