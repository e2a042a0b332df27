"""Budget from the finance system's exports, end to end: the real seed agency's
published figures reproduced from an export in the LRA and SIPD-RI shapes, the export
compared line by line with the agency's own report, the template path and the export
path giving the same marts, and snapshots replaced and withdrawn between refreshes."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines import paths
from pipelines.lib.numbers import amount_value
from pipelines.synthetic.finance import (
    Account,
    Line,
    Unit,
    allocate,
    write_flat_csv,
    write_lra_workbook,
    write_sipd_html,
)
from tests.conftest import SEED_AGENCY, run_refresh

pytestmark = pytest.mark.integration

SEED = paths.RAW_DIR / "2022" / SEED_AGENCY
SEED_UNIT = "8.01.0.00.0.00.01.0000"
REGION = "Kabupaten Musi Banyuasin"
YEAR_END = dt.date(2022, 12, 31)
# a leaf account of each spending type the report gives (5.2: Belanja Modal as one figure)
LEAF_OF_TYPE = {
    "5.1.01": "5.1.01.01.01.0001",
    "5.1.02": "5.1.02.01.01.0024",
    "5.1.05": "5.1.05.05.01.0001",
    "5.2": "5.2.02.05.01.0001",
}
# The report's kegiatan 8.01.01.2.09 prints 435.696.492 while its sub kegiatan add up
# to 440.696.492; a ledger that adds up must differ on one line: this one, 5.000.000 less.
LEDGER_CORRECTED = ("8.01.01.2.09.0001", Decimal(5_000_000))


def _csv(name: str) -> list[dict]:
    with (SEED / name).open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def seed_ledger() -> Unit:
    """The seed agency's 2022 lines as the finance system would hold them: its sub
    kegiatan money spread over the spending types of belanja.csv (every type total and
    every printed program equal to the report's)."""
    lines = [
        Line(
            row["level"],
            row["kode"],
            row["nama"],
            amount_value(row["anggaran"]),
            amount_value(row["realisasi_keuangan"]),
        )
        for row in _csv("anggaran.csv")
    ]
    code, less = LEDGER_CORRECTED
    next(line for line in lines if line.code == code).budget -= less
    leaves = [line for line in lines if line.level == "sub kegiatan"]
    types = _csv("belanja.csv")
    for amount, column in (("budget", "anggaran"), ("realized", "realisasi")):
        totals = [amount_value(t[column]) for t in types]
        for i, j, part in allocate([getattr(leaf, amount) for leaf in leaves], totals):
            code = LEAF_OF_TYPE[types[j]["kode_akun"]]
            account = next((a for a in leaves[i].accounts if a.code == code), None)
            if account is None:
                account = Account(code, types[j]["jenis_belanja"], Decimal(0), Decimal(0))
                leaves[i].accounts.append(account)
            setattr(account, amount, getattr(account, amount) + part)
    return Unit(SEED_UNIT, "Badan Kesatuan Bangsa dan Politik", lines)


def _seed_tree(root: Path, *, with_report_budget: bool) -> Path:
    """reference/ with the seed agency's kode_skpd, and its 2022 folder (without its
    anggaran/belanja when the budget is to come from the export alone)."""
    raw = root / "raw"
    (raw / "reference").mkdir(parents=True)
    listed = (paths.RAW_DIR / "reference" / "agencies-musi-banyuasin.csv").read_text()
    header, *rows = listed.splitlines()
    (raw / "reference" / "agencies-musi-banyuasin.csv").write_text(
        "\n".join([f"{header},kode_skpd", *(f"{row},{SEED_UNIT}" for row in rows)]) + "\n"
    )
    shutil.copytree(SEED, raw / "2022" / SEED_AGENCY)
    if not with_report_budget:
        (raw / "2022" / SEED_AGENCY / "anggaran.csv").unlink()
        (raw / "2022" / SEED_AGENCY / "belanja.csv").unlink()
    (raw / "2022" / "keuangan").mkdir()
    return raw


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("shape", ["lra", "sipd"])
def test_seed_figures_are_reproduced_from_an_export(shape: str, tmp_path: Path):
    raw = _seed_tree(tmp_path, with_report_budget=False)
    if shape == "lra":
        write_lra_workbook(
            raw / "2022/keuangan/lra-kesbangpol.xlsx", [seed_ledger()], REGION, YEAR_END
        )
    else:
        write_sipd_html(raw / "2022/keuangan/realisasi.xls", [seed_ledger()], REGION, YEAR_END)
    warehouse = run_refresh(raw, tmp_path)
    printed = {
        row["kode"]: (amount_value(row["anggaran"]), amount_value(row["realisasi_keuangan"]))
        for row in _csv("anggaran.csv")
        if row["level"] == "program"
    }
    programs = _rows(
        warehouse,
        "select budget_code, budget_idr, realized_idr, budget_source from marts.budget_lines "
        "where budget_level = 'program' order by 1",
    )
    assert {code: (b, r) for code, b, r, _ in programs} == printed
    assert {source for *_, source in programs} == {"finance_export"}
    by_type = dict(
        (code, (b, r))
        for code, b, r in _rows(
            warehouse,
            "select case when account_group = 'capital' then '5.2' else account_code end, "
            "sum(budget_idr), sum(realized_idr) from marts.spending_by_type group by 1",
        )
    )
    assert by_type == {
        row["kode_akun"]: (amount_value(row["anggaran"]), amount_value(row["realisasi"]))
        for row in _csv("belanja.csv")
    }
    (year,) = _rows(
        warehouse,
        "select budget_idr, realized_idr from marts.agency_years where fiscal_year = 2022",
    )
    assert year == (Decimal("12588628067.00"), Decimal("11334430823.00"))
    # budget from the export: the folder with kinerja and ringkasan only is complete
    missing = _rows(
        warehouse, "select * from marts.dq_findings where rule_id = 'ingest.table_missing'"
    )
    assert missing == []
    assert _rows(warehouse, "select count(*) from raw.quarantine") == [(0,)]


@pytest.fixture(scope="module")
def both_sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seed agency's own report and the ledger's SIPD-RI export of the same year."""
    work = tmp_path_factory.mktemp("both-sources")
    raw = _seed_tree(work, with_report_budget=True)
    write_sipd_html(raw / "2022/keuangan/realisasi.xls", [seed_ledger()], REGION, YEAR_END)
    return raw, run_refresh(raw, work)


def test_the_one_line_the_ledger_and_the_report_disagree_on_is_named(both_sources):
    _, warehouse = both_sources
    findings = _rows(
        warehouse,
        "select object_key, expected, actual, source_file, source_row from marts.dq_findings "
        "where rule_id = 'report.budget_sources_agree'",
    )
    assert findings == [
        (
            "sub_activity 8.01.01.2.09.0001 anggaran",
            "Rp 21.000.000 in the finance export 2022/keuangan/realisasi.xls "
            "(s.d. 31-12-2022) row 129",
            "Rp 26.000.000 in the report 2022/muba-kesbangpol/anggaran.csv (year 2022) row 26",
            "2022/muba-kesbangpol/anggaran.csv",
            26,
        )
    ]
    # the marts take the export (the default budget_source_precedence), never both
    sources = _rows(warehouse, "select distinct budget_source from marts.budget_lines")
    assert sources == [("finance_export",)]
    (line,) = _rows(
        warehouse,
        "select budget_idr from marts.budget_lines where budget_code = '8.01.01.2.09.0001'",
    )
    assert line == (Decimal("21000000.00"),)


def test_snapshots_replace_each_other_and_a_withdrawn_export_gives_the_report_back(
    both_sources, tmp_path: Path
):
    raw, _ = both_sources
    work = tmp_path
    raw = shutil.copytree(raw, work / "raw")
    exports = raw / "2022" / "keuangan"
    half = seed_ledger()
    for line in half.lines:
        line.realized = (line.realized / 2).quantize(Decimal(1))
        for account in line.accounts:
            account.realized = (account.realized / 2).quantize(Decimal(1))
    misprinted = next(line for line in half.lines if line.code == "8.01.01.2.01.0001")
    misprinted.budget += 1000  # its accounts still add up to the figure before
    write_flat_csv(exports / "realisasi-06.csv", [half], dt.date(2022, 6, 30))
    warehouse = run_refresh(raw, work)
    realized = "select sum(realized_idr) from marts.budget_lines where budget_level = 'program'"
    # the December export wins over the June one: snapshots, never added
    assert _rows(warehouse, realized) == [(Decimal("11334430823.00"),)]
    # a sub kegiatan is checked against its leaf accounts, in every export read
    assert _rows(
        warehouse,
        "select object_key, expected, actual, source_file from marts.dq_findings "
        "where rule_id = 'report.finance_subtotals_add_up'",
    ) == [
        (
            "sub kegiatan 8.01.01.2.01.0001 anggaran",
            "Rp 24.150.000 (sum of the lines under it: 1)",
            "Rp 24.151.000",
            "2022/keuangan/realisasi-06.csv",
        )
    ]

    # a second export claiming December with other figures: both named, one used
    write_flat_csv(exports / "realisasi-12.csv", [half], YEAR_END)
    warehouse = run_refresh(raw, work)
    clash = _rows(
        warehouse,
        "select object_key, expected, actual from marts.dq_findings "
        "where rule_id = 'report.finance_snapshots_agree' and object_key like 'program 8.01.01 %'",
    )
    assert len(clash) == 1
    # the one last by name is used ("realisasi.xls" after "realisasi-12.csv")
    assert "realisasi.xls" in clash[0][1]
    assert "realisasi-12.csv" in clash[0][2]

    # every export withdrawn: the agency's own report is the budget again
    shutil.rmtree(exports)
    warehouse = run_refresh(raw, work)
    assert _rows(warehouse, "select distinct budget_source from marts.budget_lines") == [
        ("agency_report",)
    ]
    assert _rows(warehouse, realized) == [(Decimal("11334430823.00"),)]
    assert _rows(warehouse, "select count(*) from marts.budget_lines") == [(50,)]

    # a June export alone never replaces the agency's full-year report; compared on
    # anggaran only, each finding naming the export's period
    exports.mkdir()
    write_flat_csv(exports / "realisasi-06.csv", [half], dt.date(2022, 6, 30))
    warehouse = run_refresh(raw, work)
    assert _rows(warehouse, "select distinct budget_source from marts.budget_lines") == [
        ("agency_report",)
    ]
    assert _rows(warehouse, realized) == [(Decimal("11334430823.00"),)]
    compared = _rows(
        warehouse,
        "select object_key, expected, actual, office_message from marts.dq_findings "
        "where rule_id = 'report.budget_sources_agree'",
    )
    assert compared
    assert all(key.endswith(" anggaran") for key, *_ in compared)
    assert all("(s.d. 30-06-2022)" in expected for _, expected, *_ in compared)
    assert all("(year 2022)" in actual for _, _, actual, _ in compared)
    assert all("BPKAD (s.d. 30-06-2022) dan laporan OPD" in said for *_, said in compared)


def _without_budget_tables(folder: Path) -> None:
    for name in ("anggaran.csv", "belanja.csv"):
        (folder / name).unlink(missing_ok=True)
    for book in folder.glob("*.xlsx"):
        workbook = openpyxl.load_workbook(book)
        for sheet in ("anggaran", "belanja"):
            del workbook[sheet]
        workbook.save(book)


def _rounded(rows: list[tuple]) -> list[tuple]:
    """Rows with their floats to 12 decimals: an average's last bit depends on the order
    DuckDB's threads add it up in, on any path."""
    return [tuple(round(v, 12) if isinstance(v, float) else v for v in row) for row in rows]


def test_the_template_path_and_the_export_path_give_the_same_marts(tmp_path: Path):
    """The synthetic regency's 2024: once from the agencies' anggaran/belanja, once from
    the finance agency's exports (the agencies delivering kinerja, ringkasan and skala)."""
    trees = {}
    for path in ("template", "exports"):
        raw = tmp_path / path / "raw"
        shutil.copytree(paths.RAW_DIR / "reference", raw / "reference")
        for folder in (paths.RAW_DIR / "2024").glob("syn-*"):
            shutil.copytree(folder, raw / "2024" / folder.name)
        if path == "exports":
            shutil.copytree(paths.RAW_DIR / "2024" / "keuangan", raw / "2024" / "keuangan")
            for folder in (raw / "2024").glob("syn-*"):
                _without_budget_tables(folder)
        trees[path] = run_refresh(raw, tmp_path / path)
    queries = {
        "budget_lines": "select agency_id, budget_level, budget_code, budget_line_name, "
        "budget_idr, realized_idr, absorption_rate, savings_idr, parent_budget_line_key "
        "from marts.budget_lines order by all",
        "spending_by_type": "select agency_id, account_code, budget_idr, realized_idr, "
        "absorption_rate from marts.spending_by_type order by all",
        "agency_years": "select agency_id, budget_idr, realized_idr, absorption_rate, "
        "savings_idr, achievement_rate, quadrant, program_count from marts.agency_years "
        "order by all",
    }
    for mart, sql in queries.items():
        template, exported = (_rounded(_rows(trees[path], sql)) for path in trees)
        assert len(template) > 40
        differing = sorted(set(template) ^ set(exported))
        assert differing == [], f"{mart}: {differing[:6]}"


def test_a_rejected_report_file_is_said_once_not_blamed_on_the_export(tmp_path: Path):
    """The agency's anggaran.csv has a misspelt header: it is rejected (one finding with
    the cause and the fix); the export's lines are not each reported as missing from the
    report, while the spending types both sources give are still compared."""
    raw = _seed_tree(tmp_path, with_report_budget=True)
    budget = raw / "2022" / SEED_AGENCY / "anggaran.csv"
    budget.write_text(budget.read_text().replace("realisasi_keuangan", "realisasi_keuangn", 1))
    write_sipd_html(raw / "2022/keuangan/realisasi.xls", [seed_ledger()], REGION, YEAR_END)
    warehouse = run_refresh(raw, tmp_path)
    compared = _rows(
        warehouse,
        "select object_key from marts.dq_findings where rule_id = 'report.budget_sources_agree'",
    )
    assert not [key for (key,) in compared if not key.startswith("belanja")]
    (said,) = _rows(
        warehouse,
        "select office_message from marts.dq_findings where rule_id = 'ingest.row_quarantined' "
        "and source_file like '%anggaran.csv'",
    )
    assert "maksudnya 'realisasi_keuangan'?" in said[0]
    # the sender reads the same on the agency-year's receipt and in the workbook
    reports = warehouse.parent / "reports"
    receipt = (reports / "tanda-terima" / "2022" / f"{SEED_AGENCY}.html").read_text("utf-8")
    assert "maksudnya &#39;realisasi_keuangan&#39;?" in receipt
    assert "anggaran.csv" in receipt
    (workbook,) = reports.glob("kinerja-*-2022.xlsx")
    cells = [
        str(cell)
        for row in openpyxl.load_workbook(workbook, read_only=True)[
            "Temuan Kualitas Data"
        ].iter_rows(values_only=True)
        for cell in row
    ]
    assert any("maksudnya 'realisasi_keuangan'?" in cell for cell in cells)


def test_a_unit_no_list_knows_is_said_under_umum_and_the_others_publish(tmp_path: Path):
    """An SIPD export of two SKPD, one in no agency list: the seed agency's lines load
    and publish; the other's rows are one finding, shown where the office looks (the
    report's findings and data-quality.html under "Umum"), with the fix."""
    import dataclasses

    raw = _seed_tree(tmp_path, with_report_budget=False)
    stranger = dataclasses.replace(
        seed_ledger(), code="8.01.0.00.0.00.99.0000", name="Badan Tidak Terdaftar"
    )
    write_sipd_html(
        raw / "2022/keuangan/realisasi.xls", [seed_ledger(), stranger], REGION, YEAR_END
    )
    warehouse = run_refresh(raw, tmp_path)
    (budget,) = _rows(warehouse, "select budget_idr from marts.agency_years")
    assert budget[0] == Decimal("12588628067")
    said = _rows(
        warehouse,
        "select agency_id, office_message from marts.dq_findings "
        "where office_message like '%8.01.0.00.0.00.99.0000%'",
    )
    assert len(said) == 1  # one finding for the unit, not one per row
    agency, message = said[0]
    assert agency is None
    assert "'Badan Tidak Terdaftar' pada ekspor keuangan tidak cocok dengan OPD" in message
    assert "Tambahkan kode_skpd 8.01.0.00.0.00.99.0000 pada baris OPD itu" in message
    reports = warehouse.parent / "reports"
    quality = (reports / "data-quality.html").read_text("utf-8")
    assert "<summary>Umum — " in quality
    assert "8.01.0.00.0.00.99.0000" in quality
    (page,) = reports.glob("laporan-kinerja-*.html")
    report = page.read_text("utf-8")
    assert "<td>Umum</td>" in report
    assert "8.01.0.00.0.00.99.0000" in report
