"""The catalogue of bad deliveries (docs/raw-data.md, "Bad inputs"), each built on a
copy of tests/fixtures/raw: what happens to it, the message, and the row file_log
(rows in = loaded + quarantined, for every file) whatever the input."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines import paths
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_agencies
from pipelines.synthetic.finance import (
    Account,
    Line,
    Unit,
    write_flat_csv,
    write_lra_workbook,
    write_sipd_html,
)
from tests.conftest import rows_accounted

ALPHA = "2022/tst-alpha"
SCALE = f"{ALPHA}/skala.csv"  # a clean file of the fixture tree: header and 2 rows
SPENDING = f"{ALPHA}/belanja.csv"  # amounts (required) written as Rp. 600.000,-
SCALE_HEADER = "tahun,kode_opd,urutan,kategori,batas_bawah,batas_atas,teks_skala"
SCALE_ROW = "2022,tst-alpha,3,Cukup,55,75,55-75%"


@dataclass(frozen=True)
class BadInput:
    kind: str
    build: Callable[[Path], None]  # turns the fixture tree into the bad delivery
    file: str  # the file (or folder) the file log names
    status: str | None  # its status in raw.ingest_files; None: not listed (ignored)
    message: str = ""  # part of its message


def _append(name: str, text: str) -> Callable[[Path], None]:
    def build(raw: Path) -> None:
        with (raw / name).open("a", newline="") as handle:
            handle.write(text)

    return build


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def build(raw: Path) -> None:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            (raw / name).write_bytes(data)
        else:
            (raw / name).write_text(data)

    return build


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def build(raw: Path) -> None:
        text = (raw / name).read_text()
        assert old in text
        (raw / name).write_text(text.replace(old, new))

    return build


def _scale(*rows: str, header: str = SCALE_HEADER, end: str = "\n") -> bytes:
    return (end.join([header, *rows]) + end).encode()


def _workbook(name: str, sheets: dict[str, list[list[object]]]) -> Callable[[Path], None]:
    def build(raw: Path) -> None:
        for csv_file in (raw / ALPHA).glob("*.csv"):
            csv_file.unlink()  # one workbook instead of the CSV files
        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(raw / name)

    return build


FINANCE = "2022/keuangan"


def _ledger(*extra: Line, name: str = "Badan Uji Alpha") -> list[Unit]:
    """A finance export's unit: tst-alpha by its name (the fixture list has no kode_skpd)."""
    leaf = Account("5.1.02.01.01.0024", "Belanja ATK", Decimal(100), Decimal(90))
    return [
        Unit(
            "9.99.0.00.0.00.01.0000",
            name,
            [
                Line("program", "8.01.01", "PROGRAM UJI", Decimal(100), Decimal(90)),
                Line("kegiatan", "8.01.01.2.01", "Kegiatan Uji", Decimal(100), Decimal(90)),
                Line(
                    "sub kegiatan",
                    "8.01.01.2.01.0001",
                    "Sub Uji",
                    Decimal(100),
                    Decimal(90),
                    [leaf],
                ),
                *extra,
            ],
        )
    ]


def _export(name: str, shape: str, units=None, end=dt.date(2022, 12, 31), **kwargs):
    def build(raw: Path) -> None:
        (raw / FINANCE).mkdir(parents=True, exist_ok=True)
        path, ledger = raw / FINANCE / name, units or _ledger()
        if shape == "csv":
            write_flat_csv(path, ledger, end)
        elif shape == "lra":
            write_lra_workbook(path, ledger, "Kabupaten Uji", end, **kwargs)
        else:
            write_sipd_html(path, ledger, "Kabupaten Uji", end, **kwargs)

    return build


def _then(*builds: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(raw: Path) -> None:
        for step in builds:
            step(raw)

    return build


def _link_out(name: str) -> Callable[[Path], None]:
    def build(raw: Path) -> None:
        outside = raw.parent / "outside.csv"
        outside.write_text(SCALE_HEADER + "\n" + SCALE_ROW + "\n")
        (raw / name).symlink_to(outside)

    return build


def _text_as_workbook(raw: Path) -> None:
    for csv_file in (raw / ALPHA).glob("*.csv"):
        csv_file.unlink()
    (raw / BOOK).write_text(SCALE_HEADER + "\n" + SCALE_ROW + "\n")


SCALE_ROWS = [
    [2022, "tst-alpha", 1, "Sangat Baik", 100, None, "Lebih dari 100%"],
    [2022, "tst-alpha", 2, "Baik", 75, 100, "75-100%"],
]
SCALE_SHEET = [SCALE_HEADER.split(","), *SCALE_ROWS]
BOOK = f"{ALPHA}/laporan.xlsx"

CATALOGUE = [
    BadInput(
        "extra-cell",
        _append(SCALE, SCALE_ROW + ",x\n"),
        SCALE,
        "partially_loaded",
        "1 rows quarantined",
    ),
    BadInput(
        "cut-mid-row",
        _append(SCALE, SCALE_ROW[:14]),
        SCALE,
        "partially_loaded",
        "1 rows quarantined",
    ),
    BadInput(
        "windows-1252",
        _write(SCALE, _scale(SCALE_ROW).replace(b"55-75", b"55\x9675")),
        SCALE,
        "loaded",
        "encoding: not UTF-8",
    ),
    BadInput(
        "no-known-encoding",
        _write(SCALE, _scale(SCALE_ROW) + b"2022,\x81\n"),
        SCALE,
        "rejected",
        "neither UTF-8 nor Windows-1252",
    ),
    BadInput(
        "tab-separated",
        _write(SCALE, _scale(SCALE_ROW.replace(",", "\t"), header=SCALE_HEADER.replace(",", "\t"))),
        SCALE,
        "loaded",
    ),
    BadInput(
        "semicolon-separated",
        _write(SCALE, _scale(SCALE_ROW.replace(",", ";"), header=SCALE_HEADER.replace(",", ";"))),
        SCALE,
        "loaded",
    ),
    BadInput(
        "byte-order-mark", _write(SCALE, b"\xef\xbb\xbf" + _scale(SCALE_ROW)), SCALE, "loaded"
    ),
    BadInput("crlf-line-ends", _write(SCALE, _scale(SCALE_ROW, end="\r\n")), SCALE, "loaded"),
    BadInput("lone-cr-line-ends", _write(SCALE, _scale(SCALE_ROW, end="\r")), SCALE, "loaded"),
    BadInput("empty-file", _write(SCALE, b""), SCALE, "rejected", "the file is empty"),
    BadInput("header-only", _write(SCALE, _scale()), SCALE, "loaded"),
    BadInput(
        "duplicate-header",
        _write(SCALE, _scale(header=SCALE_HEADER + ",kategori")),
        SCALE,
        "rejected",
        "duplicate column names",
    ),
    BadInput(
        "missing-column",
        _write(SCALE, _scale(header=SCALE_HEADER.replace(",kategori", ""))),
        SCALE,
        "rejected",
        "missing required columns ['kategori']",
    ),
    BadInput(
        "unknown-column",
        _write(SCALE, _scale(header=SCALE_HEADER + ",catatan")),
        SCALE,
        "rejected",
        "unknown columns ['catatan']",
    ),
    BadInput(
        "misspelt-column",
        _write(SCALE, _scale(SCALE_ROW, header=SCALE_HEADER.replace("kategori", "katgori"))),
        SCALE,
        "rejected",
        "(did you mean 'katgori' → 'kategori'?)",
    ),
    BadInput(
        "negative-amount",
        _append(SPENDING, '2022,tst-alpha,5.1.03,Belanja Lain,"-5.000.000,00","0"\n'),
        SPENDING,
        "partially_loaded",
    ),
    BadInput(
        "row-twice",
        _append(
            SPENDING, '2022,tst-alpha,5.1.01,Belanja Pegawai,"Rp. 600.000,-","Rp. 500.000,-"\n'
        ),
        SPENDING,
        "partially_loaded",
    ),
    BadInput(
        "key-twice-with-other-values",
        _append(SPENDING, '2022,tst-alpha,5.1.02,Belanja Barang,"Rp. 1.000,-","Rp. 1,-"\n'),
        SPENDING,
        "partially_loaded",
    ),
    BadInput(
        "year-disagrees-with-folder",
        _write(SCALE, _scale(SCALE_ROW.replace("2022", "2021"))),
        SCALE,
        "rejected",
        "disagrees with the folder",
    ),
    BadInput(
        "number-too-large",
        _replace(SPENDING, '"Rp. 1,-","Rp. 1,-"', '"Rp. 12.345.678.901.234.567,-","Rp. 1,-"'),
        SPENDING,
        "partially_loaded",
        "1 rows quarantined",
    ),
    BadInput(
        "english-decimal-point",
        _replace(SPENDING, '"Rp. 1,-","Rp. 1,-"', '"1000.50","Rp. 1,-"'),
        SPENDING,
        "partially_loaded",
        "1 rows quarantined",
    ),
    BadInput(
        "unknown-table",
        _write(f"{ALPHA}/anggaran2.csv", _scale(SCALE_ROW)),
        f"{ALPHA}/anggaran2.csv",
        "rejected",
        "unknown table anggaran2.csv",
    ),
    BadInput(
        "not-csv-or-xlsx",
        _write(f"{ALPHA}/laporan.pdf", b"%PDF-1.4"),
        f"{ALPHA}/laporan.pdf",
        "rejected",
        "not a CSV or XLSX file (.pdf)",
    ),
    BadInput("csv-and-workbook", _write(BOOK, b"PK"), BOOK, "rejected", "delivered twice"),
    BadInput(
        "file-outside-agency-folder",
        _write("2022/lampiran.csv", _scale(SCALE_ROW)),
        "2022/lampiran.csv",
        "rejected",
        "files belong in raw/<fiscal_year>/<agency>/",
    ),
    BadInput(
        "folder-not-a-year",
        _write("2022-revisi/tst-alpha/skala.csv", _scale(SCALE_ROW)),
        "2022-revisi/tst-alpha/skala.csv",
        "rejected",
        "is not a fiscal year",
    ),
    BadInput(
        "unknown-agency",
        _write("2022/tst-zeta/skala.csv", _scale(SCALE_ROW.replace("tst-alpha", "tst-zeta"))),
        "2022/tst-zeta/skala.csv",
        "rejected",
        "unknown agency",
    ),
    BadInput(
        "agency-not-existing-that-year",
        _write("2019/tst-alpha/skala.csv", _scale(SCALE_ROW.replace("2022", "2019"))),
        "2019/tst-alpha/skala.csv",
        "rejected",
        "existed 2020-now, not in 2019",
    ),
    BadInput(
        "subfolder-in-delivery",
        _write(f"{ALPHA}/revisi/skala.csv", _scale(SCALE_ROW)),
        f"{ALPHA}/revisi/skala.csv",
        "rejected",
        "subfolder revisi/",
    ),
    BadInput(
        "link-outside-raw",
        _link_out(f"{ALPHA}/lampiran.csv"),
        f"{ALPHA}/lampiran.csv",
        "rejected",
        "outside raw/: refused",
    ),
    BadInput(
        "office-lock-file",
        _write(f"{ALPHA}/~$skala.csv", b"\x00lock"),
        f"{ALPHA}/~$skala.csv",
        None,
    ),
    BadInput(
        "partial-download",
        _write(f"{ALPHA}/kinerja.csv.part", b"half"),
        f"{ALPHA}/kinerja.csv.part",
        None,
    ),
    BadInput(
        "hidden-file",
        _write(f"{ALPHA}/.~lock.skala.csv#", b"x"),
        f"{ALPHA}/.~lock.skala.csv#",
        None,
    ),
    BadInput(
        "not-really-a-workbook", _text_as_workbook, BOOK, "rejected", "not a readable XLSX workbook"
    ),
    BadInput(
        "workbook-unknown-sheet",
        _workbook(BOOK, {"skala": SCALE_SHEET, "Data": [["a"], [1]]}),
        BOOK,
        "rejected",
        "unknown sheet 'Data'",
    ),
    BadInput(
        "workbook-empty-sheet1",
        _workbook(BOOK, {"Sheet1": [], "skala": SCALE_SHEET}),
        BOOK,
        "note",
        "empty sheet",
    ),
    BadInput(
        "workbook-notes-sheet",
        _workbook(BOOK, {"skala": SCALE_SHEET, "catatan": [["Skala dari Permenpan 53/2014"]]}),
        BOOK,
        "note",
        "notes, not data",
    ),
    BadInput(
        "workbook-title-row",
        _workbook(BOOK, {"skala": [["SKALA PENILAIAN CAPAIAN KINERJA 2022"], *SCALE_SHEET]}),
        BOOK,
        "loaded",
        "title: 1 row(s) above the header, not data",
    ),
    BadInput(
        "workbook-unsaved-formula",
        _workbook(
            BOOK, {"skala": [*SCALE_SHEET, [2022, "tst-alpha", 3, "Cukup", "=50+5", 75, "55-75%"]]}
        ),
        BOOK,
        "partially_loaded",
        "1 rows quarantined",
    ),
    BadInput(
        "english-numbers",
        _write(
            SPENDING,
            "tahun,kode_opd,kode_akun,jenis_belanja,anggaran,realisasi\n"
            '2022,tst-alpha,5.1.01,Belanja Pegawai,"600,000.00","500,000.00"\n'
            '2022,tst-alpha,5.1.02,Belanja Barang dan Jasa,"400,000.00","400,000.00"\n',
        ),
        SPENDING,
        "loaded",
        "numbers: comma thousands, dot decimals (read as such)",
    ),
    BadInput(
        "ambiguous-numbers-only",
        _write(
            SPENDING,
            "tahun,kode_opd,kode_akun,jenis_belanja,anggaran,realisasi\n"
            "2022,tst-alpha,5.1.01,Belanja Pegawai,600.000,500.000\n"
            "2022,tst-alpha,5.1.02,Belanja Barang dan Jasa,400,400\n",
        ),
        SPENDING,
        "loaded",  # 600.000 read as six hundred thousand: the template's convention
    ),
    BadInput(
        "finance-export-html-named-xls",
        _export("realisasi.xls", "sipd"),
        f"{FINANCE}/realisasi.xls",
        "loaded",
        "SIPD-RI realisation table",
    ),
    BadInput(
        "finance-export-truncated-html",
        _export("realisasi.xls", "sipd", truncate_at=6),
        f"{FINANCE}/realisasi.xls",
        "partially_loaded",
        "truncated",
    ),
    BadInput(
        "finance-export-header-shifted",
        _export("lra.xlsx", "lra", shift=(0, 2), data_shift=(0, 0)),
        f"{FINANCE}/lra.xlsx",
        "partially_loaded",
        "rows quarantined",
    ),
    BadInput(
        "finance-export-text-in-amount",
        _then(
            _export("realisasi.csv", "csv"),
            _replace(f"{FINANCE}/realisasi.csv", '"100,00","90,00"', '"100,00","9O,00"'),
        ),
        f"{FINANCE}/realisasi.csv",
        "partially_loaded",
        "3 rows quarantined",  # the program, kegiatan and sub kegiatan printing 9O,00
    ),
    BadInput(
        "finance-export-code-under-wrong-parent",
        _export(
            "realisasi.csv",
            "csv",
            _ledger(Line("kegiatan", "8.01.02.2.01", "Salah Tempat", Decimal(5), Decimal(5))),
        ),
        f"{FINANCE}/realisasi.csv",
        "partially_loaded",
        "1 rows quarantined",
    ),
    BadInput(
        "finance-export-unit-not-listed",
        _export("realisasi.csv", "csv", _ledger(name="Kantor Tak Terdaftar")),
        f"{FINANCE}/realisasi.csv",
        "partially_loaded",
        "rows quarantined",
    ),
    BadInput(
        "finance-export-of-no-shape",
        _write(f"{FINANCE}/rekap.csv", "no,nama,jumlah\n1,a,2\n"),
        f"{FINANCE}/rekap.csv",
        "rejected",
        "not a finance export; looked for",
    ),
    BadInput(
        "finance-export-of-another-year",
        _export("realisasi.csv", "csv", end=dt.date(2021, 12, 31)),
        f"{FINANCE}/realisasi.csv",
        "rejected",
        "not in the fiscal year 2022 of its folder",
    ),
    BadInput(
        "finance-export-whose-title-states-another-year",
        _write(
            f"{FINANCE}/lra-2021.csv",
            "LAPORAN REALISASI ANGGARAN TAHUN ANGGARAN 2021\n"
            "Kode;Uraian;Anggaran;Realisasi\n8.01.01;PROGRAM PENUNJANG;1.000,00;900,00\n",
        ),
        f"{FINANCE}/lra-2021.csv",
        "rejected",
        "its title states tahun anggaran 2021, not the fiscal year 2022 of its folder",
    ),
    BadInput(
        "bad-optional-cell",
        _append(SCALE, "2022,tst-alpha,3,Cukup,lima puluh lima,75,55-75%\n"),
        SCALE,
        "loaded",
        "1 cells nulled",
    ),
]


@pytest.fixture
def fresh_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "raw", raw)
    return raw


@pytest.mark.parametrize("bad", CATALOGUE, ids=[bad.kind for bad in CATALOGUE])
def test_each_bad_input_is_handled_and_every_row_accounted(
    bad: BadInput, fresh_raw: Path, known_accounts: frozenset[str]
):
    bad.build(fresh_raw)
    frames = ingest_raw_tree(fresh_raw, read_agencies(fresh_raw / "reference"), known_accounts)
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined
    log = frames["ingest_files"].filter(pl.col("source_file") == bad.file)
    if bad.status is None:
        assert log.is_empty()  # passed by, like the sensor does
        return
    assert bad.status in log["status"].to_list()
    line = log.filter(pl.col("status") == bad.status).row(0, named=True)
    assert bad.message in (line["message"] or "")
    assert (
        line["cells_nulled"]
        == frames["nulled_cells"].filter(pl.col("source_file") == bad.file).height
    )
    per_file = frames["ingest_files"].filter(pl.col("status").is_in(["loaded", "rejected"]))
    for row in per_file.iter_rows(named=True):
        if row["status"] == "loaded":
            assert row["rows_in"] == row["rows_loaded"], row
        else:
            assert row["rows_in"] == row["rows_quarantined"], row


def test_the_catalogue_is_documented():
    """docs/raw-data.md lists every kind of the catalogue, and no other."""
    text = (paths.REPO_ROOT / "docs" / "raw-data.md").read_text()
    table = text.split("## Bad inputs", 1)[1].split("\n## ", 1)[0]
    documented = {
        line.split("|")[1].strip().strip("`")
        for line in table.splitlines()
        if line.startswith("| `")
    }
    assert documented == {bad.kind for bad in CATALOGUE}
