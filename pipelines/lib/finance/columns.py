"""The words finance exports head their columns with, and the role each gives a column.

Kept in one place: a regional finance office prints ``KD REK``, ``Kode Rekening`` or
``No. Rekening`` for the same column, ``Pagu``, ``Jumlah Anggaran`` or ``Anggaran Setelah
Perubahan (Rp)`` for the budget. A header band of several rows is read top-down as one
label per column ("KODE" over "Urs", "Belanja Operasi" over "Anggaran").
"""

from __future__ import annotations

import re

# the parts of an amount added up from several printed cells (never a character a cell
# holds: cells are cleaned of control characters), so a "+" typed in a cell is no sum
PARTS = "\x1f"

# role → the words that give it, most specific first (a label takes the role of its
# longest matching phrase: "kode skpd" is the unit's code, "kode" alone the line's)
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "unit_code": (
        "kode skpd",
        "kd skpd",
        "kode opd",
        "kd opd",
        "kode unit",
        "kode perangkat daerah",
        "kode organisasi",
        "kode sub unit",
    ),
    "unit_name": (
        "nama skpd",
        "nama opd",
        "nama unit",
        "nama perangkat daerah",
        "nama organisasi",
        "perangkat daerah",
        "skpd",
        "opd",
        "sub unit organisasi",
        "unit organisasi",
        "nama sub unit",
    ),
    # the region a row-per-agency open-data file repeats on every row: not the line's
    # code or name
    "region": (
        "kode provinsi",
        "nama provinsi",
        "provinsi",
        "kode kabupaten kota",
        "nama kabupaten kota",
        "kode kabupaten",
        "nama kabupaten",
        "kabupaten/kota",
        "kabupaten kota",
        "kode pemda",
        "nama pemda",
        "pemerintah daerah",
        "kode wilayah",
        "nama wilayah",
        "wilayah",
    ),
    # a spending type printed by name on a row per agency and type ("Belanja Pegawai")
    "spending_type": ("jenis belanja", "kelompok belanja"),
    # the account of a row that prints its sub kegiatan's codes beside it (SIPD data)
    "account_code": ("kode akun", "kd akun", "kode rekening akun"),
    "account_name": ("nama akun", "uraian akun", "nama rekening akun"),
    # the names of an urusan and bidang printed beside each line: neither its name nor
    # a part of its code
    "context": ("nama urusan", "nama bidang urusan", "nama bidang"),
    "part_urusan": ("urusan", "urs"),
    "part_bidang": ("bidang urusan", "bidang", "bid"),
    "part_program": ("program", "prog", "prg"),
    "part_kegiatan": ("kegiatan", "keg"),
    "part_sub_kegiatan": ("sub kegiatan", "sub keg", "subkeg", "sub kgt"),
    "part_account": ("rekening", "rek", "obyek", "rincian obyek", "rincian", "akun"),
    "code": (
        "kode rekening",
        "kode program",
        "kode kegiatan",
        "kode sub kegiatan",
        "kd rek",
        "kd. rek",
        "kode rek",
        "no rekening",
        "no. rekening",
        "nomor rekening",
        "kode akun",
        "kode",
        "kd",
    ),
    "name": (
        "uraian",
        "nama",
        "nama program",
        "nama kegiatan",
        "nama sub kegiatan",
        "program/kegiatan",
        "nama rekening",
        "keterangan",
    ),
    "budget": (
        "anggaran setelah perubahan",
        "anggaran perubahan",
        "apbd perubahan",
        "apbd-p",
        "apbdp",
        "jumlah anggaran",
        "anggaran",
        "pagu anggaran",
        "pagu",
        "dpa",
        "apbd",
    ),
    "realized": ("realisasi", "realisasi anggaran", "realisasi keuangan", "jumlah realisasi"),
    "remainder": (
        "sisa anggaran",
        "sisa",
        "lebih/kurang",
        "lebih / kurang",
        "lebih (kurang)",
        "bertambah/berkurang",
        "bertambah/(berkurang)",
        "selisih",
    ),
    "percent": ("%", "persentase", "prosentase", "persen", "capaian", "penyerapan", "serapan"),
    "number": ("no", "no.", "nomor", "no urut"),
    "year": ("tahun", "tahun anggaran"),
    "month": ("bulan", "periode"),
    # physical progress printed beside the money: never a rupiah figure
    "physical": ("realisasi fisik", "capaian fisik", "progres fisik", "fisik"),
}
# a budget label that is not the year's budget to use
OTHER_BUDGET = ("sebelum perubahan", "murni", "pergeseran")
# words of a total column ("Jumlah") beside its parts
TOTAL_WORDS = ("jumlah", "total")
# a realisation to date ("s/d Bulan Ini") beside the month's own ("Bulan Ini", "Lalu")
CUMULATIVE = r"\bs\s*[./]\s*d\b|sampai dengan"
# a realisation up to the period before ("s/d Bulan Lalu", "Triwulan Sebelumnya")
PREVIOUS_PERIOD = r"\b(lalu|sebelumnya|yang lalu)\b"

_WORD = re.compile(r"[a-z0-9%]+(?:[./-][a-z0-9]+)*|%")


def normalise_label(text: str) -> str:
    """A header cell as compared: lower case, ``_`` and line breaks as spaces, no
    ``(Rp)`` or brackets, single spaces."""
    text = text.lower().replace("_", " ").replace("\n", " ")
    text = re.sub(r"\(\s*rp\.?\s*\)|\brp\b\.?", " ", text)
    text = re.sub(r"[()\[\]:]", " ", text)
    return " ".join(text.split())


def _phrase_in(phrase: str, label: str) -> bool:
    if phrase == "%":
        return "%" in label
    return re.search(rf"(?:^|[\s/]){re.escape(phrase)}(?:$|[\s/.])", label) is not None


def role_of(label: str) -> tuple[str | None, int]:
    """The role a header label gives its column, and the length of the phrase that
    decided it (longer is surer); a ``%`` or *persen* wins over the words beside it
    (``% Realisasi`` is a percentage)."""
    text = normalise_label(label)
    if not text:
        return None, 0
    if any(_phrase_in(p, text) for p in ROLE_WORDS["percent"]):
        return "percent", 1
    best: tuple[str | None, int] = (None, 0)
    for role, phrases in ROLE_WORDS.items():
        for phrase in phrases:
            if len(phrase) > best[1] and _phrase_in(phrase, text):
                best = (role, len(phrase))
    if best[0] == "code" and any(_phrase_in(p, text) for p in ROLE_WORDS["name"]):
        return "name", best[1]  # "Kode Rekening / Uraian": the code printed before the name
    if best[0] == "month" and text not in ROLE_WORDS["month"]:
        return None, 0  # "s.d. Bulan Ini" under "Realisasi": a period of that column
    return best


def band_role(labels: list[str]) -> tuple[str | None, str]:
    """The role of a column headed by a band of cells (top to bottom): the lowest cell
    that gives one decides ("KODE" over "Urs" is the urusan part); the cells above it
    are its group ("Belanja Modal" over "Anggaran")."""
    for depth in range(len(labels) - 1, -1, -1):
        role, _ = role_of(labels[depth])
        if role:
            group = " ".join(normalise_label(x) for x in labels[:depth] if x)
            return role, group
    return None, ""
