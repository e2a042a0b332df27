"""One agency's rows that break the contract across rows (a negative amount, a row
given twice, a code repeated with another name) are quarantined at ingest with their
reason; the agency's other rows and every other agency load."""

from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_agencies
from tests.conftest import rows_accounted

FILE = "2022/tst-alpha/anggaran.csv"
HEADER = "tahun,kode_opd,level,kode,nama,anggaran,realisasi_keuangan\n"
GOOD = [
    '2022,tst-alpha,program,8.01.01,PROGRAM PENUNJANG,"1.000.000,00","900.000,00"\n',
    '2022,tst-alpha,kegiatan,8.01.01.2.01,Perencanaan,"1.000.000,00","900.000,00"\n',
    '2022,tst-alpha,sub kegiatan,8.01.01.2.01.0001,Penyusunan,"600.000,00","500.000,00"\n',
]


@pytest.fixture
def raw(fixture_raw: Path) -> Path:
    return fixture_raw  # a copy of tests/fixtures/raw for this test


def _ingest(raw: Path, lines: list[str], known_accounts) -> dict[str, pl.DataFrame]:
    (raw / "2022" / "tst-alpha" / "anggaran.csv").write_text(HEADER + "".join(lines))
    return ingest_raw_tree(raw, read_agencies(raw / "reference"), known_accounts)


def _loaded(frames) -> pl.DataFrame:
    return frames["budget_lines"].filter(pl.col("source_file") == FILE)


def _quarantined(frames) -> list[tuple[int, str | None, str]]:
    quarantine = frames["quarantine"].filter(pl.col("source_file") == FILE)
    return sorted(quarantine.select("source_row", "column", "reason").iter_rows())


def test_clean_rows_load_whole(raw: Path, known_accounts):
    frames = _ingest(raw, GOOD, known_accounts)
    assert _loaded(frames).height == 3
    assert _quarantined(frames) == []


def test_a_negative_amount_quarantines_its_row_only(raw: Path, known_accounts):
    negative = '2022,tst-alpha,sub kegiatan,8.01.01.2.01.0002,Koordinasi,"-5.000.000,00","0"\n'
    frames = _ingest(raw, [*GOOD, negative], known_accounts)
    assert _loaded(frames).height == 3
    assert _quarantined(frames) == [
        (5, "anggaran", "negative amount: anggaran cannot be below zero")
    ]


def test_an_exact_copy_is_counted_once(raw: Path, known_accounts):
    frames = _ingest(raw, [*GOOD, GOOD[2]], known_accounts)
    assert _loaded(frames).height == 3
    ((row, column, reason),) = _quarantined(frames)
    assert (row, column) == (5, "kode")
    assert reason == "the same row again (first at 2022/tst-alpha/anggaran.csv row 4): counted once"
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined


def test_a_code_repeated_with_another_name_holds_back_both(raw: Path, known_accounts):
    other = '2022,tst-alpha,sub kegiatan,8.01.01.2.01.0001,Penyusunan Lain,"600.000,00","0"\n'
    frames = _ingest(raw, [*GOOD, other], known_accounts)
    assert _loaded(frames)["code"].to_list() == ["8.01.01", "8.01.01.2.01"]
    held = _quarantined(frames)
    assert [row for row, _, _ in held] == [4, 5]
    assert all("given more than once with different values (rows 4, 5)" in r for *_, r in held)


def test_other_tables_keep_their_rows(raw: Path, known_accounts):
    negative = '2022,tst-alpha,program,8.01.02,PROGRAM LAIN,"-1,00","0"\n'
    frames = _ingest(raw, [*GOOD, negative], known_accounts)
    assert frames["indicators"].height > 0
    assert frames["spending_lines"].height > 0
