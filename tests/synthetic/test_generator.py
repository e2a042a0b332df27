"""The synthetic regency: deterministic, well-formed, with its defects where it says."""

import hashlib
from pathlib import Path

import polars as pl
import pytest

from pipelines import paths
from pipelines.lib.ingest import ingest_batches, ingest_raw_tree
from pipelines.lib.reference import read_account_types, read_agencies
from pipelines.synthetic.generator import generate_national, generate_province, generate_regency
from tests.conftest import rows_accounted


@pytest.fixture(scope="module")
def account_names() -> dict[str, str]:
    accounts = read_account_types(paths.ACCOUNT_TYPES_PATH)
    return dict(zip(accounts["account_code"], accounts["account_name"], strict=True))


@pytest.fixture(scope="module")
def regency(tmp_path_factory, account_names) -> Path:
    out = tmp_path_factory.mktemp("regency")
    generate_regency(out, 7, account_names)
    return out


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_generator_is_deterministic(regency: Path, tmp_path: Path, account_names):
    generate_regency(tmp_path, 7, account_names)
    assert _digest(tmp_path) == _digest(regency)


def test_generator_writes_45_agencies_over_six_years(regency: Path):
    agencies = read_agencies(regency / "reference")
    assert agencies["is_synthetic"].all()
    assert 44 <= agencies.height <= 50
    folders = {p.parent.name for p in regency.glob("*/*/README.md")}
    assert {int(p.name) for p in regency.iterdir() if p.name.isdigit()} == set(range(2019, 2025))
    assert "SINTETIS" in next(regency.glob("2022/*/README.md")).read_text()
    assert len(folders) == agencies.height


def test_generated_files_ingest_cleanly_but_for_the_planted_row_defects(
    regency: Path, known_accounts
):
    frames = ingest_raw_tree(regency, read_agencies(regency / "reference"), known_accounts)
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined
    defects = pl.read_csv(regency / "reference" / "synthetic-defects.csv")
    quarantined_rows = defects.filter(
        pl.col("defect").is_in(["malformed_amount", "finance_unmatched_unit"])
    )
    assert sorted(frames["quarantine"]["source_file"].unique()) == sorted(
        quarantined_rows["source_file"]
    )
    assert quarantined == 2  # the letter O, and the unit of the finance export no list has
    assert set(defects["defect"]) == {
        "typo_total",
        "missing_agency_year",
        "overspent_line",
        "reported_percent_mismatch",
        "renamed_agency",
        "malformed_amount",
        "finance_subtotal_mismatch",
        "finance_unmatched_unit",
    }


def test_generated_amounts_add_up_where_no_defect_is_planted(regency: Path, known_accounts):
    frames = ingest_raw_tree(regency, read_agencies(regency / "reference"), known_accounts)
    lines = frames["budget_lines"].filter(pl.col("source_file") != "2020/syn-kec-lais/laporan.xlsx")
    by_level = lines.group_by("fiscal_year", "agency_id", "level").agg(pl.col("budget_idr").sum())
    wide = by_level.pivot(on="level", index=["fiscal_year", "agency_id"], values="budget_idr")
    assert wide.filter(pl.col("program") != pl.col("sub_activity")).is_empty()
    spending = (
        frames["spending_lines"]
        .group_by("fiscal_year", "agency_id")
        .agg(pl.col("budget_idr").sum().alias("spending"))
    )
    joined = wide.join(spending, on=["fiscal_year", "agency_id"])
    assert joined.filter(pl.col("spending") != pl.col("program")).is_empty()
    assert (
        frames["budget_lines"].filter(pl.col("fiscal_year") == 2021)["agency_id"].n_unique()
        == frames["budget_lines"].filter(pl.col("fiscal_year") == 2022)["agency_id"].n_unique() - 1
    )


def test_a_province_is_regencies_side_by_side(tmp_path: Path, account_names, known_accounts):
    defects = generate_province(tmp_path, 7, account_names, regencies=2)
    agencies = read_agencies(tmp_path / "reference")
    assert set(agencies["region_code"]) == {"98.01", "98.02"}
    assert agencies["agency_id"].is_unique().all()
    assert {d.agency_id.split("-")[0] for d in defects} == {"p01", "p02"}
    assert sorted(p.name for p in (tmp_path / "reference").iterdir()) == [
        "agencies-p01.csv",
        "agencies-p02.csv",
        "defects-p01.csv",
        "defects-p02.csv",
    ]
    frames = ingest_raw_tree(tmp_path, agencies, known_accounts)
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined
    assert quarantined == 2  # the planted malformed amount, once per regency
    assert frames["budget_lines"]["agency_id"].str.slice(0, 3).unique().sort().to_list() == [
        "p01",
        "p02",
    ]


def test_the_national_bulk_shape_loads_like_per_agency_folders(
    tmp_path: Path, account_names, known_accounts
):
    """One CSV per table per province and year, many agencies per file: every row is
    loaded or quarantined, the same figures as the regency generator's, in any batching."""
    rows = generate_national(tmp_path, 7, account_names, regencies=17, distinct=2, detail=2)
    agencies = read_agencies(tmp_path / "reference")
    assert agencies["region_code"].n_unique() == 17
    assert agencies["region_code"].str.slice(0, 2).unique().sort().to_list() == ["20", "22"]
    assert sorted(p.name for p in (tmp_path / "2024").iterdir()) == ["bulk-n20", "bulk-n22"]
    budget_file = tmp_path / "2024" / "bulk-n22" / "anggaran.csv"
    with budget_file.open("a") as handle:  # a row of an agency the reference does not know
        handle.write('2024,n9999-dinkes,program,1.02.01,Program X,"1.000,00","0,00",,\r\n')
    frames = ingest_raw_tree(tmp_path, agencies, known_accounts)
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == rows + 1 == loaded + quarantined
    assert quarantined == 17 + 1  # the planted malformed amount per regency, and the stranger
    stranger = frames["quarantine"].filter(pl.col("agency_id") == "n9999-dinkes").row(0, named=True)
    assert stranger["source_file"] == "2024/bulk-n22/anggaran.csv"
    assert stranger["column"] == "kode_opd"
    assert stranger["reason"] == "unknown agency 'n9999-dinkes': not in raw/reference/agencies*.csv"
    assert stranger["source_row"] == budget_file.read_text().count("\n")
    assert set(frames["budget_lines"]["delivery_key"].unique()) == {
        f"{year}/bulk-{province}" for year in range(2019, 2025) for province in ("n20", "n22")
    }
    # regions copying the same generated regency carry the same figures
    totals = (
        frames["budget_lines"]
        .filter(pl.col("level") == "program")
        .group_by(region=pl.col("agency_id").str.slice(0, 5))
        .agg(pl.col("budget_idr").sum())
    )
    assert totals["budget_idr"].n_unique() == 2
    # batching bounds memory, never the result
    batches = list(ingest_batches(tmp_path, agencies, known_accounts, batch_bytes=1))
    assert len(batches) == 12
    assert sum(b["budget_lines"].height for b in batches) == frames["budget_lines"].height
    assert sum(b["quarantine"].height for b in batches) == frames["quarantine"].height
