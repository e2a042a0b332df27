"""One ledger in 240 export layouts gives the same lines: the reader by headers reads
the family of layouts, not the examples it was built on (codes in a column, split over
six, or printed before the name in one cell). Layouts in Permendagri 13/2006
codes give the lines the ledger holds in those codes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.codes import LEGACY_SPENDING_TYPES
from pipelines.lib.finance.export_rows import finance_tables
from pipelines.lib.finance.shapes import BY_HEADERS, read_export
from pipelines.synthetic.finance import Unit, write_flat_csv
from pipelines.synthetic.finance_layouts import END_2024, layout_name, variants, write_variant
from pipelines.synthetic.legacy_ledger import legacy_units
from tests.lib.test_finance import _agencies, _unit

VARIANTS = variants(20261207, 240)
BUDGET = ["kode_opd", "level", "kode", "kode_asli", "anggaran", "realisasi_keuangan"]
SPENDING = ["kode_opd", "kode_akun", "anggaran", "realisasi", "kode_sub_kegiatan"]


def _units() -> list[Unit]:
    second = _unit()
    second.code, second.name = "1.02.0.00.0.00.02.0000", "Dinas Kedua"
    for line in second.lines:
        line.code = line.code.replace("1.02.01", "1.02.02")
        line.budget += Decimal(100)
        line.realized += Decimal(50)
    for account in second.lines[-1].accounts:
        account.budget += Decimal(100) / 3 if account is second.lines[-1].accounts[0] else 0
    second.lines[-1].accounts[0].budget = Decimal(700)
    second.lines[-1].accounts[0].realized = Decimal(550)
    return [_unit(), second]


def _agency_list() -> pl.DataFrame:
    return pl.concat(
        [
            _agencies(),
            _agencies("1.02.0.00.0.00.02.0000", "Dinas Kedua").with_columns(
                agency_id=pl.lit("tst-kedua")
            ),
        ]
    )


def _lines(path: Path, known_accounts) -> tuple[list, list, object]:
    export = read_export(path)
    tables = finance_tables(export, 2024, _agency_list(), known_accounts)
    budget = sorted(tables.budget_lines.select(BUDGET).rows())
    spending = sorted(tables.spending_lines.select(SPENDING).rows())
    return budget, spending, (export, tables)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, known_accounts) -> dict[int, tuple[list, list]]:
    """What the flat CSV (a known shape) of the same ledger gives, for 1 and 2 units."""
    folder = tmp_path_factory.mktemp("reference")
    out = {}
    for count in (1, 2):
        path = folder / f"flat-{count}.csv"
        write_flat_csv(path, _units()[:count], END_2024)
        budget, spending, (_, tables) = _lines(path, known_accounts)
        assert tables.problems.is_empty()
        out[count] = (budget, spending)
    return out


def _text(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def _legacy_truth(units: list[Unit]) -> tuple[list, list]:
    """The lines the ledger holds in 13/2006 codes, from the ledger itself: the code kept
    as printed (kode_asli), accounts by the spending type of their group."""
    budget, spending = [], []
    for agency, unit in zip(("tst-dinkes", "tst-kedua"), legacy_units(units), strict=False):
        for line in unit.lines:
            amounts = (_text(line.budget), _text(line.realized))
            budget.append((agency, line.level, "", line.code, *amounts))
            spending += [
                (
                    agency,
                    LEGACY_SPENDING_TYPES[".".join(a.code.split(".")[:3])],
                    _text(a.budget),
                    _text(a.realized),
                    line.code,
                )
                for a in line.accounts
            ]
    return sorted(budget), sorted(spending)


@pytest.mark.parametrize(
    "variant", VARIANTS, ids=[layout_name(v, n) for n, v in enumerate(VARIANTS, 1)]
)
def test_every_layout_gives_the_same_lines(variant, reference, tmp_path, known_accounts):
    path = write_variant(tmp_path / f"export{variant.suffix}", _units()[: variant.units], variant)
    budget, spending, (export, tables) = _lines(path, known_accounts)
    assert export.shape.startswith(BY_HEADERS)
    assert tables.problems.is_empty(), tables.problems.to_dicts()[:3]
    units = _units()[: variant.units]
    expected = _legacy_truth(units) if variant.legacy else reference[variant.units]
    assert (budget, spending) == expected
    assert export.rows.height == (
        tables.budget_lines.height
        + tables.spending_lines.height
        + tables.subtotals.height
        + tables.problems.height
    )


def test_the_variants_cover_the_family():
    """Each dimension takes each of its values somewhere among the variants."""
    seen = {
        "kind": {v.kind for v in VARIANTS},
        "split": {v.split_code for v in VARIANTS},
        "unit": {v.unit_source for v in VARIANTS},
        "convention": {v.convention for v in VARIANTS},
        "units": {v.units for v in VARIANTS},
        "two rows": {v.split_code or v.group_heading for v in VARIANTS},
        "titles": {v.title_rows for v in VARIANTS},
        "codes": {(v.legacy, v.legacy_dot, v.kind) for v in VARIANTS if v.legacy},
        "joined": {(v.kind, v.legacy) for v in VARIANTS if v.code_in_name},
    }
    assert seen["kind"] == {"xlsx", "csv", "html"}
    assert seen["split"] == seen["two rows"] == {True, False}
    assert seen["unit"] == {"title", "columns", "heading"}
    assert seen["convention"] == {"id", "en", "cells"}
    assert seen["units"] == {1, 2}
    assert seen["titles"] == set(range(11))
    assert seen["codes"] == {
        (True, dot, k) for dot in (True, False) for k in ("xlsx", "csv", "html")
    }
    # the code printed before the name in one cell, in every kind and both code systems
    assert seen["joined"] == {(k, legacy) for k in ("xlsx", "csv", "html") for legacy in (0, 1)}
