"""Canonical rows are typed by a short path: the same values as the full rules, cell by
cell, and every cell the rules would question still goes to them."""

import functools
import itertools
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines import paths
from pipelines.lib import ingest, typed_batch
from pipelines.lib.cleaning import type_canonical, type_table
from pipelines.lib.contract import BUDGET_LINES, ENTITIES, REPORTED_MEASURES, REPORTED_TOTALS
from pipelines.lib.readers import NUMERIC_CELLS, SOURCE_ROW
from pipelines.lib.reference import read_account_types, read_agencies
from pipelines.synthetic.generator import generate_national
from tests.conftest import FIXTURES

ACCOUNTS = frozenset(read_account_types(paths.ACCOUNT_TYPES_PATH)["account_code"])

# cells that are canonical, cells that are almost so, and cells that are wrong
WHITESPACE = [" ", "\u00a0", "\t", "\u2003", "\u3000", "\n"]
CELLS = {
    "year": ["2022", "2020", "1999", "22", "02022", "abcd", "\u0662\u0660\u0662\u0662"],
    "agency": ["muba-kesbangpol", "n2001-setda", "a b", "x\u00a0y", "Dinas: A/B"],
    "text": ["Program", "Belanja Pegawai", "a", "Pro\u00a0gram", "Pro\ngram", "Ä ö", "-"],
    "level": [
        "program",
        "Program",
        "PROGRAM",
        "pRoGram",
        "kegiatan",
        "Kegiatan",
        "sub kegiatan",
        "Sub Kegiatan",
        "SUB KEGIATAN",
        "Sub kegiatan",
        "subkegiatan",
        "sub-kegiatan",
        "Sub-Kegiatan",
        "sub_kegiatan",
        "sub  kegiatan",
        "sub\u00a0kegiatan",
        "prog",
    ],
    "amount": [
        "0",
        "1000",
        "-5",
        "-0",
        "+5",
        "1.000",
        "1.000,00",
        "1.000,0",
        "1.000,001",
        "12.588.628.067,00",
        "999.999.999.999.999,99",
        "999999999999999",
        "1234567890123456",
        "12345678901234567890",
        "1.000.000.000.000.000",
        "01.000",
        "1.00",
        "1.5",
        "1,5",
        "1,2,3",
        ",5",
        "5,",
        "-",
        "\u2013",
        "\u2014",
        "--",
        "Rp 1.000,00",
        "Rp. 11.334.430.823,-",
        "rp1000",
        "1.000,-",
        "1\u00a0000",
        "1 000",
        "\u0663\u0664",
        "abc",
        "1e5",
    ],
    "percent": [
        "0",
        "100",
        "100,00",
        "83,91",
        "0,0001",
        "1,23456",
        "-3,5",
        "1.000",
        "1.234,5678",
        "1234567",
        "12345678",
        "123456789",
        "1.2",
        "83,91%",
        "83,91 %",
        "-",
        "\u2014",
        "n/a",
        "\u0665\u0660",
        ",5",
    ],
    "integer": ["0", "1", "01", "123456789", "1234567890", "12345678901", "-1", "1,0", "1.0"],
    "account_code": [*sorted(ACCOUNTS)[:6], "5.1.99", "5.9", "5.1.2", "5", "6.1.01", "5,1"],
    "polarity": ["positif", "Positif", "NEGATIF", "negatif", "pos", "positive", "posi tif"],
    "measure": [
        "90",
        "90%",
        "73,11%",
        "1930",
        "1.930",
        "93,5%",
        "-5",
        "0,0001",
        "0,00001",
        "12345678",
        "1.234.567",
        "90 %",
        "90%%",
        "12 dokumen",
        "n/a",
        "-",
        "tidak ada",
        "1.5",
        "Rp 1.000",
        "%",
        ",5%",
        "٩٠",
    ],
    "program_codes": [
        "4.01.02",
        "4.01.02;4.01.03",
        "4.01.02; 4.01.03",
        "4.01.02;",
        ";4.01.02",
        "4.1.02",
        "x",
        "4.01.02,4.01.03",
    ],
    "reported_value": [
        "Rp. 120.306.748.000,-",
        "Rp 1.000",
        "Rp.1.000,00",
        "Rp1000",
        "120.306.748.000",
        "82,80%",
        "82,80",
        "102",
        "10,5",
        "-",
        "Baik",
        "Sangat Baik",
        "rp. 1.000,-",
        "Rp. 1.000,-,-",
        "1.000,-",
        "100 %",
        "n/a",
        "Rp. 1.000,001",
        "RP. 1.000",
        "Rp. -5",
        "-Rp 5",
        "1.2",
        "12,34567%",
        "123456789",
    ],
}
BLANKS = [None, ""]


def _variants(values: list[str]) -> list[str | None]:
    """Each value, with whitespace around it, and a blank."""
    out: list[str | None] = [*values, *BLANKS]
    for value, space in itertools.product(values[:3], WHITESPACE):
        out += [space + value, value + space]
    return out


BASE = {
    "tahun": "2022",
    "kode_opd": "muba-kesbangpol",
    "level": "program",
    "kode": "8.01.01",
    "nama": "Program Penunjang",
    "anggaran": "1.000,00",
    "realisasi_keuangan": "900,00",
    "realisasi_fisik_persen": "91,61",
    "persen_dilaporkan": "90,00",
    "kode_akun": "5.1.02",
    "jenis_belanja": "Belanja Pegawai",
    "realisasi": "900,00",
    "urutan": "1",
    "kategori": "Sangat Tinggi",
    "batas_bawah": "90",
    "batas_atas": "100",
    "teks_skala": "> 90",
    "no_sasaran": "1",
    "sasaran": "Meningkatnya kualitas pemerintahan",
    "no_indikator": "2",
    "indikator": "Persentase layanan sesuai standar",
    "satuan": "%",
    "polaritas": "positif",
    "target": "90%",
    "kode_program": "4.01.02",
    "capaian_dilaporkan": "81,23",
    "kategori_dilaporkan": "Baik",
    "capaian_tahun_lalu": "73,57",
    "capaian_renstra": "73,85",
    "target_akhir_renstra": "99%",
    "cakupan": "opd",
    "kunci": "1",
    "ukuran": "anggaran",
    "nilai": "Rp. 120.306.748.000,-",
    "sumber": "Ikhtisar Eksekutif",
    "induk": "Program Penunjang",
    "kode_asli": "1.20.03.01",
    "cara_agregasi": "jumlah",
    "periode": "Januari",
    "kode_sub_kegiatan": "8.01.01.2.01.0001",
}
# a header two tables share with other meanings: skala's ukuran grades capaian or serapan
BASE_BY_SHEET = {"skala": {"ukuran": "capaian"}}


def _cells(column) -> list[str]:
    if column.kind == "choice":  # its own choices, spelled several ways, and others
        choices = list(column.choices)
        return [*choices, *(c.title() for c in choices), *(c.upper() for c in choices), "x_y"]
    return CELLS[column.kind]


def _frame(entity, rows: list[dict], numeric: list[list[str]] | None = None) -> pl.DataFrame:
    frame = pl.DataFrame(
        {h: [r.get(h) for r in rows] for h in entity.headers},
        schema={h: pl.String for h in entity.headers},
    )
    return frame.with_columns(
        pl.Series(SOURCE_ROW, range(2, len(rows) + 2), dtype=pl.Int32),
        pl.Series(NUMERIC_CELLS, numeric or [[] for _ in rows], dtype=pl.List(pl.String)),
    )


def _assert_same_typing(frame: pl.DataFrame, entity, key: str = SOURCE_ROW) -> int:
    """Both paths agree on ``frame``; returns how many rows took the short one."""
    short = type_table(frame, entity, ACCOUNTS, key)
    rules = type_table(frame, entity, ACCOUNTS, key, canonical_first=False)
    assert_frame_equal(short.loaded, rules.loaded)
    assert_frame_equal(short.problems, rules.problems)
    assert_frame_equal(short.nulled, rules.nulled)
    return type_canonical(frame, entity, ACCOUNTS, [key]).get_column("__canonical__").sum()


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda entity: entity.name)
def test_every_kind_of_cell_is_typed_the_same_both_ways(entity):
    base = BASE | BASE_BY_SHEET.get(entity.sheet, {})
    rows = [{h: base[h] for h in entity.headers}]
    for column in entity.columns:
        for value in _variants(_cells(column) if column.kind != "budget_code" else []):
            rows.append(rows[0] | {column.header: value})
    frame = _frame(entity, rows)
    canonical = _assert_same_typing(frame, entity)
    typed = type_table(frame, entity, ACCOUNTS)
    # the corpus exercises both paths: many rows short, many with problems
    problem_rows = pl.concat([typed.problems, typed.nulled]).get_column(SOURCE_ROW).n_unique()
    assert canonical >= 10
    assert problem_rows >= 10
    # a bad optional cell keeps its row: only the quarantined rows are not loaded
    assert typed.loaded.height + typed.problems.get_column(SOURCE_ROW).n_unique() == len(rows)
    assert typed.nulled.join(typed.loaded, on=SOURCE_ROW).height == typed.nulled.height


def test_budget_codes_by_level_and_year_are_typed_the_same_both_ways():
    codes = [
        "8.01.01", "8.01.01.2.01", "8.01.01.2.01.0001", "8.01.01.2.01.01", "8.01.1", "801",
        "8.01", "8.01.01.2", "8.01.01.2.01.001", "8.01.01.2.01.00001", "X.01.01",
        "8.01.01.2.01.0001.1", "\u0668.01.01",
    ]  # fmt: skip
    levels = ["program", "kegiatan", "sub kegiatan", "Sub Kegiatan", "subkegiatan", "bogus"]
    rows, numeric = [], []
    for code, level, year in itertools.product(_variants(codes), levels, ["2020", "2021"]):
        rows.append(BASE | {"kode": code, "level": level, "tahun": year})
        numeric.append([])
    for code in codes[:4]:  # a code that Excel stored as a number
        rows.append(BASE | {"kode": code})
        numeric.append(["kode"])
    assert _assert_same_typing(_frame(BUDGET_LINES, rows, numeric), BUDGET_LINES) >= 10


def test_reported_values_by_measure_are_typed_the_same_both_ways():
    """A summary's value is an amount, a percentage, a count or a word by its measure."""
    rows = [
        BASE | {"ukuran": measure, "nilai": value}
        for measure, value in itertools.product(
            REPORTED_MEASURES, _variants(CELLS["reported_value"])
        )
    ]
    assert _assert_same_typing(_frame(REPORTED_TOTALS, rows), REPORTED_TOTALS) >= 50


@pytest.fixture(scope="module")
def bulk_raw_tree(tmp_path_factory) -> Path:
    """A generated national-shape tree (bulk CSV per province and year), with rows the
    office's extracts get wrong appended to one budget file."""
    raw = tmp_path_factory.mktemp("bulk") / "raw"
    accounts = read_account_types(paths.ACCOUNT_TYPES_PATH)
    names = dict(zip(accounts["account_code"], accounts["account_name"], strict=True))
    generate_national(raw, 11, names, regencies=3, distinct=1, detail=1)
    agency = read_agencies(raw / "reference")["agency_id"][0]
    rows = [
        f'2024,{agency},Program,8.01.01,Program A,"Rp 1.000,00","900,-",,',
        f'2024,{agency},kegiatan,8.01.01.2.01,Kegiatan\u00a0B,"1.000","1.5","83,91%",',
        f"2024, {agency},sub kegiatan,8.01.01.2.01.01,Sub C,1000,-,-,n/a",
        f"2024,{agency},Sub Kegiatan,801,Sub D ,1000,900,100,90",
    ]
    with (raw / "2024" / "bulk-n20" / "anggaran.csv").open("a") as handle:
        handle.write("\r\n".join(rows) + "\r\n")
    return raw


@pytest.mark.parametrize("tree", ["bundled", "fixtures", "bulk"])
def test_an_ingest_gives_the_same_tables_both_ways(tree, monkeypatch, bulk_raw_tree):
    """The bundled tree (per-agency CSV and workbooks), the fixture tree with its
    deliberate defects and a generated bulk tree: every table, the quarantine and the
    file log agree."""
    raw = {"bundled": paths.RAW_DIR, "fixtures": FIXTURES / "raw", "bulk": bulk_raw_tree}[tree]
    agencies = read_agencies(raw / "reference")
    short = ingest.ingest_raw_tree(raw, agencies, ACCOUNTS)
    by_rules = functools.partial(type_table, canonical_first=False)
    monkeypatch.setattr(typed_batch, "type_table", by_rules)
    rules = ingest.ingest_raw_tree(raw, agencies, ACCOUNTS)
    assert short.keys() == rules.keys()
    for name in short:
        assert_frame_equal(
            short[name].drop("ingested_at", strict=False),
            rules[name].drop("ingested_at", strict=False),
        )
    assert not short["budget_lines"].is_empty()
    assert not short["quarantine"].is_empty()
