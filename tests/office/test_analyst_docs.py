"""The warehouse describes itself, docs/warehouse.md is in sync, every example question
runs, the Parquet exports match the marts, and `kinerja sql` answers read-only."""

import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import analyst, cli, paths
from pipelines.lib.describe import glossary, read_queries

QUERIES = read_queries(paths.REPO_ROOT / "docs" / "queries")


def test_warehouse_md_is_generated_from_the_dbt_docs():
    assert analyst.WAREHOUSE_MD.read_text() == analyst.warehouse_markdown(), (
        "docs/warehouse.md is stale: run `.venv/bin/kinerja docs --markdown`"
    )


def test_data_quality_md_lists_the_rules_as_declared():
    assert analyst.DATA_QUALITY_MD.read_text() == analyst.data_quality_markdown(), (
        "docs/data-quality.md's rules table is stale: run `.venv/bin/kinerja docs --markdown`"
    )


def test_every_mart_and_column_is_commented_with_its_indonesian_term(bundled_warehouse: Path):
    terms = {}
    for indonesian, english, _ in glossary(paths.SQL_DIR / "models" / "_glossary.md"):
        for name in re.findall(r"`([a-z_]+)`", english):
            terms[name] = [a.split(" (")[0].strip().lower() for a in indonesian.split("/")]
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        tables = con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = 'marts'"
        ).fetchall()
        columns = con.execute(
            "select table_name, column_name, comment from duckdb_columns() "
            "where schema_name = 'marts'"
        ).fetchall()
    assert len(tables) == 7
    assert all(comment for _, comment in tables), tables
    assert [c[:2] for c in columns if not c[2]] == []
    missing = [
        (table, column)
        for table, column, comment in columns
        if column in terms and not any(term in comment.lower() for term in terms[column])
    ]
    assert missing == []


def test_ten_example_questions(bundled_warehouse: Path):
    assert len(QUERIES) >= 10
    assert all(q.question.endswith("?") or q.question.endswith(".") for q in QUERIES)


@pytest.mark.parametrize("query", QUERIES, ids=[q.path.stem for q in QUERIES])
def test_example_question_answers(bundled_warehouse: Path, query):
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        rows = con.sql(query.sql.rstrip(";")).fetchall()
    assert rows, f"{query.path.name} returns nothing on the bundled data"


def test_parquet_exports_equal_the_marts(bundled_warehouse: Path):
    (export,) = sorted((bundled_warehouse.parent / "exports").iterdir())[-1:]
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        for table in ("agency_years", "budget_lines", "dq_findings"):
            mart = con.sql(f"select * from marts.{table} order by all").pl()
            # DuckDB says Etc/UTC, Parquet says UTC: the same instants
            mart = mart.with_columns(
                pl.col(pl.Datetime("us", "Etc/UTC")).dt.convert_time_zone("UTC")
            )
            parquet = pl.read_parquet(export / f"{table}.parquet").sort(mart.columns)
            assert parquet.equals(mart.sort(mart.columns)), table


def test_kinerja_sql_reads_and_writes_csv(
    bundled_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", bundled_warehouse)
    out = tmp_path / "top.csv"
    query = "select agency_id, absorption_rank from marts.agency_years where fiscal_year = 2024"
    assert cli.main(["sql", query, "--csv", str(out)]) == 0
    assert pl.read_csv(out).height == 49
    assert cli.main(["sql", "select count(*) as n from marts.regency_years"]) == 0
    assert "7" in capsys.readouterr().out
    assert cli.main(["sql", "create table marts.x as select 1"]) == 1  # read-only


# each with {out}: a new file beside the warehouse, and the published file itself
WRITES = [
    "copy (select 1 as x) to '{out}' (format csv)",
    "copy marts.agency_years to '{out}'",
    "export database '{dir}'",
    "attach '{new}' as other",
    "install httpfs",
    "set enable_external_access = true",
    "set memory_limit = '1GB'",
    "select * from read_csv('{out}')",
]


@pytest.mark.parametrize("statement", WRITES)
def test_kinerja_sql_cannot_touch_a_file(
    statement: str,
    bundled_warehouse: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
):
    """A statement that would write, read or attach a file, or change the settings, is
    refused with one line, in a query and in the shell; the warehouse is unchanged."""
    published = tmp_path / "published.duckdb"
    shutil.copyfile(bundled_warehouse, published)
    before = published.read_bytes()
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", published)
    target = tmp_path / "out.csv"
    for out in (target, published):
        sql = statement.format(out=out, new=tmp_path / "new.duckdb", dir=tmp_path / "export")
        assert cli.main(["sql", sql]) == 1
        error = capsys.readouterr().err.strip()
        assert error.startswith("error: ")
        assert "\n" not in error
        typed = iter([sql + ";", ".quit"])
        with analyst._connect() as con:  # the connection `kinerja sql` opens
            assert analyst.shell(con, 10, read_line=lambda _prompt, lines=typed: next(lines)) == 0
        assert "error: " in capsys.readouterr().out
    assert not target.exists()
    assert not (tmp_path / "export").exists()
    assert not (tmp_path / "new.duckdb").exists()
    assert published.read_bytes() == before


def test_kinerja_docs_builds_one_offline_page_with_the_lineage(
    bundled_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", bundled_warehouse)
    page = analyst.build_dbt_docs(tmp_path / "docs")
    text = page.read_text()
    assert "source.kinerja.raw.budget_lines" in text  # lineage starts at the raw tables
    assert "model.kinerja.agency_years" in text
    assert "<script src=" not in text  # everything inline: opens offline


def test_kinerja_report_prints_the_report_and_workbooks(
    bundled_warehouse: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", bundled_warehouse)
    assert cli.main(["report"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith("laporan-kinerja-16.06.html")
    assert sum(line.endswith(".xlsx") for line in printed) == 7


def test_kinerja_report_writes_a_region_the_refresh_left_out(
    bundled_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    """At national size a refresh writes the offices' regions only
    (KINERJA_OFFICE_REGIONS); `kinerja report --region` writes any other on demand."""
    published = tmp_path / "kinerja.duckdb"
    shutil.copy(bundled_warehouse, published)
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", published)
    assert cli.main(["report", "--region", "99.06"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == str(tmp_path / "reports" / "laporan-kinerja-99.06.html")
    assert sum(line.endswith(".xlsx") for line in printed) == 6  # 2019-2024
    assert cli.main(["report", "--region", "77.01"]) == 1
    assert "no region 77.01" in capsys.readouterr().err


def test_every_export_is_also_csv(bundled_warehouse: Path):
    (export,) = sorted((bundled_warehouse.parent / "exports").iterdir())[-1:]
    parquet = {p.stem for p in export.glob("*.parquet")}
    assert parquet == {p.stem for p in export.glob("*.csv")}
    csv = pl.read_csv(export / "agency_years.csv", infer_schema=False)
    mart = pl.read_parquet(export / "agency_years.parquet")
    assert csv.columns == mart.columns
    assert sorted(csv["agency_id"].to_list()) == sorted(mart["agency_id"].to_list())
    # which publication the folder holds: run, data cut-off and time in WIB
    assert (export / "terbitan.txt").read_text().startswith("run ")


def test_kinerja_sql_never_writes_a_result_over_the_warehouse_or_raw(
    bundled_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    published = tmp_path / "warehouse" / "kinerja.duckdb"
    published.parent.mkdir()
    shutil.copyfile(bundled_warehouse, published)
    before = published.read_bytes()
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", published)
    monkeypatch.setattr(paths, "RAW_DIR", tmp_path / "raw")
    query = "select agency_name from marts.agency_years limit 3"
    for flag, out in [
        ("--csv", published),
        ("--parquet", published),
        ("--csv", tmp_path / "warehouse" / "exports" / "x.csv"),
        ("--csv", tmp_path / "raw" / "2024" / "x.csv"),
    ]:
        assert cli.main(["sql", query, flag, str(out)]) == 2
        assert "refused" in capsys.readouterr().err
    assert published.read_bytes() == before
    assert cli.main(["sql", query, "--csv", str(tmp_path / "mine.csv")]) == 0


def test_the_shell_quotes_a_described_name(bundled_warehouse: Path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", bundled_warehouse)
    typed = iter([".describe nope'", ".describe marts.agency_years' or '1'='1", ".quit"])
    with analyst._connect() as con:
        assert analyst.shell(con, 10, read_line=lambda _prompt: next(typed)) == 0
    assert "0 rows" in capsys.readouterr().out


def test_a_damaged_published_warehouse_is_said_in_one_line(
    bundled_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    published = tmp_path / "kinerja.duckdb"
    published.write_bytes(b"not a database" * 1000)
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", published)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["sql", "select 1"])
    message = str(stopped.value)
    assert message.startswith("the published warehouse is damaged")
    assert "\n" not in message


def test_a_wide_result_is_shown_row_by_row_in_a_narrow_terminal(
    bundled_warehouse: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    """marts.agency_years has ~50 columns: in 120 columns each would squeeze to nothing,
    so each row is printed as 'column  value' lines."""
    monkeypatch.setattr(paths, "WAREHOUSE_PATH", bundled_warehouse)
    monkeypatch.setenv("COLUMNS", "120")
    assert cli.main(["sql", "select * from marts.agency_years order by 1 limit 2"]) == 0
    out = capsys.readouterr().out
    assert "-[ row 2 ]-" in out
    assert any(line.startswith("agency_name") and "Badan" in line for line in out.splitlines())
