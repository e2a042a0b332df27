"""Where the header's words cannot decide, a person declares the layout once
(``kinerja layout``), and every later export with that header is read by it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines import cli, paths
from pipelines.lib.finance.declared import DeclarationError, read_declarations
from pipelines.lib.finance.export_rows import finance_tables
from pipelines.lib.finance.header_band import LayoutUndecided
from pipelines.lib.finance.shapes import read_export
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_agencies
from tests.conftest import rows_accounted
from tests.lib.test_finance import _agencies

HEADER = "Kode;Uraian;Anggaran;Anggaran;Realisasi\n"
ROWS = "1.02.01;PROGRAM PENUNJANG;1.000,00;2.000,00;1.800,00\n"


@pytest.fixture
def reference(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "raw" / "reference"
    folder.mkdir(parents=True)
    monkeypatch.setattr(paths, "REFERENCE_DIR", folder)
    return folder


def test_an_undecided_layout_is_declared_once_and_read_by_it(reference, tmp_path, capsys):
    export = tmp_path / "lra-dinkes.csv"
    export.write_text("SKPD : 1.02.0.00.0.00.01.0000 - Dinas Kesehatan\n" + HEADER + ROWS)
    with pytest.raises(LayoutUndecided, match=r"kinerja layout lra-dinkes\.csv"):
        read_export(export)
    assert cli.main(["layout", str(export)]) == 0
    declaration = reference / "layouts" / "lra-dinkes.yml"
    text = declaration.read_text()
    assert "C: PILIH" in text
    assert "D: PILIH" in text
    # not finished: the export it describes is refused, naming the file and the fix
    with pytest.raises(DeclarationError, match=r"lra-dinkes\.yml, which is not finished"):
        read_export(export, read_declarations(reference / "layouts"))
    # the person keeps D (the budget after the change) and ignores C
    declaration.write_text(
        text.replace("C: PILIH", "C: abaikan").replace("D: PILIH", "D: anggaran")
    )
    declared = read_declarations(reference / "layouts")
    tables = finance_tables(read_export(export, declared), 2024, _agencies(), frozenset())
    assert tables.problems.is_empty()
    assert tables.budget_lines.select("kode", "anggaran").rows() == [("1.02.01", "2000,00")]
    # a later year's export with that header, standing lower, is read by it too
    later = tmp_path / "lra-2025.csv"
    later.write_text("PEMERINTAH KABUPATEN UJI\n\nSKPD : 1.02.0.00.0.00.01.0000\n" + HEADER + ROWS)
    assert "declared layout lra-dinkes" in read_export(later, declared).shape
    assert cli.main(["layout", str(export)]) == 2  # never written over
    assert "exists" in capsys.readouterr().err


def test_an_unfinished_declaration_stops_only_its_own_exports(fixture_raw, known_accounts):
    exports = fixture_raw / "2022" / "keuangan"
    exports.mkdir()
    (exports / "declared.csv").write_text("SKPD : 9.99 - Badan Uji Alpha\n" + HEADER + ROWS)
    (exports / "other.csv").write_text(
        "SKPD : 9.99 - Badan Uji Alpha\nKode;Uraian;Pagu;Realisasi\n"
        + ROWS.replace("1.000,00;", "", 1)
    )
    layouts = fixture_raw / "reference" / "layouts"
    layouts.mkdir()
    (layouts / "x.yml").write_text(
        'tanda_kepala: ["kode", "uraian", "anggaran", "anggaran", "realisasi"]\n'
        "kolom: {A: kode, B: uraian, C: PILIH, D: anggaran, E: realisasi}\n"
    )
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    log = frames["ingest_files"].filter(pl.col("source_file").str.contains("keuangan"))
    declared = log.filter(pl.col("source_file").str.ends_with("declared.csv")).to_dicts()[0]
    assert declared["status"] == "rejected"
    assert "x.yml, which is not finished: x.yml column C: 'PILIH' is no role" in declared["message"]
    other = log.filter(pl.col("source_file").str.ends_with("other.csv")).to_dicts()[0]
    assert other["status"] != "rejected"
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined


def test_an_undecided_export_counts_and_keeps_the_rows_it_holds(fixture_raw, known_accounts):
    """Rejected whole (two budget columns, no declaration), its three data rows are
    quarantined and counted; title, numbering row and signature block are not data."""
    exports = fixture_raw / "2022" / "keuangan"
    exports.mkdir()
    (exports / "lra.csv").write_text(
        "PEMERINTAH KABUPATEN UJI;;;;\nLAPORAN REALISASI ANGGARAN TAHUN 2022;;;;\n"
        "SKPD : 9.99 - Badan Uji Alpha;;;;\n"
        + HEADER
        + "1;2;3;4;5\n"
        + ROWS
        + "1.02.01.2.01;Perencanaan;500.000,00;600.000,00;550.000,00\n"
        + "JUMLAH;;1.500.000,00;2.600.000,00;2.350.000,00\n"
        + "Mengetahui;;;;\nKepala Badan;;;;\nNIP 19700101 199001 1 001;;;;\n"
    )
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    (line,) = (
        frames["ingest_files"].filter(pl.col("source_file") == "2022/keuangan/lra.csv").to_dicts()
    )
    assert line["status"] == "rejected"
    assert line["rows_in"] == 3
    kept = frames["quarantine"].filter(pl.col("source_file") == "2022/keuangan/lra.csv")
    assert kept["source_row"].to_list() == [6, 7, 8]
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined


def _declare(reference: Path, columns: str) -> list:
    folder = reference / "layouts"
    folder.mkdir(exist_ok=True)
    (folder / "lra-dinkes.yml").write_text(
        'tanda_kepala: ["kode", "uraian", "anggaran", "anggaran", "realisasi"]\n'
        f"kolom: {{{columns}}}\n"
    )
    return read_declarations(folder)


def test_a_declaration_that_no_longer_fits_names_itself_and_the_export(reference, tmp_path):
    export = tmp_path / "lra-2025.csv"
    export.write_text("SKPD : 1.02.0.00.0.00.01.0000\n" + HEADER + ROWS)
    beyond = _declare(reference, "A: kode, B: uraian, C: abaikan, D: anggaran, F: realisasi")
    with pytest.raises(DeclarationError, match=r"lra-dinkes\.yml no longer fits the export"):
        read_export(export, beyond)
    swapped = _declare(reference, "A: kode, B: abaikan, C: abaikan, D: uraian, E: abaikan")
    with pytest.raises(DeclarationError, match=r"lra-dinkes\.yml no longer fits lra-2025\.csv"):
        read_export(export, swapped)


def test_an_export_whose_header_changed_is_pointed_to_its_declaration(reference, tmp_path):
    declared = _declare(reference, "A: kode, B: uraian, C: abaikan, D: anggaran, E: realisasi")
    export = tmp_path / "lra-2026.csv"  # a column renamed: the signature no longer matches
    export.write_text(
        "SKPD : 1.02.0.00.0.00.01.0000\nKode;Uraian;Anggaran;Anggaran;Realisasi s.d. Juni\n" + ROWS
    )
    with pytest.raises(LayoutUndecided, match=r"resembles lra-dinkes\.yml but differs") as err:
        read_export(export, declared)
    assert "'realisasi s.d. juni'" in str(err.value)
