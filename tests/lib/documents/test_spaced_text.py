"""Tables set by spaces alone (a PDF without ruling lines, ``pdftotext -layout``): the
top of a name centred beside its figures belongs to the row below it, never to the
row above; a line without figures after a row, with no gap, goes on with that row."""

from __future__ import annotations

from pipelines.lib.documents.spaced_text import spaced_tables_as_tabs

HEADER = [
    "Kode          Uraian                                Anggaran          Realisasi",
    "",
]


def _rows(lines: list[str]) -> list[list[str]]:
    return [line.split("\t") for line in spaced_tables_as_tabs(lines) if "\t" in line]


def test_a_centred_row_takes_the_top_of_its_name():
    rows = _rows(
        [
            *HEADER,
            "              Program Penunjang Urusan",
            "1.02.01       Pemerintahan Daerah                   219.535.774.000   188.525.071.285",
            "              Kabupaten/Kota",
            "",
            "              Perencanaan, Penganggaran,",
            "1.02.01.2.01  dan Evaluasi Kinerja                  2.687.122.000     2.398.423.644",
            "              Perangkat Daerah",
        ]
    )
    body = [[" ".join(c.split()) for c in row] for row in rows[1:]]
    assert body == [
        ["1.02.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
         "219.535.774.000", "188.525.071.285"],
        ["1.02.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
         "2.687.122.000", "2.398.423.644"],
    ]  # fmt: skip


def test_rows_set_at_the_top_keep_their_wrapped_lines_below():
    rows = _rows(
        [
            *HEADER,
            "1.02.01       Program Penunjang Urusan              219.535.774.000   188.525.071.285",
            "              Pemerintahan Daerah",
            "1.02.01.2.01  Perencanaan, Penganggaran,            2.687.122.000     2.398.423.644",
            "              dan Evaluasi",
        ]
    )
    names = [" ".join(row[1].split()) for row in rows[1:]]
    assert names == [
        "Program Penunjang Urusan Pemerintahan Daerah",
        "Perencanaan, Penganggaran, dan Evaluasi",
    ]


def test_a_row_without_figures_parted_by_gaps_stays_a_row_of_its_own():
    """A heading across the table and a name without figures, each parted by a gap from
    the rows around it, are rows of their own, never the top of the row under them."""
    rows = _rows(
        [
            *HEADER,
            "1.02.01       Program Penunjang Urusan              219.535.774.000   188.525.071.285",
            "",
            "              Sasaran 2: Meningkatnya kualitas",
            "",
            "              Kegiatan tanpa anggaran",
            "",
            "1.02.02       Program Pemenuhan Upaya               42.469.098.000    34.630.233.028",
        ]
    )
    assert [[c.strip() for c in row] for row in rows[1:]] == [
        ["1.02.01", "Program Penunjang Urusan", "219.535.774.000", "188.525.071.285"],
        ["Sasaran 2: Meningkatnya kualitas", "", "", ""],
        ["", "Kegiatan tanpa anggaran", "", ""],
        ["1.02.02", "Program Pemenuhan Upaya", "42.469.098.000", "34.630.233.028"],
    ]
