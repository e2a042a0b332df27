"""Which regions get workbooks and reports each refresh."""


def test_office_regions_select_regencies_or_whole_provinces():
    from pipelines.lib.office.outputs import selects_region

    assert selects_region("*", "16.06")
    assert not selects_region("none", "16.06")
    assert not selects_region("", "16.06")
    assert selects_region("16.06, 99.06", "99.06")
    assert selects_region("16", "16.06")
    assert not selects_region("16.07,99", "16.06")


def test_exports_write_formulas_as_text_even_under_a_path_with_an_apostrophe(tmp_path):
    import csv

    import duckdb
    import polars as pl

    from pipelines.lib.office.outputs import export_marts

    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.agency_years as select * from (values "
        "('=HYPERLINK(\"http://x\")', -5.5, '-12'), "
        "('-2+3+cmd|'' /C calc''!A0', 1.0, '@SUM(A1)'), ('Dinas', 2.0, null)) t(nama, nilai, kode)"
    )
    out = tmp_path / "o'brien" / "exports"
    written = export_marts(con, out)
    with (out / "agency_years.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["nama"] for r in rows] == [
        '\'=HYPERLINK("http://x")',
        "'-2+3+cmd|' /C calc'!A0",
        "Dinas",
    ]
    assert [r["nilai"] for r in rows] == ["-5.5", "1.0", "2.0"]  # numbers stay numbers
    assert [r["kode"] for r in rows] == ["-12", "'@SUM(A1)", ""]
    parquet = pl.read_parquet(out / "agency_years.parquet")  # Parquet keeps the values
    assert parquet["nama"][0] == '=HYPERLINK("http://x")'
    assert len(written) == 2
